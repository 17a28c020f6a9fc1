package switchyard

import (
	"context"
	"time"
)

// Publisher accepts events, as EventBridge's PutEvents does. The in-process
// bus implements it; so will an HTTP client and an AWS-backed adapter, so
// application code written against Publisher can move between them.
//
// A request-level failure (more than the allowed number of entries, a
// request over the size limit, a closed bus) is returned as an error and no
// result; per-entry failures are reported in the result with a nil error.
type Publisher interface {
	PutEvents(ctx context.Context, entries []Entry) (PutEventsResult, error)
}

// Filter decides whether a rule matches an event given as its JSON
// envelope. *pattern.Pattern implements it; custom Go logic can too.
// Match must be safe for concurrent use and must not retain event.
type Filter interface {
	Match(event []byte) bool
}

// Target receives the events a rule routes to it. Deliver is called from the
// bus's delivery workers, never with a bus lock held, and may be called
// concurrently. A nil error acknowledges the delivery; any other error is
// retried under the target's retry policy unless it is permanent (see
// package target).
type Target interface {
	Deliver(ctx context.Context, d Delivery) error
}

// BatchTarget is a Target that can take several deliveries in one call,
// such as a store that makes one commit per call. When a target implements
// it, the bus hands it up to Limits.DeliveryBatch deliveries at a time.
// DeliverBatch sets errs[i] (len(errs) == len(ds), all nil on entry) for
// each delivery that failed and leaves it nil for each one delivered;
// failures are retried one by one under the target's retry policy, as
// Deliver's are. It must not retain ds or their payloads after returning.
type BatchTarget interface {
	Target
	DeliverBatch(ctx context.Context, ds []Delivery, errs []error)
}

// TargetFunc adapts a function to the Target interface.
type TargetFunc func(ctx context.Context, d Delivery) error

// Deliver calls f(ctx, d).
func (f TargetFunc) Deliver(ctx context.Context, d Delivery) error { return f(ctx, d) }

// Delivery is one event on its way to one target.
type Delivery struct {
	// Event is the routed event. Targets must not modify it.
	Event *Event
	// Payload is what the target receives after input transformation: the
	// whole event's JSON by default. Targets must not modify or retain it
	// after Deliver returns; copy it to keep it.
	Payload []byte
	// RuleARN and RuleName identify the rule that matched.
	RuleARN  string
	RuleName string
	// TargetID is the target's id within the rule; TargetARN its ARN.
	TargetID  string
	TargetARN string
	// IngestionTime is when the bus accepted the event.
	IngestionTime time.Time
	// Attempt counts delivery attempts, starting at 1.
	Attempt int
	// Attributes is set on deliveries to a dead-letter target: RULE_ARN,
	// TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION and
	// RETRY_ATTEMPTS, as EventBridge sets them on its dead-letter messages.
	Attributes map[string]string
}

type hopsKey struct{}

// WithHops returns a context that records how many buses an event has
// already crossed. Bus-to-bus targets increment it so that a bus can refuse
// an event that has looped too often. A target of your own that puts the
// events it receives back on a bus (or on another Publisher) should call
// PutEvents with WithHops(ctx, HopsFrom(ctx)+1), so that loops end with
// ErrHopLimit instead of running forever.
func WithHops(ctx context.Context, hops int) context.Context {
	return context.WithValue(ctx, hopsKey{}, hops)
}

// HopsFrom returns the hop count recorded by WithHops, or 0.
func HopsFrom(ctx context.Context) int {
	n, _ := ctx.Value(hopsKey{}).(int)
	return n
}
