package bus_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/target"
)

// flaky fails its first n attempts, then succeeds.
type flaky struct {
	mu    sync.Mutex
	fails int
	seen  []int
	times []time.Time
	now   func() time.Time
}

func (f *flaky) Deliver(_ context.Context, d switchyard.Delivery) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, d.Attempt)
	f.times = append(f.times, f.now())
	if len(f.seen) <= f.fails {
		return errors.New("busy")
	}
	return nil
}

func TestRetryUntilDelivered(t *testing.T) {
	h := &recordingHooks{}
	b, clk := newFakeBus(t, bus.WithHooks(h), bus.WithLimits(bus.Limits{RetryBaseDelay: time.Second, RetryMaxDelay: time.Minute}))
	f := &flaky{fails: 3, now: clk.Now}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: f})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	settle(t, b, clk)

	require.Equal(t, []int{1, 2, 3, 4}, f.seen)
	// Backoff with equal jitter: the n-th retry waits between half and all
	// of base·2^(n-1).
	for i := 1; i < len(f.times); i++ {
		step := time.Second << (i - 1)
		gap := f.times[i].Sub(f.times[i-1])
		require.GreaterOrEqual(t, gap, step/2, "retry %d", i)
		require.LessOrEqual(t, gap, step, "retry %d", i)
	}
	st := b.Stats()
	require.EqualValues(t, 1, st.Delivered)
	require.EqualValues(t, 3, st.Retried)
	require.Zero(t, st.Pending)
	h.mu.Lock()
	require.Len(t, h.retries, 3)
	require.Equal(t, 1, h.retries[0].Attempt)
	require.EqualError(t, h.retries[0].Err, "busy")
	require.Equal(t, 4, h.deliv[0].Attempt)
	h.mu.Unlock()
}

func TestRetryBackoffIsCapped(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithLimits(bus.Limits{RetryBaseDelay: time.Second, RetryMaxDelay: 4 * time.Second}))
	f := &flaky{fails: 8, now: clk.Now}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: f})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Len(t, f.times, 9)
	for i := 4; i < len(f.times); i++ {
		gap := f.times[i].Sub(f.times[i-1])
		require.GreaterOrEqual(t, gap, 2*time.Second)
		require.LessOrEqual(t, gap, 4*time.Second)
	}
}

// Dead-letter attributes as EventBridge documents them ("Using dead-letter
// queues to process undelivered events in EventBridge",
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html):
// RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE,
// EXHAUSTED_RETRY_CONDITION (MaximumRetryAttempts or
// MaximumEventAgeInSeconds) and RETRY_ATTEMPTS.
func TestDeadLetterAfterMaximumRetryAttempts(t *testing.T) {
	h := &recordingHooks{}
	b, clk := newFakeBus(t, bus.WithHooks(h))
	fail := &failing{}
	dlq := &collector{}
	ruleARN := addRule(t, b, "", "r", catchAll, bus.Target{
		ID: "f", Target: fail, ARN: "arn:aws:lambda:us-east-1:123456789012:function:f",
		RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(2)},
		DeadLetter:  dlq, DeadLetterConfig: &bus.DeadLetterConfig{ARN: "arn:aws:sqs:us-east-1:123456789012:dlq"},
	})
	res, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	settle(t, b, clk)

	require.Equal(t, 3, fail.count(), "the first attempt and 2 retries")
	got := dlq.deliveries()
	require.Len(t, got, 1)
	d := got[0]
	require.Equal(t, map[string]string{
		"RULE_ARN":                  ruleARN,
		"TARGET_ARN":                "arn:aws:lambda:us-east-1:123456789012:function:f",
		"ERROR_CODE":                "ERROR_FROM_TARGET",
		"ERROR_MESSAGE":             "target unavailable",
		"EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts",
		"RETRY_ATTEMPTS":            "2",
	}, d.Attributes)
	require.Equal(t, res.Entries[0].EventID, d.Event.ID)
	require.Equal(t, res.Entries[0].EventID, decode(t, d.Payload)["id"], "the dead letter carries the original event")
	st := b.Stats()
	require.EqualValues(t, 1, st.DeadLettered)
	require.EqualValues(t, 2, st.Retried)
	require.Zero(t, st.Dropped)
	h.mu.Lock()
	require.Len(t, h.dls, 1)
	require.Equal(t, d.Attributes, h.dls[0].Attributes)
	h.mu.Unlock()
}

