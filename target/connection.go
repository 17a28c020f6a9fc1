package target

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// AuthorizationType is how a Connection authorizes requests, as in
// EventBridge's CreateConnection.
type AuthorizationType string

// The authorization types of CreateConnection.
const (
	AuthorizationAPIKey                 AuthorizationType = "API_KEY"
	AuthorizationBasic                  AuthorizationType = "BASIC"
	AuthorizationOAuthClientCredentials AuthorizationType = "OAUTH_CLIENT_CREDENTIALS"
)

// ConnectionConfig describes a connection field for field like
// EventBridge's CreateConnection request. Exactly the parameters block that
// matches AuthorizationType must be set.
type ConnectionConfig struct {
	// Name is 1–64 characters of [.\-_A-Za-z0-9]. Required.
	Name string `json:"Name"`
	// AuthorizationType selects API key, Basic or OAuth client credentials.
	// Required.
	AuthorizationType AuthorizationType `json:"AuthorizationType"`
	// AuthParameters holds the credentials and the invocation parameters.
	AuthParameters AuthParameters `json:"AuthParameters"`
}

// AuthParameters is CreateConnection's AuthParameters.
//
// Its JSON is AWS's (ApiKeyAuthParameters, BasicAuthParameters,
// OAuthParameters, InvocationHttpParameters), so CreateConnection input
// decodes into it.
type AuthParameters struct {
	APIKeyAuthParameters *APIKeyAuthParameters `json:"ApiKeyAuthParameters,omitempty"`
	BasicAuthParameters  *BasicAuthParameters  `json:"BasicAuthParameters,omitempty"`
	OAuthParameters      *OAuthParameters      `json:"OAuthParameters,omitempty"`
	// InvocationHTTPParameters are added to every request sent through the
	// connection. They take precedence over a target's HTTPParameters.
	InvocationHTTPParameters *ConnectionHTTPParameters `json:"InvocationHttpParameters,omitempty"`
}

// APIKeyAuthParameters sends APIKeyValue in the header named APIKeyName.
type APIKeyAuthParameters struct {
	APIKeyName  string `json:"ApiKeyName,omitempty"`
	APIKeyValue string `json:"ApiKeyValue,omitempty"`
}

// BasicAuthParameters sends an HTTP Basic Authorization header.
type BasicAuthParameters struct {
	Username string `json:"Username,omitempty"`
	Password string `json:"Password,omitempty"`
}

// OAuthClientAuth says how the client credentials reach the authorization
// endpoint. It is a Switchyard setting: EventBridge's API has no such field.
type OAuthClientAuth int

const (
	// OAuthClientAuthBasic sends ClientID and ClientSecret as an HTTP Basic
	// Authorization header (RFC 6749 section 2.3.1). The default.
	OAuthClientAuthBasic OAuthClientAuth = iota
	// OAuthClientAuthBody sends them as the client_id and client_secret
	// form fields of the token request.
	OAuthClientAuthBody
)

// OAuthParameters configures the OAuth 2.0 client-credentials grant.
type OAuthParameters struct {
	// AuthorizationEndpoint is the token endpoint's URL (https). Required.
	AuthorizationEndpoint string `json:"AuthorizationEndpoint,omitempty"`
	// HTTPMethod is GET, POST or PUT. Required.
	HTTPMethod string `json:"HttpMethod,omitempty"`
	// ClientParameters are the client's id and secret. Required.
	ClientParameters OAuthClientParameters `json:"ClientParameters"`
	// ClientAuth says where the client credentials go; see OAuthClientAuth.
	ClientAuth OAuthClientAuth `json:"-"`
	// OAuthHTTPParameters are extra header, query and body (form) parameters
	// of the token request, such as an audience or a scope. When neither the
	// body nor the query names grant_type, grant_type=client_credentials is
	// added.
	OAuthHTTPParameters *ConnectionHTTPParameters `json:"OAuthHttpParameters,omitempty"`
}

// OAuthClientParameters are the OAuth client's credentials.
type OAuthClientParameters struct {
	ClientID     string `json:"ClientID,omitempty"`
	ClientSecret string `json:"ClientSecret,omitempty"`
}

// ConnectionHTTPParameters are the key/value parameters a connection adds to
// requests: at most 100 of each kind, keys unique within a kind.
type ConnectionHTTPParameters struct {
	HeaderParameters      []ConnectionParameter `json:"HeaderParameters,omitempty"`
	QueryStringParameters []ConnectionParameter `json:"QueryStringParameters,omitempty"`
	// BodyParameters become top-level string fields of a JSON-object
	// payload (or form fields of an OAuth token request).
	BodyParameters []ConnectionParameter `json:"BodyParameters,omitempty"`
}

