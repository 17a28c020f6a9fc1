package bus_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

// logRun is one run of a process with a delivery log: a bus on a fake
// clock starting at start.
func logRun(t *testing.T, path string, start time.Time, opts ...bus.Option) (*bus.Bus, *fakeclock.Clock) {
	t.Helper()
	clk := fakeclock.New(start)
	b, err := bus.New(append([]bus.Option{bus.WithClock(clk), bus.WithDeliveryLog(path, bus.WithDeliveryLogNoSync())}, opts...)...)
	require.NoError(t, err)
	return b, clk
}

// closeRun closes a run's bus.
func closeRun(t *testing.T, b *bus.Bus) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, b.Close(ctx))
}

// putIDs puts n events and returns their ids.
func putIDs(t *testing.T, b *bus.Bus, n int) []string {
	t.Helper()
	var ids []string
	for range n {
		out := putOne(t, b, entry("app"))
		require.False(t, out.Failed(), "%+v", out)
		ids = append(ids, out.EventID)
	}
	return ids
}

// parkThenClose runs a first process: three events for a target that
// fails, one attempt each, then a clean Close that keeps them in the log.
func parkThenClose(t *testing.T, path string, policy *bus.RetryPolicy) []string {
	t.Helper()
	b, _ := logRun(t, path, t0)
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: &failing{}, RetryPolicy: policy})
	ids := putIDs(t, b, 3)
	require.NoError(t, b.WaitIdle(context.Background()))
	closeRun(t, b)
	st := b.Stats()
	require.Equal(t, uint64(3), st.Kept, "parked deliveries stay in the log")
	require.Zero(t, st.Dropped+st.DeadLettered)
	return ids
}

// logEvents counts the events a closed delivery log file holds.
func logEvents(t *testing.T, path string) int {
	t.Helper()
	return logKeys(t, path, "events")
}

// logKeys counts the keys of a bucket of a closed delivery log file.
func logKeys(t *testing.T, path, bucket string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	require.NoError(t, err)
	defer db.Close()
	n := 0
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket([]byte(bucket)).Stats().KeyN
		return nil
	}))
	return n
}

func TestDeliveryLogResumesAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	ids := parkThenClose(t, path, nil)
	require.Equal(t, 3, logEvents(t, path))

	b, clk := logRun(t, path, t0.Add(time.Hour))
	require.Equal(t, int64(3), b.Stats().Orphaned)
	orphans := b.Orphans()
	require.Len(t, orphans, 3)
	for _, o := range orphans {
		require.Equal(t, "f", o.TargetID)
		require.Equal(t, 1, o.Attempts)
		require.Equal(t, t0, o.Ingested)
	}
	got := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: got})
	settle(t, b, clk)
	for _, d := range got.deliveries() {
		require.Equal(t, 2, d.Attempt, "the attempt count survives the restart")
		require.Equal(t, t0, d.IngestionTime, "so does the event's age")
		require.Equal(t, d.Event.ID, decode(t, d.Payload)["id"])
	}
	require.ElementsMatch(t, ids, eventIDs(got.deliveries()))
	st := b.Stats()
	require.Equal(t, uint64(3), st.Resumed)
	require.Equal(t, uint64(3), st.Delivered)
	require.Zero(t, st.Orphaned)
	closeRun(t, b)
	require.Zero(t, logEvents(t, path), "finished deliveries are compacted away")
}

// A delivery whose event passed MaximumEventAgeInSeconds while the process
// was down goes to the dead-letter target without another attempt, with
// EXHAUSTED_RETRY_CONDITION MaximumEventAgeInSeconds (issue 12).
func TestDeliveryLogAgedOutWhileDown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	policy := &bus.RetryPolicy{MaximumEventAgeInSeconds: ptr(60)}
	ids := parkThenClose(t, path, policy)

	b, clk := logRun(t, path, t0.Add(2*time.Minute))
	fail, dlq := &failing{}, &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: fail, RetryPolicy: policy, DeadLetter: dlq})
	settle(t, b, clk)
	require.Zero(t, fail.count(), "no attempt after the event's maximum age")
	for _, d := range dlq.deliveries() {
		require.Equal(t, "MaximumEventAgeInSeconds", d.Attributes[bus.AttrExhaustedRetryCondition])
		require.Equal(t, "0", d.Attributes[bus.AttrRetryAttempts], "one attempt was made, no retry")
	}
	require.ElementsMatch(t, ids, eventIDs(dlq.deliveries()))
	closeRun(t, b)
	require.Zero(t, logEvents(t, path))
}

