package boltstore

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard/archive"
)

// Scan reads in chunks of at most this many records or bytes.
const (
	scanChunkRecords = 512
	scanChunkBytes   = 1 << 20
)

// Scan calls fn for each record with from <= Time < to in (Time, Seq)
// order; a zero to means no upper bound. rec.Data is valid only until fn
// returns.
//
// Scan holds no bbolt transaction while fn runs. A read transaction that
// stays open blocks the writer whenever the file must grow (bbolt remaps
// it), so a slow fn, or one that appends to this store, would stall or
// deadlock appends. Instead Scan copies a chunk of records under a short
// read transaction, closes it, calls fn for each, and seeks past the last
// key it delivered for the next chunk. Records are therefore whole and in
// order and never seen twice; ones appended behind the cursor while Scan
// runs are not seen, ones ahead of it are.
func (s *Store) Scan(ctx context.Context, from, to time.Time, fn func(rec archive.Record) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	lo, hi, bounded, ok := archive.NanosWindow(from, to)
	if !ok {
		if err := s.enter(); err != nil {
			return err
		}
		s.inflight.Done()
		return nil
	}
	c := chunk{seek: archive.AppendKeyNanos(nil, lo, 0)}
	if bounded {
		c.end = archive.AppendKeyNanos(nil, hi, 0)
	}
	done := ctx.Done()
	for {
		if err := s.read(&c); err != nil {
			return err
		}
		for _, rec := range c.recs {
			select {
			case <-done:
				return ctx.Err()
			default:
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		if !c.more {
			return nil
		}
	}
}

// chunk is Scan's state between read transactions.
type chunk struct {
	seek  []byte // first key to read; the last key read, once after is set
	after bool   // skip seek itself
	end   []byte // stop before this key; nil for no bound
	recs  []archive.Record
	buf   []byte // the chunk's data; recs' Data point into it
	more  bool   // records remain past the chunk
}

// read fills c with the next chunk.
func (s *Store) read(c *chunk) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.inflight.Done()
	c.recs, c.buf, c.more = c.recs[:0], c.buf[:0], false
	err := guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			cur := tx.Bucket([]byte(bucketRecords)).Cursor()
			k, v := cur.Seek(c.seek)
			if c.after && bytes.Equal(k, c.seek) {
				k, v = cur.Next()
			}
			for ; k != nil && (c.end == nil || bytes.Compare(k, c.end) < 0); k, v = cur.Next() {
				if len(c.recs) == scanChunkRecords || len(c.buf) >= scanChunkBytes {
					c.more = true
					break
				}
				rec, err := decodeRecord(k, v)
				if err != nil {
					return err
				}
				start := len(c.buf)
				c.buf = append(c.buf, rec.Data...)
				rec.Data = c.buf[start:len(c.buf):len(c.buf)]
				c.recs = append(c.recs, rec)
				c.seek = append(c.seek[:0], k...)
				c.after = true
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("boltstore: scan: %w", err)
	}
	// The buffer may have moved while growing; point Data at its final
	// place. (Earlier slices stay valid but keep the old array alive.)
	off := 0
	for i := range c.recs {
		n := len(c.recs[i].Data)
		c.recs[i].Data = c.buf[off : off+n : off+n]
		off += n
	}
	return nil
}
