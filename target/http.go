package target

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/jsonenc"
)

// Facts from the EventBridge user guide, "API destinations"
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html):
// the headers it adds to every request, the 5-second client execution
// timeout, and (from CreateApiDestination) the default rate of 300
// invocations per second.
const (
	httpUserAgent          = "Amazon/EventBridge/ApiDestinations"
	httpContentType        = "application/json; charset=utf-8"
	httpRange              = "bytes=0-1048575"
	httpAcceptEncoding     = "gzip,deflate"
	httpDefaultTimeout     = 5 * time.Second
	httpDefaultRatePerSec  = 300
	httpMaxResponse        = 1 << 20 // what the Range header asks for
	httpSnippetLen         = 256     // response bytes quoted in an error
	httpMaxParameterLength = 512
)

// httpReservedHeaders are headers a header parameter may not set: the ones
// EventBridge removes from API destination requests and the ones it does
// not let parameters override (User-Agent, Range). EventBridge drops them
// silently; Switchyard refuses the configuration instead, so that a
// parameter never vanishes without a word. Content-Type may be overridden.
var httpReservedHeaders = map[string]bool{
	"A-Im": true, "Accept-Charset": true, "Accept-Datetime": true, "Accept-Encoding": true,
	"Cache-Control": true, "Connection": true, "Content-Encoding": true, "Content-Length": true,
	"Content-Md5": true, "Date": true, "Expect": true, "Forwarded": true, "From": true,
	"Host": true, "Http2-Settings": true, "If-Match": true, "If-Modified-Since": true,
	"If-None-Match": true, "If-Range": true, "If-Unmodified-Since": true, "Max-Forwards": true,
	"Origin": true, "Pragma": true, "Proxy-Authorization": true, "Range": true, "Referer": true,
	"Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true, "User-Agent": true,
	"Via": true, "Warning": true,
}

// APIDestination describes an HTTP endpoint field for field like
// EventBridge's CreateApiDestination request.
type APIDestination struct {
	// Name is 1–64 characters of [.\-_A-Za-z0-9]. Required.
	Name string
	// Connection authorizes the requests. Required.
	Connection *Connection
	// InvocationEndpoint is the https URL to invoke, at most 2048
	// characters. Each "*" in its path is a path parameter, filled in order
	// from HTTPParameters.PathParameterValues. Required.
	InvocationEndpoint string
	// HTTPMethod is POST, GET, HEAD, OPTIONS, PUT, PATCH or DELETE.
	// Required.
	HTTPMethod string
	// InvocationRateLimitPerSecond caps the invocations per second; 0 means
	// EventBridge's default of 300.
	InvocationRateLimitPerSecond int
}

// HTTPParameters are the per-target parameters of an API destination, as in
// the HttpParameters of EventBridge's PutTargets. Any value, and any query
// string key, may be a JSON path into the event instead of a constant
// ("$.detail.id"), replaced at
// delivery time by the value found there: strings as they are, anything
// else as JSON. A path with nothing at it fails the delivery permanently.
// The connection's InvocationHTTPParameters win over these where keys meet.
type HTTPParameters struct {
	// PathParameterValues fill the endpoint's "*" path wildcards, in
	// order; there must be exactly one value per wildcard. Values are
	// escaped as path segments ("a/b" arrives as "a%2Fb").
	PathParameterValues []string `json:"PathParameterValues,omitempty"`
	// HeaderParameters are request headers. Header names are constants.
	// The EventBridge-managed headers (Host, User-Agent, Range, Connection,
	// Content-Length and the others the user guide lists) are refused.
	HeaderParameters map[string]string `json:"HeaderParameters,omitempty"`
	// QueryStringParameters are added to the endpoint's query string.
	QueryStringParameters map[string]string `json:"QueryStringParameters,omitempty"`
}

// HTTPOption configures HTTP.
type HTTPOption func(*httpOptions)

type httpOptions struct {
	client    *http.Client
	timeout   time.Duration
	logger    *slog.Logger
	plainHTTP bool
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
}

// WithHTTPClient sets the client that sends requests. Redirects are never
// followed, whatever the client's CheckRedirect says: EventBridge does not
// follow them, and a 3xx fails the delivery without retries.
func WithHTTPClient(c *http.Client) HTTPOption {
	return func(o *httpOptions) { o.client = c }
}

