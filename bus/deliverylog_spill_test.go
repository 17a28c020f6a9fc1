package bus_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// switchable is a target that fails while down is set and records what it
// takes.
type switchable struct {
	down atomic.Bool
	collector
}

func (s *switchable) Deliver(ctx context.Context, d switchyard.Delivery) error {
	if s.down.Load() {
		return errors.New("down")
	}
	return s.collector.Deliver(ctx, d)
}

// spillBus is a bus with a delivery log whose memory budget holds 10
// deliveries, and fast retries.
func spillBus(t *testing.T, path string) *bus.Bus {
	t.Helper()
	b, err := bus.New(bus.WithDeliveryLog(path, bus.WithDeliveryLogNoSync()), bus.WithLimits(bus.Limits{
		BusBudget: 10, RetryBaseDelay: time.Millisecond, RetryMaxDelay: 2 * time.Millisecond,
	}))
	require.NoError(t, err)
	return b
}

// With a delivery log the budgets bound memory, not acceptance: what does
// not fit stays on disk only and comes back as room appears (issue 12).
func TestDeliveryLogSpillsBeyondMemoryBudget(t *testing.T) {
	b := spillBus(t, filepath.Join(t.TempDir(), "deliveries.db"))
	defer closeRun(t, b)
	tg := &switchable{}
	tg.down.Store(true)
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "t", Target: tg})
	ids := putIDs(t, b, 200)
	st := b.Stats()
	require.Equal(t, uint64(200), st.Accepted, "nothing throttled")
	require.Zero(t, st.Throttled)
	require.Equal(t, int64(200), st.Pending)
	require.GreaterOrEqual(t, st.Spilled, int64(190), "at most the budget's 10 in memory")

	tg.down.Store(false)
	flush(t, b)
	require.ElementsMatch(t, ids, eventIDs(tg.deliveries()), "each delivered once, spilled or not")
	st = b.Stats()
	require.Zero(t, st.Spilled)
	require.Equal(t, uint64(200), st.Delivered)
	require.Equal(t, st.Enqueued+st.Resumed, st.Delivered+st.DeadLettered+st.Dropped+st.Kept+uint64(st.Pending))
}

// Close keeps spilled events in the log; the next run resumes them.
func TestDeliveryLogSpilledKeptOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deliveries.db")
	b := spillBus(t, path)
	tg := &switchable{}
	tg.down.Store(true)
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "t", Target: tg})
	ids := putIDs(t, b, 30)
	require.NoError(t, b.WaitIdle(context.Background()))
	require.Positive(t, b.Stats().Spilled)
	closeRun(t, b)
	st := b.Stats()
	require.Equal(t, uint64(30), st.Kept)
	require.Zero(t, st.Pending)

	b = spillBus(t, path)
	defer closeRun(t, b)
	require.Equal(t, int64(30), b.Stats().Orphaned)
	up := &switchable{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "t", Target: up})
	flush(t, b)
	require.ElementsMatch(t, ids, eventIDs(up.deliveries()))
}
