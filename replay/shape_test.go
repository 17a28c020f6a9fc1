package replay_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
	"github.com/switchyard-go/switchyard/replay"
)

// The request and response bodies of the replay operations decode into and
// encode from the Go types with AWS's member names (EventBridge API
// Reference: StartReplay, DescribeReplay, ListReplays, CancelReplay). A
// replay that replayed nothing has no EventLastReplayedTime key, and a
// running one no ReplayEndTime (aws-archive-replay-schedule.md, section 2).
func TestReplayJSONShape(t *testing.T) {
	var in replay.StartReplayInput
	require.NoError(t, json.Unmarshal([]byte(`{"ReplayName":"r","EventSourceArn":"arn:aws:events:us-east-1:123456789012:archive/a",
		"EventStartTime":"2026-01-01T00:00:00Z","EventEndTime":"2026-01-02T00:00:00Z",
		"Destination":{"Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default","FilterArns":["arn:aws:events:us-east-1:123456789012:rule/x"]}}`), &in))
	require.Equal(t, replay.Destination{
		ARN:        "arn:aws:events:us-east-1:123456789012:event-bus/default",
		FilterARNs: []string{"arn:aws:events:us-east-1:123456789012:rule/x"},
	}, in.Destination)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:archive/a", in.EventSourceARN)
	require.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), in.EventStartTime)

	t0 := time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)
	b, err := json.Marshal(replay.DescribeReplayOutput{ReplayName: "r", ReplayARN: "arn:r", State: replay.StateCancelling,
		EventSourceARN: "arn:a", Destination: replay.Destination{ARN: "arn:b"}, ReplayStartTime: t0})
	require.NoError(t, err)
	require.JSONEq(t, `{"ReplayName":"r","ReplayArn":"arn:r","State":"CANCELLING","EventSourceArn":"arn:a",
		"Destination":{"Arn":"arn:b"},"ReplayStartTime":"2026-01-03T00:00:00Z"}`, string(b))

	b, err = json.Marshal(replay.CancelReplayOutput{ReplayARN: "arn:r", State: replay.StateCancelling})
	require.NoError(t, err)
	require.JSONEq(t, `{"ReplayArn":"arn:r","State":"CANCELLING"}`, string(b))

	b, err = json.Marshal(replay.ListReplaysOutput{Replays: []replay.Replay{{ReplayName: "r", EventSourceARN: "arn:a", State: replay.StateCompleted}}})
	require.NoError(t, err)
	require.JSONEq(t, `{"Replays":[{"ReplayName":"r","EventSourceArn":"arn:a","State":"COMPLETED"}]}`, string(b))
}

// Replays belong to the caller's account and region (issue 8, item 2):
// another account neither sees nor cancels them, nor replays this
// account's archive.
func TestReplayCallers(t *testing.T) {
	f := newFixture(t)
	noon := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	f.put(t, noon)
	f.start(t, "mine", noon, noon.Add(time.Hour))
	other := switchyard.WithCaller(context.Background(), switchyard.Caller{Account: "222222222222", Region: "us-east-1"})

	_, err := f.replays.DescribeReplay(other, replay.DescribeReplayInput{ReplayName: "mine"})
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound)
	_, err = f.replays.CancelReplay(other, replay.CancelReplayInput{ReplayName: "mine"})
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound)
	list, err := f.replays.ListReplays(other, replay.ListReplaysInput{})
	require.NoError(t, err)
	require.Empty(t, list.Replays)
	_, err = f.replays.StartReplay(other, replay.StartReplayInput{
		ReplayName: "theirs", EventSourceARN: archiveARN("orders"), EventStartTime: noon, EventEndTime: noon.Add(time.Hour),
		Destination: replay.Destination{ARN: defaultBusARN},
	})
	require.ErrorIs(t, err, switchyard.ErrValidation, "the archive is not the other account's")

	self := switchyard.WithCaller(context.Background(), switchyard.Caller{Account: "123456789012", Region: "us-east-1"})
	d, err := f.replays.DescribeReplay(self, replay.DescribeReplayInput{ReplayName: "mine"})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:replay/mine", d.ReplayARN)
}

// A replay's final state reaches WithOnEnd, and RestoreReplay puts it
// back in a new Replayer as it was; an active replay comes back FAILED
// with a reason (issue 9: "a replay that was RUNNING is resumed or marked
// FAILED with a reason").
func TestReplayOnEndAndRestore(t *testing.T) {
	ends := make(chan replay.DescribeReplayOutput, 1)
	f := newFixture(t, replay.WithOnEnd(func(d replay.DescribeReplayOutput) { ends <- d }))
	noon := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	f.put(t, noon)
	f.start(t, "done", noon, noon.Add(time.Hour))
	done := f.wait(t, "done")
	require.Equal(t, replay.StateCompleted, done.State)
	require.Equal(t, done, <-ends)

	g := newFixture(t)
	ctx := context.Background()
	require.NoError(t, g.replays.RestoreReplay(ctx, done))
	got, err := g.replays.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: "done"})
	require.NoError(t, err)
	require.Equal(t, done, got)
	require.ErrorIs(t, g.replays.RestoreReplay(ctx, done), switchyard.ErrResourceAlreadyExists)

	running := done
	running.ReplayName, running.ReplayARN = "cut", "arn:aws:events:us-east-1:123456789012:replay/cut"
	running.State, running.ReplayEndTime = replay.StateRunning, time.Time{}
	require.NoError(t, g.replays.RestoreReplay(ctx, running))
	got, err = g.replays.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: "cut"})
	require.NoError(t, err)
	require.Equal(t, replay.StateFailed, got.State)
	require.Equal(t, "The replay was interrupted: the process stopped before it finished.", got.StateReason)
	require.False(t, got.ReplayEndTime.IsZero())

	bad := done
	bad.ReplayARN = "arn:aws:events:us-east-1:123456789012:archive/done"
	require.Error(t, g.replays.RestoreReplay(ctx, bad))
}

