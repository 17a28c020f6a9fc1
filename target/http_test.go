package target

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/jsonenc"
)

// The expectations in this file follow the EventBridge user guide, "API
// destinations" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html):
// the "Headers included in requests to API destinations" table, "API
// destination error codes" (429 and 5xx retried, other 4xx not; Retry-After
// honoured, a negative one stops retries) and the 5-second timeout; and the
// API reference's HttpParameters ("merged with any InvocationParameters
// specified on the Connection, with any values from the Connection taking
// precedence").

// httpSeen is one request an httpTestServer received.
type httpSeen struct {
	method string
	path   string // escaped
	query  url.Values
	header http.Header
	body   string
}

// httpTestServer records requests and answers them with respond (200 when
// respond is nil).
type httpTestServer struct {
	*httptest.Server
	mu      sync.Mutex
	seen    []httpSeen
	respond func(w http.ResponseWriter, r *http.Request, n int)
}

func newHTTPTestServer(t *testing.T, respond func(w http.ResponseWriter, r *http.Request, n int)) *httpTestServer {
	t.Helper()
	s := &httpTestServer{respond: respond}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.seen = append(s.seen, httpSeen{r.Method, r.URL.EscapedPath(), r.URL.Query(), r.Header.Clone(), string(body)})
		n := len(s.seen)
		s.mu.Unlock()
		if s.respond != nil {
			s.respond(w, r, n)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *httpTestServer) requests() []httpSeen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]httpSeen(nil), s.seen...)
}

func httpTestEvent() *switchyard.Event {
	return &switchyard.Event{
		Version: "0", ID: "6a7e8feb-b491-4cf7-a9f1-bf3703467718", DetailType: "OrderPlaced",
		Source: "com.example.shop", Account: "123456789012",
		Time: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Region: "us-east-1",
		Resources: []string{"arn:aws:s3:::bucket"},
		Detail:    json.RawMessage(`{"id":"o/42","count":7,"tags":["a","b"]}`),
	}
}

func httpTestDelivery() switchyard.Delivery {
	ev := httpTestEvent()
	return switchyard.Delivery{Event: ev, Payload: ev.AppendJSON(nil), Attempt: 1}
}

func httpAPIKeyConn(t *testing.T, invoke *ConnectionHTTPParameters) *Connection {
	t.Helper()
	c, err := NewConnection(ConnectionConfig{
		Name: "key-conn", AuthorizationType: AuthorizationAPIKey,
		AuthParameters: AuthParameters{
			APIKeyAuthParameters:     &APIKeyAuthParameters{APIKeyName: "x-api-key", APIKeyValue: "k-123"},
			InvocationHTTPParameters: invoke,
		},
	})
	require.NoError(t, err)
	return c
}

func httpNewTarget(t *testing.T, conn *Connection, endpoint string, opts ...HTTPOption) *HTTPTarget {
	t.Helper()
	tg, err := HTTP(APIDestination{
		Name: "orders", Connection: conn, InvocationEndpoint: endpoint, HTTPMethod: http.MethodPost,
	}, append([]HTTPOption{WithHTTPAllowPlainHTTP()}, opts...)...)
	require.NoError(t, err)
	return tg
}

func TestHTTPAuthorizationTypes(t *testing.T) {
	tokens := newConnTokenServer(t)
	invoke := &ConnectionHTTPParameters{
		HeaderParameters:      []ConnectionParameter{{Key: "X-Conn", Value: "h"}},
		QueryStringParameters: []ConnectionParameter{{Key: "conn", Value: "q v"}},
		BodyParameters:        []ConnectionParameter{{Key: "tenant", Value: "t-1", IsValueSecret: true}},
	}
	tests := []struct {
		name     string
		cfg      ConnectionConfig
		wantAuth func(h http.Header) (string, string)
	}{
		{"API_KEY", ConnectionConfig{Name: "k", AuthorizationType: AuthorizationAPIKey, AuthParameters: AuthParameters{
			APIKeyAuthParameters: &APIKeyAuthParameters{APIKeyName: "X-Api-Key", APIKeyValue: "k-123"}, InvocationHTTPParameters: invoke}},
			func(h http.Header) (string, string) { return "k-123", h.Get("X-Api-Key") }},
		{"BASIC", ConnectionConfig{Name: "b", AuthorizationType: AuthorizationBasic, AuthParameters: AuthParameters{
			BasicAuthParameters: &BasicAuthParameters{Username: "user", Password: "pass word"}, InvocationHTTPParameters: invoke}},
			func(h http.Header) (string, string) {
				return "Basic " + base64.StdEncoding.EncodeToString([]byte("user:pass word")), h.Get("Authorization")
			}},
		{"OAUTH_CLIENT_CREDENTIALS", func() ConnectionConfig {
			c := connOAuthConfig(tokens.URL + "/token")
			c.AuthParameters.InvocationHTTPParameters = invoke
			return c
		}(), func(h http.Header) (string, string) { return "Bearer tok-1", h.Get("Authorization") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHTTPTestServer(t, nil)
			conn, err := NewConnection(tt.cfg, WithConnectionAllowPlainHTTP())
			require.NoError(t, err)
			tg := httpNewTarget(t, conn, srv.URL+"/hook?fixed=1")
			d := httpTestDelivery()
			require.NoError(t, tg.Deliver(context.Background(), d))

			reqs := srv.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			want, got := tt.wantAuth(r.header)
			require.Equal(t, want, got)
			require.Equal(t, http.MethodPost, r.method)
			require.Equal(t, "/hook", r.path)
			require.Equal(t, "Amazon/EventBridge/ApiDestinations", r.header.Get("User-Agent"))
			require.Equal(t, "application/json; charset=utf-8", r.header.Get("Content-Type"))
			require.Equal(t, "bytes=0-1048575", r.header.Get("Range"))
			require.Equal(t, "gzip,deflate", r.header.Get("Accept-Encoding"))
			require.Equal(t, "h", r.header.Get("X-Conn"))
			require.Equal(t, url.Values{"fixed": {"1"}, "conn": {"q v"}}, r.query)

			// The body is the payload with the connection's body parameter added.
			var got2, want2 map[string]any
			require.NoError(t, json.Unmarshal([]byte(r.body), &got2))
			require.NoError(t, json.Unmarshal(d.Payload, &want2))
			want2["tenant"] = "t-1"
			require.Equal(t, want2, got2)
			require.True(t, strings.HasPrefix(r.body, `{"version":"0","id":`), "field order kept: %s", r.body)
		})
	}
}

