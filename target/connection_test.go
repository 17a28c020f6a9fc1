package target

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// connTokenServer is an OAuth authorization endpoint that issues "tok-1",
// "tok-2", ... and records what each token request carried.
type connTokenServer struct {
	*httptest.Server
	hits      atomic.Int64
	expiresIn atomic.Int64 // seconds; 0 leaves expires_in out

	mu   sync.Mutex
	last connTokenRequest
	// answer, when set, replaces the normal token response.
	answer func(w http.ResponseWriter, r *http.Request) bool
}

type connTokenRequest struct {
	method string
	query  url.Values
	form   url.Values
	header http.Header
}

func newConnTokenServer(t *testing.T) *connTokenServer {
	t.Helper()
	s := &connTokenServer{}
	s.expiresIn.Store(3600)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		s.mu.Lock()
		s.last = connTokenRequest{method: r.Method, query: r.URL.Query(), form: form, header: r.Header.Clone()}
		answer := s.answer
		s.mu.Unlock()
		if answer != nil && answer(w, r) {
			return
		}
		n := s.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if exp := s.expiresIn.Load(); exp > 0 {
			fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"bearer","expires_in":%d}`, n, exp)
			return
		}
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"bearer"}`, n)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *connTokenServer) lastRequest() connTokenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// connFakeClock is a settable clock.
type connFakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *connFakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *connFakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func connOAuthConfig(endpoint string) ConnectionConfig {
	return ConnectionConfig{
		Name:              "oauth-conn",
		AuthorizationType: AuthorizationOAuthClientCredentials,
		AuthParameters: AuthParameters{OAuthParameters: &OAuthParameters{
			AuthorizationEndpoint: endpoint,
			HTTPMethod:            http.MethodPost,
			ClientParameters:      OAuthClientParameters{ClientID: "client-a", ClientSecret: "s3cret"},
		}},
	}
}

