// Package fakeclock is a manually driven clock for testing code that uses
// a bus.Clock: time stands still until the test moves it, and timers fire
// synchronously, in deadline order, inside the call that moves it.
//
// A test that drives retries or schedules of a bus gives the bus the clock
// and lets the bus advance it until everything is delivered or
// dead-lettered:
//
//	clk := fakeclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
//	b, _ := bus.New(bus.WithClock(clk))
//	...
//	err := b.Drain(ctx, clk) // advances clk from retry to retry until nothing is pending
//
// or moves it by hand with Advance, AdvanceTo and AdvanceToNext (after
// bus.Bus.WaitIdle, so that every failed attempt has armed its retry).
package fakeclock

import (
	"container/heap"
	"sync"
	"time"
)

// Clock is a fake clock. The zero value is not usable; call New. A Clock is
// safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	seq    uint64 // orders timers with equal deadlines by creation
	timers timerHeap
}

// New returns a clock that reads start until it is advanced.
func New(start time.Time) *Clock {
	return &Clock{now: start}
}

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc arranges for f to be called when the clock has been advanced by
// d (at once, on the next advance, if d <= 0). It returns a function that
// cancels the call and reports whether it did so before f was called.
func (c *Clock) AfterFunc(d time.Duration, f func()) (stop func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &timer{when: c.now.Add(d), seq: c.seq, f: f, index: -1}
	heap.Push(&c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if t.index < 0 {
			return false
		}
		heap.Remove(&c.timers, t.index)
		return true
	}
}

// Advance moves the clock forward by d, calling every timer that falls due
// on the way, in deadline order. While a timer's function runs, Now reads
// its deadline; timers it creates that fall due within the advance fire
// too. Functions run on the calling goroutine with no lock held.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	c.AdvanceTo(end)
}

// AdvanceTo moves the clock forward to t (never backward), firing the
// timers due on the way as Advance does.
func (c *Clock) AdvanceTo(t time.Time) {
	for {
		c.mu.Lock()
		if len(c.timers) == 0 || c.timers[0].when.After(t) {
			if t.After(c.now) {
				c.now = t
			}
			c.mu.Unlock()
			return
		}
		next := heap.Pop(&c.timers).(*timer)
		if next.when.After(c.now) {
			c.now = next.when
		}
		c.mu.Unlock()
		next.f()
	}
}

// AdvanceToNext moves the clock to the earliest pending timer's deadline
// and fires every timer due then. It returns the new time and true, or the
// unchanged time and false when no timer is pending.
func (c *Clock) AdvanceToNext() (time.Time, bool) {
	c.mu.Lock()
	if len(c.timers) == 0 {
		now := c.now
		c.mu.Unlock()
		return now, false
	}
	when := c.timers[0].when
	c.mu.Unlock()
	c.AdvanceTo(when)
	return c.Now(), true
}

// Pending returns the number of timers that have not fired or been stopped.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// Next returns the deadline of the earliest pending timer, and false when
// there is none.
func (c *Clock) Next() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.timers) == 0 {
		return time.Time{}, false
	}
	return c.timers[0].when, true
}

type timer struct {
	when  time.Time
	seq   uint64
	f     func()
	index int // position in the heap, -1 once removed
}

// timerHeap orders timers by deadline, then by creation.
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }

func (h timerHeap) Less(i, j int) bool {
	if !h[i].when.Equal(h[j].when) {
		return h[i].when.Before(h[j].when)
	}
	return h[i].seq < h[j].seq
}

func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.index = len(*h)
	*h = append(*h, t)
}

func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}
