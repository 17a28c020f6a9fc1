package bus

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/pattern"
)

// requiredEventFields are the envelope fields TestEventPattern requires.
// The API reference also lists "resources", but EventBridge accepts an
// event without it.
var requiredEventFields = [...]string{"id", "account", "source", "time", "region", "detail-type"}

// TestEventPatternInput is the input of TestEventPattern.
type TestEventPatternInput struct {
	EventPattern string `json:"EventPattern"`
	Event        string `json:"Event"` // the event's JSON envelope
}

// TestEventPatternOutput is the result of TestEventPattern.
type TestEventPatternOutput struct {
	Result bool `json:"Result"`
}

// TestEventPattern reports whether an event pattern matches an event, as
// EventBridge's TestEventPattern does. An invalid pattern is an
// InvalidEventPatternException whose message says why; an event that is
// not a JSON object with the envelope fields id, account, source, time,
// region and detail-type is a ValidationException with AWS's message
// "Parameter Event is not valid." whose cause (in Error() and Unwrap) names
// the problem.
func (b *Bus) TestEventPattern(ctx context.Context, in TestEventPatternInput) (TestEventPatternOutput, error) {
	p, err := b.checkTestInput(in.EventPattern, in.Event)
	if err != nil {
		return TestEventPatternOutput{}, err
	}
	return TestEventPatternOutput{Result: p.Match([]byte(in.Event))}, nil
}

// ExplainEventPatternInput is the input of ExplainEventPattern.
type ExplainEventPatternInput struct {
	EventPattern string `json:"EventPattern"`
	Event        string `json:"Event"` // the event's JSON envelope
}

// ExplainEventPatternOutput says whether the pattern matches the event,
// and why.
type ExplainEventPatternOutput struct {
	Result bool `json:"Result"` // TestEventPattern's answer
	// Explanation goes through the pattern branch by branch ("$or"
	// alternatives), condition by condition: the path, the pattern's
	// tests, what the event holds there, and whether it holds.
	Explanation *pattern.Explanation `json:"Explanation"`
}

// ExplainEventPattern is TestEventPattern with the reasons: a Switchyard
// operation (EventBridge has none like it) for finding out why a rule
// does not match an event. It takes and validates the same input and
// fails in the same ways.
func (b *Bus) ExplainEventPattern(ctx context.Context, in ExplainEventPatternInput) (ExplainEventPatternOutput, error) {
	p, err := b.checkTestInput(in.EventPattern, in.Event)
	if err != nil {
		return ExplainEventPatternOutput{}, err
	}
	ex := p.Explain([]byte(in.Event))
	return ExplainEventPatternOutput{Result: ex.Matched, Explanation: ex}, nil
}

// checkTestInput validates a pattern and an event as TestEventPattern
// does and returns the compiled pattern.
func (b *Bus) checkTestInput(eventPattern, event string) (*pattern.Pattern, error) {
	in := TestEventPatternInput{EventPattern: eventPattern, Event: event}
	var v awsreq.Violations
	if in.EventPattern == "" {
		v.Required("eventPattern")
	}
	if in.Event == "" {
		v.Required("event")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	p, err := b.compilePattern(in.EventPattern)
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(in.Event), &fields); err != nil || fields == nil {
		reason := "the event is not a JSON object"
		if err != nil {
			reason += ": " + err.Error()
		}
		return nil, &switchyard.Error{Code: switchyard.CodeValidation, Message: msgEventInvalid, Err: errors.New(reason)}
	}
	for _, f := range requiredEventFields {
		if _, ok := fields[f]; !ok {
			return nil, &switchyard.Error{Code: switchyard.CodeValidation, Message: msgEventInvalid,
				Err: errors.New("the event has no \"" + f + "\" field")}
		}
	}
	return p, nil
}
