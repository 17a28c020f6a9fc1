package target

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/switchyard-go/switchyard"
)

// fuzzEvent is the event the fuzzers apply compiled inputs to when the
// fuzzed event bytes are not used.
const fuzzEvent = `{"version":"0","id":"1","detail-type":"t","source":"s","account":"1","time":"2025-01-01T00:00:00Z",` +
	`"region":"r","resources":["a"],"detail":{"a":{"b":[1,{"c":"d"}],"e":"q\"uote"},"n":1.5,"z":null,"l":["x","y"],"0":0}}`

var fuzzMeta = Meta{RuleARN: "arn:aws:events:r:1:rule/x", RuleName: "x\"y", IngestionTime: time.Unix(1, 0)}

// FuzzInputPath: compiling any path either fails with a ValidationException
// or yields a transform that, applied to any event, neither panics nor
// produces invalid JSON from a valid event.
func FuzzInputPath(f *testing.F) {
	for _, s := range []string{
		"$", "$.detail", "$.detail.a.b[1].c", "$.detail.l[*]", "$.detail.*", "$['detail']['a']", "$.detail.0",
		"$..a", "$.", "$[", "$[01]", "$['a", "$.a b", "$[?(@.x)]", "$.detail.a.e", "$.@this", "$.#",
	} {
		f.Add(s, []byte(fuzzEvent))
	}
	f.Add("$.detail", []byte(`{"detail":`))
	f.Add("$.a[*]", []byte(`{"a":[1,"x\`))
	f.Fuzz(func(t *testing.T, path string, event []byte) {
		tr, err := CompileInput("t", Input{InputPath: path})
		if err != nil {
			requireValidation(t, err)
			return
		}
		for _, ev := range [][]byte{[]byte(fuzzEvent), event} {
			out, err := tr.Apply(nil, ev, fuzzMeta)
			if err == nil && json.Valid(ev) && !json.Valid(out) {
				t.Fatalf("path %q on %s gave invalid JSON %s", path, ev, out)
			}
		}
	})
}

// FuzzTemplate: any template either fails to compile with a
// ValidationException or, applied to any event, never panics; a JSON
// template applied to a valid event yields valid JSON or a transform error.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		`{"a": <a>, "b": "<b> and <c>", "t": <aws.events.event.ingestion-time>}`,
		`"instance <a> is <b>"`,
		`<a> is in state <b>`,
		"\"<a>\"\n\"<l>\"",
		`[<a>, "<n>", <z>, <l>, <aws.events.event>, <aws.events.event.json>]`,
		`{"x": "<aws.events.rule-arn> <aws.events.rule-name>"}`,
		`{"a": <nope>}`, `{<a>: 1}`, `{"a": 1,}`, `["\u12"]`, `"a < b > c <>"`,
	} {
		f.Add(s, []byte(fuzzEvent))
	}
	f.Add(`{"a": <a>}`, []byte(`{"detail":{"a":"\`))
	paths := map[string]string{
		"a": "$.detail.a", "b": "$.detail.a.b[1].c", "c": "$.detail.a.e", "n": "$.detail.n",
		"z": "$.detail.z", "l": "$.detail.l[*]", "m": "$.missing",
	}
	f.Fuzz(func(t *testing.T, template string, event []byte) {
		tr, err := CompileInput("t", Input{InputTransformer: &InputTransformer{InputPathsMap: paths, InputTemplate: template}})
		if err != nil {
			requireValidation(t, err)
			return
		}
		for _, ev := range [][]byte{[]byte(fuzzEvent), event} {
			out, err := tr.Apply(nil, ev, fuzzMeta)
			if err == nil && isJSONTemplate(template) && json.Valid(ev) && !json.Valid(out) {
				t.Fatalf("template %q on %s gave invalid JSON %s", template, ev, out)
			}
		}
	})
}

func requireValidation(t *testing.T, err error) {
	t.Helper()
	var se *switchyard.Error
	if !errors.As(err, &se) || se.Code != switchyard.CodeValidation || se.Message == "" {
		t.Fatalf("compile error is not a ValidationException: %v", err)
	}
}

// FuzzInputConstant: any constant Input compiles, or fails with AWS's
// "JSON syntax error" message whose line and column fall inside the text
// (or just past its end).
func FuzzInputConstant(f *testing.F) {
	for _, s := range []string{`env:dev`, `{'db_name': 1}`, "{\n x}", `{"a":`, `"ok"`, `[1,2]`, "\xff", ``, `{"a":1}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := CompileInput("t", Input{Input: s})
		if s == "" {
			return // no Input: the whole event
		}
		if err == nil {
			if !json.Valid([]byte(s)) {
				t.Fatalf("accepted invalid JSON %q", s)
			}
			_ = tr
			return
		}
		var se *switchyard.Error
		if !errors.As(err, &se) || se.Code != switchyard.CodeValidation {
			t.Fatalf("%q: %v", s, err)
		}
		line, col := jacksonPosition(s)
		if line < 1 || col < 1 || line > 1+len(s) || col > len(s)+1 {
			t.Fatalf("%q: line %d column %d", s, line, col)
		}
	})
}
