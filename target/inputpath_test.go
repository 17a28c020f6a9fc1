package target

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParsePath(t *testing.T) {
	tests := []struct {
		path     string
		steps    []pathStep
		fast     bool
		wildcard bool
	}{
		{"$", nil, true, false},
		{"$.detail", []pathStep{{stepName, "detail"}}, true, false},
		{"$.detail-type", []pathStep{{stepName, "detail-type"}}, true, false},
		{"$.a.b_c.d/e", []pathStep{{stepName, "a"}, {stepName, "b_c"}, {stepName, `d\/e`}}, true, false},
		{"$['a.b']", []pathStep{{stepName, `a\.b`}}, true, false},
		{`$["a b"]`, []pathStep{{stepName, "a b"}}, true, false},
		{"$.a*b", []pathStep{{stepName, `a\*b`}}, true, false},
		{"$.@x", []pathStep{{stepName, `\@x`}}, true, false},
		{"$.0", []pathStep{{stepName, "0"}}, false, false},
		{"$.a[2]", []pathStep{{stepName, "a"}, {stepIndex, "2"}}, false, false},
		{"$.a[0][10]", []pathStep{{stepName, "a"}, {stepIndex, "0"}, {stepIndex, "10"}}, false, false},
		{"$.a.*", []pathStep{{stepName, "a"}, {stepWildcard, ""}}, false, true},
		{"$.a[*].b", []pathStep{{stepName, "a"}, {stepWildcard, ""}, {stepName, "b"}}, false, true},
		{"$[*]", []pathStep{{stepWildcard, ""}}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := parsePath(tt.path)
			require.NoError(t, err)
			require.Equal(t, tt.steps, p.steps)
			require.Equal(t, tt.fast, p.fast)
			require.Equal(t, tt.wildcard, p.wildcard)
		})
	}
}

func TestParsePathErrors(t *testing.T) {
	tests := []struct{ path, want string }{
		{"", "it must start with $"},
		{"detail", "it must start with $"},
		{"$detail", `unexpected 'd' at offset 1`},
		{"$.", "empty member name at offset 2"},
		{"$..a", "empty member name at offset 2"},
		{"$.a b", `unexpected ' ' at offset 3`},
		{"$.a(b)", `unexpected '(' at offset 3`},
		{"$.a,b", `unexpected ',' at offset 3`},
		{"$.a]", `unexpected ']' at offset 3`},
		{"$[", "unterminated [ at offset 1"},
		{"$[0", "expected ] at offset 3"},
		{"$[01]", "array index 01 has a leading zero"},
		{"$[99999999999999999999]", "array index 99999999999999999999 is out of range"},
		{"$[*", "expected ] at offset 3"},
		{"$['a'", "expected ] at offset 5"},
		{"$['']", "empty member name at offset 1"},
		{"$[a]", "unsupported bracket expression at offset 1"},
		{"$[0,1]", "expected ] at offset 3"},
		{"$[?(@.a)]", "unsupported bracket expression at offset 1"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := parsePath(tt.path)
			require.Nil(t, p)
			require.EqualError(t, err, tt.want)
		})
	}
}

// The single gjson call of a plain member path must select exactly what
// walking the path member by member selects, whatever characters the member
// names hold: this checks the escaping of names special to gjson.
func TestPathFastFormMatchesStepByStep(t *testing.T) {
	names := []string{
		"plain", "with-dash", "under_score", "sl/ash", "a*b", "a?b", "#", "#(x)", "@this", "@reverse",
		"!true", "a|b", "pipe|", "a=b", "a%b", "a.b", `back\slash`, "ü", "sp ace", "a\"q", "a:b", ":", "a,b", "[x]", "{x}", "a~b", "~true",
	}
	for _, outer := range names {
		for _, inner := range names {
			obj := map[string]any{outer: map[string]any{inner: outer + "/" + inner, "other": 1}, "other": 2}
			raw, err := json.Marshal(obj)
			require.NoError(t, err)
			p := &jsonPath{steps: []pathStep{{stepName, outer}, {stepName, inner}}}
			p.finish()
			slow := *p
			slow.fast = false
			var scratch []byte
			want := slow.lookup(string(raw), &scratch)
			require.True(t, want.Exists(), "%q.%q", outer, inner)
			require.Equal(t, outer+"/"+inner, want.String())
			if p.fast {
				got := p.lookup(string(raw), &scratch)
				require.Equal(t, want.Raw, got.Raw, "%q.%q", outer, inner)
			}
		}
	}
}

func TestPathWildcardOrder(t *testing.T) {
	p, err := parsePath("$.a[*].b[*]")
	require.NoError(t, err)
	var scratch []byte
	v := p.lookup(`{"a":[{"b":[1,2]},{"c":0},{"b":{"x":3,"y":[4]}},5]}`, &scratch)
	require.Equal(t, `[1,2,3,[4]]`, v.Raw, "matches are flattened in document order")
}

func TestAppendCompact(t *testing.T) {
	tests := []struct{ in, want string }{
		{` { "a" : [ 1 , 2 ] } `, `{"a":[1,2]}`},
		{`{"s":" keep  spaces \" inside "}`, `{"s":" keep  spaces \" inside "}`},
		{"[\n\t1,\r\n2]", `[1,2]`},
		{`"unterminated \"`, `"unterminated \"`},
		{`"ends in backslash\`, `"ends in backslash\`},
		{``, ``},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, string(appendCompact(nil, tt.in)), "%q", tt.in)
	}
}
