package cli

import (
	"encoding/json"
	"fmt"

	"github.com/switchyard-go/switchyard/pattern"
)

// EventBridge's limits and wording for TestEventPattern, as the bus package
// applies them (bus/limits.go, bus/testpattern.go, bus/errors.go).
const (
	maxPatternSize  = 2048
	msgEventInvalid = "Parameter Event is not valid."
)

// requiredEventFields are the envelope fields TestEventPattern requires of
// the event (EventBridge API reference, TestEventPattern).
var requiredEventFields = [...]string{"id", "account", "source", "time", "region", "detail-type"}

// testEventPatternLocal answers test-event-pattern without a server: the
// pattern is compiled and matched here, with EventBridge's validation, and
// the answer printed as the service's {"Result": true|false}.
//
// --explain (Switchyard only) adds the pattern's Explanation: on stdout
// under "Explanation", structured (branches, conditions, what the event
// held), so that --query can pick at it; on stderr as text for a person:
// "no match", then a line per failed condition such as
// `source: has "com.other", wants "com.mycompany.myapp"`.
func (r *runner) testEventPatternLocal(req map[string]any, explain bool) error {
	src, _ := req["EventPattern"].(string)
	event, _ := req["Event"].(string)
	const op = "TestEventPattern"
	if n := len([]rune(src)); n > maxPatternSize {
		return &ServiceError{Operation: op, Code: "LimitExceededException", Message: fmt.Sprintf("Event pattern is too long: %d characters, the limit is %d.", n, maxPatternSize)}
	}
	p, err := pattern.Compile([]byte(src))
	if err != nil {
		return &ServiceError{Operation: op, Code: "InvalidEventPatternException", Message: "Event pattern is not valid. Reason: " + err.Error()}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(event), &fields); err != nil || fields == nil {
		return &ServiceError{Operation: op, Code: "ValidationException", Message: msgEventInvalid}
	}
	for _, f := range requiredEventFields {
		if _, ok := fields[f]; !ok {
			return &ServiceError{Operation: op, Code: "ValidationException", Message: msgEventInvalid}
		}
	}
	matched := p.Match([]byte(event))
	out := &jsonObject{}
	out.set("Result", matched)
	if explain {
		ex := p.Explain([]byte(event))
		raw, err := json.Marshal(ex)
		if err != nil {
			return fmt.Errorf("--explain: %w", err)
		}
		v, err := decodeOrdered(raw)
		if err != nil {
			return fmt.Errorf("--explain: %w", err)
		}
		out.set("Explanation", v)
		fmt.Fprintln(r.stderr, ex.String())
	}
	return r.print(result{value: out, title: op})
}