// WithHTTPTimeout bounds each request. Default: 5s, as EventBridge.
func WithHTTPTimeout(d time.Duration) HTTPOption {
	return func(o *httpOptions) { o.timeout = d }
}

// WithHTTPLogger sets the logger for failed invocations. Default: discard.
func WithHTTPLogger(l *slog.Logger) HTTPOption {
	return func(o *httpOptions) { o.logger = l }
}

// WithHTTPAllowPlainHTTP accepts an http:// InvocationEndpoint.
// EventBridge requires https; this is for local development and tests.
func WithHTTPAllowPlainHTTP() HTTPOption {
	return func(o *httpOptions) { o.plainHTTP = true }
}

// httpWithClock replaces the clock and the sleep of the rate limiter and of
// Retry-After dates; tests use it to run without sleeping.
func httpWithClock(now func() time.Time, sleep func(context.Context, time.Duration) error) HTTPOption {
	return func(o *httpOptions) { o.now, o.sleep = now, sleep }
}

// HTTPTarget delivers events to an API destination. Create one per API
// destination and give it (or its WithParameters variants) to every rule
// that should reach the endpoint: they share its rate limit. It is safe for
// concurrent use.
//
// Each delivery sends the delivery's Payload as the request body with
// EventBridge's headers (User-Agent "Amazon/EventBridge/ApiDestinations",
// Content-Type "application/json; charset=utf-8" unless a parameter sets
// it, Range, Accept-Encoding), the connection's authorization and
// parameters, and the target's parameters. Keep-alive connections are
// reused, where EventBridge sends "Connection: close".
//
// Outcomes follow the user guide's "API destination error codes": a 2xx
// acknowledges the delivery; 429 and 5xx return a retryable *HTTPError
// whose RetryAfter carries the response's Retry-After header (a negative
// Retry-After, which tells EventBridge to stop retrying, makes the error
// permanent); any other status returns a permanent *HTTPError. With an
// OAuth connection, a 401 or 407 refreshes the token and the request is sent
// once more at once. Transport failures and timeouts are retryable.
type HTTPTarget struct {
	name     string
	conn     *Connection
	method   string
	ep       httpEndpoint
	params   HTTPParameters
	paramErr error // why the path parameters do not fit the endpoint, if so
	shared   *httpShared
}

// httpShared is what all targets of one API destination share.
type httpShared struct {
	client  *http.Client
	timeout time.Duration
	logger  *slog.Logger
	now     func() time.Time
	limiter *httpRateLimiter
}

