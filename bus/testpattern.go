package bus

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/switchyard-go/switchyard"
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
	var v switchyard.Violations
	if in.EventPattern == "" {
		v.Required("eventPattern")
	}
	if in.Event == "" {
		v.Required("event")
	}
	if err := v.Err(); err != nil {
		return TestEventPatternOutput{}, err
	}
	p, err := b.compilePattern(in.EventPattern)
	if err != nil {
		return TestEventPatternOutput{}, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(in.Event), &fields); err != nil || fields == nil {
		reason := "the event is not a JSON object"
		if err != nil {
			reason += ": " + err.Error()
		}
		return TestEventPatternOutput{}, &switchyard.Error{Code: switchyard.CodeValidation, Message: msgEventInvalid, Err: errors.New(reason)}
	}
	for _, f := range requiredEventFields {
		if _, ok := fields[f]; !ok {
			return TestEventPatternOutput{}, &switchyard.Error{Code: switchyard.CodeValidation, Message: msgEventInvalid,
				Err: errors.New("the event has no \"" + f + "\" field")}
		}
	}
	return TestEventPatternOutput{Result: p.Match([]byte(in.Event))}, nil
}
