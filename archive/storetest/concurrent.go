package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testConcurrent: appenders, scanners and Stats callers at once. Every scan
// must see records whole, in order and never twice; once the appenders are
// done everything is there. Run under -race.
func testConcurrent(t *testing.T, open func(t *testing.T) archive.Store) {
	const (
		writers   = 4
		batches   = 40
		batchSize = 25
		scanners  = 2
	)
	s := open(t)
	ctx := context.Background()
	var (
		wg       sync.WaitGroup
		writing  atomic.Int32
		failures = make(chan error, writers+scanners+1)
		// progress paces the scanners to the writers: a scan per
		// committed batch or so, rather than as many as the CPU allows,
		// which would starve the writers.
		progress = make(chan struct{}, 1)
	)
	writing.Store(writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer writing.Add(-1)
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for b := range batches {
				batch := make([]archive.Record, batchSize)
				for i := range batch {
					// Times interleave across writers and go back and
					// forth; seq makes every key unique to its writer.
					sec := rng.IntN(batches * batchSize)
					batch[i] = mk(at(sec), uint64(w)<<32|uint64(b*batchSize+i))
				}
				if err := s.Append(ctx, batch); err != nil {
					failures <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				select {
				case progress <- struct{}{}:
				default:
				}
			}
		}()
	}
	scan := func() (int, error) {
		n := 0
		var prev archive.Record
		err := s.Scan(ctx, time.Time{}, time.Time{}, func(rec archive.Record) error {
			if err := checkWhole(rec); err != nil {
				return err
			}
			if n > 0 && compareRecords(prev, rec) >= 0 {
				return fmt.Errorf("record (%s, %d) after (%s, %d)", rec.Time, rec.Seq, prev.Time, prev.Seq)
			}
			prev = archive.Record{Time: rec.Time, Seq: rec.Seq}
			n++
			return nil
		})
		return n, err
	}
	for range scanners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lastPass := false; !lastPass; {
				lastPass = writing.Load() == 0
				if _, err := scan(); err != nil {
					failures <- fmt.Errorf("scanner: %w", err)
					return
				}
				if !lastPass {
					select {
					case <-progress:
					case <-time.After(10 * time.Millisecond):
					}
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		var prev int64
		for writing.Load() > 0 {
			time.Sleep(time.Millisecond)
			st, err := s.Stats(ctx)
			if err == nil && st.Count < prev {
				err = fmt.Errorf("count went down from %d to %d", prev, st.Count)
			}
			if err != nil {
				failures <- fmt.Errorf("stats: %w", err)
				return
			}
			prev = st.Count
		}
	}()
	wg.Wait()
	close(failures)
	var errs []error
	for err := range failures {
		errs = append(errs, err)
	}
	require.NoError(t, errors.Join(errs...))

	n, err := scan()
	require.NoError(t, err)
	require.Equal(t, writers*batches*batchSize, n)
	st, err := s.Stats(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(n), st.Count)
}