// "Archives and replays built on a bus use that bus's clock unless told
// otherwise" (issue 8, item 5): without WithClock, ReplayStartTime and
// ReplayEndTime come from the bus's fake clock.
func TestReplayUsesBusClock(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)
	b, err := bus.New(bus.WithClock(fakeclock.New(start)))
	require.NoError(t, err)
	a, err := archive.NewArchives(b)
	require.NoError(t, err)
	r, err := replay.New(b, a)
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = r.Close(ctx)
		_ = b.Close(ctx)
		_ = a.Close(ctx)
	})
	ar, err := a.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "orders", EventSourceARN: defaultBusARN})
	require.NoError(t, err)
	out, err := r.StartReplay(ctx, replay.StartReplayInput{
		ReplayName: "r", EventSourceARN: ar.ArchiveARN, EventStartTime: t0, EventEndTime: t0.Add(time.Hour),
		Destination: replay.Destination{ARN: defaultBusARN},
	})
	require.NoError(t, err)
	require.Equal(t, start, out.ReplayStartTime)
	require.Eventually(t, func() bool {
		d, err := r.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: "r"})
		return err == nil && d.State == replay.StateCompleted && d.ReplayEndTime.Equal(start)
	}, 10*time.Second, time.Millisecond)
}

// Another account archives and replays on its own bus in the same process,
// under its own ARNs (issue 8, item 2).
func TestReplayOtherAccount(t *testing.T) {
	f := newFixture(t)
	other := switchyard.WithCaller(context.Background(), switchyard.Caller{Account: "222222222222", Region: "eu-west-1"})
	const busARN = "arn:aws:events:eu-west-1:222222222222:event-bus/default"
	ar, err := f.archives.CreateArchive(other, archive.CreateArchiveInput{ArchiveName: "orders", EventSourceARN: busARN})
	require.NoError(t, err)
	noon := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	_, err = f.bus.PutEvents(other, []switchyard.Entry{{Source: "orders", DetailType: "t", Detail: `{}`, Time: noon}})
	require.NoError(t, err)
	require.NoError(t, f.bus.Flush(context.Background()))

	out, err := f.replays.StartReplay(other, replay.StartReplayInput{
		ReplayName: "orders", EventSourceARN: ar.ArchiveARN, EventStartTime: noon, EventEndTime: noon.Add(time.Hour),
		Destination: replay.Destination{ARN: busARN},
	})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:eu-west-1:222222222222:replay/orders", out.ReplayARN)
	require.Eventually(t, func() bool {
		d, err := f.replays.DescribeReplay(other, replay.DescribeReplayInput{ReplayName: "orders"})
		return err == nil && d.State == replay.StateCompleted && d.EventLastReplayedTime.Equal(noon)
	}, 10*time.Second, time.Millisecond)
	// The same name is free in the default account.
	f.put(t, noon)
	f.start(t, "orders", noon, noon.Add(time.Hour))
}

// The JSON 1.1 wire protocol sends timestamps as epoch seconds; the aws
// CLI's --cli-input-json takes ISO 8601 strings. StartReplayInput decodes
// both.
func TestStartReplayInputTimestamps(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		start      time.Time
		err        bool
	}{
		{"epoch seconds", `{"EventStartTime":1767225600,"EventEndTime":1767229200.5}`, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"RFC 3339", `{"EventStartTime":"2026-01-01T01:00:00+01:00","EventEndTime":"2026-01-01T01:00:00Z"}`, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"absent", `{"ReplayName":"r"}`, time.Time{}, false},
		{"a boolean", `{"EventStartTime":true}`, time.Time{}, true},
		{"out of range", `{"EventStartTime":1e300}`, time.Time{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in replay.StartReplayInput
			err := json.Unmarshal([]byte(tc.body), &in)
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.True(t, tc.start.Equal(in.EventStartTime), "%s", in.EventStartTime)
		})
	}
	var in replay.StartReplayInput
	require.NoError(t, json.Unmarshal([]byte(`{"EventStartTime":1767225600,"EventEndTime":1767229200.5}`), &in))
	require.Equal(t, time.Date(2026, 1, 1, 1, 0, 0, 5e8, time.UTC), in.EventEndTime)
}
