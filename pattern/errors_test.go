package pattern_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/pattern"
)

// anyPath marks a rejection whose offending field is the pattern as a whole
// (complexity, nesting depth), where the contract does not fix a Path.
const anyPath = "\x00any"

// errCase is one pattern Compile must reject: the Path the error must carry
// and words of which the message must contain at least one (compared
// without case), so the exact wording stays the implementation's choice.
type errCase struct {
	name  string
	src   string
	path  string
	words []string
}

func runErrCases(t *testing.T, cases []errCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var (
				p   *pattern.Pattern
				err error
			)
			require.NotPanics(t, func() { p, err = pattern.Compile([]byte(tc.src)) })
			require.Error(t, err, "Compile accepted %s", shortSrc(tc.src))
			require.Nil(t, p, "a rejected pattern must not be returned")
			var ce *pattern.CompileError
			require.True(t, errors.As(err, &ce), "error %T (%v) is not a *pattern.CompileError", err, err)
			if tc.path != anyPath {
				require.Equal(t, tc.path, ce.Path, "Path of %q", err)
			}
			requireMentions(t, ce.Msg, tc.words)
			require.Panics(t, func() { pattern.MustCompile(tc.src) }, "MustCompile must panic on an invalid pattern")
		})
	}
}

// requireMentions fails unless msg contains at least one of words, ignoring
// case.
func requireMentions(t *testing.T, msg string, words []string) {
	t.Helper()
	lower := strings.ToLower(msg)
	for _, w := range words {
		if strings.Contains(lower, strings.ToLower(w)) {
			return
		}
	}
	require.Failf(t, "message does not name the problem", "Msg %q mentions none of %q", msg, words)
}

func shortSrc(s string) string {
	if len(s) > 120 {
		return s[:120] + fmt.Sprintf("... (%d bytes)", len(s))
	}
	return s
}

// Source: [design] "Compile errors include at least: not an object, empty
// object/array, leaf not an array, unknown operator, wrong operand types,
// numeric out of order or malformed, mixed anything-but lists, bad CIDR, **
// / bad escapes, $or with fewer than two objects", and "messages name the
// offending field". Paths are dotted field paths.
func TestCompileRejectsStructure(t *testing.T) {
	runErrCases(t, []errCase{
		{"empty input", ``, "", []string{"empty", "json", "object", "end"}},
		{"whitespace only", "  \n", "", []string{"empty", "json", "object", "end"}},
		{"top-level array", `[]`, "", []string{"object"}},
		{"top-level string", `"source"`, "", []string{"object"}},
		{"top-level number", `5`, "", []string{"object"}},
		{"top-level null", `null`, "", []string{"object"}},
		{"truncated JSON", `{"a":["x"]`, "", []string{"json", "invalid", "end", "unexpected", "truncated", "malformed"}},
		{"trailing garbage", `{"a":["x"]} x`, "", []string{"json", "invalid", "unexpected", "trailing", "malformed"}},
		{"bad JSON escape", `{"a":["\x"]}`, anyPath, []string{"escape", "json", "invalid", "malformed"}},
		{"unquoted key", `{a:["x"]}`, "", []string{"json", "invalid", "unexpected", "malformed"}},

		{"empty object", `{}`, "", []string{"empty"}},
		{"empty nested object", `{"detail":{}}`, "detail", []string{"empty"}},
		{"empty leaf array", `{"source":[]}`, "source", []string{"empty"}},
		{"empty nested leaf array", `{"detail":{"state":[]}}`, "detail.state", []string{"empty"}},

		{"leaf is a string", `{"source":"aws.ec2"}`, "source", []string{"array"}},
		{"leaf is a number", `{"detail":{"n":5}}`, "detail.n", []string{"array"}},
		{"leaf is null", `{"a":null}`, "a", []string{"array"}},
		{"leaf is a bool", `{"a":true}`, "a", []string{"array"}},
		{"array inside a leaf", `{"a":[["x"]]}`, "a", []string{"array"}},
		{"empty object inside a leaf", `{"a":[{}]}`, "a", []string{"empty", "operator", "object"}},

		{"unknown operator", `{"a":[{"regex":"x"}]}`, "a", []string{"regex"}},
		{"operators are case-sensitive", `{"a":[{"Prefix":"x"}]}`, "a", []string{"Prefix"}},
		{"two operators in one object", `{"a":[{"prefix":"x","suffix":"y"}]}`, "a", []string{"one", "operator", "prefix", "suffix"}},
		{"unknown operator, nested path", `{"detail":{"state":[{"contains":"x"}]}}`, "detail.state", []string{"contains"}},
		{"exists inside anything-but", `{"a":[{"anything-but":{"exists":true}}]}`, "a", []string{"exists", "anything-but"}},
		{"numeric inside anything-but", `{"a":[{"anything-but":{"numeric":[">",1]}}]}`, "a", []string{"numeric", "anything-but"}},
		{"cidr inside prefix", `{"a":[{"prefix":{"cidr":"10.0.0.0/8"}}]}`, "a", []string{"cidr", "prefix", "equals-ignore-case"}},
	})
}