// eventIDs returns the event ids of deliveries.
func eventIDs(ds []switchyard.Delivery) []string {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.Event.ID
	}
	return ids
}

// dropHooks records drops.
type dropHooks struct {
	bus.NopHooks
	mu    sync.Mutex
	drops []bus.DropInfo
}

func (h *dropHooks) OnDrop(i bus.DropInfo) {
	h.mu.Lock()
	h.drops = append(h.drops, i)
	h.mu.Unlock()
}

// Deliveries whose target is never re-created stay in the log, counted
// and listed, across runs; once their event is older than any retry
// policy allows they are dropped, reported, and deleted.
func TestDeliveryLogOrphans(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	ids := parkThenClose(t, path, nil)

	b, _ := logRun(t, path, t0.Add(time.Hour))
	addRule(t, b, "", "other", catchAll, bus.Target{ID: "f", Target: &collector{}})
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "g", Target: &collector{}})
	require.Equal(t, int64(3), b.Stats().Orphaned, "same target ID on another rule, or another ID: not the same target")
	closeRun(t, b)
	require.Equal(t, 3, logEvents(t, path), "orphans are kept")

	h := &dropHooks{}
	b, _ = logRun(t, path, t0.Add(25*time.Hour), bus.WithHooks(h))
	require.Zero(t, b.Stats().Orphaned)
	require.Equal(t, uint64(3), b.Stats().Dropped)
	var seen []string
	for _, d := range h.drops {
		require.Equal(t, bus.DropTargetGone, d.Reason)
		require.Equal(t, "f", d.TargetID)
		seen = append(seen, d.EventID)
	}
	require.ElementsMatch(t, ids, seen)
	closeRun(t, b)
	require.Zero(t, logEvents(t, path))
}

// Events delivered at once never stay in the log; an event for a target
// and for one that fails stays until both are done.
func TestDeliveryLogCompaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	b, clk := logRun(t, path, t0)
	ok := &collector{}
	flaky := &flaky{fails: 1, now: clk.Now}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "ok", Target: ok}, bus.Target{ID: "flaky", Target: flaky})
	putIDs(t, b, 50)
	settle(t, b, clk)
	require.Len(t, ok.deliveries(), 50)
	closeRun(t, b)
	require.Zero(t, logEvents(t, path))
}

// Over its disk cap the log refuses appends: PutEvents throttles.
func TestDeliveryLogDiskCap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	clk := fakeclock.New(t0)
	b, err := bus.New(bus.WithClock(clk), bus.WithDeliveryLog(path, bus.WithDeliveryLogNoSync(), bus.WithDeliveryLogMaxBytes(2000)))
	require.NoError(t, err)
	defer closeRun(t, b)
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: &failing{}})
	accepted := 0
	for range 20 {
		out := putOne(t, b, entry("app"))
		if out.Failed() {
			require.Equal(t, switchyard.CodeThrottling, out.ErrorCode)
			_, hint := bus.RetryAfter(out.ErrorMessage)
			require.True(t, hint)
			continue
		}
		accepted++
	}
	require.Positive(t, accepted)
	require.Less(t, accepted, 20)
}

// WithDeliveryLog rejects bad settings, and a log held by another Bus
// cannot be opened.
func TestDeliveryLogOptions(t *testing.T) {
	_, err := bus.New(bus.WithDeliveryLog(""))
	require.ErrorContains(t, err, "path is empty")
	_, err = bus.New(bus.WithDeliveryLog("x", bus.WithDeliveryLogMaxBytes(0)))
	require.ErrorContains(t, err, "must be positive")
	_, err = bus.New(bus.WithDeliveryLog(filepath.Join(t.TempDir(), "missing", "dir", "x.db")))
	require.ErrorContains(t, err, "delivery log")
}

