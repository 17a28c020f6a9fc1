package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A panic in an operation is the server's fault: the client gets
// InternalException with a 500 and no internals, and the log gets the
// panic and its stack.
func TestPanicBecomesInternalException(t *testing.T) {
	var logs bytes.Buffer
	s, err := New(context.Background(), Backends{}, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	s.targets[eventsPrefix+"Boom"] = &operation{name: "Boom", invoke: func(context.Context, []byte, url.Values) (any, error) {
		panic("kaboom")
	}}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
	req.Header.Set("X-Amz-Target", "AWSEvents.Boom")
	s.ServeHTTP(rec, req)
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.JSONEq(t, `{"__type":"InternalException","message":"An internal error occurred."}`, rec.Body.String())
	require.Contains(t, logs.String(), "kaboom")
	require.Contains(t, logs.String(), "stack")
}