// Source: [ruler] ("Prefix/Suffix/Equals-ignore-case/Wildcard matches only
// work on string-valued fields"), [operators] syntax of each operator;
// [design] example message `pattern: detail.state: "prefix" takes a string,
// got number`.
func TestCompileRejectsOperands(t *testing.T) {
	runErrCases(t, []errCase{
		{"prefix with a number", `{"detail":{"state":[{"prefix":5}]}}`, "detail.state", []string{"prefix"}},
		{"prefix with null", `{"a":[{"prefix":null}]}`, "a", []string{"prefix"}},
		{"prefix with a bool", `{"a":[{"prefix":true}]}`, "a", []string{"prefix"}},
		{"prefix with a list", `{"a":[{"prefix":["x"]}]}`, "a", []string{"prefix"}},
		{"prefix with an empty object", `{"a":[{"prefix":{}}]}`, "a", []string{"prefix"}},
		{"prefix ignore-case with a number", `{"a":[{"prefix":{"equals-ignore-case":5}}]}`, "a", []string{"equals-ignore-case", "prefix"}},
		{"prefix with an unknown inner operator", `{"a":[{"prefix":{"wildcard":"x*"}}]}`, "a", []string{"prefix", "wildcard"}},
		{"suffix with a number", `{"a":[{"suffix":1}]}`, "a", []string{"suffix"}},
		{"suffix ignore-case with a list", `{"a":[{"suffix":{"equals-ignore-case":["x"]}}]}`, "a", []string{"equals-ignore-case", "suffix"}},
		{"equals-ignore-case with a number", `{"a":[{"equals-ignore-case":1}]}`, "a", []string{"equals-ignore-case"}},
		{"equals-ignore-case with a list", `{"a":[{"equals-ignore-case":["x"]}]}`, "a", []string{"equals-ignore-case"}},
		{"wildcard with a number", `{"a":[{"wildcard":1}]}`, "a", []string{"wildcard"}},
		{"wildcard with a list", `{"a":[{"wildcard":["x*"]}]}`, "a", []string{"wildcard"}},

		{"exists with a string", `{"a":[{"exists":"true"}]}`, "a", []string{"exists"}},
		{"exists with a number", `{"a":[{"exists":1}]}`, "a", []string{"exists"}},
		{"exists with null", `{"a":[{"exists":null}]}`, "a", []string{"exists"}},
		{"exists with a list", `{"a":[{"exists":[true]}]}`, "a", []string{"exists"}},

		{"cidr with a number", `{"a":[{"cidr":10}]}`, "a", []string{"cidr"}},
		{"cidr empty", `{"a":[{"cidr":""}]}`, "a", []string{"cidr"}},
		{"cidr octet out of range", `{"a":[{"cidr":"10.0.0.256/24"}]}`, "a", []string{"cidr"}},
		{"cidr not an address", `{"a":[{"cidr":"abc/8"}]}`, "a", []string{"cidr"}},
		{"cidr v4 bits over 32", `{"a":[{"cidr":"10.0.0.0/33"}]}`, "a", []string{"cidr"}},
		{"cidr v6 bits over 128", `{"a":[{"cidr":"2001:db8::/129"}]}`, "a", []string{"cidr"}},
		{"cidr negative bits", `{"a":[{"cidr":"10.0.0.0/-1"}]}`, "a", []string{"cidr"}},
		{"cidr bits not a number", `{"a":[{"cidr":"10.0.0.0/x"}]}`, "a", []string{"cidr"}},
		{"cidr empty bits", `{"a":[{"cidr":"10.0.0.0/"}]}`, "a", []string{"cidr"}},
		{"cidr nested path", `{"detail":{"sourceIPAddress":[{"cidr":"300.0.0.0/8"}]}}`, "detail.sourceIPAddress", []string{"cidr"}},
	})
}

