package audit

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/internal/caller"
)

// Lake is CloudTrail Lake's event data stores, channels and channel
// policies, and the CloudTrail Data API's PutAuditEvents, for every
// account and region of a process (see the package doc).
//
// All methods are safe for concurrent use. PutAuditEvents validates
// without holding a lock and appends each call as one batch per
// destination store, so concurrent calls proceed in parallel as far as the
// stores allow.
type Lake struct {
	cfg config

	// mu guards stores, channels and closed. Every operation registers in
	// inflight while it holds mu, so that Close, after setting closed, can
	// wait for the operations already running.
	mu       sync.RWMutex
	stores   map[string]*eventDataStore // by ID
	channels map[string]*channel        // by ID
	closed   bool
	inflight sync.WaitGroup
}

// New returns a Lake with no event data stores or channels.
func New(opts ...Option) (*Lake, error) {
	cfg := defaults()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	return &Lake{
		cfg:      cfg,
		stores:   make(map[string]*eventDataStore),
		channels: make(map[string]*channel),
	}, nil
}

// Close stops the lake: calls that start afterwards fail with ErrClosed.
// It waits for the calls already running to finish, then closes every
// event data store's archive.Store; events whose PutAuditEvents call
// returned are in the stores. If ctx ends first, Close returns ctx.Err()
// and leaves the stores open; calling Close again waits again and closes
// them. Once the stores are closed, Close returns nil.
func (l *Lake) Close(ctx context.Context) error {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	done := make(chan struct{})
	go func() {
		l.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	for id, s := range l.stores {
		if err := s.store.Close(); err != nil && !errors.Is(err, archive.ErrClosed) {
			errs = append(errs, fmt.Errorf("audit: closing event data store %s: %w", s.name, err))
		}
		delete(l.stores, id)
	}
	return errors.Join(errs...)
}

// begin registers an operation, failing once the lake is closed or ctx is
// done, and returns the caller ctx names. The caller must call
// l.inflight.Done when it finishes.
func (l *Lake) begin(ctx context.Context) (switchyard.Caller, error) {
	if err := ctx.Err(); err != nil {
		return switchyard.Caller{}, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return switchyard.Caller{}, ErrClosed
	}
	l.inflight.Add(1)
	return caller.Resolve(ctx, l.cfg.account, l.cfg.region), nil
}

// newUUID draws an ID for an ARN and checks its shape, so that a broken
// generator fails the call rather than minting an ARN that cannot be
// parsed back.
func (l *Lake) newUUID(what string) (string, error) {
	id := l.cfg.newID()
	if !isUUID(id) {
		return "", fmt.Errorf("audit: %s: the ID generator returned %q, which is not a UUID", what, id)
	}
	return id, nil
}
