package server

import (
	"sync/atomic"
	"time"
)

// BaseClock is the shape of bus.Clock and archive.ArchiveClock, repeated
// here so the server's Clock can wrap any of them.
type BaseClock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// Clock is the time source a durable server hands to its backends (bus,
// archives, replays, audit). It reads its base clock, except while the
// server applies a control-plane change: then Now is pinned to the time
// the change is journaled with, so that re-applying the journal after a
// restart reproduces the same creation and modification times.
//
// Pinning lasts as long as one control-plane call (microseconds to
// milliseconds); a data-plane call that reads the clock meanwhile sees the
// pinned instant, which is never in its future. Timers (AfterFunc) are
// never pinned.
type Clock struct {
	base   BaseClock
	pinned atomic.Pointer[time.Time]
}

// NewClock returns a Clock over base; nil means the system clock.
func NewClock(base BaseClock) *Clock {
	if base == nil {
		base = systemClock{}
	}
	return &Clock{base: base}
}

// Now returns the pinned time while a change is applied, else base's.
func (c *Clock) Now() time.Time {
	if p := c.pinned.Load(); p != nil {
		return *p
	}
	return c.base.Now()
}

// AfterFunc delegates to the base clock.
func (c *Clock) AfterFunc(d time.Duration, f func()) func() bool { return c.base.AfterFunc(d, f) }

func (c *Clock) pin(t time.Time) { c.pinned.Store(&t) }
func (c *Clock) unpin()          { c.pinned.Store(nil) }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}