// ConnectionParameter is one key/value parameter. Switchyard never logs
// parameter values nor puts them in errors, secret or not; IsValueSecret is
// kept so that configurations carry over from EventBridge unchanged.
type ConnectionParameter struct {
	Key           string `json:"Key"`
	Value         string `json:"Value,omitempty"`
	IsValueSecret bool   `json:"IsValueSecret,omitempty"`
}

// ConnectionOption configures NewConnection.
type ConnectionOption func(*connOptions)

type connOptions struct {
	client    *http.Client
	now       func() time.Time
	logger    *slog.Logger
	skew      time.Duration
	timeout   time.Duration
	plainHTTP bool
}

// WithConnectionHTTPClient sets the client used for OAuth token requests.
// Default: a client with the default transport.
func WithConnectionHTTPClient(c *http.Client) ConnectionOption {
	return func(o *connOptions) { o.client = c }
}

// WithConnectionClock sets the clock that decides when a cached OAuth token
// has expired. Default: time.Now.
func WithConnectionClock(now func() time.Time) ConnectionOption {
	return func(o *connOptions) { o.now = now }
}

// WithConnectionLogger sets the logger for token refreshes and failures.
// Default: discard.
func WithConnectionLogger(l *slog.Logger) ConnectionOption {
	return func(o *connOptions) { o.logger = l }
}

// WithTokenExpirySkew sets how long before its expiry an OAuth token is
// refreshed, so that a token does not expire in flight. Default: 60s,
// capped at half of the token's lifetime.
func WithTokenExpirySkew(d time.Duration) ConnectionOption {
	return func(o *connOptions) { o.skew = d }
}

// WithConnectionTimeout bounds each OAuth token request. Default: 5s, the
// client execution timeout EventBridge applies to API destinations.
func WithConnectionTimeout(d time.Duration) ConnectionOption {
	return func(o *connOptions) { o.timeout = d }
}

// WithConnectionAllowPlainHTTP accepts an http:// AuthorizationEndpoint.
// EventBridge requires https; this is for local development and tests.
func WithConnectionAllowPlainHTTP() ConnectionOption {
	return func(o *connOptions) { o.plainHTTP = true }
}

// Connection is a validated connection: the credentials and parameters an
// API destination uses, and, for OAuth, the cached access token. One
// Connection may serve many API destinations; they share its token. It is
// safe for concurrent use.
type Connection struct {
	name     string
	authType AuthorizationType
	apiKey   APIKeyAuthParameters
	basic    BasicAuthParameters
	oauth    *OAuthParameters
	tokenURL *url.URL
	invoke   ConnectionHTTPParameters
	client   *http.Client
	now      func() time.Time
	logger   *slog.Logger
	skew     time.Duration
	timeout  time.Duration
	tokens   connTokenCache
}

