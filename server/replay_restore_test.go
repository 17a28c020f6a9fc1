package server_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/audit"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
	"github.com/switchyard-go/switchyard/server"
	"github.com/switchyard-go/switchyard/server/boltstate"
	"github.com/switchyard-go/switchyard/server/statetest"
)

// startWithReplays starts a durable server whose Replayer reports ended
// replays to it, as serve wires them.
func startWithReplays(t *testing.T, dir string) (string, func()) {
	t.Helper()
	st, err := boltstate.Open(filepath.Join(dir, "control.db"))
	require.NoError(t, err)
	clock, ids := server.NewClock(nil), server.NewIDs()
	ctx := context.Background()
	b, err := bus.New(bus.WithClock(clock), bus.WithResourceIDs(ids.New))
	require.NoError(t, err)
	arch, err := archive.NewArchives(b)
	require.NoError(t, err)
	var srv atomic.Pointer[server.Server]
	rp, err := replay.New(b, arch, replay.WithOnEnd(func(d replay.DescribeReplayOutput) {
		if s := srv.Load(); s != nil {
			s.ReplayEnded(d)
		}
	}))
	require.NoError(t, err)
	lake, err := audit.New()
	require.NoError(t, err)
	s, err := server.New(ctx, server.Backends{Bus: b, Archives: arch, Replays: rp, Audit: lake}, server.WithState(st, clock, ids))
	require.NoError(t, err)
	srv.Store(s)
	hs := httptest.NewServer(s)
	return hs.URL, func() {
		hs.Close()
		require.NoError(t, rp.Close(ctx))
		require.NoError(t, b.Close(ctx))
		require.NoError(t, arch.Close(ctx))
		require.NoError(t, lake.Close(ctx))
		require.NoError(t, s.Close())
	}
}

// A replay that ended is restored as it ended; StartReplay is not re-run.
func TestReplayRestoredAsItEnded(t *testing.T) {
	dir := t.TempDir()
	url, stop := startWithReplays(t, dir)
	require.Equal(t, 200, call(t, url, "CreateArchive", `{"ArchiveName":"all","EventSourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/default"}`).Status)
	r := call(t, url, "PutEvents", `{"Entries":[{"Source":"shop","DetailType":"order","Detail":"{}"}]}`)
	require.Equal(t, 200, r.Status, r.Raw)
	now := time.Now().Unix()
	r = call(t, url, "StartReplay", `{"ReplayName":"again","EventSourceArn":"arn:aws:events:us-east-1:123456789012:archive/all",
	  "EventStartTime":`+strconv.FormatInt(now-3600, 10)+`,"EventEndTime":`+strconv.FormatInt(now+60, 10)+`,"Destination":{"Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default"}}`)
	require.Equal(t, 200, r.Status, r.Raw)
	var ended response
	require.Eventually(t, func() bool {
		ended = call(t, url, "DescribeReplay", `{"ReplayName":"again"}`)
		return ended.Body["State"] == "COMPLETED"
	}, 30*time.Second, 20*time.Millisecond)
	stop()

	url, stop = startWithReplays(t, dir)
	defer stop()
	r = call(t, url, "DescribeReplay", `{"ReplayName":"again"}`)
	require.Equal(t, 200, r.Status, r.Raw)
	require.JSONEq(t, ended.Raw, r.Raw)
}

// A replay that was running when the process died comes back FAILED,
// with a reason (issue 9: "a replay that was RUNNING is resumed or marked
// FAILED with a reason").
func TestRunningReplayRestoredAsFailed(t *testing.T) {
	dir := t.TempDir()
	st, err := boltstate.Open(filepath.Join(dir, "control.db"))
	require.NoError(t, err)
	running := replay.DescribeReplayOutput{ReplayName: "midway", ReplayARN: "arn:aws:events:us-east-1:123456789012:replay/midway",
		State: replay.StateRunning, EventSourceARN: "arn:aws:events:us-east-1:123456789012:archive/all",
		Destination:    replay.Destination{ARN: "arn:aws:events:us-east-1:123456789012:event-bus/default"},
		EventStartTime: time.Unix(1700000000, 0).UTC(), EventEndTime: time.Unix(1700003600, 0).UTC(), ReplayStartTime: time.Unix(1700005000, 0).UTC()}
	input, err := json.Marshal(running)
	require.NoError(t, err)
	rec := statetest.Sample(1)
	rec.Operation, rec.Input, rec.Query, rec.IDs = "switchyard.ReplaySnapshot", input, "", nil
	rec.Caller = switchyard.Caller{Account: "123456789012", Region: "us-east-1"}
	require.NoError(t, st.Append(context.Background(), rec))
	require.NoError(t, st.Close())

	url, stop := startWithReplays(t, dir)
	defer stop()
	r := call(t, url, "DescribeReplay", `{"ReplayName":"midway"}`)
	require.Equal(t, 200, r.Status, r.Raw)
	require.Equal(t, "FAILED", r.Body["State"])
	require.Contains(t, r.Body["StateReason"], "interrupted")
}
