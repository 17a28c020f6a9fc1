package target

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/switchyard-go/switchyard"
)

// busDefaultMaxHops is EventBridge's limit: an event may go from one bus to
// another once. "EventBridge can't route events received from a sender
// event bus to a third event bus." (user guide, "Sending and receiving
// Amazon EventBridge events between event buses in the same account and
// Region", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-bus-to-bus.html)
const busDefaultMaxHops = 1

// BusOption configures Bus.
type BusOption func(*busTarget)

// WithMaxHops sets how many bus-to-bus hops an event may make in total
// before a Bus target refuses to forward it. Default 1, EventBridge's
// limit; raise it to build chains of buses. n must be at least 1.
func WithMaxHops(n int) BusOption {
	return func(b *busTarget) { b.maxHops = n }
}

// Bus returns a target that forwards each delivered event to the bus named
// busName (a name or an ARN) through pub: the in-process bus, or any other
// Publisher such as an AWS client. The event's source, detail-type, detail,
// resources, time and trace header are put as a new event; the payload
// after input transformation is not used. (A rule target naming a bus of
// the same Bus by ARN forwards the event itself, id and account kept, as
// EventBridge does; see package bus.)
//
// The forwarded PutEvents call carries the hop count, one more than the
// delivery's (switchyard.HopsFrom), so that the receiving bus can pass it
// on; an event that has already made the allowed number of hops is refused
// with a permanent error wrapping switchyard.ErrHopLimit, which is how loops between
// buses end.
//
// Failures map to EventBridge's retry rules: a ThrottlingException or
// InternalFailure, from the whole call or for the entry, and transport
// errors are retryable; other error codes are permanent. Misconfiguration
// (a nil pub, an empty busName, WithMaxHops below 1) fails every delivery
// permanently, naming the problem.
func Bus(pub switchyard.Publisher, busName string, opts ...BusOption) switchyard.Target {
	b := &busTarget{pub: pub, bus: busName, maxHops: busDefaultMaxHops}
	for _, opt := range opts {
		opt(b)
	}
	switch {
	case pub == nil:
		b.config = errors.New("publisher is nil")
	case busName == "":
		b.config = errors.New("bus name is empty")
	case b.maxHops < 1:
		b.config = fmt.Errorf("WithMaxHops: must be at least 1, got %d", b.maxHops)
	}
	return b
}

type busTarget struct {
	pub     switchyard.Publisher
	bus     string
	maxHops int
	config  error
}

// Deliver puts d.Event on the destination bus.
func (b *busTarget) Deliver(ctx context.Context, d switchyard.Delivery) error {
	if b.config != nil {
		return Permanent(fmt.Errorf("target: Bus %q: %w", b.bus, b.config))
	}
	if d.Event == nil {
		return Permanent(fmt.Errorf("target: Bus %q: the delivery has no event", b.bus))
	}
	hops := switchyard.HopsFrom(ctx)
	if hops >= b.maxHops {
		return Permanent(fmt.Errorf("target: Bus %q: event %s has crossed %d bus(es) already, the limit is %d: %w",
			b.bus, d.Event.ID, hops, b.maxHops, switchyard.ErrHopLimit))
	}
	detail := string(d.Event.Detail)
	if detail == "" {
		detail = "{}"
	}
	entry := switchyard.Entry{
		Time:         d.Event.Time,
		Source:       d.Event.Source,
		Resources:    slices.Clone(d.Event.Resources),
		DetailType:   d.Event.DetailType,
		Detail:       detail,
		EventBusName: b.bus,
		TraceHeader:  d.Event.TraceHeader,
	}
	res, err := b.pub.PutEvents(switchyard.WithHops(ctx, hops+1), []switchyard.Entry{entry})
	if err != nil {
		err = fmt.Errorf("target: Bus %q: PutEvents: %w", b.bus, err)
		var se *switchyard.Error
		if errors.As(err, &se) && !busRetryable(se.Code) {
			return Permanent(err)
		}
		return err
	}
	if len(res.Entries) != 1 {
		return Permanent(fmt.Errorf("target: Bus %q: PutEvents returned %d results for 1 entry", b.bus, len(res.Entries)))
	}
	r := res.Entries[0]
	if !r.Failed() {
		return nil
	}
	err = fmt.Errorf("target: Bus %q: PutEvents rejected the event: %w",
		b.bus, &switchyard.Error{Code: r.ErrorCode, Message: r.ErrorMessage})
	if !busRetryable(r.ErrorCode) {
		return Permanent(err)
	}
	return err
}

// busRetryable reports whether an EventBridge error code is worth a retry:
// per the PutEventsResultEntry reference, InternalFailure and
// ThrottlingException are; request-level InternalException is the same
// failure reported for the whole call.
func busRetryable(code string) bool {
	switch code {
	case switchyard.CodeThrottling, switchyard.CodeInternalFailure, switchyard.CodeInternal:
		return true
	}
	return false
}
