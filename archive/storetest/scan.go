package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testScanStops: when fn returns an error Scan stops at once and returns
// that error.
func testScanStops(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	var recs []archive.Record
	for i := range 1000 {
		recs = append(recs, mk(at(i), 0))
	}
	appendOK(t, s, recs...)
	for _, stopAt := range []int{1, 3, 300, 1000} {
		errStop := errors.New("stop here")
		calls := 0
		err := s.Scan(context.Background(), time.Time{}, time.Time{}, func(rec archive.Record) error {
			calls++
			if calls == stopAt {
				return errStop
			}
			return nil
		})
		require.Same(t, errStop, err, "Scan must return fn's error itself (stop at %d)", stopAt)
		require.Equal(t, stopAt, calls, "fn called after it returned an error")
	}
}

// testScanReentrant: fn may use the store while Scan runs. Scan must not
// hold a lock or transaction across fn, or this deadlocks. Records appended
// behind the cursor are not required to be seen; none may be seen twice.
func testScanReentrant(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	var recs []archive.Record
	for i := range 600 {
		recs = append(recs, mk(at(i), 1))
	}
	appendOK(t, s, recs...)
	ctx := context.Background()
	var got []archive.Record
	err := s.Scan(ctx, time.Time{}, at(600), func(rec archive.Record) error {
		if err := checkWhole(rec); err != nil {
			return err
		}
		if n := len(got); n > 0 && compareRecords(got[n-1], rec) >= 0 {
			return errors.New("out of order or repeated")
		}
		got = append(got, archive.Record{Time: rec.Time, Seq: rec.Seq})
		if rec.Seq == 1 && len(got)%50 == 0 {
			if _, err := s.Stats(ctx); err != nil {
				return err
			}
			// Outside the window, and a replacement inside it.
			if err := s.Append(ctx, []archive.Record{mk(at(1000+len(got)), 1)}); err != nil {
				return err
			}
			if err := s.Append(ctx, []archive.Record{mk(rec.Time, 1)}); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Len(t, got, 600)
	all := scanAll(t, s, time.Time{}, time.Time{})
	require.Len(t, all, 600+600/50, "the 12 records fn appended are missing")
	requireStats(t, s, statsOf(all))
}
