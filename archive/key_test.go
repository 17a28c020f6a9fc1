package archive_test

import (
	"bytes"
	"cmp"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

func TestUnixNanoRange(t *testing.T) {
	first := time.Unix(0, math.MinInt64)
	last := time.Unix(0, math.MaxInt64)
	tests := []struct {
		name string
		t    time.Time
		want int64
		err  bool
	}{
		{"epoch", time.Unix(0, 0), 0, false},
		{"just before epoch", time.Unix(0, -1), -1, false},
		{"first instant", first, math.MinInt64, false},
		{"last instant", last, math.MaxInt64, false},
		{"before first", first.Add(-time.Nanosecond), 0, true},
		{"after last", last.Add(time.Nanosecond), 0, true},
		{"zero time", time.Time{}, 0, true},
		{"year 9999", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 0, true},
		{"other zone", time.Date(2024, 5, 6, 7, 8, 9, 10, time.FixedZone("x", 3600)), time.Date(2024, 5, 6, 6, 8, 9, 10, time.UTC).UnixNano(), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := archive.UnixNano(tc.t)
			if tc.err {
				require.ErrorIs(t, err, archive.ErrTimeRange)
				require.Contains(t, err.Error(), "Time")
				_, err = archive.AppendKey(nil, tc.t, 1)
				require.ErrorIs(t, err, archive.ErrTimeRange)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestKeyRoundTripAndOrder(t *testing.T) {
	times := []time.Time{
		time.Unix(0, math.MinInt64),
		time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(-1, 0),
		time.Unix(0, -1),
		time.Unix(0, 0),
		time.Unix(0, 1),
		time.Date(2024, 2, 29, 12, 0, 0, 5, time.UTC),
		time.Unix(0, math.MaxInt64),
	}
	seqs := []uint64{0, 1, math.MaxUint64}
	var keys [][]byte
	for _, tm := range times {
		for _, s := range seqs {
			k, err := archive.AppendKey(nil, tm, s)
			require.NoError(t, err)
			require.Len(t, k, archive.KeySize)
			gotT, gotS, err := archive.DecodeKey(k)
			require.NoError(t, err)
			require.True(t, gotT.Equal(tm), "time %s decoded as %s", tm, gotT)
			require.Equal(t, time.UTC, gotT.Location())
			require.Equal(t, s, gotS)
			keys = append(keys, k)
		}
	}
	// keys were built in (time, seq) order: byte order must agree.
	for i := 1; i < len(keys); i++ {
		require.Negative(t, bytes.Compare(keys[i-1], keys[i]), "key %d vs %d", i-1, i)
	}
}

func TestAppendKeyAppends(t *testing.T) {
	prefix := []byte("ab")
	k, err := archive.AppendKey(prefix, time.Unix(0, 0), 7)
	require.NoError(t, err)
	require.Equal(t, []byte("ab"), k[:2])
	require.Len(t, k, 2+archive.KeySize)
	// Epoch with the sign bit flipped, then seq 7.
	require.Equal(t, []byte{0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}, k[2:])
}

func TestDecodeKeyBadLength(t *testing.T) {
	for _, n := range []int{0, 1, 15, 17, 32} {
		_, _, err := archive.DecodeKey(make([]byte, n))
		require.Error(t, err, "length %d", n)
		require.Contains(t, err.Error(), "want 16")
	}
}

func TestNanosWindow(t *testing.T) {
	first := time.Unix(0, math.MinInt64)
	last := time.Unix(0, math.MaxInt64)
	t1 := time.Unix(100, 0)
	t2 := time.Unix(200, 0)
	tests := []struct {
		name     string
		from, to time.Time
		lo, hi   int64
		bounded  bool
		ok       bool
	}{
		{"everything", time.Time{}, time.Time{}, math.MinInt64, 0, false, true},
		{"bounded", t1, t2, 100e9, 200e9, true, true},
		{"from only", t1, time.Time{}, 100e9, 0, false, true},
		{"empty", t1, t1, 0, 0, false, false},
		{"reversed", t2, t1, 0, 0, false, false},
		{"from after last", last.Add(time.Nanosecond), time.Time{}, 0, 0, false, false},
		{"from at last", last, time.Time{}, math.MaxInt64, 0, false, true},
		{"to at first", time.Time{}, first, 0, 0, false, false},
		{"to just after first", time.Time{}, first.Add(time.Nanosecond), math.MinInt64, math.MinInt64 + 1, true, true},
		{"to beyond last", t1, last.Add(time.Hour), 100e9, 0, false, true},
		{"to at last", t1, last, 100e9, math.MaxInt64, true, true},
		{"to before first", time.Time{}, first.Add(-time.Hour), 0, 0, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi, bounded, ok := archive.NanosWindow(tc.from, tc.to)
			require.Equal(t, tc.ok, ok, "ok")
			if !ok {
				return
			}
			require.Equal(t, tc.lo, lo, "lo")
			require.Equal(t, tc.bounded, bounded, "bounded")
			if bounded {
				require.Equal(t, tc.hi, hi, "hi")
			}
		})
	}
}

func FuzzDecodeKey(f *testing.F) {
	f.Add(make([]byte, 16))
	f.Add(bytes.Repeat([]byte{0xff}, 16))
	f.Add([]byte{0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7})
	f.Add([]byte("short"))
	f.Fuzz(func(t *testing.T, key []byte) {
		tm, seq, err := archive.DecodeKey(key)
		if len(key) != archive.KeySize {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		// Every 16-byte string is a valid key and re-encodes to itself.
		again, err := archive.AppendKey(nil, tm, seq)
		require.NoError(t, err)
		require.Equal(t, key, again)
	})
}

func FuzzKeyOrder(f *testing.F) {
	f.Add(int64(-1), uint64(0), int64(0), uint64(0))
	f.Add(int64(math.MinInt64), uint64(math.MaxUint64), int64(math.MaxInt64), uint64(0))
	f.Add(int64(5), uint64(2), int64(5), uint64(1))
	f.Fuzz(func(t *testing.T, ns1 int64, s1 uint64, ns2 int64, s2 uint64) {
		k1 := archive.AppendKeyNanos(nil, ns1, s1)
		k2 := archive.AppendKeyNanos(nil, ns2, s2)
		want := cmp.Or(cmp.Compare(ns1, ns2), cmp.Compare(s1, s2))
		require.Equal(t, want, bytes.Compare(k1, k2))
	})
}
