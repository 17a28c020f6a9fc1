package bus_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// putOne puts one entry and returns its result.
func putOne(t testing.TB, b *bus.Bus, e switchyard.Entry) switchyard.ResultEntry {
	t.Helper()
	res, err := b.PutEvents(context.Background(), []switchyard.Entry{e})
	require.NoError(t, err)
	return res.Entries[0]
}

// counting is a target that counts deliveries and keeps nothing.
type counting struct{ n atomic.Int64 }

func (c *counting) Deliver(context.Context, switchyard.Delivery) error { c.n.Add(1); return nil }

// Parked retries hold their budget: once a failing target holds
// TargetBudget deliveries, new events for it are throttled, with a retry
// hint, until retrying ends for some of them (issue 12).
func TestTargetBudgetCountsParkedRetries(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithLimits(bus.Limits{TargetBudget: 5, QueueSize: 100}))
	dlq := &counting{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "down", Target: &failing{},
		RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(2)}, DeadLetter: dlq})
	ctx := context.Background()
	for i := range 10 {
		out := putOne(t, b, entry("app"))
		require.NoError(t, b.WaitIdle(ctx)) // the delivery failed and is parked
		if i < 5 {
			require.False(t, out.Failed(), "event %d: %+v", i, out)
			continue
		}
		require.Equal(t, switchyard.CodeThrottling, out.ErrorCode, "event %d", i)
		hint, ok := bus.RetryAfter(out.ErrorMessage)
		require.True(t, ok, "message %q carries a retry hint", out.ErrorMessage)
		require.GreaterOrEqual(t, hint, 10*time.Millisecond)
	}
	st := b.Stats()
	require.Equal(t, uint64(5), st.Accepted)
	require.Equal(t, uint64(5), st.Throttled)
	require.Equal(t, int64(5), st.Pending)
	require.Equal(t, int64(5), st.Parked)

	settle(t, b, clk)
	require.Equal(t, int64(5), dlq.n.Load())
	require.False(t, putOne(t, b, entry("app")).Failed(), "settled deliveries gave their budget back")
}

// An empty budget takes one delivery whatever its size, so an event
// bigger than a byte budget is slowed down, never refused for ever.
func TestTargetBudgetBytesTakesOneWhenEmpty(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithLimits(bus.Limits{TargetBudgetBytes: 1}))
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "down", Target: &failing{}, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(1)}})
	require.False(t, putOne(t, b, entry("app")).Failed())
	require.Equal(t, switchyard.CodeThrottling, putOne(t, b, entry("app")).ErrorCode)
	settle(t, b, clk)
	require.False(t, putOne(t, b, entry("app")).Failed())
}

// The Bus's budget covers all targets together; an entry that cannot get
// room for every target of every rule it matches is throttled as a whole.
func TestBusBudgetCoversAllTargets(t *testing.T) {
	b, _ := newFakeBus(t, bus.WithLimits(bus.Limits{BusBudget: 3}))
	addRule(t, b, "", "a", `{"source":["a"]}`, bus.Target{ID: "t", Target: &failing{}})
	addRule(t, b, "", "b", `{"source":["b"]}`, bus.Target{ID: "t", Target: &failing{}})
	addRule(t, b, "", "ab", `{"source":["a","b"]}`, bus.Target{ID: "t", Target: &failing{}})
	require.False(t, putOne(t, b, entry("a")).Failed()) // 2 deliveries
	require.Equal(t, switchyard.CodeThrottling, putOne(t, b, entry("b")).ErrorCode, "needs 2, 1 left")
	require.False(t, putOne(t, b, entry("other")).Failed(), "matches nothing: needs no room")
	st := b.Stats()
	require.Equal(t, uint64(2), st.Enqueued)
	require.Equal(t, int64(2), st.Pending)
}

// With WithBlockOnFull, a put that finds the budget full waits until a
// delivery settles, or until its context ends.
func TestBudgetBlockOnFull(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithBlockOnFull(), bus.WithLimits(bus.Limits{TargetBudget: 1}))
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "down", Target: &failing{}, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(1)}})
	ctx := context.Background()
	require.False(t, putOne(t, b, entry("app")).Failed())
	require.NoError(t, b.WaitIdle(ctx))

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	res, err := b.PutEvents(short, []switchyard.Entry{entry("app")})
	require.NoError(t, err)
	require.Equal(t, switchyard.CodeThrottling, res.Entries[0].ErrorCode, "context ended while waiting")

	done := make(chan switchyard.ResultEntry)
	go func() {
		res, _ := b.PutEvents(ctx, []switchyard.Entry{entry("app")})
		done <- res.Entries[0]
	}()
	select {
	case <-done:
		t.Fatal("put returned while the budget was full")
	case <-time.After(20 * time.Millisecond):
	}
	clk.AdvanceToNext() // the parked delivery's last attempt fails: it is dropped
	out := <-done
	require.False(t, out.Failed(), "%+v", out)
}

