package replay_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/replay"
)

// The window is EventStartTime <= time < EventEndTime: "Only events that
// occurred between the EventStartTime and EventEndTime are replayed"
// (StartReplay), and "Any event with a creation time prior to the
// EventEndTime specified is replayed" (Replay, EventEndTime), both in the
// EventBridge API reference.
func TestReplayWindow(t *testing.T) {
	f := newFixture(t)
	times := []time.Time{
		noon.Add(-time.Second), // before
		noon,                   // first instant: in
		noon.Add(30 * time.Minute),
		noon.Add(time.Hour - time.Second), // last second: in
		noon.Add(time.Hour),               // end: out
	}
	ids := f.put(t, times...)
	_, s := f.rule(t, "new")
	f.start(t, "window", noon, noon.Add(time.Hour))
	r := f.wait(t, "window")
	require.Equal(t, replay.StateCompleted, r.State)
	var got []string
	for _, e := range s.replayed() {
		got = append(got, e.ID)
	}
	require.Equal(t, ids[1:4], got)
}

// Events go out in event-time order whatever order they were put in
// ("the events are replayed from the first minute of that 20 minute range
// first. Then the events from the second minute", StartReplay), keep their
// id, time and detail, and carry "replay-name" (recorded envelope:
// aws-archive-replay-schedule.md, section 2, "Replayed deliveries").
func TestReplayOrderAndEnvelope(t *testing.T) {
	f := newFixture(t)
	times := []time.Time{
		noon.Add(5 * time.Minute), noon.Add(time.Minute + 30*time.Second), noon.Add(3 * time.Minute),
		noon, noon.Add(time.Minute), noon.Add(2*time.Minute + 59*time.Second),
	}
	f.put(t, times...)
	_, s := f.rule(t, "new")
	f.start(t, "ordered", noon, noon.Add(time.Hour))
	require.Equal(t, replay.StateCompleted, f.wait(t, "ordered").State)

	got := s.replayed()
	require.Len(t, got, len(times))
	archived := f.records(t)
	for i, e := range got {
		if i > 0 {
			require.False(t, e.Time.Before(got[i-1].Time), "event %d is out of order", i)
		}
		require.Equal(t, "ordered", e.ReplayName)
		orig := archived[e.ID]
		require.Equal(t, orig.Source, e.Source)
		require.True(t, orig.Time.Equal(e.Time))
		require.JSONEq(t, string(orig.Detail), string(e.Detail))
	}
	var env map[string]any
	require.NoError(t, json.Unmarshal([]byte(s.payloads[0]), &env))
	require.Equal(t, "ordered", env["replay-name"])
	require.Len(t, env, 10, "the envelope's nine fields and replay-name")
}

// Only the rules in FilterArns receive replayed events; with no filter
// every rule of the bus does. Live rules never see them otherwise, and
// replayed events are not archived again.
func TestReplayFilterArns(t *testing.T) {
	tests := []struct {
		name      string
		filter    func(a, b string) []string
		wantA     int
		wantB     int
		wantCount int64
	}{
		{"only a", func(a, b string) []string { return []string{a} }, 3, 0, 3},
		{"a and b", func(a, b string) []string { return []string{a, b} }, 3, 3, 3},
		{"all rules", func(a, b string) []string { return nil }, 3, 3, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.put(t, noon, noon.Add(time.Minute), noon.Add(2*time.Minute))
			aARN, a := f.rule(t, "a")
			bARN, b := f.rule(t, "b")
			f.start(t, "r", noon, noon.Add(time.Hour), tc.filter(aARN, bARN)...)
			require.Equal(t, replay.StateCompleted, f.wait(t, "r").State)
			require.Len(t, a.replayed(), tc.wantA)
			require.Len(t, b.replayed(), tc.wantB)
			d, err := f.archives.DescribeArchive(context.Background(), archive.DescribeArchiveInput{ArchiveName: "orders"})
			require.NoError(t, err)
			require.Equal(t, tc.wantCount, d.EventCount, "replayed events are not archived")
		})
	}
}

// Describe and list a finished replay: the fields recorded against AWS
// (aws-archive-replay-schedule.md, section 2, "Full flow").
func TestReplayDescribeAndList(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.put(t, noon.Add(10*time.Second), noon.Add(70*time.Second))
	ruleARN, _ := f.rule(t, "new")
	out := f.start(t, "full", noon, noon.Add(time.Minute*2), ruleARN)
	require.Equal(t, replay.StartReplayOutput{
		ReplayARN:       "arn:aws:events:us-east-1:123456789012:replay/full",
		State:           replay.StateStarting,
		ReplayStartTime: t0,
	}, out)
	r := f.wait(t, "full")
	want := replay.DescribeReplayOutput{
		ReplayName:            "full",
		ReplayARN:             "arn:aws:events:us-east-1:123456789012:replay/full",
		State:                 replay.StateCompleted,
		EventSourceARN:        archiveARN("orders"),
		Destination:           replay.Destination{ARN: defaultBusARN, FilterARNs: []string{ruleARN}},
		EventStartTime:        noon,
		EventEndTime:          noon.Add(2 * time.Minute),
		EventLastReplayedTime: noon.Add(70 * time.Second),
		ReplayStartTime:       t0,
		ReplayEndTime:         t0,
	}
	require.Equal(t, want, r)

	list, err := f.replays.ListReplays(ctx, replay.ListReplaysInput{NamePrefix: "full"})
	require.NoError(t, err)
	entry := replay.Replay{
		ReplayName: "full", EventSourceARN: want.EventSourceARN, State: want.State,
		EventStartTime: want.EventStartTime, EventEndTime: want.EventEndTime,
		EventLastReplayedTime: want.EventLastReplayedTime,
		ReplayStartTime:       want.ReplayStartTime, ReplayEndTime: want.ReplayEndTime,
	}
	require.Equal(t, []replay.Replay{entry}, list.Replays)
}

