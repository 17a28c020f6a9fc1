package replay

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

// decodeEvent reads what the bus archives exactly as switchyard.Event's
// UnmarshalJSON does.
func TestDecodeEvent(t *testing.T) {
	tests := []struct {
		name, in string
		err      string
	}{
		{"envelope", `{"version":"0","id":"1","detail-type":"t","source":"s","account":"123456789012","time":"2026-01-01T12:00:00Z","region":"us-east-1","resources":["a","b"],"detail":{"x":[1,{"y":null}]}}`, ""},
		{"replay-name is dropped", `{"id":"1","time":"2026-01-01T12:00:00Z","replay-name":"old","detail":{}}`, ""},
		{"escapes", `{"id":"\u0031\n","time":"2026-01-01T12:00:00.5+02:00","source":"a\"b","resources":null,"detail":{}}`, ""},
		{"no id", `{"time":"2026-01-01T12:00:00Z"}`, `no "id" or no "time"`},
		{"no time", `{"id":"1"}`, `no "id" or no "time"`},
		{"bad time", `{"id":"1","time":"yesterday"}`, "time: "},
		{"number source", `{"id":"1","time":"2026-01-01T12:00:00Z","source":5}`, "source: not a string"},
		{"resources object", `{"id":"1","time":"2026-01-01T12:00:00Z","resources":{}}`, "resources: not an array"},
		{"resource number", `{"id":"1","time":"2026-01-01T12:00:00Z","resources":["a",1]}`, "resources: not a string"},
		{"array", `[1]`, "not a JSON object"},
		{"truncated", `{"id":"1","time":"2026-01-01T12:00:00Z","detail":{"a":`, "not valid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got switchyard.Event
			err := decodeEvent([]byte(tc.in), &got)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			var want switchyard.Event
			require.NoError(t, json.Unmarshal([]byte(tc.in), &want))
			want.ReplayName = ""
			require.Equal(t, want, got)
		})
	}
}

// FuzzDecodeEvent: decodeEvent never panics, and on any envelope the bus
// could have archived it agrees with switchyard.Event's UnmarshalJSON.
func FuzzDecodeEvent(f *testing.F) {
	f.Add("1", "Order", "orders", "us-east-1", "r1", `{"a":1}`, int64(1767268800), []byte(`{"id":"x","time":"2026-01-01T00:00:00Z"}`))
	f.Add("", "\u2028", "a\"b\\", "", "", `{}`, int64(-100), []byte(`[`))
	f.Add("id", "t", "s", "r", "", `{"nested":{"deep":[true,false,null,"x"]}}`, int64(253402300799), []byte(`{"id":1}`))
	f.Fuzz(func(t *testing.T, id, detailType, source, region, resource, detail string, unix int64, raw []byte) {
		var ev switchyard.Event
		_ = decodeEvent(raw, &ev) // must not panic

		if id == "" || !json.Valid([]byte(detail)) || len(detail) == 0 || detail[0] != '{' {
			return
		}
		at := time.Unix(unix%253402300799, 0).UTC()
		if at.Year() < 1 {
			return
		}
		in := switchyard.Event{Version: "0", ID: id, DetailType: detailType, Source: source, Account: "123456789012",
			Time: at, Region: region, Resources: []string{resource}, Detail: json.RawMessage(detail)}
		data, err := json.Marshal(in)
		if err != nil {
			return
		}
		var want switchyard.Event
		if err := json.Unmarshal(data, &want); err != nil {
			t.Skip()
		}
		var got switchyard.Event
		if err := decodeEvent(data, &got); err != nil {
			if want.Time.IsZero() {
				return
			}
			t.Fatalf("decodeEvent(%s): %v", data, err)
		}
		require.Equal(t, want, got)
	})
}