func TestNewConnectionValidation(t *testing.T) {
	apiKey := func(name, value string) ConnectionConfig {
		return ConnectionConfig{Name: "c", AuthorizationType: AuthorizationAPIKey,
			AuthParameters: AuthParameters{APIKeyAuthParameters: &APIKeyAuthParameters{APIKeyName: name, APIKeyValue: value}}}
	}
	withInvoke := func(p ConnectionHTTPParameters) ConnectionConfig {
		c := apiKey("x-api-key", "k")
		c.AuthParameters.InvocationHTTPParameters = &p
		return c
	}
	oauth := func(mut func(*OAuthParameters)) ConnectionConfig {
		c := connOAuthConfig("https://auth.example.com/token")
		mut(c.AuthParameters.OAuthParameters)
		return c
	}
	many := make([]ConnectionParameter, 101)
	for i := range many {
		many[i] = ConnectionParameter{Key: fmt.Sprintf("k%d", i), Value: "v"}
	}
	tests := []struct {
		name string
		cfg  ConnectionConfig
		opts []ConnectionOption
		want string // substring of the error; "" for success
	}{
		{"api key ok", apiKey("x-api-key", "abc"), nil, ""},
		{"basic ok", ConnectionConfig{Name: "b.c-d_e", AuthorizationType: AuthorizationBasic,
			AuthParameters: AuthParameters{BasicAuthParameters: &BasicAuthParameters{Username: "u", Password: "p w"}}}, nil, ""},
		{"oauth ok", oauth(func(*OAuthParameters) {}), nil, ""},
		{"empty name", ConnectionConfig{AuthorizationType: AuthorizationAPIKey}, nil, "Name: must be 1 to 64"},
		{"bad name", ConnectionConfig{Name: "a/b"}, nil, `Name: character '/'`},
		{"long name", ConnectionConfig{Name: strings.Repeat("a", 65)}, nil, "Name: must be 1 to 64 characters, got 65"},
		{"unknown type", ConnectionConfig{Name: "c", AuthorizationType: "TOKEN"}, nil, `AuthorizationType: must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS, got "TOKEN"`},
		{"missing block", ConnectionConfig{Name: "c", AuthorizationType: AuthorizationBasic}, nil, "AuthParameters.BasicAuthParameters: required when AuthorizationType is BASIC"},
		{"extra block", func() ConnectionConfig {
			c := apiKey("x", "y")
			c.AuthParameters.BasicAuthParameters = &BasicAuthParameters{Username: "u", Password: "p"}
			return c
		}(), nil, "AuthParameters.BasicAuthParameters: not allowed when AuthorizationType is API_KEY"},
		{"api key name with colon", apiKey("x:y", "v"), nil, "APIKeyName: ':' at byte 1"},
		{"api key name not a token", apiKey("x y", "v"), nil, `APIKeyName: header name "x y"`},
		{"api key name reserved", apiKey("User-Agent", "v"), nil, `APIKeyName: header "User-Agent" is set by EventBridge`},
		{"api key value blank", apiKey("x", "  "), nil, "APIKeyValue: must not be only blanks"},
		{"api key value control", apiKey("x", "a\nb"), nil, "APIKeyValue: control character 0xa"},
		{"api key value long", apiKey("x", strings.Repeat("v", 513)), nil, "APIKeyValue: must be 1 to 512 characters, got 513"},
		{"basic empty password", ConnectionConfig{Name: "c", AuthorizationType: AuthorizationBasic,
			AuthParameters: AuthParameters{BasicAuthParameters: &BasicAuthParameters{Username: "u"}}}, nil, "BasicAuthParameters.Password: must be 1 to 512"},
		{"oauth plain http", oauth(func(o *OAuthParameters) { o.AuthorizationEndpoint = "http://auth.example.com/t" }), nil, "AuthorizationEndpoint: must use https"},
		{"oauth plain http allowed", oauth(func(o *OAuthParameters) { o.AuthorizationEndpoint = "http://auth.example.com/t" }),
			[]ConnectionOption{WithConnectionAllowPlainHTTP()}, ""},
		{"oauth relative endpoint", oauth(func(o *OAuthParameters) { o.AuthorizationEndpoint = "/token" }), nil, "AuthorizationEndpoint: must be an absolute URL"},
		{"oauth endpoint bad char", oauth(func(o *OAuthParameters) { o.AuthorizationEndpoint = "https://a.com/t<x>" }), nil, `AuthorizationEndpoint: character '<'`},
		{"oauth method", oauth(func(o *OAuthParameters) { o.HTTPMethod = "PATCH" }), nil, `HTTPMethod: must be GET, POST or PUT, got "PATCH"`},
		{"oauth client id", oauth(func(o *OAuthParameters) { o.ClientParameters.ClientID = "" }), nil, "ClientParameters.ClientID: must be 1 to 512"},
		{"oauth client auth", oauth(func(o *OAuthParameters) { o.ClientAuth = 7 }), nil, "ClientAuth: unknown value 7"},
		{"oauth params may set reserved headers", oauth(func(o *OAuthParameters) {
			o.OAuthHTTPParameters = &ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "Cache-Control", Value: "no-cache"}}}
		}), nil, ""},
		{"oauth bad header param", oauth(func(o *OAuthParameters) {
			o.OAuthHTTPParameters = &ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "a b", Value: "v"}}}
		}), nil, "OAuthHTTPParameters.HeaderParameters[0]: Key: header name"},
		{"invocation reserved header", withInvoke(ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "host", Value: "x"}}}),
			nil, `InvocationHTTPParameters.HeaderParameters[0]: Key: header "host" is set by EventBridge`},
		{"invocation content-type allowed", withInvoke(ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "Content-Type", Value: "text/plain"}}}), nil, ""},
		{"invocation header value", withInvoke(ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "X-A", Value: "a\r\nb"}}}),
			nil, "HeaderParameters[0]: Value: character '\\r'"},
		{"invocation duplicate header", withInvoke(ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "x-a", Value: "1"}, {Key: "X-A", Value: "2"}}}),
			nil, `HeaderParameters[1]: duplicate Key "X-A"`},
		{"invocation query control", withInvoke(ConnectionHTTPParameters{QueryStringParameters: []ConnectionParameter{{Key: "a\x01", Value: "1"}}}),
			nil, "QueryStringParameters[0]: Key: control character 0x1"},
		{"invocation body empty key", withInvoke(ConnectionHTTPParameters{BodyParameters: []ConnectionParameter{{Key: "", Value: "1"}}}),
			nil, "BodyParameters[0]: Key: must not be empty"},
		{"invocation too many", withInvoke(ConnectionHTTPParameters{QueryStringParameters: many}),
			nil, "QueryStringParameters: at most 100 parameters, got 101"},
		{"negative skew", apiKey("x", "y"), []ConnectionOption{WithTokenExpirySkew(-time.Second)}, "WithTokenExpirySkew: must not be negative"},
		{"zero timeout", apiKey("x", "y"), []ConnectionOption{WithConnectionTimeout(0)}, "WithConnectionTimeout: must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewConnection(tt.cfg, tt.opts...)
			if tt.want == "" {
				require.NoError(t, err)
				require.Equal(t, tt.cfg.Name, c.Name())
				require.Equal(t, tt.cfg.AuthorizationType, c.AuthorizationType())
				return
			}
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.want)
			require.Contains(t, err.Error(), fmt.Sprintf("target: connection %q", tt.cfg.Name))
		})
	}
}

