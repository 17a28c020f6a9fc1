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

// Per-entry validation. Messages recorded against EventBridge: see
// testdata/putevents.jsonl and LocalStack's AWS-validated snapshot
// tests/aws/services/events/test_events.snapshot.json.
func TestPutEventsEntryValidation(t *testing.T) {
	tests := []struct {
		name      string
		entry     switchyard.Entry
		code, msg string
	}{
		{"no source", switchyard.Entry{DetailType: "d", Detail: "{}"}, "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."},
		{"no detail-type", switchyard.Entry{Source: "s", Detail: "{}"}, "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument."},
		{"no detail", switchyard.Entry{Source: "s", DetailType: "d"}, "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."},
		{"source checked first", switchyard.Entry{}, "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."},
		{"detail a string", switchyard.Entry{Source: "s", DetailType: "d", Detail: `"x"`}, "MalformedDetail", "Detail is malformed."},
		{"detail an array", switchyard.Entry{Source: "s", DetailType: "d", Detail: `[{}]`}, "MalformedDetail", "Detail is malformed."},
		{"detail a number", switchyard.Entry{Source: "s", DetailType: "d", Detail: `12`}, "MalformedDetail", "Detail is malformed."},
		{"detail truncated", switchyard.Entry{Source: "s", DetailType: "d", Detail: `{"a":`}, "MalformedDetail", "Detail is malformed."},
		{"detail with trailing garbage", switchyard.Entry{Source: "s", DetailType: "d", Detail: `{} x`}, "MalformedDetail", "Detail is malformed."},
		{"detail blank", switchyard.Entry{Source: "s", DetailType: "d", Detail: `   `}, "MalformedDetail", "Detail is malformed."},
		{"valid, padded object", switchyard.Entry{Source: "s", DetailType: "d", Detail: " \n{\"a\": [1, 2]} "}, "", ""},
	}
	b := newBus(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := b.PutEvents(context.Background(), []switchyard.Entry{tc.entry})
			require.NoError(t, err)
			require.Len(t, res.Entries, 1)
			got := res.Entries[0]
			require.Equal(t, tc.code, got.ErrorCode)
			require.Equal(t, tc.msg, got.ErrorMessage)
			if tc.code == "" {
				require.Zero(t, res.FailedEntryCount)
				require.NotEmpty(t, got.EventID)
			} else {
				require.Equal(t, 1, res.FailedEntryCount)
				require.Empty(t, got.EventID)
			}
		})
	}
}

func TestPutEventsBadEntriesFailAlone(t *testing.T) {
	b := newBus(t)
	col := &collector{}
	addRule(t, b, "", "all", catchAll, bus.Target{ID: "c", Target: col})
	res, err := b.PutEvents(context.Background(), []switchyard.Entry{
		entry("a"), {Source: "b"}, entry("c"), {Source: "d", DetailType: "x", Detail: "nope"},
	})
	require.NoError(t, err)
	require.Equal(t, 2, res.FailedEntryCount)
	require.NotEmpty(t, res.Entries[0].EventID)
	require.Equal(t, "InvalidArgument", res.Entries[1].ErrorCode)
	require.NotEmpty(t, res.Entries[2].EventID)
	require.Equal(t, "MalformedDetail", res.Entries[3].ErrorCode)
	flush(t, b)
	var sources []string
	for _, d := range col.deliveries() {
		sources = append(sources, d.Event.Source)
	}
	require.ElementsMatch(t, []string{"a", "c"}, sources)
	require.EqualValues(t, 2, b.Stats().Accepted)
}

