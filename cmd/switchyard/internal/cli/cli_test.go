package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// run runs a command line with a pinned environment and returns stdout,
// stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	env := map[string]string{"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1"}
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errOut, WithEnv(func(k string) string { return env[k] }))
	return out.String(), errOut.String(), code
}

func TestTestEventPatternOffline(t *testing.T) {
	// The seed example's form, with no server and no data directory.
	out, errOut, code := run(t, "events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", "file://testdata/event.json")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "{\n    \"Result\": true\n}\n", out)

	out, _, code = run(t, "events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", "file://testdata/event-nomatch.json")
	require.Equal(t, 0, code)
	require.Equal(t, "{\n    \"Result\": false\n}\n", out)

	out, _, code = run(t, "events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", "file://testdata/event.json", "--output", "text")
	require.Equal(t, 0, code)
	require.Equal(t, "True\n", out)

	out, _, code = run(t, "events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", "file://testdata/event.json", "--query", "Result")
	require.Equal(t, 0, code)
	require.Equal(t, "true\n", out)
}

func TestTestEventPatternErrors(t *testing.T) {
	// EventBridge's codes and messages (bus/testpattern.go, API reference).
	_, errOut, code := run(t, "events", "test-event-pattern", "--event-pattern", `{"source": "x"}`, "--event", "file://testdata/event.json")
	require.Equal(t, 254, code)
	require.Contains(t, errOut, "An error occurred (InvalidEventPatternException) when calling the TestEventPattern operation: Event pattern is not valid. Reason: ")

	_, errOut, code = run(t, "events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", `{"source": "x"}`)
	require.Equal(t, 254, code)
	require.Contains(t, errOut, "An error occurred (ValidationException) when calling the TestEventPattern operation: Parameter Event is not valid.")

	long := `{"source": ["` + strings.Repeat("a", 2100) + `"]}`
	_, errOut, code = run(t, "events", "test-event-pattern", "--event-pattern", long, "--event", "file://testdata/event.json")
	require.Equal(t, 254, code)
	require.Contains(t, errOut, "(LimitExceededException)")
}

