package cli

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzBuildRequest feeds arbitrary option values through the decoding and
// validation every command runs: it must return a request or an error
// naming the option, never panic, and any request it returns must encode
// as JSON.
func FuzzBuildRequest(f *testing.F) {
	for _, s := range []string{
		"Source=a,DetailType=b,Detail={}", `[{"Source":"a"}]`, "Id=1,Arn=a,RetryPolicy={MaximumRetryAttempts=3}",
		`{"Id": 5}`, "Key=[{A=1},{B=[x,y]}]", "a=b,c,d=e", "Time=1700000000.5", "Time=2026-01-01", "", " ", "[", "{",
	} {
		f.Add("put-events", s)
		f.Add("put-targets", s)
	}
	f.Fuzz(func(t *testing.T, opName, value string) {
		svc, ok := lookupService("events")
		require.True(t, ok)
		op, ok := svc.Operation(opName)
		if !ok {
			return
		}
		var words []string
		for cli, o := range optionsFor(svc, op) {
			words = append(words, "--"+cli)
			if o.shape.Type != "boolean" {
				words = append(words, value)
			}
		}
		a, err := parseOpArgs(svc, op, words, &globals{})
		if err != nil {
			require.NotEmpty(t, err.Error())
			return
		}
		req, err := buildRequest(svc, op, a)
		if err != nil {
			require.NotEmpty(t, err.Error())
			require.NotEqual(t, exitOther, exitCode(err), "%v", err)
			return
		}
		var buf bytes.Buffer
		require.NoError(t, json.NewEncoder(&buf).Encode(req))
	})
}

// FuzzResponse feeds arbitrary response bodies through the decoding and
// every output format: errors are fine, panics are not.
func FuzzResponse(f *testing.F) {
	f.Add("ListRules", `{"Rules":[{"Name":"r","State":"ENABLED"}],"NextToken":"x"}`)
	f.Add("ListEventBuses", `{"EventBuses":[{"CreationTime":1.7E9,"Name":"é\u0001"}]}`)
	f.Add("DescribeRule", `{"Name":[1,{"a":null}],"Unknown":{}}`)
	f.Add("PutEvents", `[]`)
	f.Fuzz(func(t *testing.T, opName, body string) {
		svc, _ := lookupService("events")
		var op *modelOperation
		for i := range svc.Operations {
			if svc.Operations[i].Name == opName {
				op = &svc.Operations[i]
			}
		}
		if op == nil || op.Output == "" {
			return
		}
		res, err := decodeResponse(svc, svc.Shape(op.Output), []byte(body))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		formatJSON(&buf, res)
		formatText(&buf, res.value)
		formatTableTitled(&buf, op.Name, res.value)
		if _, err := applyQuery("[*]", res); err != nil {
			require.NotEmpty(t, err.Error())
		}
	})
}
