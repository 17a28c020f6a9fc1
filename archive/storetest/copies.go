package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testAppendCopies: the store keeps its own copy of Data; changing the
// caller's slices or records after Append changes nothing stored.
func testAppendCopies(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	want := []archive.Record{mk(at(1), 1), mk(at(2), 2), mk(at(3), 3)}
	// One shared backing array, as a caller that batches into a buffer has.
	var buf []byte
	batch := make([]archive.Record, len(want))
	for i, r := range want {
		start := len(buf)
		buf = append(buf, r.Data...)
		batch[i] = r
		batch[i].Data = buf[start:len(buf)]
	}
	appendOK(t, s, batch...)
	for i := range buf {
		buf[i] = '!'
	}
	for i := range batch {
		batch[i].Time = at(100)
		batch[i].Seq = 77
	}
	requireRecords(t, want, scanAll(t, s, time.Time{}, time.Time{}))
}

// testScanFnCopies: fn must not retain rec.Data, so the suite copies it;
// what fn sees must be the whole, correct record at the time of the call,
// across many records of varying size (stores may reuse a buffer between
// calls, never within one).
func testScanFnCopies(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	var want []archive.Record
	for i := range 1500 {
		r := mk(at(i/3), uint64(i))
		r.Data = append(r.Data, bytes.Repeat([]byte{' '}, (i*37)%2000)...)
		want = append(want, r)
	}
	appendOK(t, s, want...)
	var got []archive.Record
	err := s.Scan(context.Background(), time.Time{}, time.Time{}, func(rec archive.Record) error {
		if !bytes.HasPrefix(rec.Data, payload(rec.Time, rec.Seq)) {
			return checkWhole(rec)
		}
		rec.Data = bytes.Clone(rec.Data)
		got = append(got, rec)
		return nil
	})
	require.NoError(t, err)
	requireRecords(t, want, got)
}