// HTTP validates dest, as CreateApiDestination does, and returns its
// target. Errors name the offending field. If the endpoint has path
// wildcards, give their values with WithParameters.
func HTTP(dest APIDestination, opts ...HTTPOption) (*HTTPTarget, error) {
	o := httpOptions{timeout: httpDefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	fail := func(format string, args ...any) (*HTTPTarget, error) {
		return nil, fmt.Errorf("target: API destination %q: "+format, append([]any{dest.Name}, args...)...)
	}
	if err := httpCheckName(dest.Name); err != nil {
		return fail("Name: %w", err)
	}
	if dest.Connection == nil {
		return fail("Connection: required")
	}
	switch dest.HTTPMethod {
	case http.MethodPost, http.MethodGet, http.MethodHead, http.MethodOptions,
		http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return fail("HTTPMethod: must be POST, GET, HEAD, OPTIONS, PUT, PATCH or DELETE, got %q", dest.HTTPMethod)
	}
	ep, err := httpParseEndpoint(dest.InvocationEndpoint, o.plainHTTP)
	if err != nil {
		return fail("InvocationEndpoint: %w", err)
	}
	rate := dest.InvocationRateLimitPerSecond
	if rate < 0 {
		return fail("InvocationRateLimitPerSecond: must be at least 1, got %d", rate)
	}
	if rate == 0 {
		rate = httpDefaultRatePerSec
	}
	if o.timeout <= 0 {
		return fail("WithHTTPTimeout: must be positive, got %v", o.timeout)
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.sleep == nil {
		o.sleep = httpSleep
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	t := &HTTPTarget{
		name:   dest.Name,
		conn:   dest.Connection,
		method: dest.HTTPMethod,
		ep:     ep,
		shared: &httpShared{
			client:  httpNoRedirects(o.client),
			timeout: o.timeout,
			logger:  o.logger,
			now:     o.now,
			limiter: newHTTPRateLimiter(rate, o.now, o.sleep),
		},
	}
	t.paramErr = t.ep.checkValues(0)
	return t, nil
}

// WithParameters returns a target for the same API destination (sharing
// its connection and rate limit) that sends p with every request, like a
// PutTargets entry with HttpParameters. Errors name the offending field.
func (t *HTTPTarget) WithParameters(p HTTPParameters) (*HTTPTarget, error) {
	fail := func(format string, args ...any) (*HTTPTarget, error) {
		return nil, fmt.Errorf("target: API destination %q: HTTPParameters.%s", t.name, fmt.Sprintf(format, args...))
	}
	if err := t.ep.checkValues(len(p.PathParameterValues)); err != nil {
		return fail("PathParameterValues: %v", err)
	}
	for i, v := range p.PathParameterValues {
		if strings.TrimSpace(v) == "" {
			return fail("PathParameterValues[%d]: must not be blank", i)
		}
		if err := httpCheckDynamic(v); err != nil {
			return fail("PathParameterValues[%d]: %v", i, err)
		}
	}
	for k, v := range p.HeaderParameters {
		if err := httpCheckHeader(k, v, true); err != nil {
			return fail("HeaderParameters[%q]: %v", k, err)
		}
		if err := httpCheckDynamic(v); err != nil {
			return fail("HeaderParameters[%q]: %v", k, err)
		}
	}
	for k, v := range p.QueryStringParameters {
		if err := httpCheckQuery(k, v); err != nil {
			return fail("QueryStringParameters[%q]: %v", k, err)
		}
		if err := errors.Join(httpCheckDynamic(k), httpCheckDynamic(v)); err != nil {
			return fail("QueryStringParameters[%q]: %v", k, err)
		}
	}
	n := *t
	n.params = HTTPParameters{
		PathParameterValues:   slices.Clone(p.PathParameterValues),
		HeaderParameters:      httpCloneMap(p.HeaderParameters),
		QueryStringParameters: httpCloneMap(p.QueryStringParameters),
	}
	n.paramErr = nil
	return &n, nil
}

// Name returns the API destination's name.
func (t *HTTPTarget) Name() string { return t.name }

// Deliver sends d.Payload to the endpoint. See HTTPTarget for how outcomes
// map to errors.
func (t *HTTPTarget) Deliver(ctx context.Context, d switchyard.Delivery) error {
	if t.paramErr != nil {
		return Permanent(fmt.Errorf("target: API destination %q: HTTPParameters.PathParameterValues: %w", t.name, t.paramErr))
	}
	u, redacted, hdr, body, err := t.request(d)
	if err != nil {
		return Permanent(fmt.Errorf("target: API destination %q: %w", t.name, err))
	}
	where := fmt.Sprintf("target: API destination %q: %s %s", t.name, t.method, redacted)
	stale := ""
	for {
		if err := t.shared.limiter.wait(ctx); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		rejected, err := t.invoke(ctx, where, u, hdr, body, stale)
		if rejected != "" && stale == "" {
			// The endpoint refused the OAuth token: EventBridge refreshes
			// on 401 and 407. Send once more with a token other than this.
			t.shared.logger.LogAttrs(ctx, slog.LevelDebug, "API destination rejected OAuth token; refreshing",
				slog.String("apiDestination", t.name), slog.String("connection", t.conn.name))
			stale = rejected
			continue
		}
		if err != nil {
			level := slog.LevelDebug // the bus retries, and logs what it gives up on
			if IsPermanent(err) {
				level = slog.LevelWarn
			}
			t.shared.logger.LogAttrs(ctx, level, "API destination invocation failed",
				slog.String("apiDestination", t.name), slog.Bool("permanent", IsPermanent(err)),
				slog.String("error", err.Error()))
		}
		return err
	}
}

// invoke sends one request. When the endpoint answers an OAuth connection's
// token with 401 or 407, it also returns the rejected Authorization value.
func (t *HTTPTarget) invoke(ctx context.Context, where, u string, hdr http.Header, body []byte, stale string) (string, error) {
	h := hdr.Clone()
	used, err := t.conn.authorize(ctx, h, stale)
	if err != nil {
		return "", fmt.Errorf("target: API destination %q: %w", t.name, err)
	}
	rctx, cancel := context.WithTimeout(ctx, t.shared.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, t.method, u, bytes.NewReader(body))
	if err != nil {
		return "", Permanent(fmt.Errorf("%s: %w", where, err))
	}
	req.Header = h
	resp, err := t.shared.client.Do(req)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return "", fmt.Errorf("%s: %w", where, cerr)
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return "", fmt.Errorf("%s: no response within %v: %w", where, t.shared.timeout, context.DeadlineExceeded)
		}
		return "", fmt.Errorf("%s: %w", where, httpStripURL(err))
	}
	defer httpDrain(resp)
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return "", nil
	}
	err = httpStatusError(where, resp, t.shared.now())
	if used != "" && (resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusProxyAuthRequired) {
		return used, err
	}
	return "", err
}

