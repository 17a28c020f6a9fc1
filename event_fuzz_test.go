package switchyard

import (
	"encoding/json"
	"testing"
)

// FuzzEventJSON: whatever Event.UnmarshalJSON accepts marshals to valid
// JSON that decodes to the same event, to the second.
func FuzzEventJSON(f *testing.F) {
	for _, s := range []string{
		`{"version":"0","id":"1","detail-type":"d","source":"s","account":"1","time":"2026-01-02T03:04:05Z","region":"r","resources":["a"],"detail":{"x":1}}`,
		`{"replay-name":"rp","detail":{},"time":"2026-01-02T03:04:05.999+02:00"}`,
		`{}`, `{"resources":null}`, `{"time":"x"}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var ev Event
		if json.Unmarshal(raw, &ev) != nil {
			return
		}
		if y := ev.Time.Year(); y < 0 || y > 9999 {
			return // outside RFC 3339; PutEvents refuses such times
		}
		out, err := ev.MarshalJSON()
		if err != nil || !json.Valid(out) {
			t.Fatalf("%s -> %s (%v)", raw, out, err)
		}
		var back Event
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s -> %s: %v", raw, out, err)
		}
		if !back.Time.Equal(ev.Time.Truncate(1e9)) || back.ID != ev.ID || back.ReplayName != ev.ReplayName || len(back.Resources) != len(ev.Resources) {
			t.Fatalf("%s -> %s -> %+v", raw, out, back)
		}
	})
}
