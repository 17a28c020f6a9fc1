package boltstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard/archive"
)

// Compact writes a compacted copy of the store to dstPath, which must not
// exist. The copy's pages are filled and hold no free space, so it is
// usually much smaller than a file that has seen retention; see the package
// documentation for how to swap it in.
//
// The copy is made with Scan, so appends continue while it runs; records
// appended or deleted meanwhile may or may not be in the copy (stop
// writing first for an exact copy). The copy is fsynced before Compact
// returns. Its format version is written last: if Compact fails or the
// process dies while it runs, the partial file is removed or, at worst,
// refused by Open with ErrCorrupt.
func (s *Store) Compact(ctx context.Context, dstPath string) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.inflight.Done() // Scan below registers itself, chunk by chunk
	if err := checkPath(dstPath); err != nil {
		return err
	}
	f, err := os.OpenFile(dstPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, s.opts.fileMode)
	if err != nil {
		return fmt.Errorf("boltstore: compact to %q: %w", dstPath, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("boltstore: compact to %q: %w", dstPath, err)
	}
	dst, err := bolt.Open(dstPath, s.opts.fileMode, &bolt.Options{
		Timeout:      s.opts.openTimeout,
		NoSync:       true, // one Sync at the end is enough for a copy
		FreelistType: bolt.FreelistMapType,
	})
	if err != nil {
		_ = os.Remove(dstPath)
		return fmt.Errorf("boltstore: compact to %q: %w", dstPath, err)
	}
	defer func() {
		if cerr := dst.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("boltstore: compact to %q: %w", dstPath, cerr)
		}
		if err != nil {
			_ = os.Remove(dstPath)
		}
	}()
	if err := copyInto(ctx, s, dst); err != nil {
		return fmt.Errorf("boltstore: compact to %q: %w", dstPath, err)
	}
	if err := errors.Join(dst.Sync(), syncDir(filepath.Dir(dstPath))); err != nil {
		return fmt.Errorf("boltstore: compact to %q: %w", dstPath, err)
	}
	return nil
}

// copyInto scans src into dst in transactions of about 4 MiB and writes the
// meta bucket in the last one.
func copyInto(ctx context.Context, src *Store, dst *bolt.DB) error {
	const flushBytes = 4 << 20
	var (
		st      archive.Stats
		pending [][2][]byte
		size    int
	)
	flush := func(final bool) error {
		err := dst.Update(func(tx *bolt.Tx) error {
			recs, err := tx.CreateBucketIfNotExists([]byte(bucketRecords))
			if err != nil {
				return err
			}
			recs.FillPercent = 1 // keys arrive in order: fill every page
			for _, kv := range pending {
				if err := recs.Put(kv[0], kv[1]); err != nil {
					return err
				}
			}
			if !final {
				return nil
			}
			meta, err := tx.CreateBucket([]byte(bucketMeta))
			if err != nil {
				return err
			}
			return errors.Join(meta.Put([]byte(metaVersion), putUint64(formatVersion)), writeStats(meta, st))
		})
		pending, size = pending[:0], 0
		return err
	}
	err := src.Scan(ctx, time.Time{}, time.Time{}, func(rec archive.Record) error {
		key := archive.AppendKeyNanos(nil, rec.Time.UnixNano(), rec.Seq)
		pending = append(pending, [2][]byte{key, appendValue(nil, rec.Ingested, rec.Data)})
		size += archive.KeySize + headerSize + len(rec.Data)
		st.Count++
		st.Bytes += int64(len(rec.Data))
		if size >= flushBytes {
			return flush(false)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush(true)
}

// syncDir fsyncs a directory so that a file just created in it survives a
// crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
