package boltstore

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard/archive"
)

// Verify checks the whole file: bbolt's own consistency check of every
// page, then every record (key length, value header) against the meta
// counters. It returns nil for a sound archive, an error wrapping
// ErrCorrupt otherwise. It reads everything in one read transaction, which
// delays appends that need the file to grow until it ends: run it on a
// quiet store, or on one just opened.
func (s *Store) Verify(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.enter(); err != nil {
		return err
	}
	defer s.inflight.Done()
	err := guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			var errs []error
			for err := range tx.Check() {
				errs = append(errs, err)
			}
			if err := errors.Join(errs...); err != nil {
				return fmt.Errorf("%w: %w", ErrCorrupt, err)
			}
			want, err := quickCheck(tx)
			if err != nil {
				return err
			}
			var got archive.Stats
			c := tx.Bucket([]byte(bucketRecords)).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if got.Count%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				rec, err := decodeRecord(k, v)
				if err != nil {
					return err
				}
				got.Count++
				got.Bytes += int64(len(rec.Data))
			}
			if got != want {
				return fmt.Errorf("%w: meta counters say %d records, %d bytes; the records bucket holds %d, %d",
					ErrCorrupt, want.Count, want.Bytes, got.Count, got.Bytes)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("boltstore: verify %q: %w", s.path, err)
	}
	return nil
}
