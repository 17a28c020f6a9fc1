package cli

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// Expected strings are what Python 3.11's repr(float) and json.dumps
// (indent=4, ensure_ascii=False) print for the same values.
func TestPyFloat(t *testing.T) {
	cases := map[float64]string{
		1700000000:      "1700000000.0",
		1700000000.123:  "1700000000.123",
		0.1:             "0.1",
		1e16:            "1e+16",
		1e15:            "1000000000000000.0",
		0.0001:          "0.0001",
		0.00001:         "1e-05",
		-2.5:            "-2.5",
		123456789.25e10: "1.2345678925e+18",
		0:               "0.0",
	}
	for f, want := range cases {
		require.Equal(t, want, pyFloat(f), "%v", f)
	}
}

func TestWritePyJSON(t *testing.T) {
	var v any
	dec := json.NewDecoder(bytes.NewReader([]byte(`{"b":[1,2.0,"x\u0001é\"\\/"],"a":{},"c":[],"d":null,"e":true,"f":1.5e300}`)))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v))
	rank := keyRank{}
	for _, k := range []string{"b", "a", "c", "d", "e", "f"} {
		rank.see(k)
	}
	var buf bytes.Buffer
	writePyJSON(&buf, v, rank)
	require.Equal(t, `{
    "b": [
        1,
        2.0,
        "x\u0001é\"\\/"
    ],
    "a": {},
    "c": [],
    "d": null,
    "e": true,
    "f": 1.5e+300
}
`, buf.String())
}
