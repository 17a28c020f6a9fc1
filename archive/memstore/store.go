package memstore

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/switchyard-go/switchyard/archive"
)

// Store is an in-memory archive.Store. The zero value is not usable; call
// New. All methods are safe for concurrent use.
type Store struct {
	mu     sync.RWMutex
	recs   []entry // sorted by (ns, seq), keys unique
	bytes  int64   // sum of len(data) over recs
	closed bool
}

// entry is one stored record. data is never written after the entry is
// built, so a Scan may read it after dropping the lock.
type entry struct {
	ns       int64
	seq      uint64
	ingested time.Time
	data     []byte
}

// compareKey orders entries by (ns, seq).
func compareKey(a, b *entry) int {
	switch {
	case a.ns < b.ns:
		return -1
	case a.ns > b.ns:
		return 1
	case a.seq < b.seq:
		return -1
	case a.seq > b.seq:
		return 1
	}
	return 0
}

var _ archive.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store { return &Store{} }

// Append stores a batch of records atomically: the batch is validated and
// copied before the lock is taken, so an invalid record leaves the store
// unchanged.
func (s *Store) Append(ctx context.Context, recs []archive.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.checkOpen(); err != nil || len(recs) == 0 {
		return err
	}
	batch, err := prepare(recs)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return archive.ErrClosed
	}
	s.insert(batch)
	return nil
}

// prepare validates recs and returns them as entries sorted by key, with
// later duplicates of a key replacing earlier ones. All the data is copied
// into one allocation.
func prepare(recs []archive.Record) ([]entry, error) {
	total := 0
	for _, r := range recs {
		total += len(r.Data)
	}
	block := make([]byte, 0, total)
	batch := make([]entry, len(recs))
	for i, r := range recs {
		ns, err := archive.UnixNano(r.Time)
		if err != nil {
			return nil, fmt.Errorf("memstore: record %d: %w", i, err)
		}
		start := len(block)
		block = append(block, r.Data...)
		batch[i] = entry{
			ns:       ns,
			seq:      r.Seq,
			ingested: r.Ingested.UTC(),
			// The full slice expression caps the capacity so that nobody
			// can append into the next record's bytes.
			data: block[start:len(block):len(block)],
		}
	}
	cmp := func(a, b entry) int { return compareKey(&a, &b) }
	if !slices.IsSortedFunc(batch, cmp) {
		// Stable, so that among equal keys the last appended stays last.
		slices.SortStableFunc(batch, cmp)
	}
	// Keep the last of each run of equal keys.
	out := batch[:0]
	for i := range batch {
		if i+1 < len(batch) && compareKey(&batch[i], &batch[i+1]) == 0 {
			continue
		}
		out = append(out, batch[i])
	}
	return out, nil
}

// Stats reports the number of records and their total size.
func (s *Store) Stats(ctx context.Context) (archive.Stats, error) {
	if err := ctx.Err(); err != nil {
		return archive.Stats{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return archive.Stats{}, archive.ErrClosed
	}
	return archive.Stats{Count: int64(len(s.recs)), Bytes: s.bytes}, nil
}

// DeleteBefore removes every record with Time < t.
func (s *Store) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, archive.ErrClosed
	}
	var n int
	switch tn, err := archive.UnixNano(t); {
	case err == nil:
		n = s.search(tn, 0, false)
	case t.Before(time.Unix(0, 0)):
		n = 0 // t is before every representable time
	default:
		n = len(s.recs) // t is after every representable time
	}
	if n == 0 {
		return 0, nil
	}
	for i := range s.recs[:n] {
		s.bytes -= int64(len(s.recs[i].data))
	}
	rest := s.recs[n:]
	if len(rest) < cap(s.recs)/4 {
		// Most of the array is dead: move the survivors so the old array,
		// and the data it points to, can be collected.
		s.recs = slices.Clone(rest)
	} else {
		// Drop the references so the deleted data can be collected even
		// though the array itself stays until the slice next grows.
		clear(s.recs[:n])
		s.recs = rest
	}
	return int64(n), nil
}

// Close releases the records. Later calls to any method return
// archive.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return archive.ErrClosed
	}
	s.closed = true
	s.recs = nil
	s.bytes = 0
	return nil
}

func (s *Store) checkOpen() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return archive.ErrClosed
	}
	return nil
}