// NewConnection validates cfg, as CreateConnection does, and returns the
// connection. Errors name the offending field.
func NewConnection(cfg ConnectionConfig, opts ...ConnectionOption) (*Connection, error) {
	o := connOptions{skew: time.Minute, timeout: httpDefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	fail := func(format string, args ...any) (*Connection, error) {
		return nil, fmt.Errorf("target: connection %q: "+format, append([]any{cfg.Name}, args...)...)
	}
	if err := httpCheckName(cfg.Name); err != nil {
		return fail("Name: %w", err)
	}
	if o.skew < 0 {
		return fail("WithTokenExpirySkew: must not be negative, got %v", o.skew)
	}
	if o.timeout <= 0 {
		return fail("WithConnectionTimeout: must be positive, got %v", o.timeout)
	}
	c := &Connection{
		name:     cfg.Name,
		authType: cfg.AuthorizationType,
		client:   httpNoRedirects(o.client),
		now:      o.now,
		logger:   o.logger,
		skew:     o.skew,
		timeout:  o.timeout,
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	ap := cfg.AuthParameters
	blocks := []struct {
		typ   AuthorizationType
		field string
		set   bool
	}{
		{AuthorizationAPIKey, "APIKeyAuthParameters", ap.APIKeyAuthParameters != nil},
		{AuthorizationBasic, "BasicAuthParameters", ap.BasicAuthParameters != nil},
		{AuthorizationOAuthClientCredentials, "OAuthParameters", ap.OAuthParameters != nil},
	}
	known := false
	for _, b := range blocks {
		known = known || b.typ == cfg.AuthorizationType
	}
	if !known {
		return fail("AuthorizationType: must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS, got %q", cfg.AuthorizationType)
	}
	for _, b := range blocks {
		if b.typ == cfg.AuthorizationType && !b.set {
			return fail("AuthParameters.%s: required when AuthorizationType is %s", b.field, b.typ)
		}
		if b.typ != cfg.AuthorizationType && b.set {
			return fail("AuthParameters.%s: not allowed when AuthorizationType is %s", b.field, cfg.AuthorizationType)
		}
	}
	switch cfg.AuthorizationType {
	case AuthorizationAPIKey:
		k := *ap.APIKeyAuthParameters
		if err := connCheckCredential(k.APIKeyName); err != nil {
			return fail("AuthParameters.APIKeyAuthParameters.APIKeyName: %w", err)
		}
		if err := httpCheckHeaderName(k.APIKeyName); err != nil {
			return fail("AuthParameters.APIKeyAuthParameters.APIKeyName: %w", err)
		}
		if err := httpCheckNotReserved(k.APIKeyName); err != nil {
			return fail("AuthParameters.APIKeyAuthParameters.APIKeyName: %w", err)
		}
		if err := connCheckCredential(k.APIKeyValue); err != nil {
			return fail("AuthParameters.APIKeyAuthParameters.APIKeyValue: %w", err)
		}
		c.apiKey = k
	case AuthorizationBasic:
		b := *ap.BasicAuthParameters
		if err := connCheckCredential(b.Username); err != nil {
			return fail("AuthParameters.BasicAuthParameters.Username: %w", err)
		}
		if err := connCheckCredential(b.Password); err != nil {
			return fail("AuthParameters.BasicAuthParameters.Password: %w", err)
		}
		c.basic = b
	case AuthorizationOAuthClientCredentials:
		oa := *ap.OAuthParameters
		u, err := httpParseURL(oa.AuthorizationEndpoint, o.plainHTTP)
		if err != nil {
			return fail("AuthParameters.OAuthParameters.AuthorizationEndpoint: %w", err)
		}
		switch oa.HTTPMethod {
		case http.MethodGet, http.MethodPost, http.MethodPut:
		default:
			return fail("AuthParameters.OAuthParameters.HTTPMethod: must be GET, POST or PUT, got %q", oa.HTTPMethod)
		}
		if err := connCheckCredential(oa.ClientParameters.ClientID); err != nil {
			return fail("AuthParameters.OAuthParameters.ClientParameters.ClientID: %w", err)
		}
		if err := connCheckCredential(oa.ClientParameters.ClientSecret); err != nil {
			return fail("AuthParameters.OAuthParameters.ClientParameters.ClientSecret: %w", err)
		}
		if oa.ClientAuth != OAuthClientAuthBasic && oa.ClientAuth != OAuthClientAuthBody {
			return fail("AuthParameters.OAuthParameters.ClientAuth: unknown value %d", oa.ClientAuth)
		}
		if oa.OAuthHTTPParameters != nil {
			p, err := connCheckParams(*oa.OAuthHTTPParameters, false)
			if err != nil {
				return fail("AuthParameters.OAuthParameters.OAuthHTTPParameters.%w", err)
			}
			oa.OAuthHTTPParameters = &p
		}
		c.oauth = &oa
		c.tokenURL = u
	}
	if ap.InvocationHTTPParameters != nil {
		p, err := connCheckParams(*ap.InvocationHTTPParameters, true)
		if err != nil {
			return fail("AuthParameters.InvocationHTTPParameters.%w", err)
		}
		c.invoke = p
	}
	return c, nil
}

// Name returns the connection's name.
func (c *Connection) Name() string { return c.name }

// AuthorizationType returns the connection's authorization type.
func (c *Connection) AuthorizationType() AuthorizationType { return c.authType }

// connCheckCredential checks a credential against CreateConnection's pattern
// for names, keys, user names and secrets,
// ^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$, 1–512 chars:
// no control characters but tab, no colon, not only blanks.
func connCheckCredential(s string) error {
	if s == "" || len(s) > 512 {
		return fmt.Errorf("must be 1 to 512 characters, got %d", len(s))
	}
	blank := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\t' || c == ' ':
		case c < 0x20 || c == 0x7F:
			return fmt.Errorf("control character %#x at byte %d is not allowed", c, i)
		case c == ':':
			return fmt.Errorf("':' at byte %d is not allowed", i)
		default:
			blank = false
		}
	}
	if blank {
		return errors.New("must not be only blanks")
	}
	return nil
}

