package target

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// httpRateLimiter enforces an API destination's InvocationRateLimitPerSecond
// with a token bucket: it holds up to one second's worth of invocations
// (the burst), refills continuously at the rate, and every invocation takes
// one token.
//
// A caller that finds the bucket empty does not poll. It reserves its token
// at once, driving the balance below zero, and sleeps exactly as long as the
// refill needs to pay that debt back. Reservations are made under the mutex
// in arrival order, so concurrent callers queue fairly and the sleeps
// happen outside the lock. A caller whose context ends before its turn
// returns its token, so later callers are not held back by a reservation
// nobody will use. A wait that could not finish before the context's
// deadline is refused up front instead of being slept through in vain.
type httpRateLimiter struct {
	mu     sync.Mutex
	rate   float64 // tokens per second
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
}

func newHTTPRateLimiter(perSecond int, now func() time.Time, sleep func(context.Context, time.Duration) error) *httpRateLimiter {
	r := float64(perSecond)
	return &httpRateLimiter{rate: r, burst: r, tokens: r, last: now(), now: now, sleep: sleep}
}

// wait blocks until the caller may invoke the endpoint, or ctx ends.
func (l *httpRateLimiter) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := l.now()
	l.mu.Lock()
	if elapsed := now.Sub(l.last); elapsed > 0 {
		l.tokens = min(l.burst, l.tokens+elapsed.Seconds()*l.rate)
		l.last = now
	}
	l.tokens--
	var delay time.Duration
	if l.tokens < 0 {
		delay = time.Duration(-l.tokens / l.rate * float64(time.Second))
	}
	if dl, ok := ctx.Deadline(); ok && delay > 0 && now.Add(delay).After(dl) {
		l.tokens++
		l.mu.Unlock()
		return fmt.Errorf("rate limit: the next invocation slot is %v away, past the context deadline: %w", delay, context.DeadlineExceeded)
	}
	l.mu.Unlock()
	if delay == 0 {
		return nil
	}
	if err := l.sleep(ctx, delay); err != nil {
		l.mu.Lock()
		l.tokens = min(l.burst, l.tokens+1)
		l.mu.Unlock()
		return err
	}
	return nil
}

// httpSleep sleeps for d or until ctx ends.
func httpSleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