func TestPutEventsRequestValidation(t *testing.T) {
	b := newBus(t, bus.WithLimits(bus.Limits{MaxEntrySize: 100}), bus.WithMaxHops(2))
	ctx := context.Background()

	_, err := b.PutEvents(ctx, nil)
	requireCode(t, err, "ValidationException", "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1")

	// Size counts Source, DetailType, Detail, Resources and 14 for Time.
	e := switchyard.Entry{Source: strings.Repeat("s", 40), DetailType: strings.Repeat("d", 40), Detail: "{}", Resources: []string{"r"}}
	require.Equal(t, 83, e.Size())
	_, err = b.PutEvents(ctx, []switchyard.Entry{e})
	require.NoError(t, err)
	e.Time = t0
	require.Equal(t, 97, e.Size())
	_, err = b.PutEvents(ctx, []switchyard.Entry{e})
	require.NoError(t, err)
	e.Resources = append(e.Resources, "rrrr")
	_, err = b.PutEvents(ctx, []switchyard.Entry{e})
	requireCode(t, err, "ValidationException", "Total size of the entries in the request is over the limit.")
	// The limit is on the whole request.
	small := switchyard.Entry{Source: "s", DetailType: "d", Detail: strings.Repeat(" ", 40) + "{}"}
	_, err = b.PutEvents(ctx, []switchyard.Entry{small, small, small})
	requireCode(t, err, "ValidationException", "Total size of the entries in the request is over the limit.")

	_, err = b.PutEvents(switchyard.WithHops(ctx, 2), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	_, err = b.PutEvents(switchyard.WithHops(ctx, 3), []switchyard.Entry{entry("a")})
	requireCode(t, err, "ValidationException", "")
	require.ErrorIs(t, err, switchyard.ErrHopLimit)
	require.ErrorIs(t, err, switchyard.ErrValidation)
}

func TestPutEventsEntryLimitIsConfigurable(t *testing.T) {
	b := newBus(t, bus.WithLimits(bus.Limits{MaxEntries: 2}))
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a"), entry("b")})
	require.NoError(t, err)
	_, err = b.PutEvents(context.Background(), []switchyard.Entry{entry("a"), entry("b"), entry("c")})
	requireCode(t, err, "ValidationException", "")
	require.True(t, strings.HasSuffix(err.Error(), "at 'entries' failed to satisfy constraint: Member must have length less than or equal to 2"), err.Error())
	require.Contains(t, err.Error(), "PutEventsRequestEntry(time=null, source=a, resources=null, detailType=test, detail={\"n\":1}, eventBusName=null, traceHeader=null")
}

func TestPutEventsEnvelope(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithAccount("111122223333"), bus.WithRegion("eu-west-1"))
	col := &collector{}
	addRule(t, b, "", "all", catchAll, bus.Target{ID: "c", Target: col})
	clk.Advance(1500 * time.Millisecond)
	res, err := b.PutEvents(context.Background(), []switchyard.Entry{
		{Source: "app", DetailType: "Order <Placed>", Detail: `{"id": 7,  "tags": ["a"]}`},
		{Source: "app", DetailType: "t", Detail: `{}`, Resources: []string{"arn:x", "arn:y"}, Time: time.Date(2022, 1, 1, 1, 2, 3, 999, time.FixedZone("x", 3600))},
	})
	require.NoError(t, err)
	flush(t, b)
	got := col.deliveries()
	require.Len(t, got, 2)
	byID := map[string]switchyard.Delivery{}
	for _, d := range got {
		byID[d.Event.ID] = d
	}
	d0 := byID[res.Entries[0].EventID]
	// Field order, account, region, second-precision UTC time, resources
	// as [], the detail verbatim, "<" unescaped.
	require.Equal(t, `{"version":"0","id":"`+res.Entries[0].EventID+`","detail-type":"Order <Placed>","source":"app","account":"111122223333","time":"2026-03-01T12:00:01Z","region":"eu-west-1","resources":[],"detail":{"id": 7,  "tags": ["a"]}}`,
		string(d0.Payload))
	require.Equal(t, `{"id": 7,  "tags": ["a"]}`, string(d0.Event.Detail))
	require.NotNil(t, d0.Event.Resources)
	require.Equal(t, t0.Add(1500*time.Millisecond), d0.IngestionTime)
	require.Equal(t, 1, d0.Attempt)
	require.Equal(t, "all", d0.RuleName)
	require.Equal(t, "arn:aws:events:eu-west-1:111122223333:rule/all", d0.RuleARN)

	d1 := byID[res.Entries[1].EventID]
	ev := decode(t, d1.Payload)
	require.Equal(t, "2022-01-01T00:02:03Z", ev["time"])
	require.Equal(t, []any{"arn:x", "arn:y"}, ev["resources"])
	var roundTrip switchyard.Event
	require.NoError(t, roundTrip.UnmarshalJSON(d1.Payload))
	require.Equal(t, *d1.Event, roundTrip)
}

