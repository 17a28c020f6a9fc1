package boltstore

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard/archive"
)

// formatVersion is written to the meta bucket; Open refuses other values.
const formatVersion = 1

// Bucket and meta key names.
const (
	bucketRecords = "records"
	bucketMeta    = "meta"
	metaVersion   = "version"
	metaCount     = "count"
	metaBytes     = "bytes"
)

// headerSize is the length of the ingestion time at the start of a value.
const headerSize = 12

// appendValue appends the value of rec: its ingestion time, then its data.
// Seconds and nanoseconds, rather than UnixNano, so that every time.Time
// round-trips, the zero time included.
func appendValue(dst []byte, ingested time.Time, data []byte) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(ingested.Unix()))
	dst = binary.BigEndian.AppendUint32(dst, uint32(ingested.Nanosecond()))
	return append(dst, data...)
}

// decodeRecord decodes a key and value. rec.Data aliases v.
func decodeRecord(k, v []byte) (archive.Record, error) {
	t, seq, err := archive.DecodeKey(k)
	if err != nil {
		return archive.Record{}, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if len(v) < headerSize {
		return archive.Record{}, fmt.Errorf("%w: record %x: value is %d bytes, shorter than its %d-byte header", ErrCorrupt, k, len(v), headerSize)
	}
	nsec := binary.BigEndian.Uint32(v[8:])
	if nsec >= 1e9 {
		return archive.Record{}, fmt.Errorf("%w: record %x: ingestion nanoseconds %d out of range", ErrCorrupt, k, nsec)
	}
	return archive.Record{
		Time:     t,
		Seq:      seq,
		Ingested: time.Unix(int64(binary.BigEndian.Uint64(v)), int64(nsec)).UTC(),
		Data:     v[headerSize:],
	}, nil
}

// putUint64 and getUint64 store meta values as 8 big-endian bytes.
func putUint64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func getUint64(name string, v []byte) (uint64, error) {
	if len(v) != 8 {
		return 0, fmt.Errorf("%w: meta %q is %d bytes, want 8", ErrCorrupt, name, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}
