package archive

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// archiveMemStore is the default Store of an archive: records in memory,
// in one slice sorted by (Time, Seq). It is the minimal Store; package
// archive/memstore is the full-featured one, but it imports this package
// and so cannot be the default here.
type archiveMemStore struct {
	mu     sync.RWMutex
	recs   []archiveMemRec
	bytes  int64
	closed bool
}

type archiveMemRec struct {
	ns       int64
	seq      uint64
	ingested time.Time
	data     []byte // never written once stored
}

// archiveMemScanChunk is how many records Scan copies per read lock.
const archiveMemScanChunk = 256

func newArchiveMemStore() *archiveMemStore { return &archiveMemStore{} }

func archiveMemLess(a archiveMemRec, ns int64, seq uint64) bool {
	return a.ns < ns || a.ns == ns && a.seq < seq
}

// search returns the index of the first record whose key is >= (ns, seq),
// or > it when after is set.
func (s *archiveMemStore) search(ns int64, seq uint64, after bool) int {
	i, found := slices.BinarySearchFunc(s.recs, archiveMemRec{ns: ns, seq: seq}, func(x, y archiveMemRec) int {
		switch {
		case archiveMemLess(x, y.ns, y.seq):
			return -1
		case x.ns == y.ns && x.seq == y.seq:
			return 0
		}
		return 1
	})
	if found && after {
		i++
	}
	return i
}

// Append stores recs; an existing key is replaced.
func (s *archiveMemStore) Append(ctx context.Context, recs []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	batch := make([]archiveMemRec, len(recs))
	for i, r := range recs {
		ns, err := UnixNano(r.Time)
		if err != nil {
			return fmt.Errorf("archive: append: record %d: %w", i, err)
		}
		batch[i] = archiveMemRec{ns: ns, seq: r.Seq, ingested: r.Ingested, data: append([]byte{}, r.Data...)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	for _, r := range batch {
		n := len(s.recs)
		if n == 0 || archiveMemLess(s.recs[n-1], r.ns, r.seq) {
			s.recs = append(s.recs, r) // the usual case: in time order
			s.bytes += int64(len(r.data))
			continue
		}
		i := s.search(r.ns, r.seq, false)
		if i < n && s.recs[i].ns == r.ns && s.recs[i].seq == r.seq {
			s.bytes += int64(len(r.data)) - int64(len(s.recs[i].data))
			s.recs[i] = r
			continue
		}
		s.recs = slices.Insert(s.recs, i, r)
		s.bytes += int64(len(r.data))
	}
	return nil
}

// Scan calls fn for the records in [from, to) in order, a chunk at a time,
// holding no lock while fn runs.
func (s *archiveMemStore) Scan(ctx context.Context, from, to time.Time, fn func(rec Record) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	lo, hi, bounded, ok := NanosWindow(from, to)
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	if !ok {
		return nil
	}
	chunk := make([]archiveMemRec, 0, archiveMemScanChunk)
	curNS, curSeq, after := lo, uint64(0), false
	for {
		chunk = chunk[:0]
		s.mu.RLock()
		if s.closed {
			s.mu.RUnlock()
			return ErrClosed
		}
		for i := s.search(curNS, curSeq, after); i < len(s.recs) && len(chunk) < archiveMemScanChunk; i++ {
			if bounded && s.recs[i].ns >= hi {
				break
			}
			chunk = append(chunk, s.recs[i])
		}
		s.mu.RUnlock()
		for _, r := range chunk {
			if err := ctx.Err(); err != nil {
				return err
			}
			rec := Record{Time: time.Unix(0, r.ns).UTC(), Seq: r.seq, Ingested: r.ingested, Data: append([]byte{}, r.data...)}
			if err := fn(rec); err != nil {
				return err
			}
		}
		if len(chunk) < archiveMemScanChunk {
			return nil
		}
		last := chunk[len(chunk)-1]
		curNS, curSeq, after = last.ns, last.seq, true
	}
}

// DeleteBefore removes the records with Time < t.
func (s *archiveMemStore) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, ErrClosed
	}
	var n int
	switch ns, err := UnixNano(t); {
	case err == nil:
		n = s.search(ns, 0, false)
	case t.Before(time.Unix(0, 0)):
		n = 0
	default:
		n = len(s.recs)
	}
	if n == 0 {
		return 0, nil
	}
	for _, r := range s.recs[:n] {
		s.bytes -= int64(len(r.data))
	}
	s.recs = slices.Clone(s.recs[n:])
	return int64(n), nil
}

// Stats reports the record count and bytes.
func (s *archiveMemStore) Stats(ctx context.Context) (Stats, error) {
	if err := ctx.Err(); err != nil {
		return Stats{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return Stats{}, ErrClosed
	}
	return Stats{Count: int64(len(s.recs)), Bytes: s.bytes}, nil
}

// Close drops the records.
func (s *archiveMemStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	s.recs = nil
	return nil
}
