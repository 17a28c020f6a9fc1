package bus

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

// However many deliveries are parked, the Clock holds one timer, and they
// come back in due order, each once, when the clock passes their time.
func TestRetryTimersOneClockTimer(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := fakeclock.New(start)
	var mu sync.Mutex
	var fired []int
	r := &retryTimers{clock: clk}
	ds := make([]*delivery, 1000)
	r.fire = func(got []*delivery) {
		mu.Lock()
		defer mu.Unlock()
		for _, d := range got {
			fired = append(fired, d.attempts)
		}
	}
	for i := range ds {
		// Scheduled out of order: deadlines i*7 mod 1000 seconds ahead.
		ds[i] = &delivery{attempts: i * 7 % 1000}
		r.schedule(ds[i], start.Add(time.Duration(ds[i].attempts+1)*time.Second))
		require.Equal(t, 1, clk.Pending(), "one clock timer")
	}
	require.Equal(t, 1000, r.len())
	clk.Advance(500 * time.Second)
	require.Len(t, fired, 500)
	for i, a := range fired {
		require.Equal(t, i, a, "due order")
	}
	require.Equal(t, 1, clk.Pending())
	rest := r.takeAll()
	require.Len(t, rest, 500)
	require.Zero(t, clk.Pending(), "takeAll stops the timer")
	clk.Advance(time.Hour)
	require.Len(t, fired, 500)
}