func TestPutEventsCopiesResources(t *testing.T) {
	b := newBus(t)
	col := &collector{}
	addRule(t, b, "", "all", catchAll, bus.Target{ID: "c", Target: col})
	res := []string{"arn:before"}
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{{Source: "s", DetailType: "d", Detail: "{}", Resources: res}})
	require.NoError(t, err)
	res[0] = "arn:after"
	flush(t, b)
	require.Equal(t, []string{"arn:before"}, col.deliveries()[0].Event.Resources)
}

func TestPutEventsUnknownBus(t *testing.T) {
	t.Run("accepted and dropped by default", func(t *testing.T) {
		h := &recordingHooks{}
		b := newBus(t, bus.WithHooks(h))
		res, err := b.PutEvents(context.Background(), []switchyard.Entry{{Source: "s", DetailType: "d", Detail: "{}", EventBusName: "nope"}})
		require.NoError(t, err)
		require.Zero(t, res.FailedEntryCount)
		require.NotEmpty(t, res.Entries[0].EventID)
		st := b.Stats()
		require.EqualValues(t, 1, st.Accepted)
		require.EqualValues(t, 1, st.Unroutable)
		drops := h.drops()
		require.Len(t, drops, 1)
		require.Equal(t, bus.DropNoSuchBus, drops[0].Reason)
		require.Equal(t, "nope", drops[0].EventBusName)
		require.Equal(t, res.Entries[0].EventID, drops[0].EventID)
	})
	t.Run("strict", func(t *testing.T) {
		b := newBus(t, bus.WithStrictBuses())
		res, err := b.PutEvents(context.Background(), []switchyard.Entry{
			{Source: "s", DetailType: "d", Detail: "{}", EventBusName: "nope"}, entry("ok"),
		})
		require.NoError(t, err)
		require.Equal(t, 1, res.FailedEntryCount)
		require.Equal(t, "ResourceNotFoundException", res.Entries[0].ErrorCode)
		require.Equal(t, "Event bus nope does not exist.", res.Entries[0].ErrorMessage)
		require.NotEmpty(t, res.Entries[1].EventID)
	})
	t.Run("ARN of another account", func(t *testing.T) {
		b := newBus(t, bus.WithStrictBuses())
		res, err := b.PutEvents(context.Background(), []switchyard.Entry{
			{Source: "s", DetailType: "d", Detail: "{}", EventBusName: "arn:aws:events:us-east-1:999999999999:event-bus/orders"},
			{Source: "s", DetailType: "d", Detail: "{}", EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/default"},
		})
		require.NoError(t, err)
		require.Equal(t, "ResourceNotFoundException", res.Entries[0].ErrorCode)
		require.Empty(t, res.Entries[1].ErrorCode)
	})
}

func TestPutEventsRoutesByBus(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	_, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders"})
	require.NoError(t, err)
	def, orders := &collector{}, &collector{}
	addRule(t, b, "", "all", catchAll, bus.Target{ID: "c", Target: def})
	addRule(t, b, "orders", "all", catchAll, bus.Target{ID: "c", Target: orders})
	_, err = b.PutEvents(ctx, []switchyard.Entry{
		entry("to-default"),
		{Source: "to-orders", DetailType: "d", Detail: "{}", EventBusName: "orders"},
		{Source: "to-orders-arn", DetailType: "d", Detail: "{}", EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/orders"},
	})
	require.NoError(t, err)
	flush(t, b)
	require.Len(t, def.deliveries(), 1)
	require.Equal(t, "to-default", def.deliveries()[0].Event.Source)
	require.Len(t, orders.deliveries(), 2)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:rule/orders/all", orders.deliveries()[0].RuleARN)
}

func TestPutEventsMatchesPatterns(t *testing.T) {
	b := newBus(t)
	a, c := &collector{}, &collector{}
	addRule(t, b, "", "orders", `{"source":["shop"],"detail":{"kind":["order"]}}`, bus.Target{ID: "a", Target: a})
	addRule(t, b, "", "users", `{"source":["users"]}`, bus.Target{ID: "c", Target: c})
	_, err := b.PutEvents(context.Background(), []switchyard.Entry{
		{Source: "shop", DetailType: "d", Detail: `{"kind":"order"}`},
		{Source: "shop", DetailType: "d", Detail: `{"kind":"refund"}`},
		{Source: "users", DetailType: "d", Detail: `{}`},
		{Source: "other", DetailType: "d", Detail: `{}`},
	})
	require.NoError(t, err)
	flush(t, b)
	require.Len(t, a.deliveries(), 1)
	require.Len(t, c.deliveries(), 1)
	st := b.Stats()
	require.EqualValues(t, 4, st.Accepted)
	require.EqualValues(t, 2, st.Matched)
	require.EqualValues(t, 2, st.Enqueued)
	require.EqualValues(t, 2, st.Delivered)
}

func TestPutEventsCustomFilter(t *testing.T) {
	b := newBus(t)
	col := &collector{}
	ctx := context.Background()
	big := filterFunc(func(ev []byte) bool { return strings.Contains(string(ev), `"big":true`) })
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "f", Filter: big})
	require.NoError(t, err)
	_, err = b.PutRule(ctx, bus.PutRuleInput{Name: "fp", Filter: big, EventPattern: `{"source":["shop"]}`})
	require.NoError(t, err)
	for _, r := range []string{"f", "fp"} {
		_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: r, Targets: []bus.Target{{ID: "c", Target: col}}})
		require.NoError(t, err)
	}
	_, err = b.PutEvents(ctx, []switchyard.Entry{
		{Source: "shop", DetailType: "d", Detail: `{"big":true}`},
		{Source: "other", DetailType: "d", Detail: `{"big":true}`},
		{Source: "shop", DetailType: "d", Detail: `{"big":false}`},
	})
	require.NoError(t, err)
	flush(t, b)
	var got []string
	for _, d := range col.deliveries() {
		got = append(got, d.RuleName+":"+d.Event.Source)
	}
	require.ElementsMatch(t, []string{"f:shop", "fp:shop", "f:other"}, got)
	r, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "fp"})
	require.NoError(t, err)
	require.True(t, r.HasFilter)
}