// connCheckParams validates and copies connection parameters: at most 100
// per kind, unique keys, and the key and value patterns of
// ConnectionHeaderParameter and ConnectionQueryStringParameter.
func connCheckParams(p ConnectionHTTPParameters, invocation bool) (ConnectionHTTPParameters, error) {
	kinds := []struct {
		name   string
		params []ConnectionParameter
		check  func(k, v string) error
		fold   bool
	}{
		{"HeaderParameters", p.HeaderParameters, func(k, v string) error { return httpCheckHeader(k, v, invocation) }, true},
		{"QueryStringParameters", p.QueryStringParameters, httpCheckQuery, false},
		{"BodyParameters", p.BodyParameters, func(k, _ string) error {
			if k == "" {
				return errors.New("Key: must not be empty")
			}
			return nil
		}, false},
	}
	for _, kind := range kinds {
		if len(kind.params) > 100 {
			return p, fmt.Errorf("%s: at most 100 parameters, got %d", kind.name, len(kind.params))
		}
		seen := make(map[string]bool, len(kind.params))
		for i, prm := range kind.params {
			if err := kind.check(prm.Key, prm.Value); err != nil {
				return p, fmt.Errorf("%s[%d]: %w", kind.name, i, err)
			}
			k := prm.Key
			if kind.fold {
				k = http.CanonicalHeaderKey(k)
			}
			if seen[k] {
				return p, fmt.Errorf("%s[%d]: duplicate Key %q", kind.name, i, prm.Key)
			}
			seen[k] = true
		}
	}
	return ConnectionHTTPParameters{
		HeaderParameters:      append([]ConnectionParameter(nil), p.HeaderParameters...),
		QueryStringParameters: append([]ConnectionParameter(nil), p.QueryStringParameters...),
		BodyParameters:        append([]ConnectionParameter(nil), p.BodyParameters...),
	}, nil
}

// authorize sets the connection's authorization header in h. For OAuth it
// returns the Authorization value used; stale, when not empty, is a value
// the endpoint rejected, which forces a fresh token unless another caller
// has already replaced it.
func (c *Connection) authorize(ctx context.Context, h http.Header, stale string) (string, error) {
	switch c.authType {
	case AuthorizationAPIKey:
		h.Set(c.apiKey.APIKeyName, c.apiKey.APIKeyValue)
	case AuthorizationBasic:
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.basic.Username+":"+c.basic.Password)))
	case AuthorizationOAuthClientCredentials:
		v, err := c.token(ctx, stale)
		if err != nil {
			return "", err
		}
		h.Set("Authorization", v)
		return v, nil
	}
	return "", nil
}

// OAuth access tokens are cached per connection and shared by every
// delivery that uses it. Three things make that safe under load:
//
//   - A token is refreshed a little before it expires (the skew), so a
//     request does not leave with a token that dies on the way. The skew is
//     capped at half the token's lifetime, or a short-lived token would be
//     refreshed on every use.
//   - Refreshes are single-flight: the first caller that finds the cache
//     empty or expired becomes the leader and fetches; everyone else waits
//     for its result instead of stampeding the authorization endpoint. A
//     waiter whose own context ends stops waiting; if the leader's context
//     ends first, a waiter that is still live takes over as leader.
//   - A 401 or 407 from the endpoint (EventBridge refreshes on those) makes
//     the caller ask for a token other than the one that was rejected. If
//     another caller already refreshed, the cached token is different and is
//     used as is; otherwise a single fetch replaces it.
//
// No goroutine is started: fetches run on the caller's goroutine.
type connTokenCache struct {
	mu     sync.Mutex
	cur    *connToken
	flight *connTokenFlight
}

type connToken struct {
	value     string    // the Authorization header value, "Bearer ..."
	refreshAt time.Time // zero when the endpoint gave no expiry
}

type connTokenFlight struct {
	done chan struct{}
	tok  connToken
	err  error
	// abandoned is set when the leader failed because its caller's context
	// ended, which says nothing about the endpoint.
	abandoned bool
}

