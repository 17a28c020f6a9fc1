package target

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

func transformer(paths map[string]string, template string) Input {
	return Input{InputTransformer: &InputTransformer{InputPathsMap: paths, InputTemplate: template}}
}

// TestCompileInputRejections checks the ValidationException message of every
// rejection. Sources:
//   - [recorded]: testdata/transformer.jsonl, captured from real EventBridge.
//   - [cfn-1010]: EventBridge's message quoted in awsdocs/aws-cloudformation-
//     user-guide issue 1010 ("Input for target LogGroupTarget is not a valid
//     JSON text.").
//   - [model]: the limit is the EventBridge API model's (botocore
//     events/2015-10-07: TargetInput max 8192, TargetInputPath max 256,
//     TransformerPaths max 100, InputTransformerPathKey 1-256 of
//     [A-Za-z0-9\_\-]+, TransformerInput 1-8192); EventBridge's own wording
//     for these was not recorded, so the message names the target and field.
//   - [guide]: the rule is the user guide's ("Amazon EventBridge input
//     transformation": supported JSON path syntax; aws.events.event and
//     aws.events.event.json "can only be used as a value for a JSON field")
//     or the InputTransformer API reference's ("The placeholder cannot be
//     used as an object key"; "The InputTemplate must be valid JSON").
func TestCompileInputRejections(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	manyPaths := map[string]string{}
	for i := range 101 {
		manyPaths[fmt.Sprintf("k%d", i)] = "$.detail"
	}
	tests := []struct {
		name string
		in   Input
		want string
	}{
		// [recorded] test_put_event_input_path_and_input_transformer
		{"InputPath and InputTransformer", Input{InputPath: "$.detail", InputTransformer: &InputTransformer{InputTemplate: `"x"`}},
			"Only one of Input, InputPath, or InputTransformer must be provided for target t1."},
		{"Input and InputPath", Input{Input: `{}`, InputPath: "$.detail"},
			"Only one of Input, InputPath, or InputTransformer must be provided for target t1."},
		{"Input and InputTransformer", Input{Input: `{}`, InputTransformer: &InputTransformer{InputTemplate: `"x"`}},
			"Only one of Input, InputPath, or InputTransformer must be provided for target t1."},
		// [recorded] test_put_events_with_input_transformer_missing_keys
		{"undefined placeholder", transformer(map[string]string{"a": "$.detail"}, `"<a> and <notdefinedkey>"`),
			"InputTemplate for target t1 contains invalid placeholder notdefinedkey."},
		{"undefined placeholder in JSON template", transformer(nil, `{"a": <nope>}`),
			"InputTemplate for target t1 contains invalid placeholder nope."},
		{"undefined placeholder inside JSON string", transformer(nil, `{"a": "x <nope> y"}`),
			"InputTemplate for target t1 contains invalid placeholder nope."},
		{"near-miss reserved name", transformer(nil, `"<aws.events.rule>"`),
			"InputTemplate for target t1 contains invalid placeholder aws.events.rule."},
		{"first invalid placeholder in template order", transformer(nil, `"<zz> <aa>"`),
			"InputTemplate for target t1 contains invalid placeholder zz."},
		// [cfn-1010]
		{"Input not JSON", Input{Input: `{"a":`}, `JSON syntax error in input for target t1: [Source: (String)"{"a":"; line: 1, column: 6]`},
		{"Input plain text", Input{Input: `hello`}, `JSON syntax error in input for target t1: [Source: (String)"hello"; line: 1, column: 6]`},
		// AWS's answer (issue 8).
		{"Input env:dev", Input{Input: `env:dev`}, `JSON syntax error in input for target t1: [Source: (String)"env:dev"; line: 1, column: 4]`},
		// AWS's answer (ansible-collections/community.aws issue 201).
		{"Input single quotes", Input{Input: `{'db_name': 1}`}, `JSON syntax error in input for target t1: [Source: (String)"{'db_name': 1}"; line: 1, column: 3]`},
		{"Input second line", Input{Input: "{\n x}"}, "JSON syntax error in input for target t1: [Source: (String)\"{\n x}\"; line: 2, column: 3]"},
		// [model]
		{"Input too long", Input{Input: `"` + long(8191) + `"`}, "Input for target t1 is longer than 8192 characters."},
		{"InputPath too long", Input{InputPath: "$." + long(255)}, "InputPath for target t1 is longer than 256 characters."},
		{"too many paths", transformer(manyPaths, `"x"`), "InputPathsMap for target t1 has 101 entries; at most 100 are allowed."},
		{"key with a dot", transformer(map[string]string{"a.b": "$.detail"}, `"x"`),
			`InputPathsMap for target t1 has invalid key "a.b": keys are 1 to 256 characters of A-Z, a-z, 0-9, _ and -.`},
		{"reserved-looking key", transformer(map[string]string{"aws.events.rule-arn": "$.detail"}, `"x"`),
			`InputPathsMap for target t1 has invalid key "aws.events.rule-arn": keys are 1 to 256 characters of A-Z, a-z, 0-9, _ and -.`},
		{"empty key", transformer(map[string]string{"": "$.detail"}, `"x"`),
			`InputPathsMap for target t1 has invalid key "": keys are 1 to 256 characters of A-Z, a-z, 0-9, _ and -.`},
		{"key too long", transformer(map[string]string{long(257): "$.detail"}, `"x"`),
			`InputPathsMap for target t1 has invalid key "` + long(257) + `": keys are 1 to 256 characters of A-Z, a-z, 0-9, _ and -.`},
		{"path value too long", transformer(map[string]string{"a": "$." + long(255)}, `"x"`),
			"InputPathsMap value for key a of target t1 is longer than 256 characters."},
		{"empty template", transformer(map[string]string{"a": "$.detail"}, ""),
			"InputTemplate for target t1 must be 1 to 8192 characters long."},
		{"template too long", transformer(nil, `"`+long(8191)+`"`),
			"InputTemplate for target t1 must be 1 to 8192 characters long."},
		// [guide] JSON path syntax
		{"InputPath without $", Input{InputPath: "detail"}, "InputPath for target t1 is not a valid JSON path: it must start with $."},
		{"InputPath deep scan", Input{InputPath: "$..detail"}, "InputPath for target t1 is not a valid JSON path: empty member name at offset 2."},
		{"InputPath trailing dot", Input{InputPath: "$.detail."}, "InputPath for target t1 is not a valid JSON path: empty member name at offset 9."},
		{"InputPath filter", Input{InputPath: "$.detail[?(@.a)]"}, "InputPath for target t1 is not a valid JSON path: unsupported bracket expression at offset 8."},
		{"InputPath slice", Input{InputPath: "$.list[0:2]"}, "InputPath for target t1 is not a valid JSON path: expected ] at offset 8."},
		{"InputPath negative index", Input{InputPath: "$.list[-1]"}, "InputPath for target t1 is not a valid JSON path: unsupported bracket expression at offset 6."},
		{"InputPath space", Input{InputPath: "$.detail .a"}, `InputPath for target t1 is not a valid JSON path: unexpected ' ' at offset 8.`},
		{"InputPath unterminated bracket", Input{InputPath: "$.a['b"}, "InputPath for target t1 is not a valid JSON path: unterminated quoted name at offset 4."},
		{"InputPathsMap value not a path", transformer(map[string]string{"a": "detail.x"}, `"<a>"`),
			"InputPathsMap value for key a of target t1 is not a valid JSON path: it must start with $."},
		{"InputPathsMap empty path", transformer(map[string]string{"a": ""}, `"<a>"`),
			"InputPathsMap value for key a of target t1 is not a valid JSON path: it must start with $."},
		// [guide] JSON templates
		{"JSON template not JSON", transformer(map[string]string{"a": "$.detail"}, `{"a": <a>,}`),
			`InputTemplate for target t1 is not valid JSON: expected an object key at offset 10.`},
		{"JSON template two values", transformer(map[string]string{"a": "$.detail"}, `{"a": <a> <a>}`),
			`InputTemplate for target t1 is not valid JSON: expected ',' or '}' at offset 10.`},
		{"JSON template trailing text", transformer(nil, `{"a": 1} x`),
			`InputTemplate for target t1 is not valid JSON: unexpected 'x' at offset 9.`},
		{"JSON template unterminated string", transformer(nil, `["abc]`),
			`InputTemplate for target t1 is not valid JSON: unterminated string at offset 1.`},
		{"JSON template bare word", transformer(nil, `[nul]`),
			`InputTemplate for target t1 is not valid JSON: unexpected 'n' at offset 1.`},
		{"JSON template bad number", transformer(nil, `[01]`),
			`InputTemplate for target t1 is not valid JSON: expected ',' or ']' at offset 2.`},
		{"placeholder as object key", transformer(map[string]string{"k": "$.detail"}, `{<k>: 1}`),
			"InputTemplate for target t1 uses placeholder k as an object key; placeholders cannot be object keys."},
		{"placeholder inside object key", transformer(map[string]string{"k": "$.detail"}, `{"x<k>": 1}`),
			"InputTemplate for target t1 uses placeholder k as an object key; placeholders cannot be object keys."},
		{"event inside JSON string", transformer(nil, `{"a": "<aws.events.event>"}`),
			"InputTemplate for target t1 uses <aws.events.event> outside a JSON value; it can only be used as the value of a JSON field."},
		{"event JSON in text template", transformer(nil, `"got <aws.events.event.json>"`),
			"InputTemplate for target t1 uses <aws.events.event.json> outside a JSON value; it can only be used as the value of a JSON field."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := CompileInput("t1", tt.in)
			require.Nil(t, tr)
			require.Error(t, err)
			var se *switchyard.Error
			require.ErrorAs(t, err, &se)
			require.Equal(t, switchyard.CodeValidation, se.Code)
			require.Equal(t, tt.want, se.Message)
			require.ErrorIs(t, err, switchyard.ErrValidation)
		})
	}
}

