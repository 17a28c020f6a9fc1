package replay

import (
	"context"
	"sync"
	"time"

	"github.com/switchyard-go/switchyard/bus"
)

// limiter is a token bucket on a bus.Clock, shared by every replay of a
// Replayer: it holds up to burst tokens, gains rate tokens per second, and
// each replayed event takes one. A caller that finds the bucket empty
// takes a token in advance (the count goes negative) and sleeps until it
// would have been earned, so that waiters are served in turn and the long
// run rate is exact. A nil *limiter never waits.
type limiter struct {
	clock bus.Clock
	rate  float64
	burst float64

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

func newLimiter(clk bus.Clock, rate float64, burst int) *limiter {
	if rate <= 0 {
		return nil
	}
	return &limiter{clock: clk, rate: rate, burst: float64(burst), tokens: float64(burst), last: clk.Now()}
}

// wait takes a token, sleeping on the clock until it is earned, or
// returns ctx.Err() (giving the token back) if ctx ends first.
func (l *limiter) wait(ctx context.Context) error {
	if l == nil {
		return ctx.Err()
	}
	l.mu.Lock()
	now := l.clock.Now()
	if now.After(l.last) {
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
		l.last = now
	}
	l.tokens--
	deficit := -l.tokens
	l.mu.Unlock()
	if deficit <= 0 {
		return nil
	}
	d := time.Duration(deficit / l.rate * float64(time.Second))
	ch := make(chan struct{})
	stop := l.clock.AfterFunc(d, func() { close(ch) })
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		stop()
		l.mu.Lock()
		l.tokens++
		l.mu.Unlock()
		return ctx.Err()
	}
}