func (c *Connection) token(ctx context.Context, stale string) (string, error) {
	for {
		now := c.now() // read outside the lock: the clock may be the caller's code
		c.tokens.mu.Lock()
		if t := c.tokens.cur; t != nil && t.value != stale && (t.refreshAt.IsZero() || now.Before(t.refreshAt)) {
			c.tokens.mu.Unlock()
			return t.value, nil
		}
		if f := c.tokens.flight; f != nil {
			c.tokens.mu.Unlock()
			select {
			case <-f.done:
			case <-ctx.Done():
				return "", fmt.Errorf("target: connection %q: waiting for OAuth token: %w", c.name, ctx.Err())
			}
			if f.err == nil {
				return f.tok.value, nil
			}
			if f.abandoned && ctx.Err() == nil {
				continue // the leader's caller gave up; take over
			}
			return "", f.err
		}
		f := &connTokenFlight{done: make(chan struct{})}
		c.tokens.flight = f
		c.tokens.mu.Unlock()

		tok, err := c.fetchToken(ctx)

		c.tokens.mu.Lock()
		if err == nil {
			c.tokens.cur = &tok
		}
		c.tokens.flight = nil
		f.tok, f.err = tok, err
		f.abandoned = err != nil && ctx.Err() != nil
		c.tokens.mu.Unlock()
		close(f.done)
		if err != nil {
			c.logger.LogAttrs(ctx, slog.LevelWarn, "OAuth token request failed",
				slog.String("connection", c.name), slog.String("error", err.Error()))
			return "", err
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, "OAuth token refreshed", slog.String("connection", c.name))
		return tok.value, nil
	}
}

// fetchToken performs one client-credentials token request.
func (c *Connection) fetchToken(ctx context.Context) (connToken, error) {
	oa := c.oauth
	var hp ConnectionHTTPParameters
	if oa.OAuthHTTPParameters != nil {
		hp = *oa.OAuthHTTPParameters
	}
	form := url.Values{}
	query := c.tokenURL.Query()
	for _, p := range hp.QueryStringParameters {
		query.Set(p.Key, p.Value)
	}
	for _, p := range hp.BodyParameters {
		form.Set(p.Key, p.Value)
	}
	if !form.Has("grant_type") && !query.Has("grant_type") {
		form.Set("grant_type", "client_credentials")
	}
	if oa.ClientAuth == OAuthClientAuthBody {
		form.Set("client_id", oa.ClientParameters.ClientID)
		form.Set("client_secret", oa.ClientParameters.ClientSecret)
	}
	// A GET has no body: its form fields travel in the query string.
	var body io.Reader
	if oa.HTTPMethod == http.MethodGet {
		for k, vs := range form {
			query[k] = vs
		}
	} else {
		body = strings.NewReader(form.Encode())
	}
	u := *c.tokenURL
	u.RawQuery = query.Encode()
	where := fmt.Sprintf("target: connection %q: %s %s", c.name, oa.HTTPMethod, httpRedact(&u))

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, oa.HTTPMethod, u.String(), body)
	if err != nil {
		return connToken{}, Permanent(fmt.Errorf("%s: %w", where, err))
	}
	for _, p := range hp.HeaderParameters {
		req.Header.Set(p.Key, p.Value)
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	req.Header.Set("User-Agent", httpUserAgent)
	if oa.ClientAuth == OAuthClientAuthBasic {
		req.SetBasicAuth(oa.ClientParameters.ClientID, oa.ClientParameters.ClientSecret)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return connToken{}, fmt.Errorf("%s: %w", where, httpStripURL(err))
	}
	defer httpDrain(resp)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return connToken{}, httpStatusError(where, resp, c.now())
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, httpMaxResponse))
	if err != nil {
		return connToken{}, fmt.Errorf("%s: reading token response: %w", where, err)
	}
	var tr struct {
		AccessToken string          `json:"access_token"`
		TokenType   string          `json:"token_type"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal(raw, &tr); err != nil {
		return connToken{}, Permanent(fmt.Errorf("%s: token response is not a JSON object: %w", where, err))
	}
	if tr.AccessToken == "" {
		return connToken{}, Permanent(fmt.Errorf("%s: token response has no access_token", where))
	}
	typ := tr.TokenType
	if typ == "" || strings.EqualFold(typ, "bearer") {
		typ = "Bearer"
	}
	tok := connToken{value: typ + " " + tr.AccessToken}
	if secs, ok := connExpiresIn(tr.ExpiresIn); ok && secs > 0 {
		life := time.Duration(secs * float64(time.Second))
		tok.refreshAt = c.now().Add(life - min(c.skew, life/2))
	}
	return tok, nil
}

// connExpiresIn reads expires_in, which servers send as a number or, now
// and then, as a numeric string.
func connExpiresIn(raw json.RawMessage) (float64, bool) {
	if len(raw) == 0 {
		return 0, false
	}
	var n float64
	if err := json.Unmarshal(raw, &n); err == nil {
		return n, true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if n, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return n, true
		}
	}
	return 0, false
}