func TestHTTPPayloadSentAsIs(t *testing.T) {
	srv := newHTTPTestServer(t, nil)
	tg := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL)
	for _, payload := range []string{`"plain string"`, `Order o/42 placed`, `{"a":1}`, ``} {
		d := httpTestDelivery()
		d.Payload = []byte(payload)
		require.NoError(t, tg.Deliver(context.Background(), d))
	}
	var bodies []string
	for _, r := range srv.requests() {
		bodies = append(bodies, r.body)
		require.Equal(t, "/", r.path)
	}
	require.Equal(t, []string{`"plain string"`, `Order o/42 placed`, `{"a":1}`, ``}, bodies)
}

func TestHTTPParameterPrecedence(t *testing.T) {
	srv := newHTTPTestServer(t, nil)
	conn := httpAPIKeyConn(t, &ConnectionHTTPParameters{
		HeaderParameters:      []ConnectionParameter{{Key: "X-Both", Value: "connection"}, {Key: "Content-Type", Value: "application/cloudevents+json"}},
		QueryStringParameters: []ConnectionParameter{{Key: "both", Value: "connection"}},
	})
	base := httpNewTarget(t, conn, srv.URL+"/p")
	tg, err := base.WithParameters(HTTPParameters{
		HeaderParameters:      map[string]string{"x-both": "target", "X-Target": "t", "Authorization": "target-auth", "X-Api-Key": "forged"},
		QueryStringParameters: map[string]string{"both": "target", "only": "t"},
	})
	require.NoError(t, err)
	require.NoError(t, tg.Deliver(context.Background(), httpTestDelivery()))
	r := srv.requests()[0]
	require.Equal(t, []string{"connection"}, r.header.Values("X-Both"))
	require.Equal(t, "t", r.header.Get("X-Target"))
	require.Equal(t, "target-auth", r.header.Get("Authorization"), "API_KEY auth does not touch Authorization")
	require.Equal(t, []string{"k-123"}, r.header.Values("X-Api-Key"), "the connection's key wins")
	require.Equal(t, "application/cloudevents+json", r.header.Get("Content-Type"))
	require.Equal(t, url.Values{"both": {"connection"}, "only": {"t"}}, r.query)
}

func TestHTTPPathAndDynamicParameters(t *testing.T) {
	srv := newHTTPTestServer(t, nil)
	base := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL+"/orders/*/items/*?v=*")
	tg, err := base.WithParameters(HTTPParameters{
		PathParameterValues:   []string{"$.detail.id", "static value"},
		HeaderParameters:      map[string]string{"X-Source": "$.source", "X-Count": "$.detail.count"},
		QueryStringParameters: map[string]string{"tags": "$.detail.tags", "type": "$.detail-type", "lit": "x", "$.source": "src"},
	})
	require.NoError(t, err)
	require.NoError(t, tg.Deliver(context.Background(), httpTestDelivery()))
	r := srv.requests()[0]
	require.Equal(t, "/orders/o%2F42/items/static%20value", r.path)
	require.Equal(t, "com.example.shop", r.header.Get("X-Source"))
	require.Equal(t, "7", r.header.Get("X-Count"))
	require.Equal(t, url.Values{"v": {"*"}, "tags": {`["a","b"]`}, "type": {"OrderPlaced"}, "lit": {"x"}, "com.example.shop": {"src"}}, r.query)
}