func TestConnectionDoesNotAliasConfig(t *testing.T) {
	p := &ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "X-A", Value: "1"}}}
	c, err := NewConnection(ConnectionConfig{Name: "c", AuthorizationType: AuthorizationAPIKey,
		AuthParameters: AuthParameters{
			APIKeyAuthParameters:     &APIKeyAuthParameters{APIKeyName: "x-api-key", APIKeyValue: "k"},
			InvocationHTTPParameters: p,
		}})
	require.NoError(t, err)
	p.HeaderParameters[0].Value = "changed"
	require.Equal(t, "1", c.invoke.HeaderParameters[0].Value)
}

func TestConnectionOAuthTokenRequest(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		clientAuth OAuthClientAuth
		params     *ConnectionHTTPParameters
		check      func(t *testing.T, r connTokenRequest)
	}{
		{
			name: "POST with basic client auth and parameters", method: http.MethodPost, clientAuth: OAuthClientAuthBasic,
			params: &ConnectionHTTPParameters{
				HeaderParameters:      []ConnectionParameter{{Key: "X-Tenant", Value: "t1"}},
				QueryStringParameters: []ConnectionParameter{{Key: "region", Value: "eu"}},
				BodyParameters:        []ConnectionParameter{{Key: "audience", Value: "https://api.example.com", IsValueSecret: true}},
			},
			check: func(t *testing.T, r connTokenRequest) {
				require.Equal(t, http.MethodPost, r.method)
				require.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("client-a:s3cret")), r.header.Get("Authorization"))
				require.Equal(t, "application/x-www-form-urlencoded", r.header.Get("Content-Type"))
				require.Equal(t, "t1", r.header.Get("X-Tenant"))
				require.Equal(t, "eu", r.query.Get("region"))
				require.Equal(t, "client_credentials", r.form.Get("grant_type"))
				require.Equal(t, "https://api.example.com", r.form.Get("audience"))
				require.False(t, r.form.Has("client_secret"), "basic client auth must not put the secret in the body")
			},
		},
		{
			name: "PUT with client credentials in the body", method: http.MethodPut, clientAuth: OAuthClientAuthBody,
			check: func(t *testing.T, r connTokenRequest) {
				require.Equal(t, http.MethodPut, r.method)
				require.Empty(t, r.header.Get("Authorization"))
				require.Equal(t, "client-a", r.form.Get("client_id"))
				require.Equal(t, "s3cret", r.form.Get("client_secret"))
				require.Equal(t, "client_credentials", r.form.Get("grant_type"))
			},
		},
		{
			name: "GET puts the form in the query; grant_type given by the user is kept", method: http.MethodGet, clientAuth: OAuthClientAuthBody,
			params: &ConnectionHTTPParameters{BodyParameters: []ConnectionParameter{{Key: "grant_type", Value: "urn:custom"}}},
			check: func(t *testing.T, r connTokenRequest) {
				require.Equal(t, http.MethodGet, r.method)
				require.Empty(t, r.form)
				require.Equal(t, "urn:custom", r.query.Get("grant_type"))
				require.Equal(t, "client-a", r.query.Get("client_id"))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newConnTokenServer(t)
			cfg := connOAuthConfig(ts.URL + "/token")
			cfg.AuthParameters.OAuthParameters.HTTPMethod = tt.method
			cfg.AuthParameters.OAuthParameters.ClientAuth = tt.clientAuth
			cfg.AuthParameters.OAuthParameters.OAuthHTTPParameters = tt.params
			c, err := NewConnection(cfg, WithConnectionAllowPlainHTTP())
			require.NoError(t, err)
			h := http.Header{}
			v, err := c.authorize(context.Background(), h, "")
			require.NoError(t, err)
			require.Equal(t, "Bearer tok-1", v)
			require.Equal(t, "Bearer tok-1", h.Get("Authorization"))
			r := ts.lastRequest()
			require.Equal(t, httpUserAgent, r.header.Get("User-Agent"))
			tt.check(t, r)
		})
	}
}