// Source: [ruler] "Wildcard matching" ("consecutive wildcard characters are
// not allowed ... A backslash escaping any character other than asterisk or
// backslash is not allowed"), [operators] wildcard section (AWS rejects
// "*:*:*:*:*:event-bus/*" with "Rule is too complex - try using fewer
// wildcard characters or fewer repeating character sequences after a
// wildcard character").
func TestCompileRejectsWildcards(t *testing.T) {
	runErrCases(t, []errCase{
		{"double star", `{"a":[{"wildcard":"a**b"}]}`, "a", []string{"**", "consecutive", "wildcard"}},
		{"only a double star", `{"a":[{"wildcard":"**"}]}`, "a", []string{"**", "consecutive", "wildcard"}},
		{"escaped star then double star", `{"a":[{"wildcard":"\\***"}]}`, "a", []string{"**", "consecutive", "wildcard"}},
		{"bad escape", `{"a":[{"wildcard":"a\\db"}]}`, "a", []string{"escape", "backslash"}},
		{"trailing backslash", `{"a":[{"wildcard":"ab\\"}]}`, "a", []string{"escape", "backslash"}},
		{"too complex: the documented example", `{"EventBusArn":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}`, "EventBusArn", []string{"complex"}},
		{"anything-but wildcard with a double star", `{"a":[{"anything-but":{"wildcard":"a**"}}]}`, "a", []string{"**", "consecutive", "wildcard"}},
		{"anything-but wildcard list with a bad escape", `{"a":[{"anything-but":{"wildcard":["x*","a\\b"]}}]}`, "a", []string{"escape", "backslash"}},
		{"bad escape, nested path", `{"detail":{"path":[{"wildcard":"\\n*"}]}}`, "detail.path", []string{"escape", "backslash"}},
	})
}

