package boltstore

import (
	"errors"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard/archive"
)

// prepare makes a new file an empty archive and checks an existing one.
// It runs under guard.
func prepare(db *bolt.DB, path string) error {
	fresh := false
	err := db.View(func(tx *bolt.Tx) error {
		if err := checkSize(tx, path); err != nil {
			return err
		}
		if tx.Bucket([]byte(bucketRecords)) != nil || tx.Bucket([]byte(bucketMeta)) != nil {
			_, err := quickCheck(tx)
			return err
		}
		// Either a new file, or another application's database.
		if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			return fmt.Errorf("%w: it holds bucket %q", ErrFormat, name)
		}); err != nil {
			return err
		}
		fresh = true
		return nil
	})
	if err != nil || !fresh {
		return err
	}
	return db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucket([]byte(bucketRecords)); err != nil {
			return err
		}
		m, err := tx.CreateBucket([]byte(bucketMeta))
		if err != nil {
			return err
		}
		return errors.Join(
			m.Put([]byte(metaVersion), putUint64(formatVersion)),
			m.Put([]byte(metaCount), putUint64(0)),
			m.Put([]byte(metaBytes), putUint64(0)),
		)
	})
}

// checkSize fails when the file is shorter than the data its meta page
// says it holds: a truncated file, whose missing pages would fault when
// read.
func checkSize(tx *bolt.Tx, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if need := tx.Size(); info.Size() < need {
		return fmt.Errorf("%w: file is %d bytes but its data reaches byte %d (truncated?)", ErrCorrupt, info.Size(), need)
	}
	return nil
}

// quickCheck validates the archive's structure cheaply: both buckets, the
// version, the meta counters, and the first and last records (which walks
// the leftmost and rightmost paths of the tree). It returns the counters.
func quickCheck(tx *bolt.Tx) (archive.Stats, error) {
	recs := tx.Bucket([]byte(bucketRecords))
	meta := tx.Bucket([]byte(bucketMeta))
	if recs == nil || meta == nil {
		return archive.Stats{}, fmt.Errorf("%w: bucket %q or %q is missing", ErrCorrupt, bucketRecords, bucketMeta)
	}
	v := meta.Get([]byte(metaVersion))
	if v == nil {
		return archive.Stats{}, fmt.Errorf("%w: no format version (an interrupted Compact?)", ErrCorrupt)
	}
	version, err := getUint64(metaVersion, v)
	if err != nil {
		return archive.Stats{}, err
	}
	if version != formatVersion {
		return archive.Stats{}, fmt.Errorf("%w: format version %d, this package reads version %d", ErrFormat, version, formatVersion)
	}
	st, err := readStats(meta)
	if err != nil {
		return archive.Stats{}, err
	}
	c := recs.Cursor()
	k, v := c.First()
	if (k == nil) != (st.Count == 0) {
		return archive.Stats{}, fmt.Errorf("%w: meta count %d disagrees with the records bucket", ErrCorrupt, st.Count)
	}
	if k != nil {
		if _, err := decodeRecord(k, v); err != nil {
			return archive.Stats{}, err
		}
		if _, err := decodeRecord(c.Last()); err != nil {
			return archive.Stats{}, err
		}
	}
	return st, nil
}

// readStats reads the counters from the meta bucket.
func readStats(meta *bolt.Bucket) (archive.Stats, error) {
	n, err := getUint64(metaCount, meta.Get([]byte(metaCount)))
	if err != nil {
		return archive.Stats{}, err
	}
	b, err := getUint64(metaBytes, meta.Get([]byte(metaBytes)))
	if err != nil {
		return archive.Stats{}, err
	}
	if int64(n) < 0 || int64(b) < 0 {
		return archive.Stats{}, fmt.Errorf("%w: meta counters %d, %d out of range", ErrCorrupt, n, b)
	}
	return archive.Stats{Count: int64(n), Bytes: int64(b)}, nil
}

// writeStats stores the counters in the meta bucket.
func writeStats(meta *bolt.Bucket, st archive.Stats) error {
	return errors.Join(
		meta.Put([]byte(metaCount), putUint64(uint64(st.Count))),
		meta.Put([]byte(metaBytes), putUint64(uint64(st.Bytes))),
	)
}