func TestRetryAfter(t *testing.T) {
	for _, c := range []struct {
		msg  string
		want time.Duration
		ok   bool
	}{
		{"Rate exceeded: a matched target has no room for more deliveries. Retry after 10ms.", 10 * time.Millisecond, true},
		{"Retry after 1000ms.", time.Second, true},
		{"Rate exceeded", 0, false},
		{"Retry after ms.", 0, false},
		{"Retry after 10s.", 0, false},
		{"", 0, false},
	} {
		got, ok := bus.RetryAfter(c.msg)
		require.Equal(t, c.ok, ok, c.msg)
		require.Equal(t, c.want, got, c.msg)
	}
}

// heapSampler records the peak heap and goroutine count while it runs.
type heapSampler struct {
	stop      chan struct{}
	done      sync.WaitGroup
	peakHeap  atomic.Uint64
	peakGorou atomic.Int64
}

func sample() *heapSampler {
	s := &heapSampler{stop: make(chan struct{})}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		var ms runtimeMemStats
		for {
			readMemStats(&ms)
			if ms.HeapAlloc > s.peakHeap.Load() {
				s.peakHeap.Store(ms.HeapAlloc)
			}
			if g := int64(numGoroutine()); g > s.peakGorou.Load() {
				s.peakGorou.Store(g)
			}
			select {
			case <-s.stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return s
}

func (s *heapSampler) end() { close(s.stop); s.done.Wait() }

// TestOverloadAlwaysFailingTarget offers ten times what the budget holds
// to a target that always fails, from producers that retry throttled
// entries as the hint says. The heap must stay within twice the byte
// budget of the baseline, no goroutine may be started per delivery, and
// every entry must be accounted for exactly: accepted or throttled, and
// every accepted delivery dead-lettered after its attempts (issue 12).
func TestOverloadAlwaysFailingTarget(t *testing.T) {
	const (
		budgetBytes = 4 << 20
		detailSize  = 1024
		producers   = 8
		maxRetries  = 3
	)
	events := 40_000
	if testing.Short() {
		events = 12_000
	}
	detail := `{"pad":"` + strings.Repeat("x", detailSize-10) + `"}`
	perDelivery := len(detail) + 300 + bus.DeliveryOverhead // JSON envelope and engine overhead

	b, err := bus.New(bus.WithLimits(bus.Limits{
		BusBudgetBytes: budgetBytes, QueueSize: 100_000,
		RetryBaseDelay: time.Millisecond, RetryMaxDelay: 4 * time.Millisecond,
	}))
	require.NoError(t, err)
	var attempts, dead atomic.Int64
	fail := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
		attempts.Add(1)
		return fmt.Errorf("always down")
	})
	dlq := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { dead.Add(1); return nil })
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "down", Target: fail,
		RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(maxRetries)}, DeadLetter: dlq})

	gcBaseline()
	var base runtimeMemStats
	readMemStats(&base)
	baseG := numGoroutine()
	s := sample()

	ctx := context.Background()
	var accepted, throttledCalls atomic.Int64
	var wg sync.WaitGroup
	per := events / producers
	for range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sent := 0; sent < per; {
				n := min(10, per-sent)
				batch := make([]switchyard.Entry, n)
				for i := range batch {
					batch[i] = switchyard.Entry{Source: "app", DetailType: "d", Detail: detail}
				}
				for len(batch) > 0 {
					res, err := b.PutEvents(ctx, batch)
					if err != nil {
						t.Error(err)
						return
					}
					var retry []switchyard.Entry
					var wait time.Duration
					for i, r := range res.Entries {
						if r.Failed() {
							d, ok := bus.RetryAfter(r.ErrorMessage)
							if !ok {
								t.Errorf("no retry hint in %q", r.ErrorMessage)
								return
							}
							wait = max(wait, d)
							retry = append(retry, batch[i])
							continue
						}
						accepted.Add(1)
					}
					if len(retry) > 0 {
						throttledCalls.Add(1)
						time.Sleep(wait)
					}
					batch = retry
				}
				sent += n
			}
		}()
	}
	wg.Wait()
	flush(t, b)
	s.end()
	require.NoError(t, b.Close(ctx))

	st := b.Stats()
	total := int64(per * producers)
	require.Equal(t, total, accepted.Load())
	require.Equal(t, uint64(total), st.Accepted)
	require.Equal(t, uint64(total), st.Enqueued)
	require.Equal(t, uint64(total), st.DeadLettered)
	require.Equal(t, total, dead.Load())
	require.Equal(t, uint64(total*maxRetries), st.Retried)
	require.Equal(t, total*(maxRetries+1), attempts.Load())
	require.Zero(t, st.Delivered+st.Dropped)
	require.Zero(t, st.Pending)
	require.Positive(t, throttledCalls.Load(), "the overload was not an overload")

	// The budget is budgetBytes; garbage not yet collected can double the
	// heap over what is live.
	bound := base.HeapAlloc + 2*budgetBytes + uint64(4*perDelivery*producers*10) + 8<<20
	growth := int64(s.peakHeap.Load()) - int64(base.HeapAlloc)
	t.Logf("events %d, throttled calls %d, peak heap %.1f MiB over a baseline of %.1f MiB (bound %.1f MiB), goroutines %d -> peak %d",
		total, throttledCalls.Load(), float64(growth)/(1<<20), float64(base.HeapAlloc)/(1<<20), float64(bound)/(1<<20), baseG, s.peakGorou.Load())
	require.LessOrEqual(t, s.peakHeap.Load(), bound)
	// Producers, the bus's workers, the sampler, one timer goroutine at a
	// time, and a few of the runtime's own.
	require.LessOrEqual(t, s.peakGorou.Load(), int64(baseG+producers+bus.DefaultWorkers+8))
	// Close stopped everything the bus started, its workers included.
	after := numGoroutine()
	for deadline := time.Now().Add(5 * time.Second); after > baseG-bus.DefaultWorkers && time.Now().Before(deadline); after = numGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	require.LessOrEqual(t, after, baseG-bus.DefaultWorkers, "goroutines after Close, against %d before the run with %d workers", baseG, bus.DefaultWorkers)
}

