package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

// remote sends operations to a server: EventBridge through aws-sdk-go-v2's
// eventbridge client, CloudTrail Data as a SigV4-signed REST request (the
// Go SDK's cloudtraildata client cannot be fetched in this workspace, so
// its one operation is built from the model; the wire form is the same).
//
// Either way the HTTP response body is kept and printed: the aws CLI prints
// the wire values (timestamps as sent, numbers as written), which the SDK's
// typed outputs no longer hold.
type remote struct {
	endpoint string
	cfg      aws.Config
	events   *eventbridge.Client
	capture  *captureClient
}

// captureClient is the HTTP client the SDK sends through: it keeps the
// last response body for printing and logs traffic under --debug.
type captureClient struct {
	next  *http.Client
	debug io.Writer // nil unless --debug

	mu   sync.Mutex
	body []byte
}

func (c *captureClient) Do(req *http.Request) (*http.Response, error) {
	if c.debug != nil {
		if dump, err := httputil.DumpRequestOut(req, true); err == nil {
			fmt.Fprintf(c.debug, "%s DEBUG - request:\n%s\n", time.Now().UTC().Format(time.RFC3339), dump)
		}
	}
	resp, err := c.next.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	c.mu.Lock()
	c.body = body
	c.mu.Unlock()
	if c.debug != nil {
		fmt.Fprintf(c.debug, "%s DEBUG - response %s:\n", time.Now().UTC().Format(time.RFC3339), resp.Status)
		for k, v := range resp.Header {
			fmt.Fprintf(c.debug, "%s: %s\n", k, strings.Join(v, ", "))
		}
		fmt.Fprintf(c.debug, "\n%s\n", body)
	}
	return resp, nil
}

func (c *captureClient) last() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.body
}