func TestHTTPParameterFailuresArePermanent(t *testing.T) {
	srv := newHTTPTestServer(t, nil)
	conn := httpAPIKeyConn(t, &ConnectionHTTPParameters{BodyParameters: []ConnectionParameter{{Key: "k", Value: "v"}}})
	wild := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL+"/a/*")
	missing, err := wild.WithParameters(HTTPParameters{PathParameterValues: []string{"$.detail.nope"}})
	require.NoError(t, err)
	badHeader, err := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL).WithParameters(HTTPParameters{
		HeaderParameters: map[string]string{"X-Detail": "$.detail"}})
	require.NoError(t, err)
	noEvent := httpTestDelivery()
	noEvent.Event = nil
	nonObject := httpTestDelivery()
	nonObject.Payload = []byte(`"a string"`)

	tests := []struct {
		name string
		tg   *HTTPTarget
		d    switchyard.Delivery
		want string
	}{
		{"wildcard without values", wild, httpTestDelivery(), "PathParameterValues: the endpoint has 1 path wildcard(s) (*) but 0 value(s) are given"},
		{"path not in event", missing, httpTestDelivery(), "HTTPParameters.PathParameterValues[0]: JSON path $.detail.nope: no value in the event"},
		{"no event for a JSON path", missing, noEvent, "needs the event, but the delivery has none"},
		{"body parameters need a JSON object", httpNewTarget(t, conn, srv.URL), nonObject, `connection "key-conn": InvocationHTTPParameters.BodyParameters: the payload is not a JSON object`},
		// Header values must be printable ASCII; a JSON object with a
		// non-ASCII string is not.
		{"header value from the event invalid", badHeader, func() switchyard.Delivery {
			d := httpTestDelivery()
			d.Event.Detail = json.RawMessage(`{"x":"é"}`)
			return d
		}(), `HTTPParameters.HeaderParameters["X-Detail"]: value found in the event is not a valid header value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.tg.Deliver(context.Background(), tt.d)
			require.Error(t, err)
			require.True(t, IsPermanent(err), "%v", err)
			require.Contains(t, err.Error(), tt.want)
			require.Contains(t, err.Error(), `target: API destination "orders"`)
		})
	}
	require.Empty(t, srv.requests(), "nothing is sent when the request cannot be built")
}

func TestHTTPStatusClassification(t *testing.T) {
	clock := &connFakeClock{now: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	long := strings.Repeat("x", 10_000)
	tests := []struct {
		name       string
		status     int
		header     map[string]string
		body       string
		wantErr    bool
		permanent  bool
		retryAfter time.Duration
		wantBody   string
	}{
		{name: "200", status: 200},
		{name: "202", status: 202},
		{name: "204", status: 204},
		{name: "429 retryable", status: 429, wantErr: true, body: "slow down", wantBody: "slow down"},
		{name: "500 retryable", status: 500, wantErr: true},
		{name: "503 Retry-After seconds", status: 503, header: map[string]string{"Retry-After": "120"}, wantErr: true, retryAfter: 2 * time.Minute},
		{name: "429 Retry-After date", status: 429, header: map[string]string{"Retry-After": "Sat, 21 Nov 2026 12:00:30 GMT"}, wantErr: true, retryAfter: 30 * time.Second},
		{name: "429 Retry-After past date", status: 429, header: map[string]string{"Retry-After": "Sat, 21 Nov 2026 11:00:00 GMT"}, wantErr: true},
		{name: "429 Retry-After garbage ignored", status: 429, header: map[string]string{"Retry-After": "soon"}, wantErr: true},
		{name: "503 negative Retry-After stops retries", status: 503, header: map[string]string{"Retry-After": "-1"}, wantErr: true, permanent: true, retryAfter: -time.Second},
		{name: "400 permanent", status: 400, body: `{"message":"bad field"}`, wantErr: true, permanent: true, wantBody: `{"message":"bad field"}`},
		{name: "401 permanent without OAuth", status: 401, wantErr: true, permanent: true},
		{name: "403 permanent", status: 403, wantErr: true, permanent: true},
		{name: "404 permanent", status: 404, wantErr: true, permanent: true},
		{name: "409 permanent", status: 409, wantErr: true, permanent: true},
		{name: "302 not followed, permanent", status: 302, header: map[string]string{"Location": "/elsewhere"}, wantErr: true, permanent: true},
		{name: "body snippet bounded", status: 500, body: long, wantErr: true, wantBody: long[:httpSnippetLen]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHTTPTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			tg := httpNewTarget(t, httpAPIKeyConn(t, &ConnectionHTTPParameters{
				QueryStringParameters: []ConnectionParameter{{Key: "token", Value: "secret-q", IsValueSecret: true}},
			}), srv.URL+"/hook", httpWithClock(clock.Now, (&httpSleepRecorder{}).sleep))
			err := tg.Deliver(context.Background(), httpTestDelivery())
			require.Len(t, srv.requests(), 1, "one request per delivery; redirects are not followed")
			if !tt.wantErr {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Equal(t, tt.permanent, IsPermanent(err), "%v", err)
			var he *HTTPError
			require.ErrorAs(t, err, &he)
			require.Equal(t, tt.status, he.StatusCode)
			require.Equal(t, tt.retryAfter, he.RetryAfter)
			require.Equal(t, max(tt.retryAfter, 0), he.RetryDelay())
			require.Equal(t, tt.wantBody, he.Body)
			require.Contains(t, err.Error(), fmt.Sprintf(`target: API destination "orders": POST %s/hook: %d %s`, srv.URL, tt.status, http.StatusText(tt.status)))
			require.NotContains(t, err.Error(), "secret-q", "query strings may hold secrets")
		})
	}
}

func TestHTTPCompressedErrorBody(t *testing.T) {
	srv := newHTTPTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write([]byte("quota exceeded"))
		_ = zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write(b.Bytes())
	})
	err := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL).Deliver(context.Background(), httpTestDelivery())
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	require.Equal(t, "quota exceeded", he.Body)
}

func TestHTTPOAuthRejectedTokenRefreshedOnce(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusProxyAuthRequired} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			tokens := newConnTokenServer(t)
			// The endpoint accepts only the second token.
			srv := newHTTPTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if r.Header.Get("Authorization") != "Bearer tok-2" {
					w.WriteHeader(status)
				}
			})
			conn, err := NewConnection(connOAuthConfig(tokens.URL), WithConnectionAllowPlainHTTP())
			require.NoError(t, err)
			tg := httpNewTarget(t, conn, srv.URL)
			require.NoError(t, tg.Deliver(context.Background(), httpTestDelivery()))
			require.NoError(t, tg.Deliver(context.Background(), httpTestDelivery()))
			var auths []string
			for _, r := range srv.requests() {
				auths = append(auths, r.header.Get("Authorization"))
			}
			require.Equal(t, []string{"Bearer tok-1", "Bearer tok-2", "Bearer tok-2"}, auths)
			require.EqualValues(t, 2, tokens.hits.Load())
		})
	}
}

func TestHTTPOAuthRejectedTwiceIsPermanent(t *testing.T) {
	tokens := newConnTokenServer(t)
	srv := newHTTPTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(http.StatusUnauthorized)
	})
	conn, err := NewConnection(connOAuthConfig(tokens.URL), WithConnectionAllowPlainHTTP())
	require.NoError(t, err)
	err = httpNewTarget(t, conn, srv.URL).Deliver(context.Background(), httpTestDelivery())
	require.Error(t, err)
	require.True(t, IsPermanent(err))
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	require.Equal(t, http.StatusUnauthorized, he.StatusCode)
	require.Len(t, srv.requests(), 2, "exactly one retry with a fresh token")
	require.EqualValues(t, 2, tokens.hits.Load())
}

func TestHTTPOAuthTokenFailureSurfaces(t *testing.T) {
	tokens := newConnTokenServer(t)
	tokens.answer = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(http.StatusBadRequest)
		return true
	}
	srv := newHTTPTestServer(t, nil)
	conn, err := NewConnection(connOAuthConfig(tokens.URL), WithConnectionAllowPlainHTTP())
	require.NoError(t, err)
	err = httpNewTarget(t, conn, srv.URL).Deliver(context.Background(), httpTestDelivery())
	require.True(t, IsPermanent(err))
	require.Contains(t, err.Error(), `target: API destination "orders": target: connection "oauth-conn": POST`)
	require.Empty(t, srv.requests())
}

func TestHTTPOAuthTokenCachedAcrossDeliveries(t *testing.T) {
	tokens := newConnTokenServer(t)
	srv := newHTTPTestServer(t, nil)
	conn, err := NewConnection(connOAuthConfig(tokens.URL), WithConnectionAllowPlainHTTP())
	require.NoError(t, err)
	// Two API destinations share the connection, hence its token.
	a := httpNewTarget(t, conn, srv.URL+"/a")
	b := httpNewTarget(t, conn, srv.URL+"/b")
	const n = 40
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tg := a
			if i%2 == 1 {
				tg = b
			}
			errs[i] = tg.Deliver(context.Background(), httpTestDelivery())
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	require.Len(t, srv.requests(), n)
	require.EqualValues(t, 1, tokens.hits.Load())
}

func TestHTTPRateLimitShared(t *testing.T) {
	srv := newHTTPTestServer(t, nil)
	clock := &connFakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	rec := &httpSleepRecorder{}
	base, err := HTTP(APIDestination{
		Name: "orders", Connection: httpAPIKeyConn(t, nil), InvocationEndpoint: srv.URL + "/*",
		HTTPMethod: http.MethodPut, InvocationRateLimitPerSecond: 2,
	}, WithHTTPAllowPlainHTTP(), httpWithClock(clock.Now, rec.sleep))
	require.NoError(t, err)
	x, err := base.WithParameters(HTTPParameters{PathParameterValues: []string{"x"}})
	require.NoError(t, err)
	y, err := base.WithParameters(HTTPParameters{PathParameterValues: []string{"y"}})
	require.NoError(t, err)
	for _, tg := range []*HTTPTarget{x, y, x, y} {
		require.NoError(t, tg.Deliver(context.Background(), httpTestDelivery()))
	}
	require.Equal(t, []time.Duration{500 * time.Millisecond, time.Second}, rec.recorded(),
		"both rules' targets draw on the API destination's one bucket")
	require.Len(t, srv.requests(), 4)
	require.Equal(t, http.MethodPut, srv.requests()[0].method)
}

func TestHTTPDefaultRateLimit(t *testing.T) {
	clock := &connFakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	rec := &httpSleepRecorder{}
	tg := httpNewTarget(t, httpAPIKeyConn(t, nil), "http://127.0.0.1:1/", httpWithClock(clock.Now, rec.sleep))
	for range 301 {
		require.NoError(t, tg.shared.limiter.wait(context.Background()))
	}
	require.Len(t, rec.recorded(), 1, "the 301st invocation in the same instant waits")
}

func TestHTTPTransportErrorRetryable(t *testing.T) {
	srv := newHTTPTestServer(t, nil)
	srv.Close()
	err := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL+"/x?k=secret").Deliver(context.Background(), httpTestDelivery())
	require.Error(t, err)
	require.False(t, IsPermanent(err))
	require.Contains(t, err.Error(), `target: API destination "orders": POST `+srv.URL+"/x: ")
	require.NotContains(t, err.Error(), "secret")
}

func TestHTTPContextCancelled(t *testing.T) {
	entered := make(chan struct{})
	srv := newHTTPTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		close(entered)
		<-r.Context().Done()
	})
	tg := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- tg.Deliver(ctx, httpTestDelivery()) }()
	<-entered
	cancel()
	err := <-done
	require.ErrorIs(t, err, context.Canceled)
	require.False(t, IsPermanent(err))

	// An already-ended context sends nothing.
	require.ErrorIs(t, tg.Deliver(ctx, httpTestDelivery()), context.Canceled)
	require.Len(t, srv.requests(), 1)
}

func TestHTTPTimeout(t *testing.T) {
	srv := newHTTPTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		<-r.Context().Done()
	})
	tg := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL, WithHTTPTimeout(20*time.Millisecond))
	err := tg.Deliver(context.Background(), httpTestDelivery())
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.False(t, IsPermanent(err), "EventBridge retries timed-out requests")
	require.Contains(t, err.Error(), "no response within 20ms")
}

func TestHTTPConcurrentDeliveries(t *testing.T) {
	srv := newHTTPTestServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if i, _ := strconv.Atoi(r.URL.Query().Get("i")); i%5 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	base := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL)
	const n = 100
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tg, err := base.WithParameters(HTTPParameters{QueryStringParameters: map[string]string{"i": strconv.Itoa(i)}})
			if err != nil {
				errs[i] = Permanent(err)
				return
			}
			errs[i] = tg.Deliver(context.Background(), httpTestDelivery())
		}()
	}
	wg.Wait()
	require.Len(t, srv.requests(), n)
	for i, err := range errs {
		if i%5 == 0 {
			var he *HTTPError
			require.ErrorAs(t, err, &he, "delivery %d", i)
			require.Equal(t, http.StatusServiceUnavailable, he.StatusCode)
			require.False(t, IsPermanent(err))
			continue
		}
		require.NoError(t, err, "delivery %d", i)
	}
}

func TestHTTPSDefault(t *testing.T) {
	var sawTLS atomic.Bool
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawTLS.Store(r.TLS != nil)
	}))
	defer srv.Close()
	dest := APIDestination{Name: "tls", Connection: httpAPIKeyConn(t, nil), InvocationEndpoint: srv.URL, HTTPMethod: http.MethodPost}
	tg, err := HTTP(dest, WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	require.Equal(t, "tls", tg.Name())
	require.NoError(t, tg.Deliver(context.Background(), httpTestDelivery()))
	require.True(t, sawTLS.Load())

	dest.InvocationEndpoint = strings.Replace(srv.URL, "https:", "http:", 1)
	_, err = HTTP(dest)
	require.ErrorContains(t, err, `target: API destination "tls": InvocationEndpoint: must use https`)
}

func TestHTTPValidation(t *testing.T) {
	conn := httpAPIKeyConn(t, nil)
	ok := APIDestination{Name: "d", Connection: conn, InvocationEndpoint: "https://api.example.com/a/*", HTTPMethod: "POST"}
	mod := func(f func(*APIDestination)) APIDestination {
		d := ok
		f(&d)
		return d
	}
	tests := []struct {
		name string
		dest APIDestination
		opts []HTTPOption
		want string
	}{
		{"ok", ok, nil, ""},
		{"every method", mod(func(d *APIDestination) { d.HTTPMethod = "OPTIONS" }), nil, ""},
		{"name", mod(func(d *APIDestination) { d.Name = "" }), nil, "Name: must be 1 to 64 characters"},
		{"connection", mod(func(d *APIDestination) { d.Connection = nil }), nil, "Connection: required"},
		{"method", mod(func(d *APIDestination) { d.HTTPMethod = "TRACE" }), nil, `HTTPMethod: must be POST, GET, HEAD, OPTIONS, PUT, PATCH or DELETE, got "TRACE"`},
		{"lower-case method", mod(func(d *APIDestination) { d.HTTPMethod = "post" }), nil, `HTTPMethod: must be`},
		{"endpoint empty", mod(func(d *APIDestination) { d.InvocationEndpoint = "" }), nil, "InvocationEndpoint: must be 1 to 2048 characters, got 0"},
		{"endpoint long", mod(func(d *APIDestination) { d.InvocationEndpoint = "https://a.com/" + strings.Repeat("a", 2040) }), nil, "InvocationEndpoint: must be 1 to 2048 characters, got 2054"},
		{"endpoint space", mod(func(d *APIDestination) { d.InvocationEndpoint = "https://a.com/a b" }), nil, `InvocationEndpoint: character ' ' at byte 15`},
		{"endpoint fragment", mod(func(d *APIDestination) { d.InvocationEndpoint = "https://a.com/a#b" }), nil, `InvocationEndpoint: character '#'`},
		{"endpoint bad escape", mod(func(d *APIDestination) { d.InvocationEndpoint = "https://a.com/%zz" }), nil, `InvocationEndpoint: '%' at byte 14 does not start a %XX escape`},
		{"endpoint scheme", mod(func(d *APIDestination) { d.InvocationEndpoint = "ftp://a.com/" }), nil, `InvocationEndpoint: must be an absolute https URL, got scheme "ftp"`},
		{"endpoint no host", mod(func(d *APIDestination) { d.InvocationEndpoint = "https:///a" }), nil, "InvocationEndpoint: has no host"},
		{"endpoint user", mod(func(d *APIDestination) { d.InvocationEndpoint = "https://u:p@a.com/" }), nil, "InvocationEndpoint: must not contain user information"},
		{"endpoint wildcard host", mod(func(d *APIDestination) { d.InvocationEndpoint = "https://*.a.com/" }), nil, `InvocationEndpoint: "*" path wildcards are allowed only in the path`},
		{"rate", mod(func(d *APIDestination) { d.InvocationRateLimitPerSecond = -1 }), nil, "InvocationRateLimitPerSecond: must be at least 1, got -1"},
		{"timeout", ok, []HTTPOption{WithHTTPTimeout(0)}, "WithHTTPTimeout: must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg, err := HTTP(tt.dest, tt.opts...)
			if tt.want == "" {
				require.NoError(t, err)
				require.NotNil(t, tg)
				return
			}
			require.ErrorContains(t, err, fmt.Sprintf("target: API destination %q: ", tt.dest.Name)+tt.want)
		})
	}
}

func TestHTTPWithParametersValidation(t *testing.T) {
	base, err := HTTP(APIDestination{Name: "d", Connection: httpAPIKeyConn(t, nil),
		InvocationEndpoint: "https://api.example.com/a/*/b/*", HTTPMethod: "POST"})
	require.NoError(t, err)
	two := []string{"1", "2"}
	tests := []struct {
		name string
		p    HTTPParameters
		want string
	}{
		{"ok", HTTPParameters{PathParameterValues: two, HeaderParameters: map[string]string{"X-A": "$.detail.a"}}, ""},
		{"too few values", HTTPParameters{PathParameterValues: []string{"1"}}, "PathParameterValues: the endpoint has 2 path wildcard(s) (*) but 1 value(s) are given"},
		{"too many values", HTTPParameters{PathParameterValues: []string{"1", "2", "3"}}, "PathParameterValues: the endpoint has 2 path wildcard(s) (*) but 3 value(s) are given"},
		{"blank value", HTTPParameters{PathParameterValues: []string{"1", " "}}, "PathParameterValues[1]: must not be blank"},
		{"bad path", HTTPParameters{PathParameterValues: []string{"$.a..b", "2"}}, `PathParameterValues[0]: JSON path "$.a..b": segment 2 is empty`},
		{"reserved header", HTTPParameters{PathParameterValues: two, HeaderParameters: map[string]string{"Range": "x"}}, `HeaderParameters["Range"]: Key: header "Range" is set by EventBridge`},
		{"user agent", HTTPParameters{PathParameterValues: two, HeaderParameters: map[string]string{"user-agent": "me"}}, `HeaderParameters["user-agent"]: Key: header "user-agent" is set by EventBridge`},
		{"header value", HTTPParameters{PathParameterValues: two, HeaderParameters: map[string]string{"X-A": "a\nb"}}, `HeaderParameters["X-A"]: Value: character '\n'`},
		{"header dynamic bad", HTTPParameters{PathParameterValues: two, HeaderParameters: map[string]string{"X-A": "$."}}, `HeaderParameters["X-A"]: JSON path "$.": segment 1 is empty`},
		{"query key", HTTPParameters{PathParameterValues: two, QueryStringParameters: map[string]string{"": "v"}}, `QueryStringParameters[""]: Key: must be 1 to 512`},
		{"query value", HTTPParameters{PathParameterValues: two, QueryStringParameters: map[string]string{"k": "a\x00"}}, `QueryStringParameters["k"]: Value: control character 0x0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg, err := base.WithParameters(tt.p)
			if tt.want == "" {
				require.NoError(t, err)
				require.NotSame(t, base, tg)
				return
			}
			require.ErrorContains(t, err, `target: API destination "d": HTTPParameters.`+tt.want)
		})
	}
}

