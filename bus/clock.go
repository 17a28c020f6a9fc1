package bus

import "time"

// Clock is the bus's source of time: event times, ingestion times, schedule
// firings and retry backoff all come from it. The default is the system
// clock; tests pass a fake (see package fakeclock) and move time by hand.
//
// AfterFunc calls f in its own goroutine (or, for a fake clock, from the
// goroutine that advances time) once d has elapsed, and returns a function
// that cancels the call, reporting whether it did so before f started —
// time.AfterFunc's Stop. The return type is a plain func so that a clock
// implementation need not import this package.
type Clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// systemClock is the Clock of the real world.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}