type filterFunc func([]byte) bool

func (f filterFunc) Match(ev []byte) bool { return f(ev) }

func TestPutEventsDisabledRuleDoesNotRoute(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	col := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "c", Target: col})
	require.NoError(t, errOf(b.DisableRule(ctx, bus.DisableRuleInput{Name: "r"})))
	_, err := b.PutEvents(ctx, []switchyard.Entry{entry("one")})
	require.NoError(t, err)
	flush(t, b)
	require.Empty(t, col.deliveries())
	require.NoError(t, errOf(b.EnableRule(ctx, bus.EnableRuleInput{Name: "r"})))
	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("two")})
	require.NoError(t, err)
	flush(t, b)
	require.Len(t, col.deliveries(), 1)
	require.Equal(t, "two", col.deliveries()[0].Event.Source)
}

// blocker is a target that blocks until released.
type blocker struct {
	release chan struct{}
	started chan struct{}
	once    sync.Once
	n       int
	mu      sync.Mutex
}

func newBlocker() *blocker {
	return &blocker{release: make(chan struct{}), started: make(chan struct{})}
}

func (bl *blocker) Deliver(ctx context.Context, d switchyard.Delivery) error {
	bl.once.Do(func() { close(bl.started) })
	select {
	case <-bl.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	bl.mu.Lock()
	bl.n++
	bl.mu.Unlock()
	return nil
}

func TestPutEventsThrottlesOnFullQueue(t *testing.T) {
	b := newBus(t, bus.WithLimits(bus.Limits{QueueSize: 2, TargetConcurrency: 1, DeliveryBatch: 1}))
	bl := newBlocker()
	other := &collector{}
	// Targets are tried in ID order: "a" has room, "b" is full.
	addRule(t, b, "", "slow", `{"source":["s"]}`, bus.Target{ID: "a", Target: other}, bus.Target{ID: "b", Target: bl})
	ctx := context.Background()
	waitOther := func(n int) {
		require.Eventually(t, func() bool { return len(other.deliveries()) == n }, 10*time.Second, time.Millisecond)
	}
	// The first delivery to b is taken by a worker and blocks; two more
	// fill b's queue.
	_, err := b.PutEvents(ctx, []switchyard.Entry{entry("s")})
	require.NoError(t, err)
	defer close(bl.release)
	<-bl.started
	waitOther(1)
	res, err := b.PutEvents(ctx, []switchyard.Entry{entry("s"), entry("s")})
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)
	waitOther(3)

	res, err = b.PutEvents(ctx, []switchyard.Entry{entry("s"), entry("x")})
	require.NoError(t, err)
	require.Equal(t, 1, res.FailedEntryCount)
	require.Equal(t, "ThrottlingException", res.Entries[0].ErrorCode)
	require.Empty(t, res.Entries[1].ErrorCode, "an entry no full queue needs is accepted")
	require.EqualValues(t, 1, b.Stats().Throttled)
	for range 3 {
		bl.release <- struct{}{}
	}
	flush(t, b)
	// The throttled entry reached no target at all, not even the one
	// with room, whose slot was given back.
	require.Equal(t, 3, bl.n)
	require.Len(t, other.deliveries(), 3)
	st := b.Stats()
	require.EqualValues(t, 6, st.Enqueued)
	require.EqualValues(t, 6, st.Delivered)
	res, err = b.PutEvents(ctx, []switchyard.Entry{entry("s"), entry("s")})
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount, "room again once drained")
}

