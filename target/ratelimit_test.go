package target

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// httpSleepRecorder records requested sleeps and returns at once, or with
// the context's error when the context has ended.
type httpSleepRecorder struct {
	mu     sync.Mutex
	sleeps []time.Duration
}

func (r *httpSleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.sleeps = append(r.sleeps, d)
	r.mu.Unlock()
	return ctx.Err()
}

func (r *httpSleepRecorder) recorded() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.sleeps...)
}

func TestHTTPRateLimiter(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name  string
		rate  int
		steps []time.Duration // clock advance before each wait
		want  []time.Duration // the sleeps requested, in order
	}{
		{"burst of rate passes", 3, []time.Duration{0, 0, 0}, nil},
		{"beyond the burst callers queue", 2, []time.Duration{0, 0, 0, 0, 0}, []time.Duration{500 * ms, 1000 * ms, 1500 * ms}},
		{"refill pays the debt", 2, []time.Duration{0, 0, 0, 250 * ms}, []time.Duration{500 * ms, 750 * ms}},
		{"a full refill needs no wait", 1, []time.Duration{0, time.Second, time.Second}, nil},
		{"the bucket does not grow past the burst", 1, []time.Duration{0, time.Hour, 0}, []time.Duration{time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &connFakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			rec := &httpSleepRecorder{}
			l := newHTTPRateLimiter(tt.rate, clock.Now, rec.sleep)
			for _, step := range tt.steps {
				clock.Advance(step)
				require.NoError(t, l.wait(context.Background()))
			}
			require.Equal(t, tt.want, rec.recorded())
		})
	}
}

func TestHTTPRateLimiterContext(t *testing.T) {
	// Deadlines are wall-clock times, so this clock starts at the real now
	// (and then stands still).
	clock := &connFakeClock{now: time.Now()}
	rec := &httpSleepRecorder{}
	l := newHTTPRateLimiter(1, clock.Now, rec.sleep)
	l.rate = 1.0 / 3600 // one invocation an hour, so a half-hour deadline is too short
	require.NoError(t, l.wait(context.Background()))

	// An ended context is refused before it takes a token.
	done, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, l.wait(done), context.Canceled)
	require.Empty(t, rec.recorded())

	// A deadline before the next slot is refused without sleeping.
	short, cancel2 := context.WithDeadline(context.Background(), clock.Now().Add(time.Hour/2))
	defer cancel2()
	err := l.wait(short)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Contains(t, err.Error(), "rate limit")
	require.Empty(t, rec.recorded())

	// A wait cut short by the context gives its token back: the next
	// caller waits one slot, not two.
	cut, cancel3 := context.WithCancel(context.Background())
	cancelling := &httpSleepRecorder{}
	l.sleep = func(ctx context.Context, d time.Duration) error {
		cancel3()
		return cancelling.sleep(ctx, d)
	}
	require.ErrorIs(t, l.wait(cut), context.Canceled)
	l.sleep = rec.sleep
	require.NoError(t, l.wait(context.Background()))
	require.Equal(t, []time.Duration{time.Hour}, cancelling.recorded())
	require.Equal(t, []time.Duration{time.Hour}, rec.recorded())
}

func TestHTTPSleep(t *testing.T) {
	require.NoError(t, httpSleep(context.Background(), 0))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, httpSleep(ctx, time.Hour), context.Canceled)
}