func TestConnectionOAuthTokenCachingAndExpiry(t *testing.T) {
	ts := newConnTokenServer(t)
	clock := &connFakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, err := NewConnection(connOAuthConfig(ts.URL), WithConnectionAllowPlainHTTP(),
		WithConnectionClock(clock.Now), WithTokenExpirySkew(time.Minute))
	require.NoError(t, err)
	ctx := context.Background()

	for range 50 {
		v, err := c.token(ctx, "")
		require.NoError(t, err)
		require.Equal(t, "Bearer tok-1", v)
	}
	require.EqualValues(t, 1, ts.hits.Load(), "one token for many uses")

	// expires_in is 3600 and the skew 60s: the token is used up to 3540s.
	clock.Advance(3539 * time.Second)
	v, err := c.token(ctx, "")
	require.NoError(t, err)
	require.Equal(t, "Bearer tok-1", v)
	require.EqualValues(t, 1, ts.hits.Load())

	clock.Advance(time.Second)
	v, err = c.token(ctx, "")
	require.NoError(t, err)
	require.Equal(t, "Bearer tok-2", v, "refreshed ahead of expiry")
	require.EqualValues(t, 2, ts.hits.Load())
}

func TestConnectionOAuthSkewCappedAtHalfLifetime(t *testing.T) {
	ts := newConnTokenServer(t)
	ts.expiresIn.Store(10)
	clock := &connFakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, err := NewConnection(connOAuthConfig(ts.URL), WithConnectionAllowPlainHTTP(), WithConnectionClock(clock.Now))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = c.token(ctx, "")
	require.NoError(t, err)
	clock.Advance(4 * time.Second)
	v, err := c.token(ctx, "")
	require.NoError(t, err)
	require.Equal(t, "Bearer tok-1", v, "a 60s skew on a 10s token must not refresh on every use")
	clock.Advance(time.Second)
	v, err = c.token(ctx, "")
	require.NoError(t, err)
	require.Equal(t, "Bearer tok-2", v)
}

func TestConnectionOAuthNoExpiryCachedUntilRejected(t *testing.T) {
	ts := newConnTokenServer(t)
	ts.expiresIn.Store(0)
	clock := &connFakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, err := NewConnection(connOAuthConfig(ts.URL), WithConnectionAllowPlainHTTP(), WithConnectionClock(clock.Now))
	require.NoError(t, err)
	ctx := context.Background()
	v, err := c.token(ctx, "")
	require.NoError(t, err)
	clock.Advance(1000 * time.Hour)
	v2, err := c.token(ctx, "")
	require.NoError(t, err)
	require.Equal(t, v, v2)
	v3, err := c.token(ctx, v)
	require.NoError(t, err)
	require.Equal(t, "Bearer tok-2", v3)
	// A second caller holding the same rejected token gets the new one
	// without another fetch.
	v4, err := c.token(ctx, v)
	require.NoError(t, err)
	require.Equal(t, "Bearer tok-2", v4)
	require.EqualValues(t, 2, ts.hits.Load())
}

func TestConnectionOAuthConcurrentSingleFlight(t *testing.T) {
	ts := newConnTokenServer(t)
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	ts.answer = func(w http.ResponseWriter, r *http.Request) bool {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-release
		return false
	}
	c, err := NewConnection(connOAuthConfig(ts.URL), WithConnectionAllowPlainHTTP())
	require.NoError(t, err)

	const n = 32
	var wg sync.WaitGroup
	results := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = c.token(context.Background(), "")
		}()
	}
	<-entered
	close(release)
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		require.Equal(t, "Bearer tok-1", results[i])
	}
	require.EqualValues(t, 1, ts.hits.Load(), "concurrent callers share one token request")
}