// When Close's context ends before the queues drain, the deliveries still
// queued stay in the log instead of being dropped, and the counters add
// up: Enqueued + Resumed == Delivered + DeadLettered + Dropped + Kept +
// Pending.
func TestDeliveryLogAbortedCloseKeepsQueued(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	b, _ := logRun(t, path, t0, bus.WithLimits(bus.Limits{Workers: 1, DeliveryBatch: 1}))
	release := make(chan struct{})
	slow := switchyard.TargetFunc(func(ctx context.Context, _ switchyard.Delivery) error {
		<-release
		return ctx.Err()
	})
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "slow", Target: slow})
	ids := putIDs(t, b, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, b.Close(ctx), context.Canceled)
	close(release)
	<-b.Done()
	st := b.Stats()
	require.Equal(t, st.Enqueued+st.Resumed, st.Delivered+st.DeadLettered+st.Dropped+st.Kept+uint64(st.Pending), "%+v", st)
	require.Zero(t, st.Dropped, "nothing dropped: what was not done stays in the log")
	require.Equal(t, uint64(5), st.Kept+st.DeadLettered)

	b, clk := logRun(t, path, t0)
	got := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "slow", Target: got})
	settle(t, b, clk)
	require.Subset(t, eventIDs(got.deliveries()), ids[1:], "the one in flight may have been dead-lettered as cancelled; the queued ones resume")
	st = b.Stats()
	require.Equal(t, st.Enqueued+st.Resumed, st.Delivered+st.DeadLettered+st.Dropped+st.Kept+uint64(st.Pending))
	closeRun(t, b)
}

// A file that is not a delivery log is refused with an error naming it.
func TestDeliveryLogCorruptFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	require.NoError(t, os.WriteFile(path, []byte("not a bolt file, not at all, and long enough to be read as one"), 0o600))
	_, err := bus.New(bus.WithDeliveryLog(path))
	require.ErrorContains(t, err, path)
}

// Route, through which bus targets forward and replays replay, returns
// only once the event's deliveries are in the log, and they resume after
// a restart like PutEvents' deliveries.
func TestDeliveryLogRoute(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	b, _ := logRun(t, path, t0)
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: &failing{}})
	ctx := context.Background()
	require.NoError(t, b.Route(ctx, bus.RouteInput{Event: switchyard.Event{ID: "e-1", Source: "app", DetailType: "d", Detail: []byte(`{"a":1}`)}}))
	require.NoError(t, b.WaitIdle(ctx))
	closeRun(t, b)
	require.Equal(t, uint64(1), b.Stats().Kept)

	b, clk := logRun(t, path, t0.Add(time.Minute))
	got := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: got})
	settle(t, b, clk)
	require.Equal(t, []string{"e-1"}, eventIDs(got.deliveries()))
	require.JSONEq(t, `{"a":1}`, string(got.deliveries()[0].Event.Detail))
	closeRun(t, b)
}

// A bus target forwarding to another bus of the same Bus does not wait for
// an fsync per event (the log's order covers it), and the forwarded
// deliveries are in the log like any other: kept at Close, resumed after.
func TestDeliveryLogBusToBus(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	setup := func(b *bus.Bus, sink switchyard.Target) {
		_, err := b.CreateEventBus(context.Background(), bus.CreateEventBusInput{Name: "second"})
		require.NoError(t, err)
		addRule(t, b, "", "to-second", catchAll, bus.Target{ID: "t", ARN: "arn:aws:events:us-east-1:123456789012:event-bus/second"})
		addRule(t, b, "second", "sink", catchAll, bus.Target{ID: "c", Target: sink})
	}
	b, _ := logRun(t, path, t0)
	setup(b, &failing{})
	ids := putIDs(t, b, 5)
	require.NoError(t, b.WaitIdle(context.Background()))
	closeRun(t, b)
	st := b.Stats()
	require.Equal(t, uint64(5), st.Kept, "forwarded, then parked on the second bus")
	require.Equal(t, uint64(5), st.Delivered, "the forwarding deliveries")

	b, clk := logRun(t, path, t0.Add(time.Minute))
	got := &collector{}
	setup(b, got)
	settle(t, b, clk)
	require.ElementsMatch(t, ids, eventIDs(got.deliveries()))
	closeRun(t, b)
	require.Zero(t, logEvents(t, path))
}
