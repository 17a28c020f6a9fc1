package archive

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// KeySize is the length in bytes of a key made by AppendKey.
const KeySize = 16

// signBit flips the sign of a two's complement int64 seen as a uint64, so
// that the unsigned (and therefore byte-wise, big-endian) order of the
// result is the signed order of the input: math.MinInt64 becomes 0 and
// math.MaxInt64 becomes 2^64-1.
const signBit = 1 << 63

// minTime and maxTime are the first and last instants UnixNano can
// represent. They are functions, not variables, so that nothing in the
// package is mutable; time.Unix is a few arithmetic operations.
func minTime() time.Time { return time.Unix(0, math.MinInt64) }
func maxTime() time.Time { return time.Unix(0, math.MaxInt64) }

// UnixNano returns t as nanoseconds since 1970-01-01 UTC. It fails with an
// error wrapping ErrTimeRange when t lies outside the years 1678 to 2262,
// where time.Time.UnixNano is undefined. The zero time.Time is out of range.
func UnixNano(t time.Time) (int64, error) {
	if t.Before(minTime()) || t.After(maxTime()) {
		return 0, fmt.Errorf("%w: Time %s", ErrTimeRange, t.Format(time.RFC3339Nano))
	}
	return t.UnixNano(), nil
}

// AppendKey appends the KeySize-byte key of (t, seq) to dst and returns the
// extended slice. The key is t as big-endian nanoseconds since 1970 with the
// sign bit flipped, followed by seq big-endian, so comparing two keys with
// bytes.Compare orders them by (Time, Seq), times before 1970 included. It
// fails with an error wrapping ErrTimeRange as UnixNano does.
func AppendKey(dst []byte, t time.Time, seq uint64) ([]byte, error) {
	ns, err := UnixNano(t)
	if err != nil {
		return dst, err
	}
	return AppendKeyNanos(dst, ns, seq), nil
}

// AppendKeyNanos is AppendKey for a time already given as nanoseconds since
// 1970. It cannot fail.
func AppendKeyNanos(dst []byte, ns int64, seq uint64) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(ns)^signBit)
	return binary.BigEndian.AppendUint64(dst, seq)
}

// DecodeKey returns the time (in UTC) and sequence a key made by AppendKey
// holds. It fails when key is not KeySize bytes long.
func DecodeKey(key []byte) (time.Time, uint64, error) {
	ns, seq, err := DecodeKeyNanos(key)
	if err != nil {
		return time.Time{}, 0, err
	}
	return time.Unix(0, ns).UTC(), seq, nil
}

// DecodeKeyNanos is DecodeKey returning the time as nanoseconds since 1970.
func DecodeKeyNanos(key []byte) (ns int64, seq uint64, err error) {
	if len(key) != KeySize {
		return 0, 0, fmt.Errorf("archive: key is %d bytes, want %d", len(key), KeySize)
	}
	ns = int64(binary.BigEndian.Uint64(key) ^ signBit)
	return ns, binary.BigEndian.Uint64(key[8:]), nil
}

// NanosWindow converts the window [from, to) of Store.Scan into nanoseconds
// since 1970, clamped to what keys can hold: records with lo <= Time and,
// when bounded, Time < hi. A zero to, or one past the last representable
// instant, means no upper bound (bounded is false). ok is false when no
// representable time lies in the window, so the scan can return at once.
//
// Clamping, not failing, is what a caller wants: Scan(ctx, time.Time{},
// time.Time{}, fn) reads everything even though the zero time itself is
// out of range.
func NanosWindow(from, to time.Time) (lo, hi int64, bounded, ok bool) {
	switch {
	case from.After(maxTime()):
		return 0, 0, false, false
	case from.Before(minTime()):
		lo = math.MinInt64
	default:
		lo = from.UnixNano()
	}
	switch {
	case to.IsZero() || to.After(maxTime()):
		return lo, 0, false, true
	case !to.After(minTime()):
		// to <= the first instant: nothing is strictly before it.
		return 0, 0, false, false
	default:
		hi = to.UnixNano()
	}
	if hi <= lo {
		return 0, 0, false, false
	}
	return lo, hi, true, true
}