func TestZeroRetries(t *testing.T) {
	b, clk := newFakeBus(t)
	fail := &failing{}
	dlq := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: fail, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(0)}, DeadLetter: dlq})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Equal(t, 1, fail.count())
	require.Equal(t, "0", dlq.deliveries()[0].Attributes["RETRY_ATTEMPTS"])
	require.Equal(t, "MaximumRetryAttempts", dlq.deliveries()[0].Attributes["EXHAUSTED_RETRY_CONDITION"])
}

func TestDeadLetterAfterMaximumEventAge(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithLimits(bus.Limits{RetryBaseDelay: 10 * time.Second, RetryMaxDelay: 40 * time.Second}))
	fail := &failing{}
	dlq := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: fail, RetryPolicy: &bus.RetryPolicy{MaximumEventAgeInSeconds: ptr(60)}, DeadLetter: dlq})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	start := clk.Now()
	settle(t, b, clk)
	got := dlq.deliveries()
	require.Len(t, got, 1)
	attrs := got[0].Attributes
	require.Equal(t, "MaximumEventAgeInSeconds", attrs["EXHAUSTED_RETRY_CONDITION"])
	retries, err := strconv.Atoi(attrs["RETRY_ATTEMPTS"])
	require.NoError(t, err)
	require.Equal(t, fail.count()-1, retries)
	require.GreaterOrEqual(t, retries, 1)
	require.LessOrEqual(t, clk.Now().Sub(start), 60*time.Second, "no attempt after the event's maximum age")
}

func TestPermanentErrorSkipsRetries(t *testing.T) {
	b, clk := newFakeBus(t)
	fail := &failing{err: target.Permanent(errors.New("no such queue"))}
	dlq := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: fail, DeadLetter: dlq})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Equal(t, 1, fail.count())
	attrs := dlq.deliveries()[0].Attributes
	require.Equal(t, "0", attrs["RETRY_ATTEMPTS"])
	require.Equal(t, "no such queue", attrs["ERROR_MESSAGE"])
	_, has := attrs["EXHAUSTED_RETRY_CONDITION"]
	require.False(t, has, "no retry condition was exhausted")
	require.Zero(t, b.Stats().Retried)
}

func TestDropsAreCountedAndReported(t *testing.T) {
	tests := []struct {
		name   string
		target bus.Target
		reason bus.DropReason
	}{
		{"retries exhausted", bus.Target{ID: "f", Target: &failing{}, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(1)}}, bus.DropRetriesExhausted},
		{"permanent", bus.Target{ID: "f", Target: &failing{err: target.Permanent(errors.New("bad"))}}, bus.DropPermanentError},
		{"dead letter fails", bus.Target{ID: "f", Target: &failing{err: target.Permanent(errors.New("bad"))}, DeadLetter: &failing{}}, bus.DropDeadLetterFailed},
		{"target panics", bus.Target{ID: "f", Target: switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { panic("boom") })}, bus.DropPermanentError},
		{"transformed payload is delivered", bus.Target{ID: "f", Target: &collector{}, InputTransformer: &target.InputTransformer{
			InputPathsMap: map[string]string{"d": "$.detail"}, InputTemplate: `{"d": <d>}`}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := &recordingHooks{}
			b, clk := newFakeBus(t, bus.WithHooks(h))
			addRule(t, b, "", "r", catchAll, tc.target)
			_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
			require.NoError(t, err)
			settle(t, b, clk)
			st := b.Stats()
			if tc.reason == "" {
				require.EqualValues(t, 1, st.Delivered)
				return
			}
			require.EqualValues(t, 1, st.Dropped)
			require.EqualValues(t, st.Enqueued, st.Delivered+st.DeadLettered+st.Dropped)
			drops := h.drops()
			require.Len(t, drops, 1)
			require.Equal(t, tc.reason, drops[0].Reason)
			require.Equal(t, "f", drops[0].TargetID)
			require.Error(t, drops[0].Err)
		})
	}
}

