package storetest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// RunDurable runs the checks for a store that persists: what was stored
// before Close is there after opening the same path again. open must open
// (creating when missing) the store at path; each subtest passes a path
// under its own t.TempDir() and closes what open returns. Run RunDurable in
// addition to Run, which checks the rest of the contract.
func RunDurable(t *testing.T, open func(t *testing.T, path string) archive.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, reopen func() archive.Store)
	}{
		{"ReopenEmpty", testReopenEmpty},
		{"Reopen", testReopen},
		{"ReopenAfterDelete", testReopenAfterDelete},
		{"CloseKeepsAcknowledged", testCloseKeepsAcknowledged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "store")
			reopen := func() archive.Store {
				t.Helper()
				s := open(t, path)
				t.Cleanup(func() { _ = s.Close() })
				return s
			}
			tc.fn(t, reopen)
		})
	}
}

// testReopenEmpty: a store opened and closed with nothing in it reopens
// empty and usable.
func testReopenEmpty(t *testing.T, reopen func() archive.Store) {
	s := reopen()
	require.NoError(t, s.Close())
	s = reopen()
	requireStats(t, s, archive.Stats{})
	require.Empty(t, scanAll(t, s, time.Time{}, time.Time{}))
	appendOK(t, s, mk(at(1), 1))
	require.NoError(t, s.Close())
	s = reopen()
	requireRecords(t, []archive.Record{mk(at(1), 1)}, scanAll(t, s, time.Time{}, time.Time{}))
}

// testReopen: records, replacements, ingestion times and stats survive
// several close/open cycles, and appends continue afterwards.
func testReopen(t *testing.T, reopen func() archive.Store) {
	var want []archive.Record
	s := reopen()
	for round := range 3 {
		var batch []archive.Record
		for i := range 200 {
			batch = append(batch, mk(at(i).Add(time.Duration(round)*time.Millisecond), uint64(i)))
		}
		batch = append(batch,
			mk(time.Date(1950, 1, 1, 0, 0, 0, round, time.UTC), 1),
			archive.Record{Time: at(-1), Seq: uint64(round), Data: nil})
		appendOK(t, s, batch...)
		want = append(want, batch...)
		if round > 0 {
			// Replace a record stored in an earlier session.
			r := want[0]
			r.Data = fmt.Appendf(nil, `{"replaced in round":%d}`, round)
			appendOK(t, s, r)
			want[0] = r
		}
		require.NoError(t, s.Close())
		s = reopen()
		want = sorted(want)
		requireRecords(t, want, scanAll(t, s, time.Time{}, time.Time{}), "after reopen %d", round)
		requireStats(t, s, statsOf(want))
		// Windows work on what was loaded from disk.
		var before1970 []archive.Record
		for _, r := range want {
			if r.Time.Before(time.Unix(0, 0)) {
				before1970 = append(before1970, r)
			}
		}
		requireRecords(t, before1970, scanAll(t, s, time.Time{}, time.Unix(0, 0)))
	}
}

// testReopenAfterDelete: records DeleteBefore removed stay removed.
func testReopenAfterDelete(t *testing.T, reopen func() archive.Store) {
	s := reopen()
	var recs []archive.Record
	for i := range 100 {
		recs = append(recs, mk(at(i), 1))
	}
	appendOK(t, s, recs...)
	n, err := s.DeleteBefore(context.Background(), at(60))
	require.NoError(t, err)
	require.Equal(t, int64(60), n)
	require.NoError(t, s.Close())
	s = reopen()
	requireRecords(t, recs[60:], scanAll(t, s, time.Time{}, time.Time{}))
	requireStats(t, s, statsOf(recs[60:]))
}

// testCloseKeepsAcknowledged: Close while appends are in flight; every
// Append that returned nil is there after reopening, and Stats agrees with
// a scan. Appends that failed with ErrClosed may or may not be stored,
// whole.
func testCloseKeepsAcknowledged(t *testing.T, reopen func() archive.Store) {
	s := reopen()
	const writers = 4
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		acked  []archive.Record
		total  atomic.Int64
		errsMu sync.Mutex
		errs   []error
		alive  atomic.Int32
	)
	alive.Store(writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer alive.Add(-1)
			for i := 0; ; i++ {
				batch := []archive.Record{
					mk(at(i), uint64(w)<<32|uint64(2*i)),
					mk(at(i), uint64(w)<<32|uint64(2*i+1)),
				}
				err := s.Append(context.Background(), batch)
				if errors.Is(err, archive.ErrClosed) {
					return
				}
				if err != nil {
					errsMu.Lock()
					errs = append(errs, err)
					errsMu.Unlock()
					return
				}
				mu.Lock()
				acked = append(acked, batch...)
				mu.Unlock()
				total.Add(2)
			}
		}()
	}
	// Close once some appends went through, with the writers still going.
	for total.Load() < 200 && alive.Load() > 0 {
		time.Sleep(time.Millisecond)
	}
	require.NoError(t, s.Close())
	wg.Wait()
	require.NoError(t, errors.Join(errs...))

	s = reopen()
	got := scanAll(t, s, time.Time{}, time.Time{})
	stored := make(map[modelKey]archive.Record, len(got))
	for _, r := range got {
		require.NoError(t, checkWhole(r))
		stored[modelKey{r.Time.UnixNano(), r.Seq}] = r
	}
	for _, r := range acked {
		_, ok := stored[modelKey{r.Time.UnixNano(), r.Seq}]
		require.True(t, ok, "acknowledged record (%s, %d) lost", r.Time, r.Seq)
	}
	// A batch is atomic: both records of a pair or neither.
	for k := range stored {
		mate := k
		mate.seq ^= 1
		_, ok := stored[mate]
		require.True(t, ok, "record (%d, %d) stored without the other record of its batch", k.ns, k.seq)
	}
	requireStats(t, s, statsOf(got))
}