func TestCompileInputAccepts(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		kind transformKind
	}{
		{"constant object", Input{Input: `{"a": 1}`}, kindConstant},
		{"constant string", Input{Input: `"hello"`}, kindConstant},
		{"constant number", Input{Input: `42`}, kindConstant},
		{"root path", Input{InputPath: "$"}, kindPath},
		{"dot path", Input{InputPath: "$.detail.a-b_c/d"}, kindPath},
		{"index path", Input{InputPath: "$.detail.list[0]"}, kindPath},
		{"wildcard path", Input{InputPath: "$.detail.list[*].id"}, kindPath},
		{"bracket name", Input{InputPath: "$['detail']['a.b']"}, kindPath},
		{"path at the length limit", Input{InputPath: "$." + strings.Repeat("a", 254)}, kindPath},
		{"template without paths", transformer(nil, `"<aws.events.rule-name> triggered"`), kindTemplate},
		{"100 paths", transformer(hundredPaths(), `"x"`), kindTemplate},
		{"unused paths are fine", transformer(map[string]string{"a": "$.x", "b": "$.y"}, `"<a>"`), kindTemplate},
		{"JSON array template", transformer(map[string]string{"a": "$.x"}, ` [<a>, "<a>", 1, true, null, -1.5e3] `), kindTemplate},
		{"text with stray brackets", transformer(nil, `a < b and c > d, <> and <<`), kindTemplate},
		{"not-quite JSON text template", transformer(nil, `"one" "two"`), kindTemplate},
		{"key at the length limit", transformer(map[string]string{strings.Repeat("k", 256): "$.x"}, `"x"`), kindTemplate},
		{"template at the length limit", transformer(nil, `"`+strings.Repeat("a", 8190)+`"`), kindTemplate},
		{"multibyte template counts characters", transformer(nil, `"`+strings.Repeat("é", 8190)+`"`), kindTemplate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := CompileInput("t1", tt.in)
			require.NoError(t, err)
			require.NotNil(t, tr)
			require.Equal(t, tt.kind, tr.kind)
		})
	}
}

func hundredPaths() map[string]string {
	m := map[string]string{}
	for i := range 100 {
		m[fmt.Sprintf("k%d", i)] = "$.detail"
	}
	return m
}

func TestCompileInputZero(t *testing.T) {
	tr, err := CompileInput("t1", Input{})
	require.NoError(t, err)
	require.Nil(t, tr, "a zero Input delivers the whole event")

	out, err := tr.Apply([]byte("x"), []byte(`{"id":"1"}`), Meta{})
	require.NoError(t, err)
	require.Equal(t, `x{"id":"1"}`, string(out))
}

func TestZeroTransformFails(t *testing.T) {
	var tr Transform
	out, err := tr.Apply([]byte("x"), []byte(`{}`), Meta{})
	require.ErrorIs(t, err, ErrTransform)
	require.True(t, IsPermanent(err))
	require.Equal(t, "x", string(out))
}
