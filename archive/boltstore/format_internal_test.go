package boltstore

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

func TestValueRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		ingested time.Time
		data     []byte
	}{
		{"zero ingested", time.Time{}, []byte(`{}`)},
		{"nanoseconds", time.Date(2024, 3, 1, 12, 0, 0, 999999999, time.UTC), []byte(`{"a":1}`)},
		{"before 1970", time.Date(1900, 1, 1, 0, 0, 0, 1, time.UTC), nil},
		{"far future", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), []byte("x")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key, err := archive.AppendKey(nil, time.Unix(5, 6), 7)
			require.NoError(t, err)
			rec, err := decodeRecord(key, appendValue(nil, tc.ingested, tc.data))
			require.NoError(t, err)
			require.True(t, rec.Ingested.Equal(tc.ingested), "got %s", rec.Ingested)
			require.Equal(t, tc.ingested.IsZero(), rec.Ingested.IsZero())
			require.Equal(t, string(tc.data), string(rec.Data))
			require.True(t, rec.Time.Equal(time.Unix(5, 6)))
			require.Equal(t, uint64(7), rec.Seq)
		})
	}
}

func TestDecodeRecordRejects(t *testing.T) {
	key, err := archive.AppendKey(nil, time.Unix(5, 6), 7)
	require.NoError(t, err)
	bad := append(make([]byte, 8), 0x3b, 0x9a, 0xca, 0x00) // 1e9 nanoseconds
	tests := []struct {
		name   string
		k, v   []byte
		substr string
	}{
		{"short key", key[:15], make([]byte, 12), "key is 15 bytes"},
		{"long key", append(key, 0), make([]byte, 12), "key is 17 bytes"},
		{"short value", key, make([]byte, 11), "header"},
		{"nanoseconds out of range", key, bad, "nanoseconds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeRecord(tc.k, tc.v)
			require.ErrorIs(t, err, ErrCorrupt)
			require.ErrorContains(t, err, tc.substr)
		})
	}
}

// FuzzDecodeRecord: any key and value either decode, and then encode back
// to the same bytes, or fail with ErrCorrupt; never a panic.
func FuzzDecodeRecord(f *testing.F) {
	key, _ := archive.AppendKey(nil, time.Unix(1_700_000_000, 0), 1)
	f.Add(key, appendValue(nil, time.Unix(1_700_000_000, 5), []byte(`{"a":1}`)))
	f.Add(key, appendValue(nil, time.Time{}, nil))
	f.Add(key[:3], []byte("short"))
	f.Add(key, bytes.Repeat([]byte{0xff}, 12))
	f.Fuzz(func(t *testing.T, k, v []byte) {
		rec, err := decodeRecord(k, v)
		if err != nil {
			require.ErrorIs(t, err, ErrCorrupt)
			return
		}
		k2, err := archive.AppendKey(nil, rec.Time, rec.Seq)
		require.NoError(t, err)
		require.Equal(t, k, k2)
		require.Equal(t, v, appendValue(nil, rec.Ingested, rec.Data))
	})
}