func TestPutEventsBlockOnFull(t *testing.T) {
	b := newBus(t, bus.WithBlockOnFull(), bus.WithLimits(bus.Limits{QueueSize: 1, TargetConcurrency: 1, DeliveryBatch: 1}))
	bl := newBlocker()
	addRule(t, b, "", "slow", catchAll, bus.Target{ID: "b", Target: bl})
	ctx := context.Background()
	_, err := b.PutEvents(ctx, []switchyard.Entry{entry("1")})
	require.NoError(t, err)
	<-bl.started
	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("2")}) // fills the queue
	require.NoError(t, err)

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	res, err := b.PutEvents(short, []switchyard.Entry{entry("3")})
	require.NoError(t, err)
	require.Equal(t, "ThrottlingException", res.Entries[0].ErrorCode, "gives up when its context ends")

	done := make(chan switchyard.PutEventsResult)
	go func() {
		// More entries than the queue holds: the call must not wait for
		// room that only its own staged deliveries take.
		r, _ := b.PutEvents(ctx, []switchyard.Entry{entry("4"), entry("5"), entry("6")})
		done <- r
	}()
	close(bl.release)
	r := <-done
	require.Zero(t, r.FailedEntryCount)
	flush(t, b)
	require.Equal(t, 5, bl.n)
}

func TestPutEventsAfterClose(t *testing.T) {
	b, err := bus.New()
	require.NoError(t, err)
	require.NoError(t, b.Close(context.Background()))
	_, err = b.PutEvents(context.Background(), []switchyard.Entry{entry("a")})
	require.ErrorIs(t, err, bus.ErrClosed)
	_, err = b.PutRule(context.Background(), bus.PutRuleInput{Name: "r", EventPattern: catchAll})
	require.ErrorIs(t, err, bus.ErrClosed)
	require.NoError(t, b.Close(context.Background()), "Close is idempotent")
	<-b.Done()
}

func TestPutEventsHopsReachTargets(t *testing.T) {
	b := newBus(t)
	var mu sync.Mutex
	var hops []int
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "h", Target: switchyard.TargetFunc(func(ctx context.Context, d switchyard.Delivery) error {
		mu.Lock()
		hops = append(hops, switchyard.HopsFrom(ctx))
		mu.Unlock()
		return nil
	})})
	_, err := b.PutEvents(switchyard.WithHops(context.Background(), 1), []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	_, err = b.PutEvents(context.Background(), []switchyard.Entry{entry("b")})
	require.NoError(t, err)
	flush(t, b)
	require.ElementsMatch(t, []int{1, 0}, hops)
}

func TestPutPartnerEvents(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	src := "aws.partner/saas.example/acct/orders"
	partner := switchyard.WithCaller(ctx, switchyard.Caller{Account: "999999999999"})
	_, err := b.CreatePartnerEventSource(partner, bus.CreatePartnerEventSourceInput{Name: src, Account: "123456789012"})
	require.NoError(t, err)
	_, err = b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: src, EventSourceName: src})
	require.NoError(t, err)
	col := &collector{}
	addRule(t, b, src, "all", catchAll, bus.Target{ID: "c", Target: col})

	// Only aws.partner/ sources (issue 8).
	_, err = b.PutPartnerEvents(partner, []switchyard.Entry{{Source: "shop", DetailType: "d", Detail: `{}`}})
	requireCode(t, err, "ValidationException", "")
	// The customer's account in the event.
	res, err := b.PutPartnerEvents(partner, []switchyard.Entry{
		{Source: src, DetailType: "d", Detail: `{}`, EventBusName: "default"},
		{Source: "aws.partner/saas.example/acct/nobus", DetailType: "d", Detail: `{}`},
		{Source: src, DetailType: "d"},
	})
	require.NoError(t, err)
	require.Equal(t, 1, res.FailedEntryCount)
	require.NotEmpty(t, res.Entries[0].EventID)
	require.NotEmpty(t, res.Entries[1].EventID, "a source without a bus is accepted")
	require.Equal(t, "InvalidArgument", res.Entries[2].ErrorCode)
	flush(t, b)
	require.Len(t, col.deliveries(), 1)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:rule/"+src+"/all", col.deliveries()[0].RuleARN)
	require.Equal(t, "123456789012", col.deliveries()[0].Event.Account)
	require.EqualValues(t, 1, b.Stats().Unroutable)

	many := make([]switchyard.Entry, 21)
	for i := range many {
		many[i] = switchyard.Entry{Source: src, DetailType: "d", Detail: "{}"}
	}
	_, err = b.PutPartnerEvents(ctx, many[:20])
	require.NoError(t, err)
	_, err = b.PutPartnerEvents(ctx, many)
	requireCode(t, err, "ValidationException", "")
	require.True(t, strings.HasSuffix(err.Error(), "Member must have length less than or equal to 20"))
}

