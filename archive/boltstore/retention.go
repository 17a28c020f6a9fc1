package boltstore

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard/archive"
)

// deleteChunk is how many records one DeleteBefore transaction removes.
// Deleting a year of events in one transaction would hold all the pages it
// touches in memory and block appends for the whole time; chunks bound
// both, and each chunk commits with its counters, so an interrupted
// DeleteBefore leaves a consistent, partly trimmed archive.
const deleteChunk = 10000

// DeleteBefore removes every record with Time < t, in chunks of
// deleteChunk records per transaction, and reports how many it removed.
// When ctx ends between chunks it returns the count so far and ctx.Err().
func (s *Store) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.inflight.Done()

	var end []byte // delete keys before end; nil: all
	switch tn, err := archive.UnixNano(t); {
	case err == nil:
		end = archive.AppendKeyNanos(nil, tn, 0)
	case t.Before(time.Unix(0, 0)):
		return 0, nil // t is before every representable time
	}
	var total int64
	for {
		n, more, err := s.deleteChunk(end)
		total += n
		if err != nil {
			return total, fmt.Errorf("boltstore: delete before %s: %w", t.Format(time.RFC3339Nano), err)
		}
		if !more {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// deleteChunk deletes up to deleteChunk records with keys before end in one
// transaction and reports whether more may remain.
func (s *Store) deleteChunk(end []byte) (n int64, more bool, err error) {
	err = guard(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			n, more = 0, false
			recs := tx.Bucket([]byte(bucketRecords))
			meta := tx.Bucket([]byte(bucketMeta))
			st, err := readStats(meta)
			if err != nil {
				return err
			}
			// Collect first, delete after: deleting under a moving
			// cursor is easy to get wrong in bbolt.
			var keys [][]byte
			c := recs.Cursor()
			for k, v := c.First(); k != nil && (end == nil || bytes.Compare(k, end) < 0); k, v = c.Next() {
				if len(keys) == deleteChunk {
					more = true
					break
				}
				if len(v) < headerSize {
					return fmt.Errorf("%w: record %x: value is %d bytes", ErrCorrupt, k, len(v))
				}
				keys = append(keys, k)
				st.Bytes -= int64(len(v) - headerSize)
			}
			for _, k := range keys {
				if err := recs.Delete(k); err != nil {
					return err
				}
			}
			n = int64(len(keys))
			st.Count -= n
			if len(keys) == 0 {
				return nil
			}
			return writeStats(meta, st)
		})
	})
	if err != nil {
		return 0, false, err
	}
	return n, more, nil
}
