// Package statetest is the conformance suite for server.State
// implementations, as archive/storetest is for archive.Store. An
// implementation's test calls Run:
//
//	func TestConformance(t *testing.T) {
//		statetest.Run(t, func(t *testing.T, dir string) server.State {
//			st, err := mystate.Open(filepath.Join(dir, "state"))
//			require.NoError(t, err)
//			return st
//		})
//	}
//
// open is called with the same dir to reopen a closed state: the suite
// checks that what Append acknowledged is there after a reopen.
package statetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/server"
)

// Opener opens (or reopens) the State kept in dir.
type Opener func(t *testing.T, dir string) server.State

// Run runs every conformance test against the implementation open makes.
func Run(t *testing.T, open Opener) {
	t.Run("Empty", func(t *testing.T) { testEmpty(t, open) })
	t.Run("AppendScanInOrder", func(t *testing.T) { testAppendScan(t, open) })
	t.Run("SeqMustFollow", func(t *testing.T) { testSeq(t, open) })
	t.Run("Reopen", func(t *testing.T) { testReopen(t, open) })
	t.Run("RecordsAreCopies", func(t *testing.T) { testCopies(t, open) })
	t.Run("ScanStopsAtError", func(t *testing.T) { testScanError(t, open) })
	t.Run("Context", func(t *testing.T) { testContext(t, open) })
	t.Run("Closed", func(t *testing.T) { testClosed(t, open) })
	t.Run("ConcurrentScans", func(t *testing.T) { testConcurrent(t, open) })
}

// Sample returns a record with every field set, for seq.
func Sample(seq uint64) server.Record {
	return server.Record{
		Seq:       seq,
		Time:      time.Date(2026, 1, 2, 3, 4, 5, int(seq)*1e6, time.UTC),
		Caller:    switchyard.Caller{Account: "111111111111", Region: "eu-west-1"},
		Operation: "AWSEvents.PutRule",
		Input:     []byte(fmt.Sprintf(`{"Name":"rule-%d","EventPattern":"{\"source\":[\"a\"]}"}`, seq)),
		Query:     fmt.Sprintf("channelArn=arn%%3A%d", seq),
		IDs:       []string{fmt.Sprintf("id-%d-a", seq), fmt.Sprintf("id-%d-b", seq)},
	}
}

func scanAll(t *testing.T, st server.State) []server.Record {
	t.Helper()
	var got []server.Record
	require.NoError(t, st.Scan(context.Background(), func(r server.Record) error {
		got = append(got, r)
		return nil
	}))
	return got
}

func requireRecord(t *testing.T, want, got server.Record) {
	t.Helper()
	require.Equal(t, want.Seq, got.Seq)
	require.True(t, want.Time.Equal(got.Time), "time %v, want %v", got.Time, want.Time)
	require.Equal(t, want.Caller, got.Caller)
	require.Equal(t, want.Operation, got.Operation)
	require.JSONEq(t, string(want.Input), string(got.Input))
	require.Equal(t, want.Query, got.Query)
	require.Equal(t, want.IDs, got.IDs)
}

func testEmpty(t *testing.T, open Opener) {
	st := open(t, t.TempDir())
	defer st.Close()
	require.Empty(t, scanAll(t, st))
	seq, err := st.LastSeq(context.Background())
	require.NoError(t, err)
	require.Zero(t, seq)
}

func testAppendScan(t *testing.T, open Opener) {
	st := open(t, t.TempDir())
	defer st.Close()
	ctx := context.Background()
	for i := uint64(1); i <= 50; i++ {
		require.NoError(t, st.Append(ctx, Sample(i)))
	}
	got := scanAll(t, st)
	require.Len(t, got, 50)
	for i, r := range got {
		requireRecord(t, Sample(uint64(i+1)), r)
	}
	seq, err := st.LastSeq(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(50), seq)
}

func testSeq(t *testing.T, open Opener) {
	st := open(t, t.TempDir())
	defer st.Close()
	ctx := context.Background()
	var se *server.SeqError
	require.ErrorAs(t, st.Append(ctx, Sample(2)), &se, "the first record is Seq 1")
	require.Equal(t, uint64(1), se.Want)
	require.NoError(t, st.Append(ctx, Sample(1)))
	require.ErrorAs(t, st.Append(ctx, Sample(1)), &se, "a repeated Seq")
	require.ErrorAs(t, st.Append(ctx, Sample(3)), &se, "a gap")
	require.Equal(t, uint64(2), se.Want)
	require.Len(t, scanAll(t, st), 1, "a refused record stores nothing")
}

func testReopen(t *testing.T, open Opener) {
	dir := t.TempDir()
	st := open(t, dir)
	ctx := context.Background()
	for i := uint64(1); i <= 10; i++ {
		require.NoError(t, st.Append(ctx, Sample(i)))
	}
	require.NoError(t, st.Close())
	st = open(t, dir)
	defer st.Close()
	got := scanAll(t, st)
	require.Len(t, got, 10)
	requireRecord(t, Sample(10), got[9])
	require.NoError(t, st.Append(ctx, Sample(11)), "appending continues after a reopen")
}

func testCopies(t *testing.T, open Opener) {
	st := open(t, t.TempDir())
	defer st.Close()
	rec := Sample(1)
	require.NoError(t, st.Append(context.Background(), rec))
	rec.Input[2] = 'X' // the caller reuses its buffers
	rec.IDs[0] = "changed"
	got := scanAll(t, st)
	requireRecord(t, Sample(1), got[0])
	got[0].Input[0] = 'Y'
	requireRecord(t, Sample(1), scanAll(t, st)[0])
}

func testScanError(t *testing.T, open Opener) {
	st := open(t, t.TempDir())
	defer st.Close()
	for i := uint64(1); i <= 5; i++ {
		require.NoError(t, st.Append(context.Background(), Sample(i)))
	}
	stop := errors.New("stop")
	n := 0
	err := st.Scan(context.Background(), func(server.Record) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	require.ErrorIs(t, err, stop)
	require.Equal(t, 3, n)
}

func testContext(t *testing.T, open Opener) {
	st := open(t, t.TempDir())
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, st.Append(ctx, Sample(1)), context.Canceled)
	require.Empty(t, scanAll(t, st), "a cancelled Append stores nothing")
	require.NoError(t, st.Append(context.Background(), Sample(1)))
	require.ErrorIs(t, st.Scan(ctx, func(server.Record) error { return nil }), context.Canceled)
}

func testClosed(t *testing.T, open Opener) {
	st := open(t, t.TempDir())
	require.NoError(t, st.Close())
	require.NoError(t, st.Close(), "a second Close")
	ctx := context.Background()
	require.ErrorIs(t, st.Append(ctx, Sample(1)), server.ErrStateClosed)
	require.ErrorIs(t, st.Scan(ctx, func(server.Record) error { return nil }), server.ErrStateClosed)
	_, err := st.LastSeq(ctx)
	require.ErrorIs(t, err, server.ErrStateClosed)
}

func testConcurrent(t *testing.T, open Opener) {
	st := open(t, t.TempDir())
	defer st.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := uint64(1); i <= 40; i++ {
			if err := st.Append(ctx, Sample(i)); err != nil {
				errs <- err
			}
		}
	}()
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				var last uint64
				if err := st.Scan(ctx, func(r server.Record) error {
					if r.Seq != last+1 {
						return fmt.Errorf("scan saw Seq %d after %d", r.Seq, last)
					}
					last = r.Seq
					return nil
				}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.Len(t, scanAll(t, st), 40)
}