// recordingHooks records every hook call.
type recordingHooks struct {
	mu      sync.Mutex
	puts    []bus.PutInfo
	matches []bus.MatchInfo
	deliv   []bus.DeliverInfo
	retries []bus.RetryInfo
	dls     []bus.DeadLetterInfo
	drop    []bus.DropInfo
}

func (h *recordingHooks) OnPut(i bus.PutInfo) { h.mu.Lock(); h.puts = append(h.puts, i); h.mu.Unlock() }
func (h *recordingHooks) OnMatch(i bus.MatchInfo) {
	h.mu.Lock()
	h.matches = append(h.matches, i)
	h.mu.Unlock()
}
func (h *recordingHooks) OnDeliver(i bus.DeliverInfo) {
	h.mu.Lock()
	h.deliv = append(h.deliv, i)
	h.mu.Unlock()
}
func (h *recordingHooks) OnRetry(i bus.RetryInfo) {
	h.mu.Lock()
	h.retries = append(h.retries, i)
	h.mu.Unlock()
}
func (h *recordingHooks) OnDeadLetter(i bus.DeadLetterInfo) {
	h.mu.Lock()
	h.dls = append(h.dls, i)
	h.mu.Unlock()
}
func (h *recordingHooks) OnDrop(i bus.DropInfo) {
	h.mu.Lock()
	h.drop = append(h.drop, i)
	h.mu.Unlock()
}

func (h *recordingHooks) drops() []bus.DropInfo {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bus.DropInfo(nil), h.drop...)
}

func TestHooksSeeEveryStep(t *testing.T) {
	h := &recordingHooks{}
	b := newBus(t, bus.WithHooks(h))
	addRule(t, b, "", "r", `{"source":["a"]}`, bus.Target{ID: "c", Target: &collector{}}, bus.Target{ID: "d", Target: &collector{}})
	res, err := b.PutEvents(context.Background(), []switchyard.Entry{entry("a"), entry("b"), {}})
	require.NoError(t, err)
	flush(t, b)
	h.mu.Lock()
	defer h.mu.Unlock()
	require.Len(t, h.puts, 3)
	require.Equal(t, "InvalidArgument", h.puts[2].ErrorCode)
	require.Equal(t, bus.MatchInfo{EventBusName: "default", EventID: res.Entries[0].EventID, RuleName: "r",
		RuleARN: "arn:aws:events:us-east-1:123456789012:rule/r", Targets: 2}, h.matches[0])
	require.Len(t, h.matches, 1)
	require.Len(t, h.deliv, 2)
	require.Empty(t, h.retries)
	require.Empty(t, h.drop)
}

func TestNopHooksEmbed(t *testing.T) {
	type onlyDrops struct {
		bus.NopHooks
		n int
	}
	var h bus.Hooks = &onlyDrops{}
	h.OnPut(bus.PutInfo{})
	h.OnDrop(bus.DropInfo{})
	require.NotNil(t, h)
	nb, err := bus.New(bus.WithHooks(bus.NopHooks{}))
	require.NoError(t, err)
	require.NoError(t, nb.Close(context.Background()))
	_, err = bus.New(bus.WithHooks(nil))
	require.Error(t, err)
	require.False(t, errors.Is(err, bus.ErrClosed))
}
