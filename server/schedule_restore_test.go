package server_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
	"github.com/switchyard-go/switchyard/server"
	"github.com/switchyard-go/switchyard/server/boltstate"
)

// startDurable starts a durable server over dir on the fake clock fc.
func startDurable(t *testing.T, dir string, fc *fakeclock.Clock) (url string, b *bus.Bus, stop func()) {
	t.Helper()
	st, err := boltstate.Open(filepath.Join(dir, "control.db"))
	require.NoError(t, err)
	clock, ids := server.NewClock(fc), server.NewIDs()
	backends := newBackends(t, bus.WithClock(clock), bus.WithResourceIDs(ids.New))
	s, err := server.New(context.Background(), backends, server.WithState(st, clock, ids))
	require.NoError(t, err)
	hs := httptest.NewServer(s)
	return hs.URL, backends.Bus, func() {
		hs.Close()
		require.NoError(t, backends.Bus.Close(context.Background()))
		require.NoError(t, s.Close())
	}
}

// A scheduled rule resumes after a restart at its usual pace. The journal
// re-creates the rule at its original creation time; the firings missed
// while the server was down must not then be emitted in a burst.
func TestSchedulesResumeAfterRestart(t *testing.T) {
	dir := t.TempDir()
	fc := fakeclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	url, b, stop := startDurable(t, dir, fc)
	require.Equal(t, 200, call(t, url, "PutRule", `{"Name":"tick","ScheduleExpression":"rate(1 minute)"}`).Status)
	fc.Advance(2 * time.Minute)
	require.Equal(t, uint64(2), b.Stats().Scheduled)
	stop()

	fc.Advance(24 * time.Hour) // the server is down for a day
	url, b, stop = startDurable(t, dir, fc)
	defer stop()
	r := call(t, url, "DescribeRule", `{"Name":"tick"}`)
	require.Equal(t, "ENABLED", r.Body["State"], r.Raw)
	fc.Advance(time.Minute)
	require.Equal(t, uint64(1), b.Stats().Scheduled, "one firing per minute after the restart, no catch-up burst")
}
