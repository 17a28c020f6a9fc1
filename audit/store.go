package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard/archive"
)

// Sequence numbers
//
// archive.Store keys are (Time, Seq), and appending a key that exists
// replaces the record, so an event data store must never reuse a Seq.
// Before its first append it scans its store once for the highest Seq
// there and continues from there; a store reopened over a durable file
// that already holds events therefore never overwrites them, whatever the
// clock says.

// append numbers copies of recs for this store and appends them as one
// batch.
func (s *eventDataStore) append(ctx context.Context, recs []archive.Record) error {
	first, err := s.nextSeqs(ctx, len(recs))
	if err != nil {
		return err
	}
	batch := make([]archive.Record, len(recs))
	for i, r := range recs {
		r.Seq = first + uint64(i)
		batch[i] = r
	}
	return s.store.Append(ctx, batch)
}

// nextSeqs returns the first of n fresh sequence numbers.
func (s *eventDataStore) nextSeqs(ctx context.Context, n int) (uint64, error) {
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	if !s.seqReady {
		// A zero from lies before every representable time and a zero to
		// means no upper bound: the whole store.
		var highest uint64
		err := s.store.Scan(ctx, time.Time{}, time.Time{}, func(rec archive.Record) error {
			highest = max(highest, rec.Seq)
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("audit: event data store %s: finding the last sequence number: %w", s.arn, err)
		}
		s.lastSeq, s.seqReady = highest, true
	}
	first := s.lastSeq + 1
	s.lastSeq += uint64(n)
	return first, nil
}
