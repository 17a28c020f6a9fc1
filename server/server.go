package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
	"github.com/switchyard-go/switchyard/server/internal/awsjson"
)

// Server is an http.Handler that speaks the wire protocols of EventBridge
// (AWS JSON 1.1, X-Amz-Target AWSEvents.*), CloudTrail (its JSON 1.1
// channel and event-data-store operations) and CloudTrail Data (REST-JSON
// PutAuditEvents) over the Go API of the backends it was given. Create it
// with New; it is safe for concurrent use.
type Server struct {
	log     *slog.Logger
	targets map[string]*operation // JSON 1.1, by X-Amz-Target
	paths   map[string]*operation // REST-JSON, by URL path
	auth    *authenticator
	maxBody int64
	bufs    sync.Pool // *bytes.Buffer

	// Durable control plane; state is nil for an in-memory server.
	bus     *bus.Bus         // for re-arming schedules after a restore; may be nil
	replays *replay.Replayer // for restoring replays; may be nil
	state   State
	clock   *Clock
	ids     *IDs
	mu      sync.Mutex // serialises journaled changes
	seq     uint64     // last journaled Seq; guarded by mu

	closeOnce sync.Once
	closeErr  error
}

// New returns a Server over backends. Operations whose backend is nil
// answer UnknownOperationException. With WithState, New first re-applies
// the stored journal to the backends, which must be freshly created.
func New(ctx context.Context, backends Backends, opts ...Option) (*Server, error) {
	cfg := config{
		defaultCall: switchyard.Caller{Account: DefaultAccount, Region: DefaultRegion},
		maxBody:     DefaultMaxBodyBytes,
		now:         time.Now,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.log == nil {
		cfg.log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		log:     cfg.log,
		targets: map[string]*operation{},
		paths:   map[string]*operation{},
		auth:    newAuthenticator(cfg.creds, cfg.defaultCall, cfg.now),
		maxBody: cfg.maxBody,
		bus:     backends.Bus,
		replays: backends.Replays,
		state:   cfg.state,
		clock:   cfg.clock,
		ids:     cfg.ids,
	}
	s.bufs.New = func() any { return new(bytes.Buffer) }
	s.register(backends)
	if len(cfg.creds) == 0 {
		s.log.Warn("server: no credentials configured: accepting any signature (or none) as the default caller",
			"account", cfg.defaultCall.Account, "region", cfg.defaultCall.Region)
	} else {
		s.log.Info("server: verifying SigV4 signatures", "keys", len(cfg.creds))
	}
	if s.state != nil {
		if err := s.restore(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Close closes the State, if any. It does not close the backends, which
// the caller owns; close them after the HTTP server has stopped.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.state != nil {
			s.mu.Lock()
			s.closeErr = s.state.Close()
			s.mu.Unlock()
		}
	})
	return s.closeErr
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID := uuid.NewString()
	// Written in AWS's spelling (Set would canonicalise it to
	// X-Amzn-Requestid); header names are case-insensitive to clients.
	w.Header()["x-amzn-RequestId"] = []string{requestID}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("server: panic serving request", "requestId", requestID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			s.writeError(w, newAPIError(codeInternal, "An internal error occurred."))
		}
	}()

	op, target, aerr := s.route(r)
	if aerr != nil {
		s.writeError(w, aerr)
		return
	}
	w.Header().Set("Content-Type", contentType(op)) // errors too
	buf := s.bufs.Get().(*bytes.Buffer)
	defer s.putBuf(buf)
	if aerr := s.readBody(w, r, buf); aerr != nil {
		s.writeError(w, aerr)
		return
	}
	body := buf.Bytes()
	caller, aerr := s.auth.authenticate(r, body)
	if aerr != nil {
		s.log.Debug("server: authentication failed", "requestId", requestID, "op", target, "code", aerr.Code)
		s.writeError(w, aerr)
		return
	}
	ctx := switchyard.WithCaller(r.Context(), caller)
	out, err := s.apply(ctx, op, target, body, r.URL.RawQuery, caller)
	if err != nil {
		ae, known := wireError(err)
		if !known {
			s.log.Error("server: operation failed", "requestId", requestID, "op", target, "err", err)
		} else {
			s.log.Debug("server: operation error", "requestId", requestID, "op", target, "code", ae.Code)
		}
		s.writeError(w, ae)
		return
	}
	resp := s.bufs.Get().(*bytes.Buffer)
	defer s.putBuf(resp)
	b, err := awsjson.Append(resp.AvailableBuffer(), out)
	if err != nil {
		s.log.Error("server: encoding output", "requestId", requestID, "op", target, "err", err)
		s.writeError(w, newAPIError(codeInternal, "An internal error occurred."))
		return
	}
	resp.Write(b)
	w.Header().Set("Content-Length", strconv.Itoa(resp.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(resp.Bytes())
}

// route finds the operation a request names.
func (s *Server) route(r *http.Request) (*operation, string, *apiError) {
	if r.Method != http.MethodPost {
		return nil, "", newAPIError(codeUnknownOperation, "Operations are invoked with POST; got "+r.Method+" "+r.URL.Path+".")
	}
	if r.URL.Path == "/" {
		target := r.Header.Get("X-Amz-Target")
		if target == "" {
			return nil, "", newAPIError(codeUnknownOperation, "Missing X-Amz-Target header.")
		}
		op, ok := s.targets[target]
		if !ok {
			return nil, "", newAPIError(codeUnknownOperation, "Unknown operation "+target+".")
		}
		return op, target, nil
	}
	op, ok := s.paths[r.URL.Path]
	if !ok {
		return nil, "", newAPIError(codeUnknownOperation, "Unknown operation POST "+r.URL.Path+".")
	}
	return op, op.name, nil
}

// readBody reads the request body into buf, refusing more than maxBody
// bytes without reading them.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, buf *bytes.Buffer) *apiError {
	tooLarge := func() *apiError {
		return newAPIError(codeTooLarge, "Request body is larger than the limit of "+strconv.FormatInt(s.maxBody, 10)+" bytes.")
	}
	if r.ContentLength > s.maxBody {
		return tooLarge()
	}
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, s.maxBody))
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mbe):
		return tooLarge()
	case errors.As(err, &ne) && ne.Timeout():
		return newAPIError(codeRequestTimeout, "The request body was not received within the server's read timeout.")
	case err != nil && !errors.Is(err, io.EOF):
		return newAPIError(codeSerialization, "Could not read the request body: "+err.Error())
	}
	return nil
}

func (s *Server) putBuf(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // do not keep an outsized buffer around
	}
	b.Reset()
	s.bufs.Put(b)
}

// writeError writes AWS's JSON error shape.
func (s *Server) writeError(w http.ResponseWriter, e *apiError) {
	b := []byte(`{"__type":`)
	b = awsjson.AppendString(b, e.Code)
	b = append(b, `,"message":`...)
	b = awsjson.AppendString(b, e.Message)
	b = append(b, '}')
	h := w.Header()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/x-amz-json-1.1")
	}
	h.Set("X-Amzn-ErrorType", e.Code)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(e.Status)
	_, _ = w.Write(b)
}

func contentType(op *operation) string {
	if op.restJSON {
		return "application/json"
	}
	return "application/x-amz-json-1.1"
}

// apply runs op; a mutating operation on a durable server is journaled
// before it returns (see journal.go).
func (s *Server) apply(ctx context.Context, op *operation, target string, body []byte, query string, caller switchyard.Caller) (any, error) {
	if !op.mutating || s.state == nil {
		return op.invoke(ctx, body, parseQuery(query))
	}
	return s.journaled(ctx, op, target, body, query, caller)
}
