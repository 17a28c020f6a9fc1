package bus_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

// t0 is the fake clock's start in tests.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// newBus returns a bus that the test closes when it ends.
func newBus(t testing.TB, opts ...bus.Option) *bus.Bus {
	t.Helper()
	b, err := bus.New(opts...)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = b.Close(ctx)
	})
	return b
}

// newFakeBus returns a bus on a fake clock.
func newFakeBus(t testing.TB, opts ...bus.Option) (*bus.Bus, *fakeclock.Clock) {
	t.Helper()
	clk := fakeclock.New(t0)
	return newBus(t, append([]bus.Option{bus.WithClock(clk)}, opts...)...), clk
}

// collector is a target that records what it receives.
type collector struct {
	mu  sync.Mutex
	got []switchyard.Delivery
}

func (c *collector) Deliver(_ context.Context, d switchyard.Delivery) error {
	d.Payload = append([]byte(nil), d.Payload...)
	c.mu.Lock()
	c.got = append(c.got, d)
	c.mu.Unlock()
	return nil
}

func (c *collector) deliveries() []switchyard.Delivery {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]switchyard.Delivery(nil), c.got...)
}

func (c *collector) payloads() []string {
	var out []string
	for _, d := range c.deliveries() {
		out = append(out, string(d.Payload))
	}
	return out
}

// failing is a target that fails every attempt, counting them.
type failing struct {
	mu       sync.Mutex
	err      error
	attempts []int
}

func (f *failing) Deliver(_ context.Context, d switchyard.Delivery) error {
	f.mu.Lock()
	f.attempts = append(f.attempts, d.Attempt)
	f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	return errors.New("target unavailable")
}

func (f *failing) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.attempts)
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// catchAll is a pattern every event matches.
const catchAll = `{"source":[{"prefix":""}]}`

// addRule puts a rule with targets on a bus.
func addRule(t testing.TB, b *bus.Bus, busName, name, pattern string, targets ...bus.Target) string {
	t.Helper()
	ctx := context.Background()
	arn, err := ruleARNOf(b.PutRule(ctx, bus.PutRuleInput{Name: name, EventBusName: busName, EventPattern: pattern}))
	require.NoError(t, err)
	if len(targets) > 0 {
		out, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: name, EventBusName: busName, Targets: targets})
		require.NoError(t, err)
		require.Zero(t, out.FailedEntryCount, "%+v", out.FailedEntries)
	}
	return arn
}

// flush waits for the bus to settle everything.
func flush(t testing.TB, b *bus.Bus) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, b.Flush(ctx))
}

// settle drives a fake clock until no delivery is pending, firing retry
// timers one deadline at a time. It fails the test if pending deliveries
// remain with no timer to fire.
func settle(t testing.TB, b *bus.Bus, clk *fakeclock.Clock) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, b.Drain(ctx, clk))
	require.Zero(t, b.Stats().Pending)
}

// requireCode checks that err is a *switchyard.Error with code and message.
func requireCode(t testing.TB, err error, code, msg string) {
	t.Helper()
	require.Error(t, err)
	var se *switchyard.Error
	require.ErrorAs(t, err, &se, "got %T: %v", err, err)
	require.Equal(t, code, se.Code, "message: %s", se.Message)
	if msg != "" {
		require.Equal(t, msg, se.Message)
	}
}

// entry returns a valid entry for the default bus.
func entry(source string) switchyard.Entry {
	return switchyard.Entry{Source: source, DetailType: "test", Detail: `{"n":1}`}
}

// decode parses a delivered payload as an event.
func decode(t testing.TB, payload []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(payload, &m), "payload %s", payload)
	return m
}

// errOf returns the error of a call that returns an output and an error,
// for calls whose (empty) output a test does not need.
func errOf[T any](_ T, err error) error { return err }

// ruleARNOf returns the rule ARN of a PutRule call.
func ruleARNOf(out bus.PutRuleOutput, err error) (string, error) { return out.RuleARN, err }

// busARNOf returns the bus ARN of a CreateEventBus call.
func busARNOf(out bus.CreateEventBusOutput, err error) (string, error) { return out.EventBusARN, err }

// resultOf returns the result of a TestEventPattern call.
func resultOf(out bus.TestEventPatternOutput, err error) (bool, error) { return out.Result, err }

// entries makes a PutEvents input.
func entries(es ...switchyard.Entry) []switchyard.Entry { return es }
