package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testContextDone: every method given a done context returns ctx.Err(),
// and Scan calls fn no more.
func testContextDone(t *testing.T, open func(t *testing.T) archive.Store) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancel2()
	tests := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"cancelled", cancelled, context.Canceled},
		{"deadline exceeded", expired, context.DeadlineExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			appendOK(t, s, mk(at(1), 1), mk(at(2), 1))

			err := s.Append(tc.ctx, []archive.Record{mk(at(3), 1)})
			require.ErrorIs(t, err, tc.want, "Append")

			calls := 0
			err = s.Scan(tc.ctx, time.Time{}, time.Time{}, func(archive.Record) error {
				calls++
				return nil
			})
			require.ErrorIs(t, err, tc.want, "Scan")
			require.Zero(t, calls, "Scan called fn with a done context")

			_, err = s.DeleteBefore(tc.ctx, at(100))
			require.ErrorIs(t, err, tc.want, "DeleteBefore")

			_, err = s.Stats(tc.ctx)
			require.ErrorIs(t, err, tc.want, "Stats")
		})
	}
}

// testCancelDuringScan: cancelling the context while Scan runs stops it
// with ctx.Err() before it reaches the end.
func testCancelDuringScan(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	var recs []archive.Record
	for i := range 2000 {
		recs = append(recs, mk(at(i), 0))
	}
	appendOK(t, s, recs...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	err := s.Scan(ctx, time.Time{}, time.Time{}, func(archive.Record) error {
		calls++
		if calls == 10 {
			cancel()
		}
		return nil
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Less(t, calls, len(recs), "Scan ran to the end after its context was cancelled")
	// The store itself is unaffected.
	require.Len(t, scanAll(t, s, time.Time{}, time.Time{}), len(recs))
}
