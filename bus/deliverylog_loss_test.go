package bus_test

import (
	"context"
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/target"
)

// settleHooks signals each retry and each delivery.
type settleHooks struct {
	bus.NopHooks
	retried, delivered chan struct{}
}

func (h settleHooks) OnRetry(bus.RetryInfo)     { signal(h.retried) }
func (h settleHooks) OnDeliver(bus.DeliverInfo) { signal(h.delivered) }

// signal wakes a receive on ch, if none is pending already.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// receive waits for one signal on ch.
func receive(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("no %s", what)
	}
}

// The path that explains the crash test's one loss (target a never got an
// acknowledged entry): two deliveries of one event settling at once could queue the second's
// "finished" state after the first's deletion of the event, leaving a
// state without an event in the log. The next run hands event keys out
// again from the highest event left in the file, so a new event could get
// that key: read back from the log (a spilled event, or an orphan after a
// crash) it counted one delivery too few, the other delivery's settlement
// deleted it while target a's delivery still waited for its retry, and
// the next restart had nothing left to resume. This test writes the state
// that race left straight into the file, then runs the three processes.
func TestDeliveryLogStateWithoutEvent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	// Run 1: one event, delivered to both targets; the log ends empty.
	b1, _ := logRun(t, path, t0)
	a1, b1t := &collector{}, &collector{}
	addRule(t, b1, "", "r", catchAll, bus.Target{ID: "a", Target: a1}, bus.Target{ID: "b", Target: b1t})
	putIDs(t, b1, 1)
	flush(t, b1)
	closeRun(t, b1)
	require.Zero(t, logEvents(t, path))

	// What the race left: target a's delivery of event key 1, finished,
	// written after the event was deleted.
	db, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bolt.Tx) error {
		k := binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint64(nil, 1), 0)
		return tx.Bucket([]byte("states")).Put(k, append([]byte{2}, make([]byte, 12)...))
	}))
	require.NoError(t, db.Close())

	// Run 2: a budget of one delivery, so the event spills and comes
	// back from the file; target a fails and its retry waits on a clock
	// that never moves; b takes the event. Close keeps a's delivery.
	h := settleHooks{retried: make(chan struct{}, 1), delivered: make(chan struct{}, 1)}
	b2, _ := logRun(t, path, t0, bus.WithHooks(h), bus.WithLimits(bus.Limits{BusBudget: 1}))
	a2, b2t := &failing{err: errors.New("down")}, &collector{}
	addRule(t, b2, "", "r", catchAll, bus.Target{ID: "a", Target: a2}, bus.Target{ID: "b", Target: b2t})
	ids := putIDs(t, b2, 1)
	receive(t, h.retried, "retry of target a")
	receive(t, h.delivered, "delivery to target b")
	closeRun(t, b2)
	require.Equal(t, uint64(1), b2.Stats().Kept, "a's delivery stays in the log")
	require.Equal(t, 1, logEvents(t, path), "the event stays in the log while a's delivery is unfinished")

	// Run 3: target a is back and gets the event.
	b3, clk3 := logRun(t, path, t0)
	defer closeRun(t, b3)
	a3, b3t := &collector{}, &collector{}
	addRule(t, b3, "", "r", catchAll, bus.Target{ID: "a", Target: a3}, bus.Target{ID: "b", Target: b3t})
	settle(t, b3, clk3) // a's retry is still due later
	require.Equal(t, ids, eventIDs(a3.deliveries()), "the acknowledged entry reaches target a")
	require.Empty(t, b3t.deliveries(), "b had it already")
}

// blockingDLQ is a dead-letter target that takes nothing until its
// context ends.
type blockingDLQ struct {
	entered chan struct{}
}

func (b *blockingDLQ) Deliver(ctx context.Context, _ switchyard.Delivery) error {
	signal(b.entered)
	<-ctx.Done()
	return ctx.Err()
}

// A dead-letter send cut short by an aborted Close (which cancels the
// targets' context) does not finish the delivery in the log: the next run
// makes it again.
func TestDeliveryLogAbortedDeadLetterKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	b1, _ := logRun(t, path, t0)
	dlq := &blockingDLQ{entered: make(chan struct{}, 1)}
	addRule(t, b1, "", "r", catchAll, bus.Target{ID: "a", Target: &failing{err: target.Permanent(errors.New("gone"))}, DeadLetter: dlq})
	ids := putIDs(t, b1, 1)
	receive(t, dlq.entered, "dead-letter send")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, b1.Close(ctx), context.Canceled)
	// A second Close waits for the workers and the log, and returns the
	// first one's error.
	require.ErrorIs(t, b1.Close(context.Background()), context.Canceled)
	st := b1.Stats()
	require.Equal(t, uint64(1), st.Kept, "%+v", st)
	require.Zero(t, st.Dropped, "%+v", st)

	b2, _ := logRun(t, path, t0)
	defer closeRun(t, b2)
	a2 := &collector{}
	addRule(t, b2, "", "r", catchAll, bus.Target{ID: "a", Target: a2})
	flush(t, b2)
	require.Equal(t, ids, eventIDs(a2.deliveries()))
}
