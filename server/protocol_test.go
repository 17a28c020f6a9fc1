package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
)

func TestPutEventsOverTheWire(t *testing.T) {
	hs := newServer(t)
	r := call(t, hs.URL, "PutEvents", `{"Entries":[
	  {"Source":"com.mycompany.myapp","DetailType":"myDetailType","Detail":"{\"key1\":\"value1\"}","Time":1700000000},
	  {"Source":"com.mycompany.myapp","DetailType":"myDetailType"}]}`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	require.Equal(t, "application/x-amz-json-1.1", r.Header.Get("Content-Type"))
	require.NotEmpty(t, r.Header.Get("x-amzn-RequestId"))
	require.EqualValues(t, 1, r.Body["FailedEntryCount"])
	entries := r.Body["Entries"].([]any)
	require.Len(t, entries, 2)
	require.NotEmpty(t, entries[0].(map[string]any)["EventId"])
	// EventBridge's per-entry error for a missing Detail (design.md §3).
	require.Equal(t, map[string]any{"ErrorCode": "InvalidArgument",
		"ErrorMessage": "Parameter Detail is not valid. Reason: Detail is a required argument."}, entries[1])
}

func TestProtocolErrors(t *testing.T) {
	hs := newServer(t)
	for _, tc := range []struct {
		name, op, body string
		status         int
		code, msg      string
	}{
		{"unknown operation", "Frobnicate", `{}`, 400, "UnknownOperationException", "AWSEvents.Frobnicate"},
		{"malformed JSON", "PutEvents", `{"Entries":[`, 400, "SerializationException", "Entries[0]: unexpected end of JSON input"},
		{"wrong type", "PutEvents", `{"Entries":[{"Source":7}]}`, 400, "SerializationException", "Entries[0].Source: expected a string, got number"},
		{"time as string", "PutEvents", `{"Entries":[{"Time":"yesterday"}]}`, 400, "SerializationException", "Entries[0].Time"},
		{"not an object", "ListRules", `[1,2]`, 400, "SerializationException", "must be a JSON object"},
		{"deep JSON", "ListRules", `{"x":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`, 400, "SerializationException", "nested deeper than"},
		{"API validation", "PutRule", `{"Name":"bad name!","EventPattern":"{}"}`, 400, "ValidationException", "failed to satisfy constraint"},
		{"not found", "DescribeRule", `{"Name":"nope"}`, 400, "ResourceNotFoundException", "Rule nope does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireError(t, call(t, hs.URL, tc.op, tc.body), tc.status, tc.code, tc.msg)
		})
	}
}

func TestMissingTargetAndWrongMethod(t *testing.T) {
	hs := newServer(t)
	req := eventsRequest(t, hs.URL, "PutEvents", `{}`)
	req.Header.Del("X-Amz-Target")
	requireError(t, do(t, req), 400, "UnknownOperationException", "Missing X-Amz-Target")

	req, err := http.NewRequest(http.MethodGet, hs.URL+"/", nil)
	require.NoError(t, err)
	requireError(t, do(t, req), 400, "UnknownOperationException", "POST")

	req, err = http.NewRequest(http.MethodPost, hs.URL+"/nowhere", nil)
	require.NoError(t, err)
	requireError(t, do(t, req), 400, "UnknownOperationException", "/nowhere")
}

func TestBodyLimit(t *testing.T) {
	hs := newServer(t, server.WithMaxBodyBytes(1<<20))
	big := `{"Entries":[{"Source":"a","DetailType":"b","Detail":"` + strings.Repeat("x", 10<<20) + `"}]}`
	requireError(t, call(t, hs.URL, "PutEvents", big), 413, "RequestEntityTooLargeException", "1048576 bytes")

	// A chunked body (no Content-Length) is cut off at the limit too.
	req := eventsRequest(t, hs.URL, "PutEvents", "")
	req.Body = http.NoBody
	req.ContentLength = -1
	req.Body = readerCloser{strings.NewReader(big)}
	requireError(t, do(t, req), 413, "RequestEntityTooLargeException", "limit")
}

type readerCloser struct{ *strings.Reader }

func (readerCloser) Close() error { return nil }

func TestEmptyBodyIsEmptyInput(t *testing.T) {
	hs := newServer(t)
	r := call(t, hs.URL, "ListEventBuses", ``)
	require.Equal(t, 200, r.Status, r.Raw)
	buses := r.Body["EventBuses"].([]any)
	require.Equal(t, "default", buses[0].(map[string]any)["Name"])
	// Timestamps are epoch seconds on the wire (AWS JSON 1.1).
	require.IsType(t, float64(0), buses[0].(map[string]any)["CreationTime"])
}