// Source: [content] "Numeric matching", [operators] numeric rows; [design]
// `{"numeric": [op, n]}` or `[">"|">=", lo, "<"|"<=", hi]` with lo < hi.
func TestCompileRejectsNumeric(t *testing.T) {
	words := []string{"numeric", "range", "bound", "order", "less", "operator"}
	runErrCases(t, []errCase{
		{"not an array", `{"a":[{"numeric":5}]}`, "a", words},
		{"empty array", `{"a":[{"numeric":[]}]}`, "a", words},
		{"operator only", `{"a":[{"numeric":[">"]}]}`, "a", words},
		{"string operand", `{"a":[{"numeric":["<","5"]}]}`, "a", words},
		{"null operand", `{"a":[{"numeric":["<",null]}]}`, "a", words},
		{"unknown operator !=", `{"a":[{"numeric":["!=",5]}]}`, "a", append([]string{"!="}, words...)},
		{"unknown operator ==", `{"a":[{"numeric":["==",5]}]}`, "a", append([]string{"=="}, words...)},
		{"operator not a string", `{"a":[{"numeric":[5,">"]}]}`, "a", words},
		{"lo equals hi", `{"a":[{"numeric":[">",5,"<",5]}]}`, "a", words},
		{"lo above hi", `{"a":[{"numeric":[">=",10,"<=",5]}]}`, "a", words},
		{"upper bound first", `{"a":[{"numeric":["<",10,">",5]}]}`, "a", words},
		{"two lower bounds", `{"a":[{"numeric":[">",1,">",2]}]}`, "a", words},
		{"equals inside a range", `{"a":[{"numeric":["=",1,"<",2]}]}`, "a", words},
		{"dangling operator", `{"a":[{"numeric":[">",1,"<"]}]}`, "a", words},
		{"too many terms", `{"a":[{"numeric":[">",1,"<",2,"<",3]}]}`, "a", words},
		{"second operand a string", `{"a":[{"numeric":[">",1,"<","2"]}]}`, "a", words},
		{"nested path", `{"detail":{"c-count":[{"numeric":[">",5,"<=",0]}]}}`, "detail.c-count", words},
	})
}

// Source: [content] ("anything-but matching with strings and numeric values,
// including lists that contain only strings, or only numbers"), [ruler]
// ("lists, which have to contain entirely strings or entirely numerics");
// [design] "a non-empty list of all strings or all numbers".
func TestCompileRejectsAnythingBut(t *testing.T) {
	words := []string{"anything-but"}
	runErrCases(t, []errCase{
		{"mixed list", `{"a":[{"anything-but":["a",1]}]}`, "a", words},
		{"mixed list, number first", `{"a":[{"anything-but":[1,"a"]}]}`, "a", words},
		{"empty list", `{"a":[{"anything-but":[]}]}`, "a", words},
		{"bool", `{"a":[{"anything-but":true}]}`, "a", words},
		{"null", `{"a":[{"anything-but":null}]}`, "a", words},
		{"list with a bool", `{"a":[{"anything-but":[true]}]}`, "a", words},
		{"list with null", `{"a":[{"anything-but":["a",null]}]}`, "a", words},
		{"list with an object", `{"a":[{"anything-but":[{"prefix":"a"}]}]}`, "a", words},
		{"empty object", `{"a":[{"anything-but":{}}]}`, "a", words},
		{"prefix with a number", `{"a":[{"anything-but":{"prefix":5}}]}`, "a", []string{"prefix", "anything-but"}},
		{"unknown inner operator", `{"a":[{"anything-but":{"regex":"x"}}]}`, "a", []string{"regex", "anything-but"}},
		{"two inner operators", `{"a":[{"anything-but":{"prefix":"a","suffix":"b"}}]}`, "a", []string{"one", "anything-but", "prefix", "suffix"}},
		{"ignore-case mixed list", `{"a":[{"anything-but":{"equals-ignore-case":["a",1]}}]}`, "a", []string{"equals-ignore-case", "anything-but"}},
		{"ignore-case empty list", `{"a":[{"anything-but":{"equals-ignore-case":[]}}]}`, "a", []string{"equals-ignore-case", "anything-but", "empty"}},
		{"wildcard list with a number", `{"a":[{"anything-but":{"wildcard":["*a",1]}}]}`, "a", []string{"wildcard", "anything-but"}},
		{"nested path", `{"detail":{"state":[{"anything-but":["a",2]}]}}`, "detail.state", words},
		// event-ruler's JsonRuleCompiler: "Null prefix/suffix not allowed"
		// for anything-but affixes (a plain empty prefix is fine).
		{"empty prefix", `{"a":[{"anything-but":{"prefix":""}}]}`, "a", []string{"empty", "null", "prefix"}},
		{"empty suffix", `{"a":[{"anything-but":{"suffix":""}}]}`, "a", []string{"empty", "null", "suffix"}},
		{"empty prefix in a list", `{"a":[{"anything-but":{"prefix":["x",""]}}]}`, "a", []string{"empty", "null", "prefix"}},
		{"prefix list with a number", `{"a":[{"anything-but":{"prefix":["x",1]}}]}`, "a", []string{"prefix", "string"}},
	})
}

