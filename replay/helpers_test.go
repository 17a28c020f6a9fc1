package replay_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
	"github.com/switchyard-go/switchyard/replay"
)

// t0 is the fake clocks' start.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// noon is the day the test events happen on.
var noon = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

const (
	defaultBusARN = "arn:aws:events:us-east-1:123456789012:event-bus/default"
	ordersPattern = `{"source":["orders"]}`
)

// fixture is a bus and its archives on one fake clock, and a Replayer on
// another, so that a test can drive the rate limit alone.
type fixture struct {
	bus      *bus.Bus
	clk      *fakeclock.Clock
	archives *archive.Archives
	rclk     *fakeclock.Clock
	replays  *replay.Replayer
}

// newFixture returns a fixture with one worker per target, so that
// targets see events in the order they were routed, and an archive
// "orders" of the order events on the default bus.
func newFixture(t testing.TB, opts ...replay.Option) *fixture {
	t.Helper()
	ctx := context.Background()
	clk := fakeclock.New(t0)
	b, err := bus.New(bus.WithClock(clk), bus.WithLimits(bus.Limits{Workers: 1, TargetConcurrency: 1}))
	require.NoError(t, err)
	a, err := archive.NewArchives(b, archive.WithArchiveClock(clk))
	require.NoError(t, err)
	rclk := fakeclock.New(t0)
	r, err := replay.New(b, a, append([]replay.Option{replay.WithClock(rclk)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = r.Close(ctx)
		_ = b.Close(ctx)
		_ = a.Close(ctx)
	})
	_, err = a.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "orders", EventSourceARN: defaultBusARN, EventPattern: ordersPattern})
	require.NoError(t, err)
	return &fixture{bus: b, clk: clk, archives: a, rclk: rclk, replays: r}
}

// archiveARN is the ARN of an archive of the fixture's account.
func archiveARN(name string) string {
	return "arn:aws:events:us-east-1:123456789012:archive/" + name
}

// put puts one order event per time and waits for them to be archived.
// It returns their ids.
func (f *fixture) put(t testing.TB, times ...time.Time) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for len(times) > 0 {
		n := min(10, len(times))
		entries := make([]switchyard.Entry, n)
		for i, at := range times[:n] {
			entries[i] = switchyard.Entry{Source: "orders", DetailType: "OrderPlaced", Detail: `{"at":"` + at.Format(time.RFC3339) + `"}`, Time: at}
		}
		res, err := f.bus.PutEvents(ctx, entries)
		require.NoError(t, err)
		require.Zero(t, res.FailedEntryCount, "%+v", res.Entries)
		for _, e := range res.Entries {
			ids = append(ids, e.EventID)
		}
		times = times[n:]
	}
	require.NoError(t, f.bus.Flush(ctx))
	return ids
}

// rule adds a rule for order events with a collecting target.
func (f *fixture) rule(t testing.TB, name string) (string, *sink) {
	t.Helper()
	ctx := context.Background()
	rule, err := f.bus.PutRule(ctx, bus.PutRuleInput{Name: name, EventPattern: ordersPattern})
	arn := rule.RuleARN
	require.NoError(t, err)
	s := &sink{}
	_, err = f.bus.PutTargets(ctx, bus.PutTargetsInput{Rule: name, Targets: []bus.Target{{ID: "t", Target: s}}})
	require.NoError(t, err)
	return arn, s
}

// start starts a replay of the orders archive into the default bus.
func (f *fixture) start(t testing.TB, name string, from, to time.Time, filter ...string) replay.StartReplayOutput {
	t.Helper()
	out, err := f.replays.StartReplay(context.Background(), replay.StartReplayInput{
		ReplayName: name, EventSourceARN: archiveARN("orders"), EventStartTime: from, EventEndTime: to,
		Destination: replay.Destination{ARN: defaultBusARN, FilterARNs: filter},
	})
	require.NoError(t, err)
	return out
}

// wait waits until the replay has ended and its deliveries are made.
func (f *fixture) wait(t testing.TB, name string) replay.DescribeReplayOutput {
	t.Helper()
	ctx := context.Background()
	var r replay.DescribeReplayOutput
	require.Eventually(t, func() bool {
		var err error
		r, err = f.replays.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: name})
		require.NoError(t, err)
		return r.State == replay.StateCompleted || r.State == replay.StateCancelled || r.State == replay.StateFailed
	}, 20*time.Second, time.Millisecond)
	require.NoError(t, f.bus.Flush(ctx))
	return r
}

// describe returns DescribeReplay's answer.
func (f *fixture) describe(t testing.TB, name string) replay.DescribeReplayOutput {
	t.Helper()
	r, err := f.replays.DescribeReplay(context.Background(), replay.DescribeReplayInput{ReplayName: name})
	require.NoError(t, err)
	return r
}

// sink is a target that keeps its deliveries' events and payloads.
type sink struct {
	mu       sync.Mutex
	events   []switchyard.Event
	payloads []string
}

func (s *sink) Deliver(_ context.Context, d switchyard.Delivery) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, *d.Event)
	s.payloads = append(s.payloads, string(d.Payload))
	return nil
}

func (s *sink) got() []switchyard.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]switchyard.Event(nil), s.events...)
}

// replayed returns the events of s that carry a replay name.
func (s *sink) replayed() []switchyard.Event {
	var out []switchyard.Event
	for _, e := range s.got() {
		if e.ReplayName != "" {
			out = append(out, e)
		}
	}
	return out
}

// requireCode checks an EventBridge error's code and message.
func requireCode(t testing.TB, err error, code, msg string) {
	t.Helper()
	require.Error(t, err)
	var se *switchyard.Error
	require.True(t, errors.As(err, &se), "not a *switchyard.Error: %v", err)
	require.Equal(t, code, se.Code, "code of %v", err)
	require.Equal(t, msg, se.Message)
}

// scanAll returns the data of every record of the orders archive.
func scanAll(f *fixture) ([][]byte, error) {
	var out [][]byte
	err := f.archives.ScanArchive(context.Background(), "orders", time.Time{}, time.Time{}, func(r archive.Record) error {
		out = append(out, append([]byte(nil), r.Data...))
		return nil
	})
	return out, err
}
