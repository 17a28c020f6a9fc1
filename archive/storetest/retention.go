package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testDeleteBefore: DeleteBefore(t) removes exactly the records with
// Time < t, reports how many, and Stats follows.
func testDeleteBefore(t *testing.T, open func(t *testing.T) archive.Store) {
	var all []archive.Record
	for i := range 10 {
		all = append(all, mk(at(i), 1), mk(at(i), 2), mk(at(i), 3))
	}
	keep := func(cut time.Time) []archive.Record {
		var out []archive.Record
		for _, r := range all {
			if !r.Time.Before(cut) {
				out = append(out, r)
			}
		}
		return out
	}
	tests := []struct {
		name    string
		cut     time.Time
		deleted int64
	}{
		{"zero time deletes nothing", time.Time{}, 0},
		{"before everything", at(-5), 0},
		{"at the first record keeps it", at(0), 0},
		{"just after the first time", at(0).Add(time.Nanosecond), 3},
		{"middle", at(4), 12},
		{"between records", at(6).Add(time.Millisecond), 21},
		{"at the last record keeps it", at(9), 27},
		{"after everything", at(10), 30},
		{"far future", time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC), 30},
		{"beyond the last instant", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			appendOK(t, s, all...)
			n, err := s.DeleteBefore(context.Background(), tc.cut)
			require.NoError(t, err)
			require.Equal(t, tc.deleted, n)
			want := keep(tc.cut)
			requireRecords(t, want, scanAll(t, s, time.Time{}, time.Time{}))
			requireStats(t, s, statsOf(want))

			// Deleting again finds nothing; the store still takes appends,
			// also before the cut.
			n, err = s.DeleteBefore(context.Background(), tc.cut)
			require.NoError(t, err)
			require.Zero(t, n)
			appendOK(t, s, all[0])
			if all[0].Time.Before(tc.cut) {
				want = append([]archive.Record{all[0]}, want...)
			}
			requireRecords(t, want, scanAll(t, s, time.Time{}, time.Time{}))
			requireStats(t, s, statsOf(want))
		})
	}
}

// testDeleteBeforeLarge: a delete spanning many more records than any
// reasonable chunk deletes them all and counts them all.
func testDeleteBeforeLarge(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	var recs []archive.Record
	for i := range 25000 {
		recs = append(recs, archive.Record{Time: at(0).Add(time.Duration(i) * time.Millisecond), Seq: 1, Data: []byte(`{}`)})
	}
	for lo := 0; lo < len(recs); lo += 5000 {
		appendOK(t, s, recs[lo:lo+5000]...)
	}
	n, err := s.DeleteBefore(context.Background(), at(0).Add(24999*time.Millisecond))
	require.NoError(t, err)
	require.Equal(t, int64(24999), n)
	requireStats(t, s, archive.Stats{Count: 1, Bytes: 2})
	requireRecords(t, recs[24999:], scanAll(t, s, time.Time{}, time.Time{}))
}