func TestConnectionOAuthLeaderCancelledWaiterTakesOver(t *testing.T) {
	ts := newConnTokenServer(t)
	var calls atomic.Int64
	entered := make(chan struct{}, 2)
	ts.answer = func(w http.ResponseWriter, r *http.Request) bool {
		if calls.Add(1) == 1 {
			entered <- struct{}{}
			<-r.Context().Done() // hold the first request until its client gives up
			return true
		}
		return false
	}
	c, err := NewConnection(connOAuthConfig(ts.URL), WithConnectionAllowPlainHTTP())
	require.NoError(t, err)

	leaderCtx, cancelLeader := context.WithCancel(context.Background())
	leaderErr := make(chan error, 1)
	go func() {
		_, err := c.token(leaderCtx, "")
		leaderErr <- err
	}()
	<-entered
	waiter := make(chan string, 1)
	waiterErr := make(chan error, 1)
	go func() {
		v, err := c.token(context.Background(), "")
		waiter <- v
		waiterErr <- err
	}()
	cancelLeader()
	require.ErrorIs(t, <-leaderErr, context.Canceled)
	require.NoError(t, <-waiterErr)
	require.Equal(t, "Bearer tok-1", <-waiter)
	require.EqualValues(t, 1, ts.hits.Load())
}

func TestConnectionOAuthWaiterContextEnds(t *testing.T) {
	ts := newConnTokenServer(t)
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	ts.answer = func(w http.ResponseWriter, r *http.Request) bool {
		entered <- struct{}{}
		<-release
		return false
	}
	c, err := NewConnection(connOAuthConfig(ts.URL), WithConnectionAllowPlainHTTP())
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		_, err := c.token(context.Background(), "")
		done <- err
	}()
	<-entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.token(ctx, "")
	require.ErrorIs(t, err, context.Canceled)
	close(release)
	require.NoError(t, <-done)
}

func TestConnectionOAuthTokenEndpointFailures(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		permanent bool
		want      string
	}{
		{"server error retryable", http.StatusServiceUnavailable, "down", false, "503 Service Unavailable"},
		{"throttled retryable", http.StatusTooManyRequests, "", false, "429 Too Many Requests"},
		{"bad credentials permanent", http.StatusUnauthorized, `{"error":"invalid_client"}`, true, `401 Unauthorized: body "{\"error\":\"invalid_client\"}"`},
		{"not JSON permanent", http.StatusOK, "<html>", true, "token response is not a JSON object"},
		{"no access_token permanent", http.StatusOK, `{"token_type":"bearer"}`, true, "token response has no access_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newConnTokenServer(t)
			ts.answer = func(w http.ResponseWriter, r *http.Request) bool {
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
				return true
			}
			c, err := NewConnection(connOAuthConfig(ts.URL+"/token?secret=q"), WithConnectionAllowPlainHTTP())
			require.NoError(t, err)
			_, err = c.token(context.Background(), "")
			require.Error(t, err)
			require.Equal(t, tt.permanent, IsPermanent(err), "error: %v", err)
			require.Contains(t, err.Error(), tt.want)
			require.Contains(t, err.Error(), `target: connection "oauth-conn": POST `+ts.URL+"/token")
			require.NotContains(t, err.Error(), "secret=q", "query strings may hold secrets")
			require.NotContains(t, err.Error(), "s3cret")
		})
	}
}

func TestConnectionOAuthTransportErrorRetryable(t *testing.T) {
	ts := newConnTokenServer(t)
	ts.Close()
	c, err := NewConnection(connOAuthConfig(ts.URL), WithConnectionAllowPlainHTTP())
	require.NoError(t, err)
	_, err = c.token(context.Background(), "")
	require.Error(t, err)
	require.False(t, IsPermanent(err))
	var ue *url.Error
	require.False(t, errors.As(err, &ue), "transport errors are stripped of their URL")
}

func TestConnExpiresIn(t *testing.T) {
	tests := []struct {
		raw  string
		want float64
		ok   bool
	}{
		{`3600`, 3600, true},
		{`"120"`, 120, true},
		{`1.5`, 1.5, true},
		{``, 0, false},
		{`null`, 0, true},
		{`"soon"`, 0, false},
		{`{}`, 0, false},
	}
	for _, tt := range tests {
		got, ok := connExpiresIn([]byte(tt.raw))
		require.Equal(t, tt.ok, ok, tt.raw)
		require.Equal(t, tt.want, got, tt.raw)
	}
}