// request builds the URL, headers and body of d's invocation. redacted is
// the URL without its query string, which may hold secrets, for messages.
func (t *HTTPTarget) request(d switchyard.Delivery) (u, redacted string, h http.Header, body []byte, err error) {
	var event []byte
	resolve := func(field, v string) (string, error) {
		if !httpIsDynamic(v) {
			return v, nil
		}
		if event == nil {
			if d.Event == nil {
				return "", fmt.Errorf("%s: %s needs the event, but the delivery has none", field, v)
			}
			event = d.Event.AppendJSON(nil)
		}
		r, err := httpResolvePath(event, v)
		if err != nil {
			return "", fmt.Errorf("%s: %w", field, err)
		}
		return r, nil
	}

	var path strings.Builder
	path.WriteString(t.ep.parts[0])
	for i, v := range t.params.PathParameterValues {
		r, err := resolve(fmt.Sprintf("HTTPParameters.PathParameterValues[%d]", i), v)
		if err != nil {
			return "", "", nil, nil, err
		}
		path.WriteString(url.PathEscape(r))
		path.WriteString(t.ep.parts[i+1])
	}
	redacted = t.ep.base + path.String()

	q := url.Values{}
	for _, k := range httpSortedKeys(t.params.QueryStringParameters) {
		field := fmt.Sprintf("HTTPParameters.QueryStringParameters[%q]", k)
		rk, err := resolve(field, k)
		if err != nil {
			return "", "", nil, nil, err
		}
		r, err := resolve(field, t.params.QueryStringParameters[k])
		if err != nil {
			return "", "", nil, nil, err
		}
		q.Set(rk, r)
	}
	for _, p := range t.conn.invoke.QueryStringParameters {
		q.Set(p.Key, p.Value)
	}
	u = redacted
	switch extra := q.Encode(); {
	case t.ep.query != "" && extra != "":
		u += "?" + t.ep.query + "&" + extra
	case t.ep.query != "":
		u += "?" + t.ep.query
	case extra != "":
		u += "?" + extra
	}

	h = http.Header{}
	h.Set("Content-Type", httpContentType)
	h.Set("Range", httpRange)
	h.Set("Accept-Encoding", httpAcceptEncoding)
	for _, k := range httpSortedKeys(t.params.HeaderParameters) {
		field := fmt.Sprintf("HTTPParameters.HeaderParameters[%q]", k)
		r, err := resolve(field, t.params.HeaderParameters[k])
		if err != nil {
			return "", "", nil, nil, err
		}
		if err := httpCheckHeaderValue(r); err != nil {
			return "", "", nil, nil, fmt.Errorf("%s: value found in the event is not a valid header value: %w", field, err)
		}
		h.Set(k, r)
	}
	for _, p := range t.conn.invoke.HeaderParameters {
		h.Set(p.Key, p.Value)
	}
	h.Set("User-Agent", httpUserAgent)

	body, err = httpMergeBody(d.Payload, t.conn.invoke.BodyParameters)
	if err != nil {
		return "", "", nil, nil, fmt.Errorf("connection %q: InvocationHTTPParameters.BodyParameters: %w", t.conn.name, err)
	}
	return u, redacted, h, body, nil
}

