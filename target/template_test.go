package target

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIsJSONTemplate(t *testing.T) {
	tests := []struct {
		template string
		want     bool
	}{
		{`{"a": 1}`, true},
		{" \n\t[1]", true},
		{`"{[/Check with special starting characters"`, false}, // recorded case: a string, not JSON
		{`<a> is <b>`, false},
		{`123`, false},
		{``, false},
		{`   `, false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, isJSONTemplate(tt.template), "%q", tt.template)
	}
}

// slotView is what a test checks of a compiled slot.
type slotView struct {
	name string
	src  source
	ctx  slotContext
}

func TestParseTemplateStructure(t *testing.T) {
	paths := map[string]*jsonPath{"a": {}, "b": {}}
	tests := []struct {
		name, template string
		lits           []string
		slots          []slotView
	}{
		{"JSON, minified", "{ \"x\" : <a> ,\n \"y\": \"v <b> w\", \"z\": [ 1, true ] }",
			[]string{`{"x":`, `,"y":"v `, ` w","z":[1,true]}`},
			[]slotView{{"a", srcPath, ctxJSONValue}, {"b", srcPath, ctxJSONString}}},
		{"JSON strings kept verbatim", `["  <a>  \" <b>"]`,
			[]string{`["  `, `  \" `, `"]`},
			[]slotView{{"a", srcPath, ctxJSONString}, {"b", srcPath, ctxJSONString}}},
		{"text with quoted and unquoted parts", `<a> says "<b> \"<a>\"" <b>`,
			[]string{``, ` says "`, ` \"`, `\"" `, ``},
			[]slotView{{"a", srcPath, ctxText}, {"b", srcPath, ctxTextQuoted}, {"a", srcPath, ctxTextQuoted}, {"b", srcPath, ctxText}}},
		{"reserved variables", `{"r": <aws.events.rule-arn>, "n": "<aws.events.rule-name>", "t": <aws.events.event.ingestion-time>, "e": <aws.events.event>, "j": <aws.events.event.json>}`,
			[]string{`{"r":`, `,"n":"`, `","t":`, `,"e":`, `,"j":`, `}`},
			[]slotView{{"aws.events.rule-arn", srcRuleARN, ctxJSONValue}, {"aws.events.rule-name", srcRuleName, ctxJSONString},
				{"aws.events.event.ingestion-time", srcIngestionTime, ctxJSONValue}, {"aws.events.event", srcEvent, ctxJSONValue},
				{"aws.events.event.json", srcEventJSON, ctxJSONValue}}},
		{"angle brackets that are not placeholders", `"a<b c>d <> <<a>"`,
			[]string{`"a<b c>d <> <`, `"`},
			[]slotView{{"a", srcPath, ctxTextQuoted}}},
		{"no placeholders", `plain text`, []string{`plain text`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, err := parseTemplate(tt.template, paths)
			require.NoError(t, err)
			require.Equal(t, tt.lits, tp.lits)
			var got []slotView
			for _, sl := range tp.slots {
				got = append(got, slotView{sl.name, sl.src, sl.ctx})
				if sl.src == srcPath {
					require.Same(t, paths[sl.name], sl.path)
				}
			}
			require.Equal(t, tt.slots, got)
		})
	}
}

func TestParseTemplateJSONErrors(t *testing.T) {
	tests := []struct{ template, want string }{
		{`{`, "is not valid JSON: unexpected end."},
		{`{"a"}`, "is not valid JSON: expected ':' at offset 4."},
		{`{"a":1 "b":2}`, "is not valid JSON: expected ',' or '}' at offset 7."},
		{`[1 2]`, "is not valid JSON: expected ',' or ']' at offset 3."},
		{`[1,]`, "is not valid JSON: unexpected ']' at offset 3."},
		{`["\x"]`, "is not valid JSON: bad escape at offset 2."},
		{`["\u12"]`, "is not valid JSON: bad escape at offset 2."},
		{"[\"a\nb\"]", "is not valid JSON: control character in string at offset 3."},
		{`[-]`, "is not valid JSON: bad number at offset 1."},
		{`[1.]`, "is not valid JSON: bad number at offset 1."},
		{`[1e]`, "is not valid JSON: bad number at offset 1."},
		{`[<a b>]`, "is not valid JSON: unexpected '<' at offset 1."},
		{`[<a><a>]`, "is not valid JSON: expected ',' or ']' at offset 4."},
		{`{"a": 1}}`, "is not valid JSON: unexpected '}' at offset 8."},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			tp, err := parseTemplate(tt.template, map[string]*jsonPath{"a": {}})
			require.Nil(t, tp)
			require.EqualError(t, err, tt.want)
		})
	}
}

func TestPlaceholderAt(t *testing.T) {
	tests := []struct {
		s    string
		name string
		end  int
		ok   bool
	}{
		{"<a>", "a", 3, true},
		{"<detail-type> x", "detail-type", 13, true},
		{"<aws.events.event.json>", "aws.events.event.json", 23, true},
		{"<>", "", 0, false},
		{"<a", "", 0, false},
		{"<a b>", "", 0, false},
		{"<a<b>", "", 0, false},
		{`<a"b>`, "", 0, false},
		{"<a\nb>", "", 0, false},
	}
	for _, tt := range tests {
		name, end, ok := placeholderAt(tt.s, 0)
		require.Equal(t, tt.ok, ok, "%q", tt.s)
		require.Equal(t, tt.name, name, "%q", tt.s)
		require.Equal(t, tt.end, end, "%q", tt.s)
	}
}

func TestTemplateMemo(t *testing.T) {
	paths := map[string]string{"w": "$.detail.l[*]", "once": "$.detail.a"}
	var b strings.Builder
	b.WriteString(`{"w": [<w>, <w>], "once": <once>`)
	for i := range 10 {
		name := fmt.Sprintf("p%d", i)
		paths[name] = fmt.Sprintf("$.detail.v[%d]", i)
		fmt.Fprintf(&b, `, "%s": <%s>, "%s-again": "<%s>"`, name, name, name, name)
	}
	b.WriteString("}")
	tr, err := CompileInput("t1", transformer(paths, b.String()))
	require.NoError(t, err)

	memo := map[string]int8{}
	for _, sl := range tr.tmpl.slots {
		if prev, ok := memo[sl.name]; ok {
			require.Equal(t, prev, sl.memo, "every use of %s shares its entry", sl.name)
		}
		memo[sl.name] = sl.memo
	}
	require.Equal(t, int8(-1), memo["w"], "wildcard values are not remembered")
	require.Equal(t, int8(-1), memo["once"], "single uses need no entry")
	for i := range 10 {
		want := int8(i)
		if i >= maxMemo {
			want = -1
		}
		require.Equal(t, want, memo[fmt.Sprintf("p%d", i)])
	}

	event := `{"detail":{"l":[1,2],"a":"A","v":[0,1,2,3,4,5,6,7,8,9]}}`
	out, err := tr.Apply(nil, []byte(event), Meta{})
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(out, &got))
	require.Equal(t, []any{[]any{1.0, 2.0}, []any{1.0, 2.0}}, got["w"])
	for i := range 10 {
		require.Equal(t, float64(i), got[fmt.Sprintf("p%d", i)])
		require.Equal(t, fmt.Sprint(i), got[fmt.Sprintf("p%d-again", i)])
	}
}
