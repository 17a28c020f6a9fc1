package replay_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
)

// Every StartReplay, DescribeReplay and CancelReplay error, with AWS's code
// and message. "(recorded)" cases are from aws-archive-replay-schedule.md,
// section 2, "Replay errors"; the request constraints are the EventBridge
// API reference's (StartReplay, Replay); the Destination.ARN format message
// is moto's (moto/events/models.py, start_replay).
func TestReplayErrors(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	custom, err := f.bus.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "custom"})
	customARN := custom.EventBusARN
	require.NoError(t, err)
	_, err = f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "on-custom", EventSourceARN: customARN})
	require.NoError(t, err)
	f.start(t, "taken", noon, noon.Add(time.Hour))
	f.wait(t, "taken")

	valid := replay.StartReplayInput{
		ReplayName: "new", EventSourceARN: archiveARN("orders"), EventStartTime: noon, EventEndTime: noon.Add(time.Hour),
		Destination: replay.Destination{ARN: defaultBusARN},
	}
	edit := func(fn func(in *replay.StartReplayInput)) replay.StartReplayInput {
		in := valid
		fn(&in)
		return in
	}
	tests := []struct {
		name      string
		in        replay.StartReplayInput
		code, msg string
	}{
		{"name in use, same archive (recorded)", edit(func(in *replay.StartReplayInput) { in.ReplayName = "taken" }),
			switchyard.CodeResourceAlreadyExists, "Replay taken already exists."},
		{"name in use, other archive and bus (recorded)", edit(func(in *replay.StartReplayInput) {
			in.ReplayName, in.EventSourceARN, in.Destination.ARN = "taken", archiveARN("on-custom"), customARN
		}), switchyard.CodeResourceAlreadyExists, "Replay taken already exists."},
		{"end equals start (recorded)", edit(func(in *replay.StartReplayInput) { in.EventEndTime = in.EventStartTime }),
			switchyard.CodeValidation, "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime."},
		{"end before start, checked before the cross-bus rule (recorded)", edit(func(in *replay.StartReplayInput) {
			in.EventEndTime, in.Destination.ARN = in.EventStartTime.Add(-10*time.Second), customARN
		}), switchyard.CodeValidation, "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime."},
		{"archive does not exist: a ValidationException (recorded)", edit(func(in *replay.StartReplayInput) { in.EventSourceARN = archiveARN("nope") }),
			switchyard.CodeValidation, "Parameter EventSourceArn is not valid. Reason: Archive nope does not exist."},
		{"archive of another account", edit(func(in *replay.StartReplayInput) {
			in.EventSourceARN = "arn:aws:events:us-east-1:111111111111:archive/orders"
		}), switchyard.CodeValidation, "Parameter EventSourceArn is not valid. Reason: Archive orders does not exist."},
		{"source is a bus, not an archive", edit(func(in *replay.StartReplayInput) { in.EventSourceARN = defaultBusARN }),
			switchyard.CodeValidation, "Parameter EventSourceArn is not valid. Reason: Archive default does not exist."},
		{"destination bus does not exist (recorded)", edit(func(in *replay.StartReplayInput) {
			in.Destination.ARN = "arn:aws:events:us-east-1:123456789012:event-bus/nope"
		}), switchyard.CodeResourceNotFound, "Event bus nope does not exist."},
		{"destination is another bus (recorded)", edit(func(in *replay.StartReplayInput) { in.Destination.ARN = customARN }),
			switchyard.CodeValidation, "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted."},
		{"destination is not a bus", edit(func(in *replay.StartReplayInput) { in.Destination.ARN = archiveARN("orders") }),
			switchyard.CodeValidation, "Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN."},
		{"no name", edit(func(in *replay.StartReplayInput) { in.ReplayName = "" }),
			switchyard.CodeValidation, "1 validation error detected: Value null at 'replayName' failed to satisfy constraint: Member must not be null"},
		{"bad name", edit(func(in *replay.StartReplayInput) { in.ReplayName = "a/b" }),
			switchyard.CodeValidation, `1 validation error detected: Value 'a/b' at 'replayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`},
		{"long name", edit(func(in *replay.StartReplayInput) { in.ReplayName = strings.Repeat("n", 65) }),
			switchyard.CodeValidation, "1 validation error detected: Value '" + strings.Repeat("n", 65) + "' at 'replayName' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"no times", edit(func(in *replay.StartReplayInput) { in.EventStartTime, in.EventEndTime = time.Time{}, time.Time{} }),
			switchyard.CodeValidation, "2 validation errors detected: Value null at 'eventStartTime' failed to satisfy constraint: Member must not be null; Value null at 'eventEndTime' failed to satisfy constraint: Member must not be null"},
		{"source not an ARN", edit(func(in *replay.StartReplayInput) { in.EventSourceARN = "orders" }),
			switchyard.CodeValidation, `1 validation error detected: Value 'orders' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:.+\/.+$`},
		{"no destination", edit(func(in *replay.StartReplayInput) { in.Destination = replay.Destination{} }),
			switchyard.CodeValidation, "1 validation error detected: Value null at 'destination.arn' failed to satisfy constraint: Member must not be null"},
		{"long description", edit(func(in *replay.StartReplayInput) { in.Description = strings.Repeat("d", 513) }),
			switchyard.CodeValidation, "1 validation error detected: Value '" + strings.Repeat("d", 513) + "' at 'description' failed to satisfy constraint: Member must have length less than or equal to 512"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.replays.StartReplay(ctx, tc.in)
			requireCode(t, err, tc.code, tc.msg)
		})
	}
	_, err = f.replays.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: "new"})
	requireCode(t, err, switchyard.CodeResourceNotFound, "Replay new does not exist.")
	_, err = f.replays.CancelReplay(ctx, replay.CancelReplayInput{ReplayName: "nope"})
	requireCode(t, err, switchyard.CodeResourceNotFound, "Replay nope does not exist.")
	_, err = f.replays.CancelReplay(ctx, replay.CancelReplayInput{ReplayName: "taken"})
	requireCode(t, err, switchyard.CodeIllegalStatus, "Replay taken is not in a valid state for this operation.")
}

