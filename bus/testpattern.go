package bus

import (
	"context"
	"encoding/json"

	"github.com/switchyard-go/switchyard"
)

// requiredEventFields are the envelope fields TestEventPattern requires.
// The API reference also lists "resources", but EventBridge accepts an
// event without it.
var requiredEventFields = [...]string{"id", "account", "source", "time", "region", "detail-type"}

// TestEventPattern reports whether an event pattern matches an event, as
// EventBridge's TestEventPattern does. An invalid pattern is an
// InvalidEventPatternException; an event that is not a JSON object with the
// envelope fields id, account, source, time, region and detail-type is a
// ValidationException ("Parameter Event is not valid.").
func (b *Bus) TestEventPattern(ctx context.Context, eventPattern, event string) (bool, error) {
	p, err := b.compilePattern(eventPattern)
	if err != nil {
		return false, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(event), &fields); err != nil || fields == nil {
		return false, awsErr(switchyard.CodeValidation, msgEventInvalid)
	}
	for _, f := range requiredEventFields {
		if _, ok := fields[f]; !ok {
			return false, awsErr(switchyard.CodeValidation, msgEventInvalid)
		}
	}
	return p.Match([]byte(event)), nil
}
