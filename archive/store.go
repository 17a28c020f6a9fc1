package archive

import (
	"context"
	"errors"
	"time"
)

// Record is one archived event.
//
// A record is identified by its key (Time, Seq). Time is the event's time
// (the "time" field of the envelope), kept to the nanosecond; Seq orders
// records that share a Time and is chosen by the writer (an archive uses a
// counter that only grows). Ingested is when the bus accepted the event.
// Data is the event's JSON envelope.
type Record struct {
	Time     time.Time
	Seq      uint64
	Ingested time.Time
	Data     []byte
}

// Stats describes what a store holds.
type Stats struct {
	Count int64 // number of records
	Bytes int64 // sum of len(Data) over the records
}

// Store is the storage behind an archive: an append-only log ordered by
// event time. It is deliberately small, in the way database/sql/driver is,
// so that a new backend (PostgreSQL, NATS JetStream, ...) is a few hundred
// lines. The package storetest checks an implementation against this
// contract.
//
// Ordering. Records are ordered by (Time, Seq), whatever the order they were
// appended in. Appending a record whose key is already stored replaces it,
// so a retried Append is idempotent. Times must lie within the range of
// time.Time.UnixNano (years 1678 to 2262); Append rejects others with
// ErrTimeRange.
//
// Durability. When Append returns nil, every record of the batch is stored
// and, for a durable store, survives a crash of the process; when it returns
// an error, none or all of the batch may be stored, never a torn record. A
// batch is the unit of atomicity.
//
// Concurrency. All methods are safe for concurrent use. Scan sees a
// consistent snapshot: records appended while it runs may or may not be
// seen, but a record is seen whole or not at all, and never twice. Scan
// holds no lock while fn runs, so fn may call the store (append, say).
//
// Values. Times come back in UTC, to the nanosecond; Ingested round-trips
// exactly, the zero time included; Data comes back byte for byte.
//
// Every method honours ctx: once ctx is done it returns ctx.Err() as soon as
// it can. After Close every method, Close included, returns ErrClosed.
type Store interface {
	// Append stores a batch of records atomically.
	Append(ctx context.Context, recs []Record) error

	// Scan calls fn for each record with from <= Time < to, in (Time, Seq)
	// order. A zero to means no upper bound. fn must not retain rec.Data
	// after it returns (copy it to keep it). If fn returns an error, Scan
	// stops and returns that error.
	Scan(ctx context.Context, from, to time.Time, fn func(rec Record) error) error

	// DeleteBefore removes every record with Time < t and reports how many
	// it removed. Archives use it for retention.
	DeleteBefore(ctx context.Context, t time.Time) (int64, error)

	// Stats reports the number of records and their total size.
	Stats(ctx context.Context) (Stats, error)

	// Close releases the store. Records appended before Close returned are
	// kept (for a durable store, on disk).
	Close() error
}

// Errors a Store returns.
var (
	// ErrClosed is returned by every method of a closed store.
	ErrClosed = errors.New("archive: store is closed")
	// ErrTimeRange is returned by Append for a record whose Time cannot be
	// represented as nanoseconds since 1970 in an int64.
	ErrTimeRange = errors.New("archive: record time out of range (years 1678 to 2262)")
)
