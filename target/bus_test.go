package target_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/target"
)

// busFakePublisher records PutEvents calls and answers with result/err.
// The real bus is written elsewhere; this stands in for any Publisher.
type busFakePublisher struct {
	mu     sync.Mutex
	calls  [][]switchyard.Entry
	hops   []int
	result func(entries []switchyard.Entry) (switchyard.PutEventsResult, error)
}

func (p *busFakePublisher) PutEvents(ctx context.Context, entries []switchyard.Entry) (switchyard.PutEventsResult, error) {
	p.mu.Lock()
	p.calls = append(p.calls, entries)
	p.hops = append(p.hops, switchyard.HopsFrom(ctx))
	result := p.result
	p.mu.Unlock()
	if result != nil {
		return result(entries)
	}
	res := switchyard.PutEventsResult{}
	for i := range entries {
		res.Entries = append(res.Entries, switchyard.ResultEntry{EventID: fmt.Sprintf("id-%d", i)})
	}
	return res, nil
}

func busTestDelivery() switchyard.Delivery {
	ev := &switchyard.Event{
		Version: "0", ID: "11111111-2222-4333-8444-555555555555", DetailType: "OrderPlaced",
		Source: "com.example.shop", Account: "123456789012",
		Time: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Region: "us-east-1",
		Resources:   []string{"arn:aws:s3:::a", "arn:aws:s3:::b"},
		Detail:      json.RawMessage(`{"id":42}`),
		TraceHeader: "Root=1-5759e988-bd862e3fe1be46a994272793",
	}
	return switchyard.Delivery{Event: ev, Payload: []byte(`"transformed"`), Attempt: 1}
}

func TestBusForwardsEvent(t *testing.T) {
	pub := &busFakePublisher{}
	tg := target.Bus(pub, "arn:aws:events:us-east-1:123456789012:event-bus/audit")
	d := busTestDelivery()
	require.NoError(t, tg.Deliver(context.Background(), d))
	require.Len(t, pub.calls, 1)
	require.Equal(t, []switchyard.Entry{{
		Time:         d.Event.Time,
		Source:       "com.example.shop",
		Resources:    []string{"arn:aws:s3:::a", "arn:aws:s3:::b"},
		DetailType:   "OrderPlaced",
		Detail:       `{"id":42}`,
		EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/audit",
		TraceHeader:  "Root=1-5759e988-bd862e3fe1be46a994272793", // carried on (issue 8)
	}}, pub.calls[0])
	require.Equal(t, []int{1}, pub.hops, "the forwarded call carries one more hop")

	// The entry does not share the event's resources.
	pub.calls[0][0].Resources[0] = "changed"
	require.Equal(t, "arn:aws:s3:::a", d.Event.Resources[0])
}

func TestBusEmptyDetail(t *testing.T) {
	pub := &busFakePublisher{}
	d := busTestDelivery()
	d.Event.Detail = nil
	require.NoError(t, target.Bus(pub, "b").Deliver(context.Background(), d))
	require.Equal(t, "{}", pub.calls[0][0].Detail)
}

func TestBusHopLimit(t *testing.T) {
	tests := []struct {
		name    string
		opts    []target.BusOption
		hops    int // the delivery's hop count
		refused bool
	}{
		// EventBridge: "EventBridge can't route events received from a sender
		// event bus to a third event bus." (eb-bus-to-bus.html)
		{"first hop allowed", nil, 0, false},
		{"second hop refused by default", nil, 1, true},
		{"raised limit allows a chain", []target.BusOption{target.WithMaxHops(3)}, 2, false},
		{"raised limit still ends loops", []target.BusOption{target.WithMaxHops(3)}, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub := &busFakePublisher{}
			ctx := switchyard.WithHops(context.Background(), tt.hops)
			err := target.Bus(pub, "next", tt.opts...).Deliver(ctx, busTestDelivery())
			if !tt.refused {
				require.NoError(t, err)
				require.Equal(t, []int{tt.hops + 1}, pub.hops)
				return
			}
			require.ErrorIs(t, err, switchyard.ErrHopLimit)
			require.True(t, target.IsPermanent(err))
			require.Contains(t, err.Error(), `target: Bus "next": event 11111111-2222-4333-8444-555555555555 has crossed`)
			require.Empty(t, pub.calls, "a refused event is not put")
		})
	}
}