func TestHTTPWithParametersCopies(t *testing.T) {
	srv := newHTTPTestServer(t, nil)
	p := HTTPParameters{PathParameterValues: []string{"a"}, HeaderParameters: map[string]string{"X-A": "1"}}
	tg, err := httpNewTarget(t, httpAPIKeyConn(t, nil), srv.URL+"/*").WithParameters(p)
	require.NoError(t, err)
	p.PathParameterValues[0] = "changed"
	p.HeaderParameters["X-A"] = "changed"
	require.NoError(t, tg.Deliver(context.Background(), httpTestDelivery()))
	r := srv.requests()[0]
	require.Equal(t, "/a", r.path)
	require.Equal(t, "1", r.header.Get("X-A"))
}

func TestHTTPParseEndpoint(t *testing.T) {
	tests := []struct {
		raw   string
		base  string
		parts []string
		query string
	}{
		{"https://a.com", "https://a.com", []string{"/"}, ""},
		{"https://a.com?x=1", "https://a.com", []string{"/"}, "x=1"},
		{"HTTPS://a.com:8443/p/*/q?x=*&y", "https://a.com:8443", []string{"/p/", "/q"}, "x=*&y"},
		{"https://a.com/*", "https://a.com", []string{"/", ""}, ""},
		{"https://a.com/%2A/*x*", "https://a.com", []string{"/%2A/", "x", ""}, ""},
	}
	for _, tt := range tests {
		ep, err := httpParseEndpoint(tt.raw, false)
		require.NoError(t, err, tt.raw)
		require.Equal(t, tt.base, ep.base, tt.raw)
		require.Equal(t, tt.parts, ep.parts, tt.raw)
		require.Equal(t, tt.query, ep.query, tt.raw)
	}
}