// Source: [ruler] "The $or Primitive" (an array of 2+ objects), [operators]
// "Or"; [design] "$or at any object level, at least two objects", and
// Path "for $or branches the path of the field inside the branch".
func TestCompileRejectsOr(t *testing.T) {
	words := []string{"$or"}
	runErrCases(t, []errCase{
		{"one element", `{"$or":[{"a":["x"]}]}`, "$or", words},
		{"empty list", `{"$or":[]}`, "$or", words},
		{"string element", `{"$or":[{"a":["x"]},"b"]}`, "$or", words},
		{"array element", `{"$or":[{"a":["x"]},[{"b":["y"]}]]}`, "$or", words},
		{"a string", `{"$or":"x"}`, "$or", words},
		{"nested one element", `{"detail":{"$or":[{"a":["x"]}]}}`, "detail.$or", words},
		{"empty branch", `{"$or":[{},{"a":["x"]}]}`, anyPath, []string{"empty"}},
		{"error inside a branch", `{"$or":[{"a":[{"prefix":5}]},{"b":["x"]}]}`, "a", []string{"prefix"}},
		{"error inside a nested branch", `{"detail":{"$or":[{"a":["x"]},{"b":{"c":[{"numeric":["<","x"]}]}}]}}`, "detail.b.c", []string{"numeric"}},
		{"error inside an or inside an or", `{"$or":[{"a":["x"]},{"$or":[{"b":["y"]},{"c":[{"exists":"no"}]}]}]}`, "c", []string{"exists"}},
		// event-ruler rejects operator names as field names inside "$or"
		// (JsonRuleCompiler.parseObjectInsideOrRelationship,
		// Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP), and the legacy
		// reading with "$or" as a field fails too.
		{"operator name in a branch", `{"$or":[{"prefix":["a"]},{"b":["c"]}]}`, "prefix", []string{"operator", "$or"}},
		{"operator name nested in a branch", `{"$or":[{"a":{"numeric":["x"]}},{"b":["c"]}]}`, "a.numeric", []string{"operator", "$or"}},
		{"reserved future name in a branch", `{"$or":[{"b":["c"]},{"x":{"$or":[{"regex":["a"]},{"y":["z"]}]}}]}`, "x.regex", []string{"operator", "$or"}},
	})
}

