package bus_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// replayRule adds a rule with a collecting target and returns both.
func replayRule(t *testing.T, b *bus.Bus, busName, name, pattern string) (string, *managedSink) {
	t.Helper()
	ctx := context.Background()
	arn, err := ruleARNOf(b.PutRule(ctx, bus.PutRuleInput{Name: name, EventBusName: busName, EventPattern: pattern}))
	require.NoError(t, err)
	s := &managedSink{}
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: name, EventBusName: busName, Targets: []bus.Target{{ID: "t", Target: s}}})
	require.NoError(t, err)
	return arn, s
}

// replayEvent is an archived event as a replay hands it to the bus.
func replayEvent(id string) switchyard.Event {
	return switchyard.Event{
		Version: "0", ID: id, DetailType: "Order", Source: "orders", Account: "123456789012",
		Time: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC), Region: "us-east-1",
		Resources: []string{"arn:x"}, Detail: json.RawMessage(`{"n":1}`), ReplayName: "my-replay",
	}
}

// Replay sends an event to the matching rules, all of them or those named,
// keeping its id and time and adding "replay-name" (the envelope recorded
// against AWS: aws-archive-replay-schedule.md, section 2, "Replayed
// deliveries").
func TestReplayRoute(t *testing.T) {
	tests := []struct {
		name   string
		filter func(a, b, c string) []string
		want   []bool // which of rules a, b, c receive the event
	}{
		{"no filter: every matching rule", func(a, b, c string) []string { return nil }, []bool{true, true, false}},
		{"filter on one rule", func(a, b, c string) []string { return []string{b} }, []bool{false, true, false}},
		{"filter on a rule that does not match", func(a, b, c string) []string { return []string{c} }, []bool{false, false, false}},
		{"filter naming a rule of another bus", func(a, b, c string) []string {
			return []string{"arn:aws:events:us-east-1:123456789012:rule/other/a"}
		}, []bool{false, false, false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			b := managedBus(t)
			_, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "custom"})
			require.NoError(t, err)
			aARN, a := replayRule(t, b, "custom", "a", `{"source":["orders"]}`)
			bARN, bs := replayRule(t, b, "custom", "b", `{"detail":{"n":[1]}}`)
			cARN, c := replayRule(t, b, "custom", "c", `{"source":["billing"]}`)
			_, d := replayRule(t, b, "custom", "disabled", `{"source":["orders"]}`)
			require.NoError(t, errOf(b.DisableRule(ctx, bus.DisableRuleInput{Name: "disabled", EventBusName: "custom"})))

			ev := replayEvent("11111111-2222-4333-8444-555555555555")
			require.NoError(t, b.Route(ctx, bus.RouteInput{EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/custom", Event: ev, RuleARNs: tc.filter(aARN, bARN, cARN)}))
			require.NoError(t, b.Flush(ctx))
			for i, s := range []*managedSink{a, bs, c} {
				payloads, events := s.got()
				if !tc.want[i] {
					require.Empty(t, payloads, "rule %d", i)
					continue
				}
				require.Len(t, payloads, 1, "rule %d", i)
				require.Equal(t, ev.ID, events[0].ID)
				require.True(t, ev.Time.Equal(events[0].Time))
				require.Equal(t, "my-replay", events[0].ReplayName)
				var got map[string]any
				require.NoError(t, json.Unmarshal([]byte(payloads[0]), &got))
				require.Equal(t, map[string]any{
					"version": "0", "id": ev.ID, "detail-type": "Order", "source": "orders", "account": "123456789012",
					"time": "2026-01-01T12:00:00Z", "region": "us-east-1", "replay-name": "my-replay",
					"resources": []any{"arn:x"}, "detail": map[string]any{"n": float64(1)},
				}, got)
			}
			payloads, _ := d.got()
			require.Empty(t, payloads, "a disabled rule gets nothing")
		})
	}
}

// Replay's errors.
func TestReplayRouteErrors(t *testing.T) {
	ctx := context.Background()
	b := managedBus(t)
	ev := replayEvent("id")
	noID := ev
	noID.ID = ""
	require.EqualError(t, b.Route(ctx, bus.RouteInput{EventBusName: "default", Event: noID}),
		"ValidationException: 1 validation error detected: Value null at 'event.id' failed to satisfy constraint: Member must not be null")
	require.EqualError(t, b.Route(ctx, bus.RouteInput{EventBusName: "nope", Event: ev, RuleARNs: nil}), "ResourceNotFoundException: Event bus nope does not exist.")
	require.EqualError(t, b.Route(ctx, bus.RouteInput{EventBusName: "arn:aws:events:eu-west-1:123456789012:event-bus/orders", Event: ev}),
		"ResourceNotFoundException: Event bus orders does not exist.")
	require.NoError(t, b.Close(ctx))
	require.ErrorIs(t, b.Route(ctx, bus.RouteInput{EventBusName: "default", Event: ev, RuleARNs: nil}), bus.ErrClosed)
}

// blockingSink holds every delivery until release is closed.
type blockingSink struct {
	managedSink
	release chan struct{}
}

func (s *blockingSink) Deliver(ctx context.Context, d switchyard.Delivery) error {
	<-s.release
	return s.managedSink.Deliver(ctx, d)
}

// A replay never takes more than half of a target's queue, so live
// PutEvents is not throttled because of it: with a queue of 4 and a stuck
// target, the replay stops at 2 queued deliveries and live events still
// get the other 2 slots. When the target moves again the replay finishes.
func TestReplayLeavesRoomForLiveEvents(t *testing.T) {
	ctx := context.Background()
	b := managedBus(t, bus.WithLimits(bus.Limits{QueueSize: 4, Workers: 1, TargetConcurrency: 1, DeliveryBatch: 1}))
	sink := &blockingSink{release: make(chan struct{})}
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventPattern: `{"source":["orders"]}`})
	require.NoError(t, err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "t", Target: sink}}})
	require.NoError(t, err)

	done := make(chan error, 1)
	go func() {
		for i := range 6 {
			if err := b.Route(ctx, bus.RouteInput{EventBusName: "default", Event: replayEvent(string(rune('a' + i))), RuleARNs: nil}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	// One delivery is with the stuck worker, two are queued: the replay
	// waits for the fourth.
	require.Eventually(t, func() bool { return b.Stats().Enqueued == 3 }, 10*time.Second, time.Millisecond)

	live := func() switchyard.ResultEntry {
		res, err := b.PutEvents(ctx, []switchyard.Entry{{Source: "orders", DetailType: "t", Detail: `{}`}})
		require.NoError(t, err)
		return res.Entries[0]
	}
	require.False(t, live().Failed(), "live events get the free half")
	require.False(t, live().Failed())
	require.Equal(t, switchyard.CodeThrottling, live().ErrorCode, "now the queue is full")
	select {
	case err := <-done:
		t.Fatalf("the replay did not wait: %v", err)
	default:
	}

	close(sink.release)
	require.NoError(t, <-done)
	require.NoError(t, b.Flush(ctx))
	payloads, _ := sink.got()
	require.Len(t, payloads, 8, "6 replayed and 2 live events")
}

// A replay waiting for room gives up when its context ends.
func TestReplayRouteContext(t *testing.T) {
	b := managedBus(t, bus.WithLimits(bus.Limits{QueueSize: 2, Workers: 1, TargetConcurrency: 1, DeliveryBatch: 1}))
	sink := &blockingSink{release: make(chan struct{})}
	defer close(sink.release)
	bg := context.Background()
	_, err := b.PutRule(bg, bus.PutRuleInput{Name: "r", EventPattern: `{"source":["orders"]}`})
	require.NoError(t, err)
	_, err = b.PutTargets(bg, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "t", Target: sink}}})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(bg)
	errs := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			if err := b.Route(ctx, bus.RouteInput{EventBusName: "default", Event: replayEvent(string(rune('a' + i))), RuleARNs: nil}); err != nil {
				errs <- err
				return
			}
		}
	}()
	require.Eventually(t, func() bool { return b.Stats().Enqueued == 2 }, 10*time.Second, time.Millisecond)
	cancel()
	require.ErrorIs(t, <-errs, context.Canceled)
}