func TestHTTPMergeBody(t *testing.T) {
	params := []ConnectionParameter{{Key: "b", Value: "conn"}, {Key: "q\"", Value: "<v>"}}
	tests := []struct {
		payload string
		want    string
		err     bool
	}{
		{`{"a":1,"b":"target","c":[1,{"b":2}]}`, `{"a":1,"c":[1,{"b":2}],"b":"conn","q\"":"<v>"}`, false},
		{` {} `, `{"b":"conn","q\"":"<v>"}`, false},
		{`[]`, "", true},
		{`"s"`, "", true},
		{`{"a":`, "", true},
		{``, "", true},
	}
	for _, tt := range tests {
		got, err := httpMergeBody([]byte(tt.payload), params)
		if tt.err {
			require.Error(t, err, tt.payload)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, tt.want, string(got))
	}
	same := []byte(`not json`)
	got, err := httpMergeBody(same, nil)
	require.NoError(t, err)
	require.Equal(t, same, got, "without parameters the payload is untouched")
}

func TestHTTPErrorMessage(t *testing.T) {
	e := &HTTPError{Where: "w", StatusCode: 503, RetryAfter: 3 * time.Second, Body: "a\"b"}
	require.Equal(t, `w: 503 Service Unavailable (Retry-After 3s): body "a\"b"`, e.Error())
	require.Equal(t, 3*time.Second, e.RetryDelay())
	require.Equal(t, "w: 404 Not Found", (&HTTPError{Where: "w", StatusCode: 404}).Error())
	require.Zero(t, (&HTTPError{RetryAfter: -time.Second}).RetryDelay())
}

