package boltstore_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
)

func scanAll(t *testing.T, s archive.Store) []archive.Record {
	t.Helper()
	var out []archive.Record
	require.NoError(t, s.Scan(context.Background(), time.Time{}, time.Time{}, func(r archive.Record) error {
		r.Data = bytes.Clone(r.Data)
		out = append(out, r)
		return nil
	}))
	return out
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.Size()
}

func TestCompact(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	recs := writeFixture(t, src, 4000)
	s, err := boltstore.Open(src, boltstore.WithNoSync())
	require.NoError(t, err)
	defer s.Close()
	ctx := context.Background()
	n, err := s.DeleteBefore(ctx, recs[3600].Time)
	require.NoError(t, err)
	require.Equal(t, int64(3600), n)
	before := fileSize(t, src)

	dst := filepath.Join(dir, "dst.db")
	require.NoError(t, s.Compact(ctx, dst))
	require.Less(t, fileSize(t, dst), before/4, "the copy is not compact")
	require.Equal(t, before, fileSize(t, src), "bbolt files never shrink; the source is untouched")

	c, err := boltstore.Open(dst)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.Verify(ctx))
	got := scanAll(t, c)
	require.Len(t, got, 400)
	for i, r := range got {
		w := recs[3600+i]
		require.True(t, w.Time.Equal(r.Time) && w.Seq == r.Seq && w.Ingested.Equal(r.Ingested) && bytes.Equal(w.Data, r.Data), "record %d", i)
	}
	st, err := c.Stats(ctx)
	require.NoError(t, err)
	want, err := s.Stats(ctx)
	require.NoError(t, err)
	require.Equal(t, want, st)
}

func TestCompactErrors(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	writeFixture(t, src, 2000)
	s, err := boltstore.Open(src, boltstore.WithNoSync())
	require.NoError(t, err)
	ctx := context.Background()

	t.Run("destination exists", func(t *testing.T) {
		dst := filepath.Join(dir, "exists.db")
		require.NoError(t, os.WriteFile(dst, []byte("keep me"), 0o600))
		err := s.Compact(ctx, dst)
		require.ErrorIs(t, err, fs.ErrExist)
		content, err := os.ReadFile(dst)
		require.NoError(t, err)
		require.Equal(t, "keep me", string(content))
	})
	t.Run("missing directory", func(t *testing.T) {
		require.ErrorIs(t, s.Compact(ctx, filepath.Join(dir, "nope", "dst.db")), fs.ErrNotExist)
	})
	t.Run("cancelled midway", func(t *testing.T) {
		dst := filepath.Join(dir, "cancelled.db")
		err := s.Compact(&cancelAfterFirstCheck{Context: ctx, done: make(chan struct{})}, dst)
		require.ErrorIs(t, err, context.Canceled)
		_, err = os.Stat(dst)
		require.ErrorIs(t, err, fs.ErrNotExist, "a failed Compact leaves no file")
	})
	t.Run("closed store", func(t *testing.T) {
		require.NoError(t, s.Close())
		dst := filepath.Join(dir, "closed.db")
		require.ErrorIs(t, s.Compact(ctx, dst), archive.ErrClosed)
		_, err := os.Stat(dst)
		require.ErrorIs(t, err, fs.ErrNotExist)
	})
}

// TestCompactWhileAppending: appends go on during Compact; the copy holds
// at least everything stored before it began and is sound.
func TestCompactWhileAppending(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	recs := writeFixture(t, src, 3000)
	s, err := boltstore.Open(src, boltstore.WithNoSync())
	require.NoError(t, err)
	defer s.Close()
	ctx := context.Background()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			r := archive.Record{Time: time.Unix(int64(i), 0), Seq: 1, Data: []byte(`{"late":true}`)}
			if err := s.Append(ctx, []archive.Record{r}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	dst := filepath.Join(dir, "dst.db")
	err = s.Compact(ctx, dst)
	close(stop)
	wg.Wait()
	require.NoError(t, err)

	c, err := boltstore.Open(dst)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.Verify(ctx))
	have := map[int64]bool{}
	for _, r := range scanAll(t, c) {
		have[r.Time.UnixNano()] = true
	}
	for _, r := range recs {
		require.True(t, have[r.Time.UnixNano()], "record %d missing from the copy", r.Seq)
	}
}

// cancelAfterFirstCheck is a context that is live for its first Err call
// and cancelled from then on: Compact passes its entry check, creates the
// destination, and is cancelled in the copy.
type cancelAfterFirstCheck struct {
	context.Context
	once  sync.Once
	calls atomic.Int32
	done  chan struct{}
}

func (c *cancelAfterFirstCheck) Err() error {
	if c.calls.Add(1) == 1 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return context.Canceled
}

func (c *cancelAfterFirstCheck) Done() <-chan struct{} {
	if c.calls.Load() > 1 {
		return c.done
	}
	return nil
}