func TestTestEventPatternExplain(t *testing.T) {
	out, errOut, code := run(t, "events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", "file://testdata/event-nomatch.json", "--explain")
	require.Equal(t, 0, code, errOut)
	var v struct {
		Result      bool
		Explanation struct {
			Matched  bool `json:"matched"`
			Branches []struct {
				Conditions []struct {
					Path    string `json:"path"`
					Matched bool   `json:"matched"`
				} `json:"conditions"`
			} `json:"branches"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &v), out)
	require.False(t, v.Result)
	require.False(t, v.Explanation.Matched)
	require.Len(t, v.Explanation.Branches, 1)
	failed := map[string]bool{}
	for _, c := range v.Explanation.Branches[0].Conditions {
		if !c.Matched {
			failed[c.Path] = true
		}
	}
	require.Equal(t, map[string]bool{"source": true, "detail.key1": true}, failed)
	require.Contains(t, errOut, "no match")
	require.Contains(t, errOut, `source: has "com.other", wants "com.mycompany.myapp"`)

	// The explanation is data: --query reaches into it.
	out, _, code = run(t, "events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", "file://testdata/event-nomatch.json", "--explain",
		"--query", "Explanation.branches[0].conditions[?!matched].path", "--output", "text")
	require.Equal(t, 0, code)
	require.Equal(t, "source\tdetail.key1\n", out)

	out, errOut, code = run(t, "events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", "file://testdata/event.json", "--explain")
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(out, "{\n    \"Result\": true,\n    \"Explanation\": {\n        \"matched\": true,"), out)
	require.Contains(t, errOut, "match")
}

func TestValidateRules(t *testing.T) {
	out, errOut, code := run(t, "events", "validate-rules", "testdata/rules")
	require.Equal(t, 1, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, "7 patterns in 6 files checked, 3 invalid", lines[len(lines)-1], out)
	require.Contains(t, out, "testdata/rules/bad-pattern.json: $: ")
	require.Contains(t, out, "testdata/rules/nested/main.tf.json: resource.aws_cloudwatch_event_rule.bad.event_pattern: ")
	require.Contains(t, out, "testdata/rules/nested/main.tf.json: resource.aws_cloudwatch_event_rule.computed.event_pattern: skipped: the pattern is a Terraform expression")
	require.Contains(t, out, "testdata/rules/put-rule-input.json: EventPattern: ")
	require.Contains(t, out, "testdata/rules/template.json: Resources.SubRule.Properties.EventPattern: skipped: the pattern is computed by Fn::Sub")
	require.NotContains(t, out, "GoodRule")
	require.NotContains(t, out, "StringRule")
	require.NotContains(t, out, "sample-event.json")

	out, _, code = run(t, "events", "validate-rules", "testdata/rules-ok")
	require.Equal(t, 0, code)
	require.Equal(t, "1 patterns in 1 files checked, 0 invalid\n", out)

	_, errOut, code = run(t, "events", "validate-rules")
	require.Equal(t, 252, code)
	require.Contains(t, errOut, "DIR")
}

// TestUsageErrors checks that a bad command line exits with 252 and that
// the message names the option and the value.
func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"events", "put-eventz"}, "Invalid choice: 'put-eventz', maybe you meant:\n\n  * put-events"},
		{[]string{"events", "put-events"}, "the following arguments are required: --entries"},
		{[]string{"events", "list-rules", "--bogus", "x"}, "Unknown options: --bogus, x"},
		{[]string{"events", "list-rules", "--limit", "abc"}, "Error parsing parameter '--limit': invalid literal for int() with base 10: 'abc'"},
		{[]string{"events", "list-rules", "--limit", "0"}, "Invalid value for parameter Limit, value: 0, valid min value: 1"},
		{[]string{"events", "put-events", "--entries", "a=["}, "Error parsing parameter '--entries': Expected: ',', received: 'EOF' for input:\na=[\n   ^"},
		{[]string{"events", "put-events", "--entries", "[]"}, "Invalid length for parameter Entries, value: 0, valid min length: 1"},
		{[]string{"events", "put-events", "--entries", "Source=a,Foo=b"}, `Unknown parameter in Entries[0]: "Foo", must be one of: Time, Source, Resources, DetailType, Detail, EventBusName, TraceHeader`},
		{[]string{"events", "put-events", "--entries", `[{"Source": 5}]`}, "Invalid type for parameter Entries[0].Source, value: 5, type: <class 'int'>, valid types: <class 'str'>"},
		{[]string{"events", "put-events", "--entries", "file://testdata/missing.json"}, "Error parsing parameter '--entries': Unable to load paramfile file://testdata/missing.json"},
		{[]string{"events", "put-rule", "--name", "r", "--cli-input-json", "{not json"}, "Error parsing parameter '--cli-input-json': Invalid JSON received."},
		{[]string{"events", "put-rule", "--name", "r", "--event-pattern"}, "argument --event-pattern: expected one argument"},
		{[]string{"--output", "yaml", "events", "list-rules"}, "argument --output: Invalid choice"},
		{[]string{"events", "list-rules", "--query", "Rules[", "--generate-cli-skeleton", "output"}, "Bad value for --query Rules["},
		{[]string{"s3", "ls"}, "Invalid choice: 's3'"},
		{[]string{"events", "list-rules", "--n", "x"}, "ambiguous option: --n could match --name-prefix, --next-token, --no-paginate"},
		{[]string{"events", "put-targets", "--rule", "r", "--targets", "Id=1,Arn=a,RetryPolicy={MaximumRetryAttempts=x}"}, "Error parsing parameter '--targets': invalid literal for int() with base 10: 'x'"},
	}
	for _, c := range cases {
		_, errOut, code := run(t, c.args...)
		require.Equal(t, 252, code, "%v: %s", c.args, errOut)
		require.Contains(t, errOut, c.want, "%v", c.args)
	}
}

// TestShorthandDecoding checks the model-driven typing of shorthand and
// repeated list arguments, through --generate-cli-skeleton output's
// validation (which sends nothing) and the request the CLI would send.
func TestShorthandDecoding(t *testing.T) {
	svc, op := mustOp(t, "events", "put-targets")
	a, err := parseOpArgs(svc, op, []string{"--rule", "r", "--targets",
		"Id=1,Arn=arn:a,RetryPolicy={MaximumRetryAttempts=3,MaximumEventAgeInSeconds=600},InputTransformer={InputPathsMap={a=$.detail.a},InputTemplate=<a>}",
		`{"Id": "2", "Arn": "arn:b"}`}, &globals{})
	require.NoError(t, err)
	req, err := buildRequest(svc, op, a)
	require.NoError(t, err)
	got, err := json.Marshal(req)
	require.NoError(t, err)
	require.JSONEq(t, `{"Rule":"r","Targets":[
		{"Id":"1","Arn":"arn:a","RetryPolicy":{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":600},"InputTransformer":{"InputPathsMap":{"a":"$.detail.a"},"InputTemplate":"<a>"}},
		{"Id":"2","Arn":"arn:b"}]}`, string(got))
	require.IsType(t, int64(0), req["Targets"].([]any)[0].(map[string]any)["RetryPolicy"].(map[string]any)["MaximumRetryAttempts"])

	// A lone value where the model wants a list becomes a list of one;
	// booleans are flags; --cli-input-json is overridden by options.
	svc, op = mustOp(t, "events", "remove-targets")
	a, err = parseOpArgs(svc, op, []string{"--cli-input-json", `{"Rule": "from-json", "Ids": ["x"], "Force": false}`, "--ids", "1", "--force"}, &globals{})
	require.NoError(t, err)
	req, err = buildRequest(svc, op, a)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"Rule": "from-json", "Ids": []any{"1"}, "Force": true}, req)

	svc, op = mustOp(t, "events", "put-events")
	a, err = parseOpArgs(svc, op, []string{"--entries", `Source=s,DetailType=d,Detail="{}",Resources=r1,Time=1700000000`}, &globals{})
	require.NoError(t, err)
	req, err = buildRequest(svc, op, a)
	require.NoError(t, err)
	entry := req["Entries"].([]any)[0].(map[string]any)
	require.Equal(t, []any{"r1"}, entry["Resources"])
	require.Equal(t, int64(1700000000), entry["Time"].(interface{ Unix() int64 }).Unix())
}

func mustOp(t *testing.T, service, name string) (*modelService, *modelOperation) {
	t.Helper()
	svc, ok := lookupService(service)
	require.True(t, ok)
	op, ok := svc.Operation(name)
	require.True(t, ok)
	return svc, op
}

// TestAbbreviatedOptions: the aws CLI accepts any unique prefix of an
// option (--name-pre for --name-prefix).
func TestAbbreviatedOptions(t *testing.T) {
	svc, op := mustOp(t, "events", "list-rules")
	g := &globals{}
	a, err := parseOpArgs(svc, op, []string{"--name-pre", "Daily", "--lim=5", "--out", "text"}, g)
	require.NoError(t, err)
	req, err := buildRequest(svc, op, a)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"NamePrefix": "Daily", "Limit": int64(5)}, req)
	require.Equal(t, "text", g.output)
}

func TestSkeletonInput(t *testing.T) {
	out, _, code := run(t, "events", "put-events", "--generate-cli-skeleton")
	require.Equal(t, 0, code)
	require.Equal(t, `{
    "Entries": [
        {
            "Time": "1970-01-01T00:00:00",
            "Source": "",
            "Resources": [
                ""
            ],
            "DetailType": "",
            "Detail": "",
            "EventBusName": "",
            "TraceHeader": ""
        }
    ],
    "EndpointId": ""
}
`, out)
	// Fed back unfilled, the skeleton fails validation as in the aws CLI
	// (empty names are shorter than their minimum).
	svc, op := mustOp(t, "events", "put-events")
	a, err := parseOpArgs(svc, op, []string{"--cli-input-json", out}, &globals{})
	require.NoError(t, err)
	_, err = buildRequest(svc, op, a)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	require.Contains(t, ve.Problems, "Invalid length for parameter EndpointId, value: 0, valid min length: 1")
}

func TestHelp(t *testing.T) {
	out, _, code := run(t)
	require.Equal(t, 0, code)
	require.Contains(t, out, "switchyard events test-event-pattern")
	out, _, code = run(t, "--help")
	require.Equal(t, 0, code)
	require.Contains(t, out, "validate-rules DIR")
	out, _, code = run(t, "events", "--help")
	require.Equal(t, 0, code)
	require.Contains(t, out, "list-targets-by-rule")
	out, _, code = run(t, "events", "help")
	require.Equal(t, 0, code)
	require.Contains(t, out, "put-events")
	require.Contains(t, out, "validate-rules")
	out, _, code = run(t, "events", "put-events", "help")
	require.Equal(t, 0, code)
	require.Contains(t, out, "--entries [structure ...] (required)")
	require.Contains(t, out, "shorthand: Time=timestamp,Source=string,Resources=string,string")
}

func TestNoEndpointNoEmbedded(t *testing.T) {
	_, errOut, code := run(t, "events", "list-rules")
	require.Equal(t, 255, code)
	require.Contains(t, errOut, "--endpoint-url http://127.0.0.1:4010")
}

func TestConnectionRefused(t *testing.T) {
	_, errOut, code := run(t, "--endpoint-url", "http://127.0.0.1:1", "events", "list-rules")
	require.Equal(t, 255, code)
	require.Contains(t, errOut, `Could not connect to the endpoint URL: "http://127.0.0.1:1/"`)
}