func TestHTTPErrorsAreInspectable(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", Permanent(&HTTPError{StatusCode: 400}))
	var he *HTTPError
	require.True(t, errors.As(err, &he))
	require.True(t, IsPermanent(err))
}

// FuzzInvocationEndpoint checks that endpoint parsing never panics and that
// filling the wildcards of an accepted endpoint always yields a URL with the
// same host whose path segments carry the values intact.
func FuzzInvocationEndpoint(f *testing.F) {
	for _, s := range []string{
		"https://a.com/*", "https://a.com/x/*/y/*?q=*", "https://a.com:8080", "https://a.com?x",
		"http://127.0.0.1:1/p", "https://*.a.com/", "https://a.com/%41*%2f", "https:///x", "https://a.com/a#b",
		"https://[::1]:443/*", "https:*", "https://a.com/(x)!~*';:@&=+$,",
	} {
		f.Add(s, "v/1", "v 2")
	}
	f.Fuzz(func(t *testing.T, raw, v1, v2 string) {
		if httpIsDynamic(v1) || httpIsDynamic(v2) {
			return
		}
		ep, err := httpParseEndpoint(raw, true)
		if err != nil {
			return
		}
		n := len(ep.parts) - 1
		if n > 50 {
			return
		}
		vals := make([]string, n)
		for i := range vals {
			vals[i] = v1
			if i%2 == 1 {
				vals[i] = v2
			}
		}
		conn := &Connection{name: "c", authType: AuthorizationAPIKey, apiKey: APIKeyAuthParameters{APIKeyName: "k", APIKeyValue: "v"}}
		tg := &HTTPTarget{name: "f", conn: conn, method: "POST", ep: ep, params: HTTPParameters{PathParameterValues: vals}}
		u, redacted, _, _, err := tg.request(switchyard.Delivery{Event: httpTestEvent()})
		if err != nil {
			t.Fatalf("request(%q): %v", raw, err)
		}
		if !strings.HasPrefix(u, redacted) {
			t.Fatalf("URL %q does not start with its redacted form %q", u, redacted)
		}
		parsed, err := url.Parse(u)
		if err != nil {
			t.Fatalf("built URL %q does not parse: %v", u, err)
		}
		orig, _ := url.Parse(raw)
		if !strings.EqualFold(parsed.Host, orig.Host) {
			t.Fatalf("host changed: %q -> %q", orig.Host, parsed.Host)
		}
		if n > 0 {
			got := parsed.EscapedPath()
			for _, v := range vals {
				esc := url.PathEscape(v)
				i := strings.Index(got, esc)
				if i < 0 {
					t.Fatalf("value %q (escaped %q) missing from path %q", v, esc, got)
				}
				got = got[i+len(esc):]
			}
		}
	})
}

