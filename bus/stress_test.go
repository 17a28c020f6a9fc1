package bus_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/target"
)

// outcomeHooks records the final outcome of every delivery, keyed by
// event, rule and target, to prove each ends exactly once.
type outcomeHooks struct {
	bus.NopHooks
	mu       sync.Mutex
	outcomes map[string][]string
	noBus    atomic.Int64
}

func (h *outcomeHooks) record(id, rule, tgt, what string) {
	k := id + "|" + rule + "|" + tgt
	h.mu.Lock()
	h.outcomes[k] = append(h.outcomes[k], what)
	h.mu.Unlock()
}

func (h *outcomeHooks) OnDeliver(i bus.DeliverInfo) {
	h.record(i.EventID, i.RuleARN, i.TargetID, "delivered")
}
func (h *outcomeHooks) OnDeadLetter(i bus.DeadLetterInfo) {
	h.record(i.EventID, i.RuleARN, i.TargetID, "dead-lettered")
}
func (h *outcomeHooks) OnDrop(i bus.DropInfo) {
	if i.Reason == bus.DropNoSuchBus {
		h.noBus.Add(1)
		return
	}
	h.record(i.EventID, i.RuleARN, i.TargetID, "dropped")
}

// TestStressConcurrentPutChangeClose puts events from many goroutines
// while rules and targets change under them and Close runs mid-flight,
// with targets that fail now and then, fail always, or fail permanently.
// Every accepted event must end exactly once per matched target —
// delivered, dead-lettered or dropped — and the counters must agree with
// what the targets and hooks saw.
func TestStressConcurrentPutChangeClose(t *testing.T) {
	producers, rounds := 8, 300
	if testing.Short() {
		producers, rounds = 4, 60
	}
	h := &outcomeHooks{outcomes: map[string][]string{}}
	b, err := bus.New(bus.WithHooks(h), bus.WithLimits(bus.Limits{
		QueueSize: 64, Workers: 4, DeliveryBatch: 8,
		RetryBaseDelay: 100 * time.Microsecond, RetryMaxDelay: time.Millisecond,
	}))
	require.NoError(t, err)

	var okCalls, dlqCalls atomic.Int64
	good := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { okCalls.Add(1); return nil })
	flakyT := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
		if rand.IntN(3) == 0 {
			return errors.New("flaky")
		}
		okCalls.Add(1)
		return nil
	})
	broken := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { return errors.New("down") })
	permanent := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { return target.Permanent(errors.New("gone")) })
	dlq := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { dlqCalls.Add(1); return nil })
	targets := []bus.Target{
		{ID: "good", Target: good},
		{ID: "flaky", Target: flakyT, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(3)}, DeadLetter: dlq},
		{ID: "broken", Target: broken, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(2)}},
		{ID: "permanent", Target: permanent, DeadLetter: dlq},
	}
	ctx := context.Background()
	for i := range 4 {
		addRule(t, b, "", fmt.Sprintf("r%d", i), catchAll, targets[i])
	}

	var accepted, unroutable atomic.Int64
	var wg sync.WaitGroup
	stopMutating := make(chan struct{})
	var mutWG sync.WaitGroup
	mutWG.Add(1)
	go func() { // rules and targets change all the time
		defer mutWG.Done()
		for i := 0; ; i++ {
			select {
			case <-stopMutating:
				return
			default:
			}
			name := fmt.Sprintf("r%d", i%4)
			switch i % 5 {
			case 0:
				_, _ = b.DisableRule(ctx, bus.DisableRuleInput{Name: name})
			case 1:
				_, _ = b.EnableRule(ctx, bus.EnableRuleInput{Name: name})
			case 2:
				_, _ = b.RemoveTargets(ctx, bus.RemoveTargetsInput{Rule: name, IDs: []string{targets[i%4].ID}})
			case 3:
				_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: name, EventPattern: catchAll})
				_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: name, Targets: []bus.Target{targets[i%4]}})
			case 4:
				_, _ = b.DeleteRule(ctx, bus.DeleteRuleInput{Name: name, Force: true})
				_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: name, EventPattern: catchAll})
				_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: name, Targets: []bus.Target{targets[i%4]}})
			}
		}
	}()

	started := make(chan struct{}, producers*rounds)
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				entries := make([]switchyard.Entry, 10)
				for i := range entries {
					entries[i] = switchyard.Entry{Source: fmt.Sprintf("p%d", p), DetailType: "d", Detail: fmt.Sprintf(`{"r":%d,"i":%d}`, r, i)}
				}
				entries[9].EventBusName = "missing"
				res, err := b.PutEvents(ctx, entries)
				started <- struct{}{}
				if errors.Is(err, bus.ErrClosed) {
					return
				}
				if err != nil {
					t.Errorf("PutEvents: %v", err)
					return
				}
				for i, e := range res.Entries {
					if e.EventID != "" {
						accepted.Add(1)
						if i == 9 {
							unroutable.Add(1)
						}
					} else if e.ErrorCode != switchyard.CodeThrottling {
						t.Errorf("unexpected entry error %s: %s", e.ErrorCode, e.ErrorMessage)
					}
				}
			}
		}()
	}
	// Close in the middle of the traffic.
	for range producers * rounds / 2 {
		<-started
	}
	closeCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	require.NoError(t, b.Close(closeCtx))
	wg.Wait()
	close(stopMutating)
	mutWG.Wait()
	<-b.Done()

	st := b.Stats()
	require.Zero(t, st.Pending)
	require.EqualValues(t, accepted.Load(), st.Accepted, "every EventID returned is counted")
	require.EqualValues(t, unroutable.Load(), st.Unroutable)
	require.EqualValues(t, unroutable.Load(), h.noBus.Load())
	require.Equal(t, st.Enqueued, st.Delivered+st.DeadLettered+st.Dropped, "%+v", st)
	require.EqualValues(t, okCalls.Load(), st.Delivered, "every acknowledged delivery is counted once")
	require.EqualValues(t, dlqCalls.Load(), st.DeadLettered)
	require.Positive(t, st.Delivered)
	require.Positive(t, st.DeadLettered)
	require.Positive(t, st.Dropped)
	require.Positive(t, st.Retried)

	h.mu.Lock()
	defer h.mu.Unlock()
	require.EqualValues(t, st.Enqueued, len(h.outcomes), "one outcome record per delivery")
	var delivered, dead, dropped uint64
	for k, o := range h.outcomes {
		require.Len(t, o, 1, "delivery %s ended more than once: %v", k, o)
		switch o[0] {
		case "delivered":
			delivered++
		case "dead-lettered":
			dead++
		case "dropped":
			dropped++
		}
	}
	require.Equal(t, st.Delivered, delivered)
	require.Equal(t, st.DeadLettered, dead)
	require.Equal(t, st.Dropped, dropped)
}