// busLoopBus stands in for a bus with one rule whose target is next: it
// delivers every put event to next with the PutEvents context, which
// carries the hop count, as the in-process bus does.
type busLoopBus struct {
	name string
	next switchyard.Target
	log  *[]string
	errs *[]error
}

func (b *busLoopBus) PutEvents(ctx context.Context, entries []switchyard.Entry) (switchyard.PutEventsResult, error) {
	res := switchyard.PutEventsResult{}
	for _, e := range entries {
		*b.log = append(*b.log, fmt.Sprintf("%s@%d", b.name, switchyard.HopsFrom(ctx)))
		ev := &switchyard.Event{ID: "e", Source: e.Source, DetailType: e.DetailType, Detail: json.RawMessage(e.Detail)}
		if err := b.next.Deliver(ctx, switchyard.Delivery{Event: ev}); err != nil {
			*b.errs = append(*b.errs, err) // a real bus retries or dead-letters
		}
		res.Entries = append(res.Entries, switchyard.ResultEntry{EventID: "e"})
	}
	return res, nil
}

// TestBusLoopEnds wires two buses to each other through Bus targets, as a
// misconfigured pair of rules would, and checks that the event stops.
func TestBusLoopEnds(t *testing.T) {
	var log []string
	var errs []error
	a := &busLoopBus{name: "a", log: &log, errs: &errs}
	b := &busLoopBus{name: "b", log: &log, errs: &errs}
	a.next = target.Bus(b, "b", target.WithMaxHops(4))
	b.next = target.Bus(a, "a", target.WithMaxHops(4))

	require.NoError(t, a.next.Deliver(context.Background(), busTestDelivery()))
	require.Equal(t, []string{"b@1", "a@2", "b@3", "a@4"}, log)
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], switchyard.ErrHopLimit)
	require.True(t, target.IsPermanent(errs[0]))
}

func TestBusFailures(t *testing.T) {
	entryErr := func(code string) func([]switchyard.Entry) (switchyard.PutEventsResult, error) {
		return func([]switchyard.Entry) (switchyard.PutEventsResult, error) {
			return switchyard.PutEventsResult{FailedEntryCount: 1, Entries: []switchyard.ResultEntry{{ErrorCode: code, ErrorMessage: "msg " + code}}}, nil
		}
	}
	callErr := func(err error) func([]switchyard.Entry) (switchyard.PutEventsResult, error) {
		return func([]switchyard.Entry) (switchyard.PutEventsResult, error) { return switchyard.PutEventsResult{}, err }
	}
	tests := []struct {
		name      string
		result    func([]switchyard.Entry) (switchyard.PutEventsResult, error)
		permanent bool
		is        error
		want      string
	}{
		{"entry throttled", entryErr(switchyard.CodeThrottling), false, switchyard.ErrThrottling, "PutEvents rejected the event: ThrottlingException: msg ThrottlingException"},
		{"entry internal failure", entryErr(switchyard.CodeInternalFailure), false, nil, "InternalFailure: msg InternalFailure"},
		{"entry invalid argument", entryErr(switchyard.CodeInvalidArgument), true, nil, "InvalidArgument: msg InvalidArgument"},
		{"entry malformed detail", entryErr(switchyard.CodeMalformedDetail), true, nil, "MalformedDetail"},
		{"entry access denied", entryErr(switchyard.CodeAccessDenied), true, switchyard.ErrAccessDenied, "AccessDeniedException"},
		{"call throttled", callErr(awsreq.Errorf(switchyard.CodeThrottling, "queue full")), false, switchyard.ErrThrottling, `target: Bus "b": PutEvents: ThrottlingException: queue full`},
		{"call internal", callErr(awsreq.Errorf(switchyard.CodeInternal, "oops")), false, switchyard.ErrInternal, "InternalException"},
		{"call validation", callErr(awsreq.Errorf(switchyard.CodeValidation, "too big")), true, switchyard.ErrValidation, "ValidationException: too big"},
		{"call not found", callErr(fmt.Errorf("wrapped: %w", awsreq.Errorf(switchyard.CodeResourceNotFound, "no bus"))), true, switchyard.ErrResourceNotFound, "no bus"},
		{"transport error", callErr(errors.New("connection reset")), false, nil, "connection reset"},
		{"context ended", callErr(context.Canceled), false, context.Canceled, "context canceled"},
		{"wrong result count", func([]switchyard.Entry) (switchyard.PutEventsResult, error) {
			return switchyard.PutEventsResult{}, nil
		}, true, nil, "PutEvents returned 0 results for 1 entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub := &busFakePublisher{result: tt.result}
			err := target.Bus(pub, "b").Deliver(context.Background(), busTestDelivery())
			require.Error(t, err)
			require.Equal(t, tt.permanent, target.IsPermanent(err), "%v", err)
			require.Contains(t, err.Error(), tt.want)
			require.Contains(t, err.Error(), `target: Bus "b"`)
			if tt.is != nil {
				require.ErrorIs(t, err, tt.is)
			}
		})
	}
}