// orCombinations builds a pattern whose $or expansions multiply: groups
// sibling $or arrays of width branches each, so it has width^groups
// combinations.
func orCombinations(groups, width int) string {
	var b strings.Builder
	b.WriteString("{")
	for g := 0; g < groups; g++ {
		if g > 0 {
			b.WriteString(",")
		}
		if g == 0 {
			b.WriteString(`"$or":[`)
		} else {
			fmt.Fprintf(&b, `"g%d":{"$or":[`, g)
		}
		for i := 0; i < width; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"f%d_%d":["v"]}`, g, i)
		}
		b.WriteString("]")
		if g > 0 {
			b.WriteString("}")
		}
	}
	b.WriteString("}")
	return b.String()
}

// Source: [design] "AWS rejects patterns whose combinations exceed 1000" and
// "Reject patterns whose wildcard complexity would blow up matching"; the
// nesting limit protects the compiler from stack exhaustion (contract:
// "Bad input: a clear error, never a panic").
func TestCompileRejectsComplexity(t *testing.T) {
	runErrCases(t, []errCase{
		{"$or combinations 6^4 = 1296", orCombinations(4, 6), anyPath, []string{"complex", "combination", "1000", "$or"}},
		{"$or combinations 2^11 = 2048", orCombinations(11, 2), anyPath, []string{"complex", "combination", "1000", "$or"}},
		{"10,000 nested objects", strings.Repeat(`{"a":`, 10000) + `["x"]` + strings.Repeat(`}`, 10000), anyPath, []string{"deep", "nest", "depth"}},
		{"10,000 nested arrays in a leaf", `{"a":` + strings.Repeat(`[`, 10000) + strings.Repeat(`]`, 10000) + `}`, anyPath, []string{"deep", "nest", "depth", "array"}},
		{"10,000 nested $or", nestedOr(10000), anyPath, []string{"deep", "nest", "depth", "complex", "combination", "1000", "$or"}},
	})
}

// nestedOr nests $or n levels deep, each level with a second plain branch.
func nestedOr(n int) string {
	return strings.Repeat(`{"$or":[{"z":["z"]},`, n) + `{"a":["x"]}` + strings.Repeat(`]}`, n)
}

// The combination limit is "exceed 1000": exactly 1000 is allowed and so
// are small products.
func TestCompileAcceptsOrCombinationsUpTo1000(t *testing.T) {
	for _, c := range []struct{ groups, width int }{{1, 2}, {3, 2}, {2, 30}, {3, 10}} {
		src := orCombinations(c.groups, c.width)
		p, err := pattern.Compile([]byte(src))
		require.NoError(t, err, "%d groups of %d", c.groups, c.width)
		ev := `{"f0_1":"v"`
		for g := 1; g < c.groups; g++ {
			ev += fmt.Sprintf(`,"g%d":{"f%d_0":"v"}`, g, g)
		}
		ev += "}"
		require.True(t, p.Match([]byte(ev)), "%d groups of %d on %s", c.groups, c.width, ev)
	}
}

// A pattern far larger than AWS's 2048-character rule limit (that limit is
// the bus's to enforce) must either compile and match correctly or fail with
// a CompileError; it must not panic.
func TestCompileHugePattern(t *testing.T) {
	t.Run("10,000 values in one leaf", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(`{"v":[`)
		for i := 0; i < 10000; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `"value-%d"`, i)
		}
		b.WriteString(`]}`)
		checkHuge(t, b.String(), `{"v":"value-9999"}`, `{"v":"value-10000"}`)
	})
	t.Run("2,000 and-ed fields", func(t *testing.T) {
		var pat, ev strings.Builder
		pat.WriteString("{")
		ev.WriteString("{")
		for i := 0; i < 2000; i++ {
			if i > 0 {
				pat.WriteString(",")
				ev.WriteString(",")
			}
			fmt.Fprintf(&pat, `"f%d":[%d]`, i, i)
			fmt.Fprintf(&ev, `"f%d":%d`, i, i)
		}
		pat.WriteString("}")
		ev.WriteString("}")
		miss := strings.Replace(ev.String(), `"f1999":1999`, `"f1999":0`, 1)
		checkHuge(t, pat.String(), ev.String(), miss)
	})
}

func checkHuge(t *testing.T, src, hit, miss string) {
	t.Helper()
	var (
		p   *pattern.Pattern
		err error
	)
	require.NotPanics(t, func() { p, err = pattern.Compile([]byte(src)) })
	if err != nil {
		var ce *pattern.CompileError
		require.True(t, errors.As(err, &ce), "error %T is not a *pattern.CompileError", err)
		return
	}
	require.True(t, p.Match([]byte(hit)))
	require.False(t, p.Match([]byte(miss)))
}

// Source: [design] "Compile errors are values of one exported type carrying
// the JSON path of the offending field", Error() = "pattern: <path>: <msg>",
// or "pattern: <msg>" when Path is empty.
func TestCompileErrorFormat(t *testing.T) {
	require.Equal(t, "pattern: a.b: bad thing", (&pattern.CompileError{Path: "a.b", Msg: "bad thing"}).Error())
	require.Equal(t, "pattern: bad thing", (&pattern.CompileError{Msg: "bad thing"}).Error())

	_, err := pattern.Compile([]byte(`{"detail":{"state":[{"prefix":5}]}}`))
	var ce *pattern.CompileError
	require.True(t, errors.As(err, &ce))
	require.Equal(t, "pattern: detail.state: "+ce.Msg, err.Error())

	_, err = pattern.Compile([]byte(`[]`))
	require.True(t, errors.As(err, &ce))
	require.Equal(t, "pattern: "+ce.Msg, err.Error())

	wrapped := fmt.Errorf("rule r1: %w", err)
	require.True(t, errors.As(wrapped, &ce), "a wrapped CompileError stays reachable with errors.As")
}

// Every documented example, and the CL2 benchmark rules, must compile.
// Sources: [patterns], [content], [operators], [ruler], design.md section 6.
func TestCompileAcceptsDocumentedPatterns(t *testing.T) {
	valid := []string{
		`{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["terminated"]}}`,
		`{"source":["aws.ec2","aws.fargate"]}`,
		`{"detail":{"responseElements":[null]}}`,
		`{"detail":{"eventVersion":[""]}}`,
		`{"time":[{"prefix":"2017-10-02"}]}`,
		`{"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}}`,
		`{"FileName":[{"suffix":".png"}]}`,
		`{"detail":{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}}`,
		`{"Name":[{"equals-ignore-case":"alice"}]}`,
		`{"FileName":[{"wildcard":"dir/*.png"}]}`,
		`{"source":[{"wildcard":"Simple*Service"}]}`,
		`{"v":[{"wildcard":"arn:aws:*"}]}`,
		`{"v":[{"wildcard":"a\\*b\\\\c*"}]}`,
		`{"detail":{"state":[{"anything-but":"initializing"}]}}`,
		`{"detail":{"x-limit":[{"anything-but":123}]}}`,
		`{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}`,
		`{"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}`,
		`{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`,
		`{"FileName":[{"anything-but":{"suffix":".png"}}]}`,
		`{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}`,
		`{"state":[{"anything-but":{"equals-ignore-case":["initializing","stopped"]}}]}`,
		`{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}`,
		`{"FilePath":[{"anything-but":{"wildcard":["*/lib/*","*/bin/*"]}}]}`,
		`{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",3.018e2]}]}}`,
		`{"v":[{"numeric":[">=",-1e308,"<=",1e308]}]}`,
		`{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}`,
		`{"v":[{"cidr":"2001:db8::/32"}]}`,
		`{"v":[{"cidr":"10.0.0.77/24"}]}`,
		`{"detail":{"c-count":[{"exists":false}]}}`,
		`{"detail":{"state":[{"exists":true}]}}`,
		`{"$or":[{"Location":["New York"]},{"Day":["Monday"]}]}`,
		`{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"metricType":["MetricType"],"namespace":["AWS/EC2","AWS/ES"],"$or":[{"metricId":[1234]},{"spaceId":[1000]}]},{"scope":["Service"]}]}`,
		`{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}`,
		`{"detail.state":["running"]}`,
		// CL2 rule sets.
		`{"properties":{"MAPBLKLOT":["1430022"]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"143*"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"2*0*1*7"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"*218"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"3*5*2"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"VA*IL"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"anything-but":{"wildcard":"2*0*1*7"}}]}}`,
		`{"properties":{"STREET":[{"anything-but":["FULTON"]}]}}`,
		`{"properties":{"STREET":[{"anything-but":{"equals-ignore-case":["Fulton"]}}]}}`,
		`{"properties":{"FROM_ST":[{"anything-but":{"suffix":"41"}}]}}`,
		`{"geometry":{"type":["Polygon"],"firstCoordinates":{"x":[{"numeric":["=",-122.42916360922355]}]}}}`,
		`{"geometry":{"firstCoordinates":{"x":[{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}]}}}`,
	}
	for _, src := range valid {
		p, err := pattern.Compile([]byte(src))
		require.NoError(t, err, "pattern %s", src)
		require.NotNil(t, p)
		require.NotPanics(t, func() { pattern.MustCompile(src) })
	}
}