// FuzzHTTPRetryAfter checks that any Retry-After value parses without
// panicking and that dates never yield a negative delay.
func FuzzHTTPRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "120", "-1", " 5 ", "99999999999999999999", "-9223372036854775808",
		"Sat, 21 Nov 2026 12:00:30 GMT", "Saturday, 21-Nov-26 12:00:30 GMT", "soon"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d := httpRetryAfter(v, now)
		if d < 0 {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil || n >= 0 {
				t.Fatalf("negative delay %v from %q, which is not a negative number", d, v)
			}
		}
	})
}

// FuzzHTTPMergeBody checks that merging body parameters into any payload
// either refuses it or returns a JSON object holding the parameters.
func FuzzHTTPMergeBody(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"k":"x","k":"y"}`, `[1]`, `"s"`, ` {"a":{"k":1}} `, `{"a":`, ``} {
		f.Add(s, "k", "v")
	}
	f.Fuzz(func(t *testing.T, payload, k, v string) {
		if k == "" {
			return
		}
		out, err := httpMergeBody([]byte(payload), []ConnectionParameter{{Key: k, Value: v}})
		if err != nil {
			return
		}
		if !gjson.ValidBytes(out) || out[0] != '{' {
			t.Fatalf("merge of %q gave invalid JSON object %q", payload, out)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("merge of %q gave %q: %v", payload, out, err)
		}
		var key, got, want string
		_ = json.Unmarshal(jsonenc.AppendString(nil, k), &key)
		_ = json.Unmarshal(jsonenc.AppendString(nil, v), &want)
		if err := json.Unmarshal(m[key], &got); err != nil || got != want {
			t.Fatalf("parameter %q: got %q (%v), want %q (output %q)", k, got, err, want, out)
		}
	})
}

func TestHTTPLogsWithoutSecrets(t *testing.T) {
	var buf httpSyncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tokens := newConnTokenServer(t)
	srv := newHTTPTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(http.StatusUnauthorized)
	})
	cfg := connOAuthConfig(tokens.URL)
	cfg.AuthParameters.InvocationHTTPParameters = &ConnectionHTTPParameters{
		QueryStringParameters: []ConnectionParameter{{Key: "sig", Value: "query-secret", IsValueSecret: true}},
	}
	conn, err := NewConnection(cfg, WithConnectionAllowPlainHTTP(), WithConnectionLogger(logger))
	require.NoError(t, err)
	err = httpNewTarget(t, conn, srv.URL, WithHTTPLogger(logger)).Deliver(context.Background(), httpTestDelivery())
	require.True(t, IsPermanent(err))
	out := buf.String()
	require.Contains(t, out, "API destination rejected OAuth token; refreshing")
	require.Contains(t, out, "level=WARN msg=\"API destination invocation failed\" apiDestination=orders permanent=true")
	require.Contains(t, out, "OAuth token refreshed")
	for _, secret := range []string{"query-secret", "s3cret", "tok-1", "tok-2"} {
		require.NotContains(t, out, secret)
	}
}

// httpSyncBuffer is a bytes.Buffer safe for concurrent writes.
type httpSyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *httpSyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *httpSyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