// HTTPError is a response outside 2xx from an API destination or from an
// OAuth authorization endpoint. It is retryable for 429 and 5xx and
// wrapped in Permanent otherwise.
type HTTPError struct {
	// Where names the target or connection, the method and the URL
	// (without its query string, which may hold secrets).
	Where string
	// StatusCode is the response's status.
	StatusCode int
	// Body is the start of the response body, at most 256 bytes.
	Body string
	// RetryAfter is the delay the response's Retry-After header asked
	// for: seconds, or until an HTTP date. Zero when absent or
	// unparseable; negative when the endpoint sent a negative number.
	RetryAfter time.Duration
}

// Error returns where, the status and the start of the body.
func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("%s: %d %s", e.Where, e.StatusCode, http.StatusText(e.StatusCode))
	if e.RetryAfter != 0 {
		msg += fmt.Sprintf(" (Retry-After %v)", e.RetryAfter)
	}
	if e.Body != "" {
		msg += fmt.Sprintf(": body %q", e.Body)
	}
	return msg
}

// RetryDelay is the least delay the endpoint asked for before the next
// attempt; a retry scheduler waits for the longer of this and its own
// backoff, as EventBridge "chooses the more conservative value between the
// defined retry policy and the Retry-After header".
func (e *HTTPError) RetryDelay() time.Duration { return max(e.RetryAfter, 0) }

// httpStatusError maps a non-2xx response to an error; see HTTPTarget.
func httpStatusError(where string, resp *http.Response, now time.Time) error {
	e := &HTTPError{
		Where:      where,
		StatusCode: resp.StatusCode,
		Body:       httpSnippet(resp),
		RetryAfter: httpRetryAfter(resp.Header.Get("Retry-After"), now),
	}
	if (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500) && e.RetryAfter >= 0 {
		return e
	}
	return Permanent(e)
}

// httpRetryAfter parses a Retry-After value: a number of seconds (negative
// numbers are kept: EventBridge stops retrying on them) or an HTTP date.
func httpRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		const maxSecs = int64(1<<63-1) / int64(time.Second)
		return time.Duration(max(min(secs, maxSecs), -maxSecs)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// httpSnippet reads the start of a response body for an error message,
// decompressing it when the server honoured Accept-Encoding.
func httpSnippet(resp *http.Response) string {
	var r io.Reader = resp.Body
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return ""
		}
		r = zr
	case "deflate":
		zr, err := zlib.NewReader(resp.Body)
		if err != nil {
			return ""
		}
		r = zr
	}
	buf := make([]byte, httpSnippetLen)
	n, _ := io.ReadFull(r, buf)
	return strings.ToValidUTF8(string(buf[:n]), "\uFFFD")
}

// httpDrain discards what is left of a response body, up to the 1 MiB the
// Range header asked for, so the connection can be reused, and closes it.
func httpDrain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, httpMaxResponse))
	_ = resp.Body.Close()
}

// httpNoRedirects returns a copy of c (or of a default client) that does
// not follow redirects.
func httpNoRedirects(c *http.Client) *http.Client {
	var n http.Client
	if c != nil {
		n = *c
	}
	n.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &n
}

// httpStripURL drops the URL that *url.Error puts in its message, which may
// hold secret query parameters; the caller names the redacted URL instead.
func httpStripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// httpRedact returns u without query string, user information or fragment.
func httpRedact(u *url.URL) string {
	return u.Scheme + "://" + u.Host + u.EscapedPath()
}

// httpEndpoint is a parsed InvocationEndpoint: the path split at its "*"
// wildcards, so a delivery only concatenates.
type httpEndpoint struct {
	base  string   // scheme://host[:port]
	parts []string // the raw path around the wildcards; len = wildcards+1
	query string   // the raw query string, without "?"
}

