package bus_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

func TestCloseDrainsQueues(t *testing.T) {
	b, err := bus.New()
	require.NoError(t, err)
	col := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "c", Target: col})
	for range 50 {
		_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a"), entry("b")})
		require.NoError(t, err)
	}
	require.NoError(t, b.Close(context.Background()))
	<-b.Done()
	require.Len(t, col.deliveries(), 100, "everything queued before Close is delivered")
	st := b.Stats()
	require.EqualValues(t, 100, st.Delivered)
	require.Zero(t, st.Pending)
}

func TestCloseGivesParkedRetriesOneLastAttempt(t *testing.T) {
	b, clk := newFakeBus(t)
	recovering := &flaky{fails: 1, now: clk.Now}
	broken := &failing{}
	dlq := &collector{}
	addRule(t, b, "", "r", catchAll,
		bus.Target{ID: "recovering", Target: recovering},
		bus.Target{ID: "broken", Target: broken, DeadLetter: dlq},
	)
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	require.NoError(t, b.WaitIdle(context.Background()))
	require.EqualValues(t, 2, b.Stats().Pending, "both wait for a retry")

	// Close does not wait for the clock: each parked delivery is tried once
	// more at once, and a failure then is final.
	require.NoError(t, b.Close(context.Background()))
	require.Equal(t, []int{1, 2}, recovering.seen)
	require.Equal(t, 2, broken.count())
	got := dlq.deliveries()
	require.Len(t, got, 1)
	require.Equal(t, "1", got[0].Attributes["RETRY_ATTEMPTS"])
	_, has := got[0].Attributes["EXHAUSTED_RETRY_CONDITION"]
	require.False(t, has, "closing, not a retry limit, ended it")
	st := b.Stats()
	require.EqualValues(t, 1, st.Delivered)
	require.EqualValues(t, 1, st.DeadLettered)
	require.Zero(t, st.Pending)
	require.Zero(t, clk.Pending(), "retry timers were cancelled")
}

func TestCloseContextEndsFirst(t *testing.T) {
	h := &recordingHooks{}
	b, err := bus.New(bus.WithHooks(h), bus.WithLimits(bus.Limits{TargetConcurrency: 1, DeliveryBatch: 1}))
	require.NoError(t, err)
	bl := newBlocker()
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "b", Target: bl})
	for range 5 {
		_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
		require.NoError(t, err)
	}
	<-bl.started
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, b.Close(ctx), context.DeadlineExceeded)
	// The blocked target sees its context cancelled and returns; the rest
	// is dropped as closed.
	<-b.Done()
	st := b.Stats()
	require.Zero(t, st.Pending)
	require.EqualValues(t, 5, st.Dropped)
	require.EqualValues(t, st.Enqueued, st.Delivered+st.DeadLettered+st.Dropped)
	reasons := map[bus.DropReason]int{}
	for _, d := range h.drops() {
		reasons[d.Reason]++
	}
	require.Equal(t, map[bus.DropReason]int{bus.DropClosed: 5}, reasons, "the cancelled attempt fails for good while closing; the rest is never attempted")
	// A second Close reports the first one's outcome.
	require.ErrorIs(t, b.Close(context.Background()), context.DeadlineExceeded)
}

func TestCloseStopsSchedules(t *testing.T) {
	b, clk := newFakeBus(t)
	col := &collector{}
	ctx := context.Background()
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "tick", ScheduleExpression: "rate(1 minute)"})
	require.NoError(t, err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "tick", Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)
	require.Equal(t, 1, clk.Pending())
	require.NoError(t, b.Close(ctx))
	require.Zero(t, clk.Pending())
	clk.Advance(time.Hour)
	require.Empty(t, col.deliveries())
}
