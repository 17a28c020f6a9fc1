package boltstore

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// blockWriter holds a bbolt write transaction, so the writer goroutine
// stalls in its next Update; the returned function releases it.
func blockWriter(t *testing.T, s *Store) func() {
	t.Helper()
	tx, err := s.db.Begin(true)
	require.NoError(t, err)
	return func() { require.NoError(t, tx.Rollback()) }
}

// waitQueued waits until n requests sit in the queue.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	for len(s.queue) < n {
		time.Sleep(time.Millisecond)
	}
}

// startBlocked blocks the writer and gets it stuck on a first append of
// its own, so that appends made next wait in the queue. It returns the
// release function and the first append's result.
func startBlocked(t *testing.T, s *Store) (release func(), first chan error) {
	t.Helper()
	release = blockWriter(t, s)
	first = appendAsync(context.Background(), s, 0, 1)
	for s.received.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	return release, first
}

func openTest(t *testing.T, opts ...Option) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "a.db"), append([]Option{WithNoSync()}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func rec(sec int, seq uint64) archive.Record {
	return archive.Record{Time: time.Unix(int64(sec), 0), Seq: seq, Data: []byte(`{"n":1}`)}
}

// appendAsync starts n single-record appends and returns their results.
func appendAsync(ctx context.Context, s *Store, first, n int) (results chan error) {
	results = make(chan error, n)
	for i := range n {
		go func() { results <- s.Append(ctx, []archive.Record{rec(first+i, 0)}) }()
	}
	return results
}

// TestGroupCommit: appends that queue while a commit is in progress go out
// together in one transaction, bounded by WithMaxBatchSize.
func TestGroupCommit(t *testing.T) {
	tests := []struct {
		name    string
		opts    []Option
		appends int
		commits int64 // after the first, which the writer took alone
	}{
		{"all in one", nil, 20, 1},
		{"bounded by records", []Option{WithMaxBatchSize(5)}, 20, 4},
		{"bounded by bytes", []Option{WithMaxBatchBytes(7 * 10)}, 20, 2},
		{"a single append", nil, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t, tc.opts...)
			ctx := context.Background()
			release, first := startBlocked(t, s)
			results := appendAsync(ctx, s, 1000, tc.appends)
			waitQueued(t, s, tc.appends)
			release()
			require.NoError(t, <-first)
			for range tc.appends {
				require.NoError(t, <-results)
			}
			require.Equal(t, 1+tc.commits, s.commits.Load())
			st, err := s.Stats(ctx)
			require.NoError(t, err)
			require.Equal(t, int64(1+tc.appends), st.Count)
		})
	}
}

// TestGroupCommitDropsAbandoned: an append whose context ends while it
// waits in the queue returns ctx.Err() and is not stored.
func TestGroupCommitDropsAbandoned(t *testing.T) {
	s := openTest(t)
	release, first := startBlocked(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	abandoned := appendAsync(ctx, s, 500, 1)
	kept := appendAsync(context.Background(), s, 600, 1)
	waitQueued(t, s, 2)
	cancel()
	require.ErrorIs(t, <-abandoned, context.Canceled)
	release()
	require.NoError(t, <-first)
	require.NoError(t, <-kept)

	var seen []int64
	require.NoError(t, s.Scan(context.Background(), time.Time{}, time.Time{}, func(r archive.Record) error {
		seen = append(seen, r.Time.Unix())
		return nil
	}))
	require.Equal(t, []int64{0, 600}, seen)
}

// TestCloseDrainsQueue: Close commits every queued append before it
// returns, and those appends succeed.
func TestCloseDrainsQueue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(path)
	require.NoError(t, err)
	release, first := startBlocked(t, s)
	results := appendAsync(context.Background(), s, 1, 9)
	waitQueued(t, s, 9)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	// Close must be waiting for the appends, not failing them.
	for {
		s.mu.RLock()
		c := s.closed
		s.mu.RUnlock()
		if c {
			break
		}
		time.Sleep(time.Millisecond)
	}
	release()
	require.NoError(t, <-first)
	for range 9 {
		require.NoError(t, <-results)
	}
	require.NoError(t, <-closed)

	s, err = Open(path)
	require.NoError(t, err)
	defer s.Close()
	st, err := s.Stats(context.Background())
	require.NoError(t, err)
	require.Equal(t, int64(10), st.Count)
	require.NoError(t, s.Verify(context.Background()))
}

// TestCommitIsolatesFailure: when the group's transaction fails, each
// append is retried alone, so only the bad one fails.
func TestCommitIsolatesFailure(t *testing.T) {
	s := openTest(t)
	var reqs []*request
	for i := range 3 {
		r, err := encode([]archive.Record{rec(i, 0), rec(i, 1)})
		require.NoError(t, err)
		r.ctx = context.Background()
		reqs = append(reqs, r)
	}
	// bbolt refuses an empty key: the group fails, and so does this
	// request on its own.
	reqs[1].items[1].key = nil
	s.commit(reqs)
	require.NoError(t, <-reqs[0].done)
	require.Error(t, <-reqs[1].done)
	require.NoError(t, <-reqs[2].done)

	var seen []int64
	require.NoError(t, s.Scan(context.Background(), time.Time{}, time.Time{}, func(r archive.Record) error {
		seen = append(seen, r.Time.Unix())
		return nil
	}))
	require.Equal(t, []int64{0, 0, 2, 2}, seen, "request 1 is atomic: neither of its records is stored")
	require.NoError(t, s.Verify(context.Background()))
}

// TestAppendDuringGroupRace runs many appenders against a small group
// bound under -race, checking counts stay exact.
func TestAppendDuringGroupRace(t *testing.T) {
	s := openTest(t, WithMaxBatchSize(7), WithMaxBatchDelay(time.Millisecond))
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				require.NoError(t, s.Append(context.Background(), []archive.Record{rec(i, uint64(w)), rec(i, uint64(w+100))}))
			}
		}()
	}
	wg.Wait()
	st, err := s.Stats(context.Background())
	require.NoError(t, err)
	require.Equal(t, int64(800), st.Count)
	require.Less(t, s.commits.Load(), int64(400), "appends were never grouped")
	require.NoError(t, s.Verify(context.Background()))
}
