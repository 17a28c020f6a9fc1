package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

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
// the answer printed as the service's {"Result": true|false}. With
// --explain a non-matching event also gets the pattern package's reasons
// under "Reasons" (Switchyard only).
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
	if explain && !matched {
		reasons, err := explainMismatch(p, []byte(event))
		switch {
		case errors.Is(err, errNoExplain):
			fmt.Fprintln(r.stderr, err)
		case err != nil:
			return err
		default:
			out.set("Reasons", reasons)
		}
	}
	return r.print(result{value: out, title: op})
}

// errNoExplain says that this build's pattern package has no Explain yet.
var errNoExplain = errors.New("--explain: this build's pattern package has no (*pattern.Pattern).Explain yet; the result is exact, the reasons are missing")

// explainMismatch asks the pattern why the event does not match. Explain
// is being added to the pattern package alongside this command; it is
// called by name so that this command works with whichever of its forms
// (a string, a list of reasons, a value with a String method) lands.
func explainMismatch(p *pattern.Pattern, event []byte) ([]any, error) {
	m := reflect.ValueOf(p).MethodByName("Explain")
	if !m.IsValid() || m.Type().NumIn() != 1 {
		return nil, errNoExplain
	}
	var arg reflect.Value
	switch m.Type().In(0).Kind() {
	case reflect.String:
		arg = reflect.ValueOf(string(event)).Convert(m.Type().In(0))
	case reflect.Slice:
		arg = reflect.ValueOf(event).Convert(m.Type().In(0))
	default:
		return nil, errNoExplain
	}
	out := m.Call([]reflect.Value{arg})
	if len(out) == 0 {
		return nil, errNoExplain
	}
	if len(out) > 1 {
		if e, ok := out[len(out)-1].Interface().(error); ok && e != nil {
			return nil, e
		}
	}
	return reasonsOf(out[0]), nil
}

func reasonsOf(v reflect.Value) []any {
	if s, ok := v.Interface().(fmt.Stringer); ok && v.Kind() != reflect.Slice {
		return []any{s.String()}
	}
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			return []any{}
		}
		return []any{v.String()}
	case reflect.Slice, reflect.Array:
		out := make([]any, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			out = append(out, fmt.Sprint(v.Index(i).Interface()))
		}
		return out
	}
	return []any{fmt.Sprint(v.Interface())}
}