// TestOverloadSlowAndFlappingTargets overloads a slow target and one that
// fails every other attempt, on two rules matching every event, from
// producers that honour the retry hint. Every delivery must end exactly
// once — counters and targets agree — and the heap must stay within
// twice the Bus's byte budget.
func TestOverloadSlowAndFlappingTargets(t *testing.T) {
	const budgetBytes = 2 << 20
	events := 6000
	if testing.Short() {
		events = 2000
	}
	b, err := bus.New(bus.WithLimits(bus.Limits{
		BusBudgetBytes: budgetBytes, QueueSize: 100_000,
		RetryBaseDelay: time.Millisecond, RetryMaxDelay: 2 * time.Millisecond,
	}))
	require.NoError(t, err)
	var slowN, flapOK, flapTries, dead atomic.Int64
	slow := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
		time.Sleep(50 * time.Microsecond)
		slowN.Add(1)
		return nil
	})
	flap := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
		if flapTries.Add(1)%2 == 0 {
			return fmt.Errorf("flapping")
		}
		flapOK.Add(1)
		return nil
	})
	dlq := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { dead.Add(1); return nil })
	addRule(t, b, "", "slow", catchAll, bus.Target{ID: "slow", Target: slow})
	addRule(t, b, "", "flap", catchAll, bus.Target{ID: "flap", Target: flap,
		RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(1)}, DeadLetter: dlq})

	gcBaseline()
	var base runtimeMemStats
	readMemStats(&base)
	s := sample()
	ctx := context.Background()
	var wg sync.WaitGroup
	for p := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sent := 0; sent < events/4; sent++ {
				e := switchyard.Entry{Source: "app", DetailType: "d", Detail: fmt.Sprintf(`{"p":%d,"n":%d,"pad":"%s"}`, p, sent, strings.Repeat("y", 512))}
				for {
					res, err := b.PutEvents(ctx, []switchyard.Entry{e})
					if err != nil {
						t.Error(err)
						return
					}
					if !res.Entries[0].Failed() {
						break
					}
					d, ok := bus.RetryAfter(res.Entries[0].ErrorMessage)
					if !ok {
						t.Errorf("no hint: %+v", res.Entries[0])
						return
					}
					time.Sleep(d)
				}
			}
		}()
	}
	wg.Wait()
	flush(t, b)
	s.end()
	require.NoError(t, b.Close(ctx))
	st := b.Stats()
	n := int64(events)
	require.Equal(t, uint64(n), st.Accepted)
	require.Equal(t, uint64(2*n), st.Enqueued)
	require.Equal(t, n, slowN.Load())
	require.Equal(t, uint64(n+flapOK.Load()), st.Delivered)
	require.Equal(t, n, flapOK.Load()+dead.Load(), "each flapping delivery delivered or dead-lettered")
	require.Equal(t, uint64(dead.Load()), st.DeadLettered)
	require.Zero(t, st.Dropped)
	require.Zero(t, st.Pending)
	require.LessOrEqual(t, s.peakHeap.Load(), base.HeapAlloc+2*budgetBytes+8<<20)
	t.Logf("events %d, throttled %d, peak heap %.1f MiB over baseline, goroutines peak %d",
		n, st.Throttled, float64(s.peakHeap.Load()-base.HeapAlloc)/(1<<20), s.peakGorou.Load())
}