// "An 11th StartReplay right after 10 StartReplay calls on the same
// archive ... LimitExceededException 'The requested resource exceeds the
// maximum number allowed.'" (aws-archive-replay-schedule.md, section 2).
// The rate limit on a fake clock that does not move keeps the ten active.
func TestReplayLimit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, replay.WithRate(1, 1))
	f.put(t, noon, noon.Add(time.Second))
	for i := range 10 {
		f.start(t, "r"+string(rune('0'+i)), noon, noon.Add(time.Hour))
	}
	_, err := f.replays.StartReplay(ctx, replay.StartReplayInput{
		ReplayName: "eleventh", EventSourceARN: archiveARN("orders"), EventStartTime: noon, EventEndTime: noon.Add(time.Hour),
		Destination: replay.Destination{ARN: defaultBusARN},
	})
	requireCode(t, err, switchyard.CodeLimitExceeded, "The requested resource exceeds the maximum number allowed.")

	// A cancelled replay frees its place once it has stopped.
	_, err = f.replays.CancelReplay(ctx, replay.CancelReplayInput{ReplayName: "r0"})
	require.NoError(t, err)
	f.wait(t, "r0")
	f.start(t, "eleventh", noon, noon.Add(time.Hour))
}

// ListReplays filters and pages (aws-archive-replay-schedule.md, section
// 2, "Replays over an empty archive": six replays, Limit 3 then Limit 5
// with the token gives 0-2 and 3-5 and no further token).
func TestReplayList(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "second", EventSourceARN: defaultBusARN})
	require.NoError(t, err)
	for i := range 6 {
		f.start(t, "p-test-replay-"+string(rune('0'+i)), noon, noon.Add(time.Hour))
	}
	_, err = f.replays.StartReplay(ctx, replay.StartReplayInput{
		ReplayName: "other", EventSourceARN: archiveARN("second"), EventStartTime: noon, EventEndTime: noon.Add(time.Hour),
		Destination: replay.Destination{ARN: defaultBusARN},
	})
	require.NoError(t, err)
	for _, n := range []string{"p-test-replay-0", "p-test-replay-5", "other"} {
		f.wait(t, n)
	}
	names := func(in replay.ListReplaysInput) ([]string, string) {
		t.Helper()
		out, err := f.replays.ListReplays(ctx, in)
		require.NoError(t, err)
		var ns []string
		for _, r := range out.Replays {
			ns = append(ns, r.ReplayName)
		}
		return ns, out.NextToken
	}
	page1, next := names(replay.ListReplaysInput{NamePrefix: "p-", Limit: 3})
	require.Equal(t, []string{"p-test-replay-0", "p-test-replay-1", "p-test-replay-2"}, page1)
	require.NotEmpty(t, next)
	page2, next := names(replay.ListReplaysInput{NamePrefix: "p-", Limit: 5, NextToken: next})
	require.Equal(t, []string{"p-test-replay-3", "p-test-replay-4", "p-test-replay-5"}, page2)
	require.Empty(t, next)

	got, _ := names(replay.ListReplaysInput{NamePrefix: "p-test-replay-4"})
	require.Equal(t, []string{"p-test-replay-4"}, got)
	got, _ = names(replay.ListReplaysInput{EventSourceARN: archiveARN("second")})
	require.Equal(t, []string{"other"}, got)
	require.Eventually(t, func() bool {
		got, _ = names(replay.ListReplaysInput{State: replay.StateCompleted})
		return len(got) == 7
	}, 10*time.Second, time.Millisecond)
	got, _ = names(replay.ListReplaysInput{State: replay.StateFailed})
	require.Empty(t, got)

	tests := []struct {
		name string
		in   replay.ListReplaysInput
		msg  string
	}{
		{"two filters", replay.ListReplaysInput{NamePrefix: "p", State: replay.StateRunning},
			"At most one filter is allowed for ListReplays. Use either : State, EventSourceArn, or NamePrefix."},
		{"bad state", replay.ListReplaysInput{State: "DONE"},
			"1 validation error detected: Value 'DONE' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED, FAILED]"},
		{"bad limit", replay.ListReplaysInput{Limit: -1},
			"1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"foreign token", replay.ListReplaysInput{NextToken: "zzz"}, "The NextToken provided is not valid."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.replays.ListReplays(ctx, tc.in)
			requireCode(t, err, switchyard.CodeValidation, tc.msg)
		})
	}
}

