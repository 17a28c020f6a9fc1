package server

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/switchyard-go/switchyard"
)

// ErrStateClosed is returned by a State's methods after Close.
var ErrStateClosed = errors.New("server: state closed")

// Record is one accepted control-plane change: a mutating call that
// succeeded, exactly as it came over the wire, with what it took from its
// surroundings (the time, the caller, generated identifiers). Re-applying
// the records in Seq order to empty backends rebuilds the control plane.
type Record struct {
	Seq       uint64            // 1, 2, 3, ... with no gaps
	Time      time.Time         // the clock while the change was applied (UTC)
	Caller    switchyard.Caller // the account and region it was made as
	Operation string            // the X-Amz-Target, or "PutAuditEvents"-style REST name
	Input     []byte            // the request body (JSON)
	Query     string            // the query string, for REST operations
	IDs       []string          // identifiers generated while applying it, in order
}

// State is the server's durable control-plane journal. The server appends
// a Record after an operation succeeds and before it answers 200, and
// scans all records when it starts.
//
// Implementations must be safe for concurrent use, though the server
// appends from one goroutine at a time. The conformance suite in package
// server/statetest checks every requirement below.
type State interface {
	// Append stores rec durably: once it returns nil the record survives
	// a crash of the process or the machine. rec.Seq is one more than the
	// last stored record's (1 for the first); any other value is an error
	// and stores nothing. Append does not retain rec's slices.
	Append(ctx context.Context, rec Record) error
	// Scan calls fn for each record in Seq order, stopping at fn's first
	// error, which it returns. Records passed to fn are fn's to keep.
	Scan(ctx context.Context, fn func(Record) error) error
	// LastSeq returns the Seq of the last stored record, 0 if none.
	LastSeq(ctx context.Context) (uint64, error)
	// Close releases the store. Later calls return ErrStateClosed; a
	// second Close returns nil.
	Close() error
}

// SeqError is returned by Append for a record whose Seq does not follow
// the last stored one.
type SeqError struct {
	Got, Want uint64
}

func (e *SeqError) Error() string {
	return "server: state: record sequence " + strconv.FormatUint(e.Got, 10) + ", want " + strconv.FormatUint(e.Want, 10)
}
