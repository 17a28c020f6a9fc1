package awsjson_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server/internal/awsjson"
)

type entry struct {
	Time       time.Time
	Source     string
	Resources  []string
	DetailType string
	Detail     string
}

type request struct {
	Entries []entry
	Limit   *int32            `json:",omitempty"`
	Tags    map[string]string `json:"Tags,omitempty"`
	Force   bool              `json:"Force,omitempty"`
	Raw     json.RawMessage   `json:"Raw,omitempty"`
	Skipped any               `json:"Skipped"`
	Hidden  string            `json:"-"`
	EventID string            `json:"EventId,omitempty"`
}

func TestDecode(t *testing.T) {
	var r request
	body := `{"Entries":[{"Time":1700000000.123,"Source":"a\u00e9\"","Resources":["x"],"DetailType":"t","Detail":"{\"k\":1}","Unknown":{"deep":[1,2,{"a":null}]}}],
	  "Limit":5,"Tags":{"k":"v"},"Force":true,"Raw":{"x":[1]},"EventId":"id-1","Hidden":"no"}`
	require.NoError(t, awsjson.Decode([]byte(body), &r, 0))
	require.Len(t, r.Entries, 1)
	require.Equal(t, time.Date(2023, 11, 14, 22, 13, 20, 123e6, time.UTC), r.Entries[0].Time)
	require.Equal(t, "aé\"", r.Entries[0].Source)
	require.Equal(t, `{"k":1}`, r.Entries[0].Detail)
	require.Equal(t, int32(5), *r.Limit)
	require.Equal(t, map[string]string{"k": "v"}, r.Tags)
	require.True(t, r.Force)
	require.JSONEq(t, `{"x":[1]}`, string(r.Raw))
	require.Equal(t, "id-1", r.EventID)
	require.Empty(t, r.Hidden, "json:\"-\" fields are not wire members")
}

func TestDecodeEmptyBodyIsEmptyObject(t *testing.T) {
	var r request
	require.NoError(t, awsjson.Decode(nil, &r, 0))
	require.NoError(t, awsjson.Decode([]byte("  "), &r, 0))
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`[]`, "the request body must be a JSON object"},
		{`{"Entries":"x"}`, "Entries: expected an array, got string"},
		{`{"Entries":[{"Source":5}]}`, "Entries[0].Source: expected a string, got number"},
		{`{"Entries":[{"Time":"2020-01-01"}]}`, "Entries[0].Time: expected a timestamp in epoch seconds, got string"},
		{`{"Limit":1.5}`, "Limit: expected an integer in range, got 1.5"},
		{`{"Limit":99999999999}`, "Limit: expected an integer in range, got 99999999999"},
		{`{"Force":"yes"}`, "Force: expected a boolean, got string"},
		{`{"Entries":[{"Source":"a}`, "Entries[0].Source: unterminated string"},
		{`{"Entries":[`, "Entries[0]: unexpected end of JSON input"},
		{`{"Limit":5}x`, "unexpected data after the top-level value"},
		{`{"Source":"\x"}`, `Source: invalid escape \x in string`},
		{`{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "nested deeper than 64 levels"},
		{`{"Tags":{"k":1}}`, "Tags.k: expected a string, got number"},
		{`{"Limit":tru}`, "Limit: expected a number, got boolean"},
	} {
		t.Run(tc.body, func(t *testing.T) {
			var r request
			err := awsjson.Decode([]byte(tc.body), &r, 0)
			require.Error(t, err)
			var de *awsjson.Error
			require.ErrorAs(t, err, &de)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestDecodeNullIsAbsent(t *testing.T) {
	r := request{Force: true}
	require.NoError(t, awsjson.Decode([]byte(`{"Force":null,"Entries":null}`), &r, 0))
	require.False(t, r.Force)
	require.Nil(t, r.Entries)
}

func TestEncode(t *testing.T) {
	n := int32(3)
	out, err := awsjson.Marshal(request{
		Entries: []entry{{Time: time.Unix(1700000000, 120e6), Source: "s<&>\u2028\x01", DetailType: "d"}},
		Limit:   &n,
		Raw:     json.RawMessage(`{"a":1}`),
		EventID: "e",
	})
	require.NoError(t, err)
	require.Equal(t, `{"Entries":[{"Time":1700000000.12,"Source":"s<&>\u2028\u0001","DetailType":"d","Detail":""}],"Limit":3,"Raw":{"a":1},"EventId":"e"}`, string(out))
}

func TestTimeRoundTrip(t *testing.T) {
	for _, s := range []string{"0", "1700000000", "1700000000.5", "1700000000.001", "-1.5"} {
		var v struct{ T time.Time }
		require.NoError(t, awsjson.Decode([]byte(`{"T":`+s+`}`), &v, 0))
		out, err := awsjson.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, `{"T":`+s+`}`, string(out))
	}
}

// FuzzDecode: no input makes Decode panic, and what it accepts re-encodes
// and decodes to the same value.
func TestZeroTimeIsOmitted(t *testing.T) {
	out, err := awsjson.Marshal(struct{ T time.Time }{})
	require.NoError(t, err)
	require.Equal(t, `{}`, string(out))
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{}`, `{"Entries":[{"Time":1.5,"Source":"a","Resources":["r"]}]}`, `{"Tags":{"a":"b"},"Limit":3}`, `{"Raw":[1,{"x":null}]}`, `{"Source":"\ud83d\ude00\ud800"}`, `{"a":[[[[1e5]]]]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r request
		if err := awsjson.Decode(data, &r, 0); err != nil {
			return
		}
		out, err := awsjson.Marshal(r)
		if err != nil {
			return // e.g. a Raw member that is not valid for re-encoding
		}
		var r2 request
		require.NoError(t, awsjson.Decode(out, &r2, 0), string(out))
		out2, err := awsjson.Marshal(r2)
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
	})
}
