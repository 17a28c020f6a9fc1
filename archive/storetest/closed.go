package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testClosed: after Close every method, Close included, returns ErrClosed.
func testClosed(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	appendOK(t, s, mk(at(1), 1))
	require.NoError(t, s.Close())

	ctx := context.Background()
	require.ErrorIs(t, s.Append(ctx, []archive.Record{mk(at(2), 1)}), archive.ErrClosed, "Append")
	require.ErrorIs(t, s.Append(ctx, nil), archive.ErrClosed, "Append of an empty batch")
	calls := 0
	err := s.Scan(ctx, time.Time{}, time.Time{}, func(archive.Record) error {
		calls++
		return nil
	})
	require.ErrorIs(t, err, archive.ErrClosed, "Scan")
	require.Zero(t, calls, "Scan called fn on a closed store")
	_, err = s.DeleteBefore(ctx, at(10))
	require.ErrorIs(t, err, archive.ErrClosed, "DeleteBefore")
	_, err = s.Stats(ctx)
	require.ErrorIs(t, err, archive.ErrClosed, "Stats")
	require.ErrorIs(t, s.Close(), archive.ErrClosed, "second Close")
}