// A replay whose archive is deleted under it fails, with the store's error
// as the reason, once it has used up the records it had already read
// (stores read ahead a chunk at a time; the default store 256 records).
func TestReplayArchiveDeleted(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, replay.WithRate(1, 1))
	var times []time.Time
	for i := range 300 {
		times = append(times, noon.Add(time.Duration(i)*time.Second))
	}
	f.put(t, times...)
	f.start(t, "orphan", noon, noon.Add(time.Hour))
	require.Eventually(t, func() bool { return f.rclk.Pending() == 1 }, 10*time.Second, time.Millisecond)
	require.NoError(t, func() error {
		_, err := f.archives.DeleteArchive(ctx, archive.DeleteArchiveInput{ArchiveName: "orders"})
		return err
	}())
	var r replay.DescribeReplayOutput
	require.Eventually(t, func() bool {
		if f.rclk.Pending() > 0 {
			f.rclk.Advance(time.Second)
		}
		r = f.describe(t, "orphan")
		return r.State == replay.StateFailed || r.State == replay.StateCompleted
	}, 20*time.Second, time.Millisecond)
	require.Equal(t, replay.StateFailed, r.State)
	require.Contains(t, r.StateReason, "closed")
	require.True(t, r.EventLastReplayedTime.Before(noon.Add(299*time.Second)))
}

// Options and New refuse bad values, naming them.
func TestReplayOptions(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		opt  replay.Option
		want string
	}{
		{"nil clock", replay.WithClock(nil), "WithClock"},
		{"zero rate", replay.WithRate(0, 1), "WithRate"},
		{"zero burst", replay.WithRate(1, 0), "WithRate"},
		{"zero active", replay.WithMaxActiveReplays(0), "WithMaxActiveReplays"},
		{"nil logger", replay.WithLogger(nil), "WithLogger"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := replay.New(f.bus, f.archives, tc.opt)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err := replay.New(nil, f.archives)
	require.ErrorContains(t, err, "bus is nil")
	_, err = replay.New(f.bus, nil)
	require.ErrorContains(t, err, "archives is nil")
}
