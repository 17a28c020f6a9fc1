package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
)

// FuzzRequest sends arbitrary bodies to a few operations: the server
// never panics and never answers 500, and every response is JSON with
// either the operation's output or AWS's error shape.
func FuzzRequest(f *testing.F) {
	for _, seed := range []struct{ op, body string }{
		{"PutEvents", `{"Entries":[{"Source":"a","DetailType":"b","Detail":"{}","Time":1.5}]}`},
		{"PutRule", `{"Name":"r","EventPattern":"{\"source\":[\"a\"]}","State":"DISABLED"}`},
		{"ListRules", `{"Limit":5,"NextToken":"x"}`},
		{"TestEventPattern", `{"EventPattern":"{}","Event":"{}"}`},
		{"CreateEventBus", `{"Name":"b","Tags":[{"Key":"k","Value":"v"}]}`},
		{"PutEvents", `{"Entries":[[[[`},
	} {
		f.Add(seed.op, []byte(seed.body))
	}
	s, err := server.New(context.Background(), newBackends(f))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
		req.Header.Set("X-Amz-Target", "AWSEvents."+op)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		require.NotEqual(t, http.StatusInternalServerError, rec.Code, rec.Body.String())
		var out map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), rec.Body.String())
		if rec.Code != http.StatusOK {
			require.NotEmpty(t, out["__type"])
			require.Contains(t, out, "message")
		}
	})
}
