package replay_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

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
