package storetest

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// first and last return the first and last instants a store must accept.
func first() time.Time { return time.Unix(0, math.MinInt64).UTC() }
func last() time.Time  { return time.Unix(0, math.MaxInt64).UTC() }

// testBefore1970: negative Unix times order before positive ones, down to
// the first representable instant, and windows work across 1970.
func testBefore1970(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	epoch := time.Unix(0, 0).UTC()
	want := []archive.Record{
		mk(first(), 0),
		mk(time.Date(1700, 6, 1, 0, 0, 0, 0, time.UTC), 1),
		mk(time.Date(1969, 7, 20, 20, 17, 40, 0, time.UTC), 1),
		mk(epoch.Add(-time.Second), 1),
		mk(epoch.Add(-time.Nanosecond), 1),
		mk(epoch.Add(-time.Nanosecond), 2),
		mk(epoch, 0),
		mk(epoch.Add(time.Nanosecond), 0),
		mk(at(0), 0),
		mk(last(), ^uint64(0)),
	}
	appendOK(t, s, sorted(want)[5:]...) // later half first
	appendOK(t, s, want[:5]...)
	requireRecords(t, want, scanAll(t, s, time.Time{}, time.Time{}))

	tests := []struct {
		name     string
		from, to time.Time
		want     []archive.Record
	}{
		{"before 1970", time.Time{}, epoch, want[:6]},
		{"across 1970", epoch.Add(-time.Second), epoch.Add(time.Second), want[3:8]},
		{"from the first instant", first(), first().Add(time.Nanosecond), want[:1]},
		{"1969 only", time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC), epoch.Add(-time.Nanosecond), want[2:4]},
		{"up to the last instant", at(0), last(), want[8:9]},
		{"the last instant", last(), time.Time{}, want[9:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			requireRecords(t, tc.want, scanAll(t, s, tc.from, tc.to))
		})
	}

	n, err := s.DeleteBefore(context.Background(), epoch)
	require.NoError(t, err)
	require.Equal(t, int64(6), n)
	requireRecords(t, want[6:], scanAll(t, s, time.Time{}, time.Time{}))
}

// testTimeRange: a record whose Time is outside what UnixNano represents is
// rejected with ErrTimeRange and its whole batch is not stored (it cannot
// all be stored, so none of it may be).
func testTimeRange(t *testing.T, open func(t *testing.T) archive.Store) {
	tests := []struct {
		name string
		time time.Time
	}{
		{"zero time", time.Time{}},
		{"one ns before the first instant", first().Add(-time.Nanosecond)},
		{"one ns after the last instant", last().Add(time.Nanosecond)},
		{"year 1000", time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"year 3000", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			appendOK(t, s, mk(at(0), 1))
			bad := archive.Record{Time: tc.time, Seq: 9, Data: []byte(`{"bad":true}`)}
			err := s.Append(context.Background(), []archive.Record{mk(at(1), 1), bad, mk(at(2), 1)})
			require.ErrorIs(t, err, archive.ErrTimeRange)
			err = s.Append(context.Background(), []archive.Record{bad})
			require.ErrorIs(t, err, archive.ErrTimeRange)
			requireRecords(t, []archive.Record{mk(at(0), 1)}, scanAll(t, s, time.Time{}, time.Time{}))
			requireStats(t, s, statsOf([]archive.Record{mk(at(0), 1)}))
		})
	}
}
