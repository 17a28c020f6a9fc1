package memstore

import (
	"context"
	"time"

	"github.com/switchyard-go/switchyard/archive"
)

// scanChunk is how many record headers Scan copies per read lock.
const scanChunk = 256

// Scan calls fn for each record with from <= Time < to in (Time, Seq) order;
// a zero to means no upper bound.
//
// Scan never holds the lock while fn runs. It copies up to scanChunk
// entries under the read lock, releases it, calls fn for them, and then
// looks up the first key after the last one it delivered. Records are
// therefore seen whole (entries are immutable), in order and at most once
// (the cursor only moves forward); records appended behind the cursor
// while Scan runs are not seen, those ahead of it are.
func (s *Store) Scan(ctx context.Context, from, to time.Time, fn func(rec archive.Record) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.checkOpen(); err != nil {
		return err
	}
	lo, hi, bounded, ok := archive.NanosWindow(from, to)
	if !ok {
		return nil
	}
	done := ctx.Done()
	chunk := make([]entry, 0, scanChunk)
	var scratch []byte
	cur := entry{ns: lo}
	after := false // the first chunk starts at (lo, 0) inclusive
	for {
		var err error
		chunk, err = s.readChunk(chunk[:0], cur, after, hi, bounded)
		if err != nil {
			return err
		}
		for i := range chunk {
			select {
			case <-done:
				return ctx.Err()
			default:
			}
			e := &chunk[i]
			scratch = append(scratch[:0], e.data...)
			rec := archive.Record{
				Time:     time.Unix(0, e.ns).UTC(),
				Seq:      e.seq,
				Ingested: e.ingested,
				Data:     scratch,
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		if len(chunk) < scanChunk {
			return nil
		}
		cur, after = chunk[len(chunk)-1], true
		clear(chunk) // drop data references while fn is not looking
	}
}

// readChunk appends to dst the entries from cur (exclusive when after is
// set) up to hi (exclusive, when bounded), at most scanChunk of them.
func (s *Store) readChunk(dst []entry, cur entry, after bool, hi int64, bounded bool) ([]entry, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return dst, archive.ErrClosed
	}
	for i := s.search(cur.ns, cur.seq, after); i < len(s.recs) && len(dst) < scanChunk; i++ {
		if bounded && s.recs[i].ns >= hi {
			break
		}
		dst = append(dst, s.recs[i])
	}
	return dst, nil
}