// httpParseEndpoint validates an InvocationEndpoint (see httpParseURL) and
// splits it at its path wildcards. A "*" in the query string is literal.
func httpParseEndpoint(raw string, plainHTTP bool) (httpEndpoint, error) {
	u, err := httpParseURL(raw, plainHTTP)
	if err != nil {
		return httpEndpoint{}, err
	}
	rest := raw[strings.Index(raw, "://")+3:]
	authority, pathQuery := rest, "/"
	if end := strings.IndexAny(rest, "/?"); end >= 0 {
		authority, pathQuery = rest[:end], rest[end:]
	}
	if pathQuery[0] == '?' {
		pathQuery = "/" + pathQuery
	}
	if strings.Contains(authority, "*") {
		return httpEndpoint{}, errors.New(`"*" path wildcards are allowed only in the path`)
	}
	path, query, _ := strings.Cut(pathQuery, "?")
	return httpEndpoint{
		base:  strings.ToLower(u.Scheme) + "://" + authority,
		parts: strings.Split(path, "*"),
		query: query,
	}, nil
}

// checkValues reports whether n path parameter values fit the endpoint.
func (e httpEndpoint) checkValues(n int) error {
	if w := len(e.parts) - 1; w != n {
		return fmt.Errorf("the endpoint has %d path wildcard(s) (*) but %d value(s) are given", w, n)
	}
	return nil
}

// httpParseURL checks an endpoint against the InvocationEndpoint and
// AuthorizationEndpoint constraints of the EventBridge API (1–2048
// characters of ^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\x26=+$,A-Za-z0-9])+)...$)
// and requires an absolute https URL with a host and no user information.
func httpParseURL(raw string, plainHTTP bool) (*url.URL, error) {
	if raw == "" || len(raw) > 2048 {
		return nil, fmt.Errorf("must be 1 to 2048 characters, got %d", len(raw))
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '%' {
			if i+2 >= len(raw) || !httpIsHex(raw[i+1]) || !httpIsHex(raw[i+2]) {
				return nil, fmt.Errorf("'%%' at byte %d does not start a %%XX escape", i)
			}
			i += 2
			continue
		}
		if !httpURLChar(c) {
			return nil, fmt.Errorf("character %q at byte %d is not allowed", c, i)
		}
	}
	if !strings.Contains(raw, "://") {
		return nil, errors.New(`must be an absolute URL ("https://host/...")`)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("not a URL: %w", httpStripURL(err))
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "https":
	case scheme == "http" && plainHTTP:
	case scheme == "http":
		return nil, errors.New("must use https (plain http needs the AllowPlainHTTP option)")
	default:
		return nil, fmt.Errorf("must be an absolute https URL, got scheme %q", u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, errors.New("has no host")
	}
	if u.User != nil {
		return nil, errors.New("must not contain user information; use the connection for credentials")
	}
	return u, nil
}

func httpIsHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// httpURLChar reports whether c is in the endpoint pattern's character set.
func httpURLChar(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	return strings.IndexByte("-()_.!~*';/?:@&=+$,", c) >= 0
}

// httpCheckName checks an API destination or connection name: 1–64
// characters of [.\-_A-Za-z0-9].
func httpCheckName(s string) error {
	if s == "" || len(s) > 64 {
		return fmt.Errorf("must be 1 to 64 characters, got %d", len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return fmt.Errorf("character %q at byte %d is not allowed; use letters, digits, '.', '-' and '_'", c, i)
		}
	}
	return nil
}

// httpCheckHeaderName requires an RFC 9110 token of at most 512
// characters, as HeaderParameters' key pattern does.
func httpCheckHeaderName(k string) error {
	if k == "" || len(k) > httpMaxParameterLength {
		return fmt.Errorf("header name must be 1 to %d characters, got %d", httpMaxParameterLength, len(k))
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return fmt.Errorf("header name %q: character %q is not allowed", k, c)
		}
	}
	return nil
}

// httpCheckNotReserved refuses the headers EventBridge sets itself.
func httpCheckNotReserved(k string) error {
	if httpReservedHeaders[http.CanonicalHeaderKey(k)] {
		return fmt.Errorf("header %q is set by EventBridge and cannot be a parameter", k)
	}
	return nil
}

// httpCheckHeaderValue requires printable ASCII, spaces and tabs, at most
// 512 characters, as HeaderParameters' value pattern does.
func httpCheckHeaderValue(v string) error {
	if len(v) > httpMaxParameterLength {
		return fmt.Errorf("must be at most %d characters, got %d", httpMaxParameterLength, len(v))
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c != '\t' && (c < 0x20 || c > 0x7E) {
			return fmt.Errorf("character %q at byte %d is not allowed", c, i)
		}
	}
	return nil
}