func TestBusMisconfigured(t *testing.T) {
	pub := &busFakePublisher{}
	tests := []struct {
		name string
		tg   switchyard.Target
		d    switchyard.Delivery
		want string
	}{
		{"nil publisher", target.Bus(nil, "b"), busTestDelivery(), `target: Bus "b": publisher is nil`},
		{"empty bus name", target.Bus(pub, ""), busTestDelivery(), `target: Bus "": bus name is empty`},
		{"bad hop limit", target.Bus(pub, "b", target.WithMaxHops(0)), busTestDelivery(), "WithMaxHops: must be at least 1, got 0"},
		{"no event", target.Bus(pub, "b"), switchyard.Delivery{Payload: []byte("{}")}, "the delivery has no event"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.tg.Deliver(context.Background(), tt.d)
			require.True(t, target.IsPermanent(err))
			require.ErrorContains(t, err, tt.want)
		})
	}
	require.Empty(t, pub.calls)
}

func TestBusConcurrent(t *testing.T) {
	pub := &busFakePublisher{}
	tg := target.Bus(pub, "b")
	var wg sync.WaitGroup
	errs := make([]error, 50)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = tg.Deliver(context.Background(), busTestDelivery())
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	require.Len(t, pub.calls, 50)
}

// ExampleBus forwards events from one bus to another. Here a stand-in
// Publisher prints what it receives; in a program it is the destination
// bus itself, or an AWS client.
func ExampleBus() {
	audit := switchyard.Publisher(busPrintPublisher{})
	tg := target.Bus(audit, "audit")

	ev := &switchyard.Event{
		ID: "11111111-2222-4333-8444-555555555555", DetailType: "OrderPlaced", Source: "com.example.shop",
		Time: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Resources: []string{}, Detail: json.RawMessage(`{"id":42}`),
	}
	ctx := context.Background()
	if err := tg.Deliver(ctx, switchyard.Delivery{Event: ev}); err != nil {
		fmt.Println("error:", err)
	}

	// An event that already came from another bus is not forwarded again,
	// as on EventBridge.
	err := tg.Deliver(switchyard.WithHops(ctx, 1), switchyard.Delivery{Event: ev})
	fmt.Println(errors.Is(err, switchyard.ErrHopLimit), target.IsPermanent(err))
	// Output:
	// PutEvents to "audit" (hop 1): com.example.shop OrderPlaced {"id":42}
	// true true
}

type busPrintPublisher struct{}

func (busPrintPublisher) PutEvents(ctx context.Context, entries []switchyard.Entry) (switchyard.PutEventsResult, error) {
	var res switchyard.PutEventsResult
	for _, e := range entries {
		fmt.Printf("PutEvents to %q (hop %d): %s %s %s\n", e.EventBusName, switchyard.HopsFrom(ctx), e.Source, e.DetailType, e.Detail)
		res.Entries = append(res.Entries, switchyard.ResultEntry{EventID: "e-1"})
	}
	return res, nil
}
