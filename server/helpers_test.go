package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/audit"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
	"github.com/switchyard-go/switchyard/server"
)

// newBackends returns in-memory backends, closed at the end of the test.
func newBackends(t testing.TB, opts ...bus.Option) server.Backends {
	t.Helper()
	b, err := bus.New(opts...)
	require.NoError(t, err)
	arch, err := archive.NewArchives(b)
	require.NoError(t, err)
	rp, err := replay.New(b, arch)
	require.NoError(t, err)
	lake, err := audit.New()
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx := context.Background()
		_ = rp.Close(ctx)
		_ = b.Close(ctx)
		_ = arch.Close(ctx)
		_ = lake.Close(ctx)
	})
	return server.Backends{Bus: b, Archives: arch, Replays: rp, Audit: lake}
}

// newServer starts an httptest server over fresh backends.
func newServer(t *testing.T, opts ...server.Option) *httptest.Server {
	t.Helper()
	s, err := server.New(context.Background(), newBackends(t), opts...)
	require.NoError(t, err)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return hs
}

type response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// do sends a request built by the caller, optionally signed.
func do(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := response{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &r.Body), "body %q", raw)
	}
	return r
}

func eventsRequest(t *testing.T, url, op, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSEvents."+op)
	return req
}

// sign signs req with the key as aws-sdk-go-v2 clients do.
func sign(t *testing.T, req *http.Request, akid, secret, region string, at time.Time) {
	t.Helper()
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		require.NoError(t, err)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	sum := sha256.Sum256(body)
	err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: akid, SecretAccessKey: secret},
		req, hex.EncodeToString(sum[:]), "events", region, at)
	require.NoError(t, err)
}

// call sends an EventBridge operation unsigned and returns the response.
func call(t *testing.T, url, op, body string) response {
	t.Helper()
	return do(t, eventsRequest(t, url, op, body))
}

func requireError(t *testing.T, r response, status int, code, msgPart string) {
	t.Helper()
	require.Equal(t, status, r.Status, r.Raw)
	require.Equal(t, code, r.Body["__type"], r.Raw)
	require.Contains(t, r.Body["message"], msgPart, r.Raw)
	require.NotEmpty(t, r.Header.Get("x-amzn-RequestId"))
}
