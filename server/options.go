package server

import (
	"errors"
	"log/slog"
	"time"

	"github.com/switchyard-go/switchyard"
)

// Defaults.
const (
	// DefaultMaxBodyBytes bounds a request body. It leaves room for
	// PutEvents at EventBridge's largest entry size (1 MB since 2026) with
	// its Detail escaped as a JSON string.
	DefaultMaxBodyBytes = 4 << 20
	// DefaultAccount and DefaultRegion name the caller of an unsigned
	// request, or of one signed with a key the server does not know, when
	// no credentials are configured.
	DefaultAccount = "123456789012"
	DefaultRegion  = "us-east-1"
)

// Option configures a Server.
type Option func(*config) error

type config struct {
	log         *slog.Logger
	creds       []Credential
	defaultCall switchyard.Caller
	maxBody     int64
	state       State
	clock       *Clock
	ids         *IDs
	now         func() time.Time
}

// WithLogger sets the logger (default: discard). Faults, authentication
// mode and restored state are logged; each request at debug level.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("server: WithLogger: nil logger")
		}
		c.log = l
		return nil
	}
}

// WithCredentials makes the server verify SigV4 signatures: a request
// must be signed with one of creds, and acts as that key's account. With
// no credentials (the default) any well-formed signature, or none, is
// accepted for the default caller.
func WithCredentials(creds ...Credential) Option {
	return func(c *config) error {
		if err := validateCredentials(creds); err != nil {
			return errors.New("server: WithCredentials: " + err.Error())
		}
		c.creds = append(c.creds, creds...)
		return nil
	}
}

// WithDefaultCaller sets the account and region of requests when no
// credentials are configured; the region still comes from the signature's
// credential scope when there is one. Default: DefaultAccount, DefaultRegion.
func WithDefaultCaller(caller switchyard.Caller) Option {
	return func(c *config) error {
		if !accountPattern.MatchString(caller.Account) || caller.Region == "" {
			return errors.New("server: WithDefaultCaller: want a 12-digit account and a region")
		}
		c.defaultCall = caller
		return nil
	}
}

// WithMaxBodyBytes bounds request bodies (default DefaultMaxBodyBytes).
// A larger body is refused with 413 RequestEntityTooLargeException before
// it is read in full.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return errors.New("server: WithMaxBodyBytes: want a positive size")
		}
		c.maxBody = n
		return nil
	}
}

// WithState makes control-plane changes durable: New re-applies the
// journal st holds, and every accepted change is appended to it before
// its 200. clock and ids must be the ones the backends were built with
// (see Clock and IDs) so that re-applied changes get their original times
// and identifiers. The server closes st in Close.
func WithState(st State, clock *Clock, ids *IDs) Option {
	return func(c *config) error {
		if st == nil || clock == nil || ids == nil {
			return errors.New("server: WithState: state, clock and ids are all required")
		}
		c.state, c.clock, c.ids = st, clock, ids
		return nil
	}
}

// WithSigningClock sets the clock signatures are checked against (default
// time.Now), for tests of clock skew.
func WithSigningClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("server: WithSigningClock: nil func")
		}
		c.now = now
		return nil
	}
}
