package boltstore

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard/archive"
)

// Stats reports the number of records and their total size, from the
// counters kept in the meta bucket: two reads, whatever the store's size.
func (s *Store) Stats(ctx context.Context) (archive.Stats, error) {
	if err := ctx.Err(); err != nil {
		return archive.Stats{}, err
	}
	if err := s.enter(); err != nil {
		return archive.Stats{}, err
	}
	defer s.inflight.Done()
	var st archive.Stats
	err := guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			var err error
			st, err = readStats(tx.Bucket([]byte(bucketMeta)))
			return err
		})
	})
	if err != nil {
		return archive.Stats{}, fmt.Errorf("boltstore: stats: %w", err)
	}
	return st, nil
}
