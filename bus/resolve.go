package bus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
)

// Target ARNs
//
// A rule's Target, and its DeadLetterConfig, name where deliveries go by
// ARN, as on EventBridge. PutTargets resolves each ARN to a
// switchyard.Target, in this order:
//
//  1. a Go value given with the target (Target.Target, Target.DeadLetter);
//  2. a target registered for exactly that ARN with RegisterTarget;
//  3. an event bus ARN ("arn:aws:events:<region>:<account>:event-bus/<name>"),
//     which forwards to that bus of this Bus, any account or region: the
//     event keeps its id, account, region and time, the receiving bus's
//     policy must admit the sender's account, and, as on EventBridge, an
//     event that already came from another bus is not forwarded again;
//  4. an API destination ARN of this Bus, which invokes it with the
//     target's HttpParameters through its connection;
//  5. the resolvers added with WithTargetResolver, in order.
//
// An ARN none of them knows fails PutTargets with a ValidationException
// naming the target and the ARN. Buses and API destinations are looked up
// again at each delivery, so that updating or deleting them takes effect
// on rules that already point at them.

// TargetResolver resolves a target ARN to the Go target that receives its
// deliveries: the extension point through which other packages plug AWS
// services in (package targets/aws resolves SQS, SNS, Lambda, Kinesis,
// Firehose, Step Functions and CloudWatch Logs ARNs). t is the rule target
// as PutTargets was given it, so a resolver can read its service's
// parameters (SqsParameters, KinesisParameters, ...); for a dead-letter
// target, t carries only the ID and the dead-letter ARN.
//
// A resolver returns (nil, nil) for an ARN it does not handle, so that the
// next one is asked, and an error for an ARN it handles but cannot serve;
// that error fails PutTargets. It is called without any bus lock held.
type TargetResolver func(ctx context.Context, t Target) (switchyard.Target, error)

// RegisterTarget makes arn resolve to t in PutTargets, for the targets
// and dead-letter targets of rules created afterwards; a nil t removes the
// registration. Use it to give a Go target an AWS-shaped ARN, e.g. an
// in-memory stand-in for an SQS queue in tests:
//
//	b.RegisterTarget("arn:aws:sqs:us-east-1:123456789012:orders", target.Chan(ch))
func (b *Bus) RegisterTarget(arn string, t switchyard.Target) error {
	if arn == "" {
		return awsErr(switchyard.CodeValidation, "Parameter Arn is not valid. Reason: the ARN is empty.")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if t == nil {
		delete(b.registered, arn)
		return nil
	}
	if b.registered == nil {
		b.registered = map[string]switchyard.Target{}
	}
	b.registered[arn] = t
	return nil
}

// resolveTarget sets rt.target and rt.dlq from their ARNs where no Go
// value was given.
func (b *Bus) resolveTarget(ctx context.Context, rt *ruleTarget) error {
	if rt.target == nil {
		t, err := b.resolveARN(ctx, rt.spec, rt.spec.ARN)
		if err != nil {
			return err
		}
		rt.target = t
	} else if rt.spec.HTTPParameters != nil && isAPIDestinationARN(rt.spec.ARN) {
		// A Go value wins; HttpParameters are for the API destination it
		// replaces, and would silently not apply.
		return invalidTarget(rt.id, "HttpParameters", "the target has a Go Target, which receives the payload as it is")
	}
	if rt.dlq == nil && rt.dlqARN != "" {
		t, err := b.resolveARN(ctx, Target{ID: rt.id, ARN: rt.dlqARN}, rt.dlqARN)
		if err != nil {
			return err
		}
		rt.dlq = t
	}
	return nil
}

// resolveARN resolves one ARN; see "Target ARNs".
func (b *Bus) resolveARN(ctx context.Context, spec Target, arn string) (switchyard.Target, error) {
	b.mu.Lock()
	t := b.registered[arn]
	b.mu.Unlock()
	if t != nil {
		return t, nil
	}
	if busArn, _, ok := busRef(scope{}, arn); ok && strings.HasPrefix(arn, "arn:") {
		return &busForward{b: b, arn: busArn}, nil
	}
	if isAPIDestinationARN(arn) {
		return b.apiDestinationTarget(spec)
	}
	for _, r := range b.cfg.resolvers {
		t, err := r(ctx, spec)
		if err != nil {
			return nil, &switchyard.Error{Code: switchyard.CodeValidation,
				Message: "Parameter Arn is not valid for target " + spec.ID + ". Reason: " + err.Error(), Err: err}
		}
		if t != nil {
			return t, nil
		}
	}
	return nil, invalidTarget(spec.ID, "Arn", "no target is registered for ARN "+arn+" (see bus.RegisterTarget and bus.WithTargetResolver)")
}

// invalidTarget is the ValidationException for a target field.
func invalidTarget(id, field, reason string) error {
	return awsErr(switchyard.CodeValidation, "Parameter "+field+" is not valid for target "+id+". Reason: "+reason+".")
}

// busForward is the target an event bus ARN resolves to.
type busForward struct {
	b   *Bus
	arn string
}

// Deliver forwards d.Event to the bus, keeping its id, account, region
// and time, as an event bus target does on EventBridge. An event that has
// already crossed a bus is refused for good (the user guide, "Sending and
// receiving Amazon EventBridge events between event buses": "EventBridge
// can't route events received from a sender event bus to a third event
// bus"), wrapping switchyard.ErrHopLimit; so is an event the receiving
// bus's policy does not admit, and one for a bus that does not exist.
// A full queue is retried.
func (f *busForward) Deliver(ctx context.Context, d switchyard.Delivery) error {
	if d.Event == nil {
		return target.Permanent(fmt.Errorf("bus: event bus target %s: the delivery has no event", f.arn))
	}
	hops := switchyard.HopsFrom(ctx)
	if hops >= 1 {
		return target.Permanent(fmt.Errorf("bus: event bus target %s: event %s came from another event bus: %w", f.arn, d.Event.ID, switchyard.ErrHopLimit))
	}
	ev := *d.Event
	ev.Resources = slices.Clone(ev.Resources)
	ev.Detail = slices.Clone(ev.Detail)
	err := f.b.Route(switchyard.WithHops(ctx, hops+1), RouteInput{EventBusName: f.arn, Event: ev})
	if err == nil {
		return nil
	}
	err = fmt.Errorf("bus: event bus target %s: %w", f.arn, err)
	if errors.Is(err, switchyard.ErrThrottling) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return target.Permanent(err)
}

// isAPIDestinationARN reports whether arn names an API destination.
func isAPIDestinationARN(arn string) bool {
	a, ok := parseARN(arn)
	return ok && a.service == "events" && strings.HasPrefix(a.resource, "api-destination/")
}
