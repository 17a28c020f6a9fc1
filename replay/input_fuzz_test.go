package replay_test

import (
	"encoding/json"
	"testing"

	"github.com/switchyard-go/switchyard/replay"
)

// FuzzStartReplayInput feeds arbitrary request bodies to the decoder: it
// never panics, and what it decodes encodes and decodes back to itself.
func FuzzStartReplayInput(f *testing.F) {
	for _, seed := range []string{
		`{"ReplayName":"r","EventSourceArn":"arn:aws:events:us-east-1:123456789012:archive/a","EventStartTime":1767225600,` +
			`"EventEndTime":"2026-01-01T01:00:00Z","Destination":{"Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default","FilterArns":["x"]}}`,
		`{"EventStartTime":-1.5}`, `{"EventStartTime":null}`, `{"EventStartTime":"x"}`, `[]`, `null`, `{"EventEndTime":1e20}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in replay.StartReplayInput
		if json.Unmarshal(body, &in) != nil {
			return
		}
		out, err := json.Marshal(in)
		if err != nil {
			return // a time json cannot write (year outside 0 to 9999)
		}
		var again replay.StartReplayInput
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("%s does not decode: %v", out, err)
		}
		if !again.EventStartTime.Equal(in.EventStartTime) || !again.EventEndTime.Equal(in.EventEndTime) ||
			again.ReplayName != in.ReplayName || again.Destination.ARN != in.Destination.ARN {
			t.Fatalf("round trip changed %+v into %+v", in, again)
		}
	})
}