func TestFlushWaitsForRetries(t *testing.T) {
	b, clk := newFakeBus(t)
	f := &flaky{fails: 1, now: clk.Now}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: f})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	require.NoError(t, b.WaitIdle(context.Background()))
	require.EqualValues(t, 1, b.Stats().Pending, "parked on the clock")

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, b.Flush(ctx), context.DeadlineExceeded, "the retry waits for the fake clock")

	clk.AdvanceToNext()
	flush(t, b)
	require.EqualValues(t, 1, b.Stats().Delivered)
}

func TestTimeoutErrorCode(t *testing.T) {
	b, clk := newFakeBus(t)
	dlq := &collector{}
	slow := &failing{err: context.DeadlineExceeded}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: slow, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(0)}, DeadLetter: dlq})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Equal(t, "TIMEOUT", dlq.deliveries()[0].Attributes["ERROR_CODE"])
}

func TestLoggerReportsDrops(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	b, clk := newFakeBus(t, bus.WithLogger(logger), bus.WithAccount("111122223333"), bus.WithRegion("eu-central-1"))
	require.Equal(t, "111122223333", b.Account())
	require.Equal(t, "eu-central-1", b.Region())
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: &failing{err: target.Permanent(errors.New("no such function"))}})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a"), {Source: "s", DetailType: "d", Detail: "{}", EventBusName: "ghost"}})
	require.NoError(t, err)
	settle(t, b, clk)
	out := buf.String()
	require.Contains(t, out, "level=WARN msg=\"bus: delivery dropped\" reason=\"permanent error\"")
	require.Contains(t, out, "error=\"no such function\"")
	require.Contains(t, out, "msg=\"bus: event dropped: event bus does not exist\" event_bus=ghost")
}

// syncBuffer is a bytes.Buffer safe for the bus's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// retryAfterErr is a failure that asks to be retried no sooner than after,
// as target.HTTPError does for a 429 or 503 with Retry-After.
type retryAfterErr struct{ after time.Duration }

func (e retryAfterErr) Error() string             { return "slow down" }
func (e retryAfterErr) RetryDelay() time.Duration { return e.after }

// EventBridge honours a Retry-After longer than its own backoff ("API
// destination error codes", EventBridge user guide); the retry must wait
// at least that long.
func TestRetryHonoursRetryDelay(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithLimits(bus.Limits{RetryBaseDelay: time.Second, RetryMaxDelay: time.Minute}))
	var mu sync.Mutex
	var times []time.Time
	tgt := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		times = append(times, clk.Now())
		if len(times) == 1 {
			return fmt.Errorf("endpoint: %w", retryAfterErr{after: 10 * time.Minute})
		}
		return nil
	})
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: tgt})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	settle(t, b, clk)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, times, 2)
	require.GreaterOrEqual(t, times[1].Sub(times[0]), 10*time.Minute)
	require.EqualValues(t, 1, b.Stats().Delivered)
}

// codedError is a target error that names its own dead-letter ERROR_CODE,
// as the AWS service targets do (targets/aws classifies AccessDenied as
// NO_PERMISSIONS, a missing queue as NO_RESOURCE).
type codedError struct{ code string }

func (e codedError) Error() string          { return "target says " + e.code }
func (e codedError) DeadLetterCode() string { return e.code }

func TestDeadLetterCodeFromTargetError(t *testing.T) {
	for _, code := range []string{"NO_PERMISSIONS", "NO_RESOURCE", "THROTTLING"} {
		t.Run(code, func(t *testing.T) {
			b, clk := newFakeBus(t)
			dlq := &collector{}
			bad := &failing{err: fmt.Errorf("deliver: %w", codedError{code})}
			addRule(t, b, "", "r", catchAll, bus.Target{ID: "f", Target: bad, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(0)}, DeadLetter: dlq})
			_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
			require.NoError(t, err)
			settle(t, b, clk)
			require.Equal(t, code, dlq.deliveries()[0].Attributes["ERROR_CODE"])
		})
	}
}