// "A replay over an archive with no events still goes to COMPLETED ... but
// no EventLastReplayedTime, which appears only when events were replayed"
// (aws-archive-replay-schedule.md, section 2).
func TestReplayEmptyWindow(t *testing.T) {
	f := newFixture(t)
	f.put(t, noon)
	f.start(t, "empty", noon.Add(time.Hour), noon.Add(2*time.Hour))
	r := f.wait(t, "empty")
	require.Equal(t, replay.StateCompleted, r.State)
	require.True(t, r.EventLastReplayedTime.IsZero())
	require.False(t, r.ReplayEndTime.IsZero())
}

// EventLastReplayedTime moves a minute at a time, and a cancelled replay
// ends CANCELLED. The rate limit (1 event/s on the replayer's fake clock)
// holds the replay between events, so the test can look at it there.
func TestReplayProgressAndCancel(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, replay.WithRate(1, 1))
	times := []time.Time{noon.Add(10 * time.Second), noon.Add(20 * time.Second), noon.Add(65 * time.Second), noon.Add(3 * time.Minute)}
	f.put(t, times...)
	_, s := f.rule(t, "new")
	f.start(t, "slow", noon, noon.Add(time.Hour))

	// blocked waits until the replay waits for a token, then returns its
	// state.
	blocked := func() replay.DescribeReplayOutput {
		t.Helper()
		require.Eventually(t, func() bool { return f.rclk.Pending() == 1 }, 10*time.Second, time.Millisecond)
		return f.describe(t, "slow")
	}
	// The first event went out at once; the minute is not done.
	r := blocked()
	require.Equal(t, replay.StateRunning, r.State)
	require.True(t, r.EventLastReplayedTime.IsZero(), "minute 12:00 is still being replayed")

	f.rclk.Advance(time.Second)
	r = blocked() // the second event went out; the third, of 12:01, waits
	require.True(t, r.EventLastReplayedTime.Equal(times[1]), "minute 12:00 is done: %v", r.EventLastReplayedTime)
	require.True(t, r.ReplayEndTime.IsZero())

	f.rclk.Advance(time.Second)
	r = blocked() // the third went out; the fourth, of 12:03, waits
	require.True(t, r.EventLastReplayedTime.Equal(times[2]))

	// Cancel: CANCELLING at once, without EventLastReplayedTime's loss or
	// an end time (aws-archive-replay-schedule.md, section 2, "Cancel"),
	// then CANCELLED.
	out, err := f.replays.CancelReplay(ctx, replay.CancelReplayInput{ReplayName: "slow"})
	require.NoError(t, err)
	require.Equal(t, replay.CancelReplayOutput{ReplayARN: "arn:aws:events:us-east-1:123456789012:replay/slow", State: replay.StateCancelling}, out)
	r = f.wait(t, "slow")
	require.Equal(t, replay.StateCancelled, r.State)
	require.Equal(t, "The replay was cancelled.", r.StateReason)
	require.False(t, r.ReplayEndTime.IsZero())
	require.Len(t, s.replayed(), 3, "the fourth event was not replayed")

	_, err = f.replays.CancelReplay(ctx, replay.CancelReplayInput{ReplayName: "slow"})
	requireCode(t, err, "IllegalStatusException", "Replay slow is not in a valid state for this operation.")
}

// Close stops running replays: they end CANCELLED, and the Replayer takes
// no more.
func TestReplayClose(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, replay.WithRate(1, 1))
	f.put(t, noon, noon.Add(time.Second))
	f.start(t, "held", noon, noon.Add(time.Hour))
	require.Eventually(t, func() bool { return f.rclk.Pending() == 1 }, 10*time.Second, time.Millisecond)
	require.NoError(t, f.replays.Close(ctx))
	r := f.describe(t, "held")
	require.Equal(t, replay.StateCancelled, r.State)
	require.Equal(t, "The replayer was closed before the replay finished.", r.StateReason)
	_, err := f.replays.StartReplay(ctx, replay.StartReplayInput{
		ReplayName: "late", EventSourceARN: archiveARN("orders"), EventStartTime: noon, EventEndTime: noon.Add(time.Hour),
		Destination: replay.Destination{ARN: defaultBusARN},
	})
	require.ErrorIs(t, err, replay.ErrClosed)
}

// records returns the archived events of the orders archive by id.
func (f *fixture) records(t *testing.T) map[string]eventView {
	t.Helper()
	out := map[string]eventView{}
	recs, err := scanAll(f)
	require.NoError(t, err)
	for _, data := range recs {
		var e eventView
		require.NoError(t, json.Unmarshal(data, &e))
		out[e.ID] = e
	}
	return out
}

// eventView is the part of an archived envelope the tests compare.
type eventView struct {
	ID     string          `json:"id"`
	Source string          `json:"source"`
	Time   time.Time       `json:"time"`
	Detail json.RawMessage `json:"detail"`
}
