package bus_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// Per-entry faults found trying PutEvents as EventBridge users do (issues
// 8 and 12).
func TestPutEventsEntryFaults(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	with := func(f func(*switchyard.Entry)) switchyard.Entry {
		e := entry("shop")
		f(&e)
		return e
	}
	deep := func(n int) string { return `{"a":` + strings.Repeat("[", n-1) + strings.Repeat("]", n-1) + `}` }
	tests := []struct {
		name      string
		e         switchyard.Entry
		code, msg string
	}{
		// "NotAuthorizedForSourceException: Not authorized for the source."
		// (PutEventsResultEntry.ErrorCode, API reference; issue 8).
		{"aws source", with(func(e *switchyard.Entry) { e.Source = "aws.ec2" }), "NotAuthorizedForSourceException", "Not authorized for the source."},
		// Time must have a four-digit year (RFC 3339 date-fullyear; issue 12).
		{"year 10000", with(func(e *switchyard.Entry) { e.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }), "InvalidArgument",
			"Parameter Time is not valid. Reason: the time must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z."},
		{"year 0", with(func(e *switchyard.Entry) { e.Time = time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC) }), "InvalidArgument", ""},
		{"last second of 9999", with(func(e *switchyard.Entry) { e.Time = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC) }), "", ""},
		// A Detail EventBridge cannot process: "Detail is malformed."
		{"invalid UTF-8", with(func(e *switchyard.Entry) { e.Detail = "{\"a\":\"\xff\"}" }), "MalformedDetail", "Detail is malformed."},
		{"invalid UTF-8 key", with(func(e *switchyard.Entry) { e.Detail = "{\"\xc3\":1}" }), "MalformedDetail", "Detail is malformed."},
		// "PutEvents will only process nested JSON up to 1100 levels deep."
		// (PutEvents, API reference).
		{"1101 levels", with(func(e *switchyard.Entry) { e.Detail = deep(1101) }), "MalformedDetail", "Detail is malformed."},
		{"1100 levels", with(func(e *switchyard.Entry) { e.Detail = deep(1100) }), "", ""},
		{"300 levels", with(func(e *switchyard.Entry) { e.Detail = deep(300) }), "", ""},
		{"brackets in strings do not nest", with(func(e *switchyard.Entry) { e.Detail = `{"a":"` + strings.Repeat("[", 2000) + `\"]"}` }), "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := b.PutEvents(ctx, entries(tc.e, entry("ok")))
			require.NoError(t, err)
			require.Equal(t, tc.code, res.Entries[0].ErrorCode, res.Entries[0].ErrorMessage)
			if tc.msg != "" {
				require.Equal(t, tc.msg, res.Entries[0].ErrorMessage)
			}
			require.NotEmpty(t, res.Entries[1].EventID, "the other entry is accepted")
		})
	}
}

// Request-level faults: member constraints of the API model fail the whole
// call (PutEventsRequestEntry: TraceHeader 1-500, EventBusName
// NonPartnerEventBusNameOrArn; issue 8).
func TestPutEventsRequestFaults(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	e := entry("shop")
	e.Resources = []string{strings.Repeat("r", 2049)}
	_, err := b.PutEvents(ctx, entries(e))
	requireCode(t, err, "ValidationException", "1 validation error detected: Value '"+strings.Repeat("r", 2049)+
		"' at 'entries.1.member.resources.1.member' failed to satisfy constraint: Member must have length less than or equal to 2048")

	e = entry("shop")
	e.TraceHeader = strings.Repeat("t", 501)
	_, err = b.PutEvents(ctx, entries(entry("ok"), e))
	requireCode(t, err, "ValidationException", "1 validation error detected: Value '"+strings.Repeat("t", 501)+
		"' at 'entries.2.member.traceHeader' failed to satisfy constraint: Member must have length less than or equal to 500")

	e = entry("shop")
	e.EventBusName = "aws.partner/saas.example/acct/orders"
	_, err = b.PutEvents(ctx, entries(e))
	requireCode(t, err, "ValidationException", `1 validation error detected: Value 'aws.partner/saas.example/acct/orders' at 'entries.1.member.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+`)

	e.EventBusName = "arn:aws:events:us-east-1:123456789012:event-bus/orders"
	_, err = b.PutEvents(ctx, entries(e))
	require.NoError(t, err, "a bus ARN is a valid EventBusName")
}

// TraceHeader reaches the delivered event's metadata and the target's
// Delivery, and stays out of the event's JSON (issue 8).
func TestTraceHeaderCarried(t *testing.T) {
	b := newBus(t)
	col := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "c", Target: col})
	e := entry("shop")
	e.TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"
	_, err := b.PutEvents(context.Background(), entries(e))
	require.NoError(t, err)
	flush(t, b)
	d := col.deliveries()[0]
	require.Equal(t, e.TraceHeader, d.Event.TraceHeader)
	require.NotContains(t, string(d.Payload), "Root=")
}

// matchCounter records what OnMatch reports.
type matchCounter struct {
	bus.NopHooks
	mu      sync.Mutex
	targets map[string]int
}

func (m *matchCounter) OnMatch(i bus.MatchInfo) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.targets[i.RuleName] += i.Targets
}

// OnMatch reports the deliveries staged, which is what Stats.Enqueued
// counts (issue 12: the hook's count could disagree with the deliveries
// created).
func TestOnMatchReportsStaged(t *testing.T) {
	hooks := &matchCounter{targets: map[string]int{}}
	b := newBus(t, bus.WithHooks(hooks))
	ctx := context.Background()
	addRule(t, b, "", "two", catchAll, bus.Target{ID: "a", Target: &collector{}}, bus.Target{ID: "b", Target: &collector{}})
	addRule(t, b, "", "none", catchAll)
	_, err := b.PutEvents(ctx, entries(entry("x"), entry("y")))
	require.NoError(t, err)
	flush(t, b)
	require.Equal(t, map[string]int{"two": 4, "none": 0}, hooks.targets)
	require.EqualValues(t, 4, b.Stats().Enqueued)
}

// With a fake clock, Flush says that deliveries wait on the clock rather
// than returning a bare deadline, and Drain delivers everything (issue 8
// item 5).
func TestFlushAndDrainOnFakeClock(t *testing.T) {
	b, clk := newFakeBus(t)
	f := &failing{}
	dlq := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: f, DeadLetter: dlq, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(3)}})
	_, err := b.PutEvents(context.Background(), entries(entry("x")))
	require.NoError(t, err)
	require.NoError(t, b.WaitIdle(context.Background()))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = b.Flush(ctx)
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorContains(t, err, "1 deliveries are waiting for retry timers on the bus's Clock; advance the clock (see Drain)")

	require.NoError(t, b.Drain(context.Background(), clk))
	require.Equal(t, 4, f.count())
	require.Len(t, dlq.deliveries(), 1)
	require.NoError(t, b.Flush(context.Background()))
}

// noTimers is a Stepper whose clock has no timers.
type noTimers struct{}

func (noTimers) AdvanceToNext() (time.Time, bool) { return time.Time{}, false }

func TestDrainWithTheWrongClock(t *testing.T) {
	b, _ := newFakeBus(t)
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: &failing{}})
	_, err := b.PutEvents(context.Background(), entries(entry("x")))
	require.NoError(t, err)
	err = b.Drain(context.Background(), noTimers{})
	require.ErrorContains(t, err, "is it the bus's Clock?")
	require.False(t, errors.Is(err, context.Canceled))
}