// newRemote loads the aws-sdk-go-v2 configuration (credential chain,
// profile, region). A local server needs neither a region nor real
// credentials, so when none are configured the CLI signs for us-east-1
// with a placeholder key, which a server without configured credentials
// accepts, instead of failing as the aws CLI would.
func newRemote(ctx context.Context, r *runner, hc *http.Client) (*remote, error) {
	u, err := url.Parse(r.g.endpointURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, usagef("Bad value for --endpoint-url %q: expected a URL such as http://127.0.0.1:4010", r.g.endpointURL)
	}
	if hc == nil {
		hc = r.httpClient
	}
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
		if r.g.noVerifySSL {
			// --no-verify-ssl, as in the aws CLI: for a local server with a
			// self-signed certificate.
			tr := http.DefaultTransport.(*http.Transport).Clone()
			tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // asked for by the user
			hc.Transport = tr
		}
	}
	capture := &captureClient{next: hc}
	if r.g.debug {
		capture.debug = r.stderr
	}
	loadOpts := []func(*config.LoadOptions) error{
		config.WithLogger(logging.Nop{}),
	}
	if r.g.debug {
		loadOpts[0] = config.WithLogger(logging.NewStandardLogger(r.stderr))
	}
	// Keys in the environment the command was given win, as in the aws
	// CLI's credential chain (which reads the environment first).
	if id, secret := r.env("AWS_ACCESS_KEY_ID"), r.env("AWS_SECRET_ACCESS_KEY"); id != "" && secret != "" {
		loadOpts = append(loadOpts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(id, secret, r.env("AWS_SESSION_TOKEN"))))
	}
	// The instance metadata service is never the source of credentials
	// for a server on this machine, and probing it costs seconds.
	if isLocal(u.Hostname()) {
		loadOpts = append(loadOpts, config.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	if r.g.profile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(r.g.profile))
	}
	if r.g.region != "" {
		loadOpts = append(loadOpts, config.WithRegion(r.g.region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if r.g.noSignRequest {
		cfg.Credentials = aws.AnonymousCredentials{}
	} else if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if r.g.debug {
			fmt.Fprintf(r.stderr, "no AWS credentials found (%v); signing with a placeholder key for a local server\n", err)
		}
		cfg.Credentials = credentials.NewStaticCredentialsProvider("switchyard", "switchyard", "")
	}
	cfg.HTTPClient = capture
	rm := &remote{endpoint: strings.TrimRight(r.g.endpointURL, "/"), cfg: cfg, capture: capture}
	rm.events = eventbridge.NewFromConfig(cfg, func(o *eventbridge.Options) {
		o.BaseEndpoint = aws.String(rm.endpoint)
		o.RetryMaxAttempts = 3
	})
	return rm, nil
}

func (rm *remote) close(context.Context) error { return nil }

// isLocal reports whether host is this machine (or the embedded mode's
// placeholder host).
func isLocal(host string) bool {
	if host == "localhost" || host == "switchyard.embedded" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// call sends one request and returns the response body.
func (rm *remote) call(ctx context.Context, svc *model.Service, op *model.Operation, req map[string]any) ([]byte, error) {
	switch svc.Name {
	case "events":
		return rm.callEvents(ctx, op, req)
	case "cloudtrail-data":
		return rm.callREST(ctx, svc, op, req, "cloudtrail-data")
	}
	return nil, fmt.Errorf("no client for service %s", svc.Name)
}

// callEvents calls the eventbridge client's method named like the
// operation. The request goes through encoding/json into the SDK's input
// type, whose field names are the model's member names.
func (rm *remote) callEvents(ctx context.Context, op *model.Operation, req map[string]any) ([]byte, error) {
	method := reflect.ValueOf(rm.events).MethodByName(op.Name)
	if !method.IsValid() {
		return nil, fmt.Errorf("the eventbridge client has no %s operation", op.Name)
	}
	inType := method.Type().In(1).Elem()
	in := reflect.New(inType)
	raw, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, in.Interface()); err != nil {
		return nil, fmt.Errorf("building the %s request: %w", op.Name, err)
	}
	out := method.Call([]reflect.Value{reflect.ValueOf(ctx), in})
	if errv := out[1]; !errv.IsNil() {
		return nil, rm.wrapErr(op, errv.Interface().(error))
	}
	return rm.capture.last(), nil
}

// callREST sends a REST-JSON operation (CloudTrail Data's PutAuditEvents):
// querystring members go in the URL, the rest in the JSON body.
func (rm *remote) callREST(ctx context.Context, svc *model.Service, op *model.Operation, req map[string]any, signingName string) ([]byte, error) {
	in := svc.Shape(op.Input)
	q := url.Values{}
	body := map[string]any{}
	for _, m := range in.Members {
		v, ok := req[m.Name]
		if !ok {
			continue
		}
		if m.Location == "querystring" {
			q.Set(m.Name, fmt.Sprint(v))
			continue
		}
		body[m.Name] = v
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	u := rm.endpoint + "/" + op.Name
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	hreq.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(payload)
	hash := hex.EncodeToString(sum[:])
	if _, anon := rm.cfg.Credentials.(aws.AnonymousCredentials); !anon {
		creds, err := rm.cfg.Credentials.Retrieve(ctx)
		if err != nil {
			return nil, err
		}
		if err := v4.NewSigner().SignHTTP(ctx, creds, hreq, hash, signingName, rm.cfg.Region, time.Now()); err != nil {
			return nil, err
		}
	}
	resp, err := rm.capture.Do(hreq)
	if err != nil {
		return nil, connectErr(rm.endpoint, err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return nil, restError(op, resp, data)
	}
	return data, nil
}

// restError reads a REST-JSON error: the code from X-Amzn-ErrorType or the
// body's __type/code, the message from message or Message.
func restError(op *model.Operation, resp *http.Response, data []byte) error {
	var b struct {
		Type     string `json:"__type"`
		Code     string `json:"code"`
		Message  string `json:"message"`
		MessageU string `json:"Message"`
	}
	_ = json.Unmarshal(data, &b)
	code := resp.Header.Get("X-Amzn-ErrorType")
	if code == "" {
		code = b.Type
	}
	if code == "" {
		code = b.Code
	}
	code = cleanCode(code)
	if code == "" {
		code = fmt.Sprint(resp.StatusCode)
	}
	msg := b.Message
	if msg == "" {
		msg = b.MessageU
	}
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	return &ServiceError{Operation: op.Name, Code: code, Message: msg}
}

// cleanCode drops the namespace and the trailing ":http://..." that AWS
// error types may carry (aws.protocoltests#Code:http://internal/).
func cleanCode(code string) string {
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return code
}

func (rm *remote) wrapErr(op *model.Operation, err error) error {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return &ServiceError{Operation: op.Name, Code: apiErr.ErrorCode(), Message: apiErr.ErrorMessage()}
	}
	return connectErr(rm.endpoint, err)
}

// connectErr words a transport failure as the aws CLI does.
func connectErr(endpoint string, err error) error {
	var netErr net.Error
	var opErr *net.OpError
	if errors.As(err, &opErr) || errors.As(err, &netErr) {
		return fmt.Errorf("Could not connect to the endpoint URL: \"%s/\": %w", endpoint, err)
	}
	return err
}
