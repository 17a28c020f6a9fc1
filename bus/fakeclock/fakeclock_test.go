package fakeclock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestAdvanceFiresInDeadlineOrder(t *testing.T) {
	c := fakeclock.New(t0)
	var fired []string
	var seen []time.Time
	rec := func(name string) func() {
		return func() { fired = append(fired, name); seen = append(seen, c.Now()) }
	}
	c.AfterFunc(3*time.Second, rec("c"))
	c.AfterFunc(time.Second, rec("a"))
	c.AfterFunc(2*time.Second, rec("b"))
	c.AfterFunc(10*time.Second, rec("late"))

	c.Advance(5 * time.Second)
	require.Equal(t, []string{"a", "b", "c"}, fired)
	require.Equal(t, []time.Time{t0.Add(time.Second), t0.Add(2 * time.Second), t0.Add(3 * time.Second)}, seen)
	require.Equal(t, t0.Add(5*time.Second), c.Now())
	require.Equal(t, 1, c.Pending())
}

func TestEqualDeadlinesFireInCreationOrder(t *testing.T) {
	c := fakeclock.New(t0)
	var fired []int
	for i := range 5 {
		c.AfterFunc(time.Minute, func() { fired = append(fired, i) })
	}
	c.Advance(time.Minute)
	require.Equal(t, []int{0, 1, 2, 3, 4}, fired)
}

func TestStop(t *testing.T) {
	c := fakeclock.New(t0)
	fired := false
	stop := c.AfterFunc(time.Second, func() { fired = true })
	require.True(t, stop())
	require.False(t, stop(), "a second stop reports the timer already gone")
	c.Advance(time.Hour)
	require.False(t, fired)

	stop = c.AfterFunc(time.Second, func() {})
	c.Advance(time.Second)
	require.False(t, stop(), "stop after firing reports false")
}

func TestTimersCreatedByCallbacksFireWithinTheAdvance(t *testing.T) {
	c := fakeclock.New(t0)
	var ticks []time.Time
	var tick func()
	tick = func() {
		ticks = append(ticks, c.Now())
		c.AfterFunc(time.Minute, tick)
	}
	c.AfterFunc(time.Minute, tick)
	c.Advance(3*time.Minute + 30*time.Second)
	require.Equal(t, []time.Time{t0.Add(time.Minute), t0.Add(2 * time.Minute), t0.Add(3 * time.Minute)}, ticks)
	next, ok := c.Next()
	require.True(t, ok)
	require.Equal(t, t0.Add(4*time.Minute), next)
}

func TestAdvanceToNext(t *testing.T) {
	c := fakeclock.New(t0)
	now, ok := c.AdvanceToNext()
	require.False(t, ok)
	require.Equal(t, t0, now)

	n := 0
	c.AfterFunc(90*time.Second, func() { n++ })
	c.AfterFunc(90*time.Second, func() { n++ })
	now, ok = c.AdvanceToNext()
	require.True(t, ok)
	require.Equal(t, t0.Add(90*time.Second), now)
	require.Equal(t, 2, n)
	require.Zero(t, c.Pending())
}

func TestAdvanceToNeverGoesBack(t *testing.T) {
	c := fakeclock.New(t0)
	c.AdvanceTo(t0.Add(-time.Hour))
	require.Equal(t, t0, c.Now())
	fired := false
	c.AfterFunc(-time.Second, func() { fired = true })
	c.Advance(0)
	require.True(t, fired, "a timer with a past deadline fires on the next advance")
	require.Equal(t, t0, c.Now())
}
