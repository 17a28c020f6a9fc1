package jsonenc

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAppendStringEscapes(t *testing.T) {
	for _, s := range []string{"plain", `q"uote`, `back\\slash`, "new\nline\ttab\x01", "<html>&", "caf\u00e9", "\u2028\u2029", "bad\xffutf8"} {
		got := AppendString(nil, s)
		var back string
		require.NoError(t, json.Unmarshal(got, &back), "%q -> %s", s, got)
		want, _ := json.Marshal(s)
		var wantBack string
		require.NoError(t, json.Unmarshal(want, &wantBack))
		require.Equal(t, wantBack, back, s)
	}
	require.Equal(t, `"<a>"`, string(AppendString(nil, "<a>")), "no HTML escaping")
}