// httpCheckHeader checks a header parameter. Parameters of requests to an
// API destination may not set the reserved headers; an OAuth token request
// may.
func httpCheckHeader(k, v string, reserved bool) error {
	if err := httpCheckHeaderName(k); err != nil {
		return fmt.Errorf("Key: %w", err)
	}
	if reserved {
		if err := httpCheckNotReserved(k); err != nil {
			return fmt.Errorf("Key: %w", err)
		}
	}
	if err := httpCheckHeaderValue(v); err != nil {
		return fmt.Errorf("Value: %w", err)
	}
	return nil
}

// httpCheckQuery checks a query parameter against QueryStringParameters'
// patterns: the key has no control characters, the value none but tab,
// line feed and carriage return; both at most 512 characters.
func httpCheckQuery(k, v string) error {
	if k == "" || len(k) > httpMaxParameterLength {
		return fmt.Errorf("Key: must be 1 to %d characters, got %d", httpMaxParameterLength, len(k))
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x20 || c == 0x7F {
			return fmt.Errorf("Key: control character %#x at byte %d is not allowed", c, i)
		}
	}
	if len(v) > httpMaxParameterLength {
		return fmt.Errorf("Value: must be at most %d characters, got %d", httpMaxParameterLength, len(v))
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F {
			return fmt.Errorf("Value: control character %#x at byte %d is not allowed", c, i)
		}
	}
	return nil
}

// httpIsDynamic reports whether a parameter value is a JSON path into the
// event rather than a constant.
func httpIsDynamic(v string) bool { return v == "$" || strings.HasPrefix(v, "$.") }

// httpCheckDynamic rejects malformed JSON paths ("$.a..b", "$.").
func httpCheckDynamic(v string) error {
	if !httpIsDynamic(v) || v == "$" {
		return nil
	}
	for i, seg := range strings.Split(v[2:], ".") {
		if seg == "" {
			return fmt.Errorf("JSON path %q: segment %d is empty", v, i+1)
		}
	}
	return nil
}

// httpResolvePath returns the value at a dot-notation JSON path ("$" or
// "$.a.b") in event: a string as it is, anything else as its JSON text.
func httpResolvePath(event []byte, path string) (string, error) {
	if path == "$" {
		return string(event), nil
	}
	segs := strings.Split(path[2:], ".")
	for i, s := range segs {
		segs[i] = gjson.Escape(s)
	}
	r := gjson.GetBytes(event, strings.Join(segs, "."))
	if !r.Exists() {
		return "", fmt.Errorf("JSON path %s: no value in the event", path)
	}
	if r.Type == gjson.String {
		return r.Str, nil
	}
	return r.Raw, nil
}

// httpMergeBody adds a connection's body parameters to a JSON-object
// payload as top-level string fields, replacing fields of the same name
// (the connection's values take precedence) and keeping the others in
// order. A payload that is not a JSON object cannot take parameters.
func httpMergeBody(payload []byte, params []ConnectionParameter) ([]byte, error) {
	if len(params) == 0 {
		return payload, nil
	}
	trimmed := bytes.TrimSpace(payload)
	if len(trimmed) == 0 || trimmed[0] != '{' || !gjson.ValidBytes(trimmed) {
		return nil, errors.New("the payload is not a JSON object, so body parameters cannot be added to it")
	}
	replaced := make(map[string]bool, len(params))
	for _, p := range params {
		replaced[p.Key] = true
	}
	out := make([]byte, 0, len(trimmed)+32*len(params))
	out = append(out, '{')
	gjson.ParseBytes(trimmed).ForEach(func(k, v gjson.Result) bool {
		if replaced[k.Str] {
			return true
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, k.Raw...)
		out = append(out, ':')
		out = append(out, v.Raw...)
		return true
	})
	for _, p := range params {
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = jsonenc.AppendString(out, p.Key)
		out = append(out, ':')
		out = jsonenc.AppendString(out, p.Value)
	}
	return append(out, '}'), nil
}

func httpSortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func httpCloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	n := make(map[string]string, len(m))
	for k, v := range m {
		n[k] = v
	}
	return n
}
