package archive

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// AuditLake ingests audit events the way CloudTrail Lake's PutAuditEvents
// does and keeps them in a Store.
//
// A lake owns channels (CreateChannel, GetChannel, ListChannels,
// DeleteChannel). PutAuditEvents accepts 1 to 100 events, at most 1 MB, on
// a channel; it checks each event's checksum and validates its eventData
// against the CloudTrail Lake integrations event schema, stores the events
// that pass, with the fields CloudTrail adds on ingestion, in one atomic
// Store.Append, and reports the others with CloudTrail's per-event error
// codes. QueryAuditEvents reads them back in event-time order, optionally
// filtered by an EventBridge pattern.
//
// # Stored records
//
// Each accepted event becomes one Record: Time is the event's
// eventData.eventTime, Ingested the lake's clock at ingestion, Seq a
// counter that only grows, and Data the event as CloudTrail Lake presents
// it:
//
//	{
//	  "eventVersion": "1.0",
//	  "eventCategory": "ActivityAuditLog",
//	  "eventType": "ActivityLog",
//	  "eventID": "<UUID CloudTrail assigned, as returned in Successful>",
//	  "eventTime": "<eventData.eventTime, yyyy-MM-ddTHH:mm:ssZ>",
//	  "awsRegion": "<the lake's Region>",
//	  "recipientAccountId": "<the channel owner's account>",
//	  "metadata": {
//	    "ingestionTime": "<yyyy-MM-ddTHH:mm:ssZ>",
//	    "channelARN": "<the channel's ARN>"
//	  },
//	  "eventData": { <the eventData the producer sent, byte for byte> }
//	}
//
// The fields and their order are those of the schema's example hierarchy;
// the optional addendum block, which CloudTrail adds only to events it
// updates, is never written. CloudTrail does not document the value of
// eventVersion for integration events; Switchyard writes "1.0".
//
// # Sequence numbers
//
// Store keys are (Time, Seq), and appending a key that exists replaces the
// record, so Seq must never repeat. Before its first append a lake scans
// the store once for the highest Seq in it and continues from there; a
// lake opened over a durable store that already holds events therefore
// never overwrites them, whatever its clock says.
//
// # Concurrency
//
// All methods are safe for concurrent use. PutAuditEvents validates
// without holding a lock and appends each call as one batch, so concurrent
// calls proceed in parallel as far as the Store allows.
type AuditLake struct {
	store Store
	cfg   auditConfig

	// mu guards channels, names and closed. Every operation registers in
	// inflight while it holds mu for reading, so that Close, after setting
	// closed, can wait for the operations already running.
	mu       sync.RWMutex
	channels map[string]*auditChannel // by channel ID
	names    map[string]string        // channel name -> channel ID
	closed   bool
	inflight sync.WaitGroup

	// seqMu guards lastSeq and seqReady. It is held while the first call
	// scans the store for the highest sequence already used.
	seqMu    sync.Mutex
	seqReady bool
	lastSeq  uint64
}

// NewAuditLake returns a lake that stores accepted events in store. The
// lake does not own the store: close the lake, then the store.
func NewAuditLake(store Store, opts ...AuditOption) (*AuditLake, error) {
	if store == nil {
		return nil, fmt.Errorf("archive: NewAuditLake: nil store")
	}
	cfg := auditDefaults()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	return &AuditLake{
		store:    store,
		cfg:      cfg,
		channels: make(map[string]*auditChannel),
		names:    make(map[string]string),
	}, nil
}

// Account returns the account ID that owns the lake's channels.
func (l *AuditLake) Account() string { return l.cfg.account }

// Region returns the lake's Region.
func (l *AuditLake) Region() string { return l.cfg.region }

// Close stops the lake: calls that start afterwards fail with
// ErrAuditClosed. It waits for the calls already running to finish, or for
// ctx to be done, in which case it returns ctx.Err(). Events whose
// PutAuditEvents call returned are in the store. Close does not close the
// store.
func (l *AuditLake) Close(ctx context.Context) error {
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
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// begin registers an operation, failing once the lake is closed or ctx is
// done. The caller must call l.inflight.Done when it finishes.
func (l *AuditLake) begin(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return ErrAuditClosed
	}
	l.inflight.Add(1)
	return nil
}

// reserveSeqs returns the first of n fresh sequence numbers. The first call
// finds the highest sequence already in the store (see the type's doc).
func (l *AuditLake) reserveSeqs(ctx context.Context, n int) (uint64, error) {
	l.seqMu.Lock()
	defer l.seqMu.Unlock()
	if !l.seqReady {
		// A zero from lies before every representable time and a zero to
		// means no upper bound: the whole store.
		var highest uint64
		err := l.store.Scan(ctx, time.Time{}, time.Time{}, func(rec Record) error {
			highest = max(highest, rec.Seq)
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("archive: audit lake: finding the last sequence number: %w", err)
		}
		l.lastSeq = highest
		l.seqReady = true
	}
	first := l.lastSeq + 1
	l.lastSeq += uint64(n)
	return first, nil
}
