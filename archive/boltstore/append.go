package boltstore

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard/archive"
)

// request is one Append waiting for the writer: its records encoded, and
// the channel the writer answers on.
type request struct {
	ctx   context.Context
	items []item
	bytes int        // sum of len(Data), for the group bound and Stats
	done  chan error // buffered: the writer never blocks answering
}

// item is one encoded record. key and val point into one buffer per
// request and stay valid until the transaction that writes them ends, as
// bbolt requires.
type item struct {
	key  []byte
	val  []byte
	size int // len(Data)
}

// Append stores a batch of records atomically and durably: it returns nil
// once the transaction holding them has been fsynced. Records are encoded
// and copied in the caller's goroutine, then handed to the writer, which
// commits them together with whatever other appends are waiting (see
// writer). If ctx ends first Append returns ctx.Err(); the batch is then
// either stored whole or not at all.
func (s *Store) Append(ctx context.Context, recs []archive.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.enter(); err != nil {
		return err
	}
	defer s.inflight.Done()
	if len(recs) == 0 {
		return nil
	}
	req, err := encode(recs)
	if err != nil {
		return err
	}
	req.ctx = ctx
	select {
	case s.queue <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// encode validates recs and encodes them into one buffer.
func encode(recs []archive.Record) (*request, error) {
	size := 0
	for _, r := range recs {
		size += archive.KeySize + headerSize + len(r.Data)
	}
	buf := make([]byte, 0, size)
	req := &request{items: make([]item, len(recs)), done: make(chan error, 1)}
	for i, r := range recs {
		if len(r.Data) > bolt.MaxValueSize-headerSize {
			return nil, fmt.Errorf("boltstore: record %d: Data is %d bytes, over bbolt's %d-byte value limit", i, len(r.Data), bolt.MaxValueSize-headerSize)
		}
		var err error
		start := len(buf)
		if buf, err = archive.AppendKey(buf, r.Time, r.Seq); err != nil {
			return nil, fmt.Errorf("boltstore: record %d: %w", i, err)
		}
		mid := len(buf)
		buf = appendValue(buf, r.Ingested, r.Data)
		req.items[i] = item{key: buf[start:mid:mid], val: buf[mid:len(buf):len(buf)], size: len(r.Data)}
		req.bytes += len(r.Data)
	}
	return req, nil
}
