package pattern_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/pattern"
)

// fuzzPatterns seed FuzzCompile and are the fixed patterns FuzzMatch runs
// arbitrary events against; together they use every operator.
var fuzzPatterns = []string{
	`{"source":["aws.ec2","aws.s3"],"detail-type":["State"]}`,
	`{"detail":{"state":["running",null,true,300,""]}}`,
	`{"detail":{"state":[{"prefix":"run"},{"suffix":"ing"}]}}`,
	`{"detail":{"state":[{"prefix":{"equals-ignore-case":"RUN"}},{"suffix":{"equals-ignore-case":"ING"}}]}}`,
	`{"detail":{"state":[{"equals-ignore-case":"Running"}]}}`,
	`{"detail":{"path":[{"wildcard":"*/lib/*.so"},{"wildcard":"a\\*b\\\\*"}]}}`,
	`{"detail":{"state":[{"anything-but":["stopped","pending"]}],"n":[{"anything-but":[1,2]}]}}`,
	`{"detail":{"state":[{"anything-but":{"prefix":"init"}}],"f":[{"anything-but":{"wildcard":["*.png","*.jpg"]}}]}}`,
	`{"detail":{"n":[{"numeric":[">",0,"<=",5]},{"numeric":["=",3.018e2]}]}}`,
	`{"detail":{"c":[{"exists":true}],"d":[{"exists":false}]}}`,
	`{"detail":{"ip":[{"cidr":"10.0.0.0/24"},{"cidr":"2001:db8::/32"}]}}`,
	`{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPU"]},{"detail":{"$or":[{"a":[1]},{"b":[{"exists":false}]}]}}]}`,
	`{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}`,
	`{"detail.state":["running"],"resources":[{"prefix":"arn:aws:ec2"}]}`,
	`{"caf\u00e9":["\ud83d\ude00"],"a\"b":[{"suffix":"\\"}]}`,
}

// fuzzEvents are probe events for checking that a pattern and its String()
// form agree, and seeds for FuzzMatch.
var fuzzEvents = []string{
	`{}`,
	`{"source":"aws.ec2","detail-type":"State","detail":{"state":"running","n":3,"c":null,"ip":"10.0.0.9","path":"/usr/lib/x.so"}}`,
	`{"detail":{"state":"RUNNING","n":301.8,"d":{},"f":"a.gif"}}`,
	`{"detail":{"state":["initializing","pending"],"n":[1,2,5e0],"c":[],"ip":"2001:db8::7"}}`,
	`{"employees":[{"firstName":"Anna","lastName":"Smith"},{"firstName":"Peter","lastName":"Jones"}]}`,
	`{"employees":[[{"firstName":"Anna","lastName":"Jones"}]],"detail.state":"running","resources":["arn:aws:ec2:x"]}`,
	`{"source":"aws.cloudwatch","detail":{"a":1.0}}`,
	`{"caf\u00e9":"😀","a\"b":"x\\"}`,
	`{"detail":{"state":"caf\u00e9","path":"a*b\\c","n":-0.0e-0}}`,
	`{"source":"aws.ec2","detail":{"state":"running"`,
	`[{"source":"aws.ec2"}]`,
	`{"a":[[[[[[[[[[1]]]]]]]]]]}`,
	// Issue 12: arrays nested past the walk's limit and keys of invalid
	// UTF-8 must not hide the rest of the event from any rule.
	`{"source":"aws.ec2","detail":{"a":` + strings.Repeat(`[`, 300) + strings.Repeat(`]`, 300) + `}}`,
	"{\"source\":\"aws.ec2\",\"detail\":{\"\xff\xfe\":1,\"state\":\"running\"}}",
}

// FuzzCompile feeds arbitrary bytes to Compile. It must not panic or hang;
// every error must be a *CompileError; and a compiled pattern's String()
// must recompile to a pattern that matches the same events.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzPatterns {
		f.Add([]byte(s))
	}
	for _, s := range []string{``, `{}`, `[]`, `{"a":[]}`, `{"a":"x"}`, `{"a":[{"wildcard":"**"}]}`, `{"$or":[{"a":["x"]}]}`, `{"a":[{"numeric":[">",5,"<",1]}]}`} {
		f.Add([]byte(s))
	}
	// One seed per rejection added for issue 7.
	for _, s := range []string{
		`{"EventBusArn":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}`,
		`{"a":[{"wildcard":"*:stack/A/*"},{"wildcard":"*:stack/B/*"},{"wildcard":"*:stack/C/*"},{"anything-but":{"wildcard":["*:stack/D/*","x*"]}}]}`,
		`{"$or":[{"prefix":["a"]},{"b":["c"]}]}`,
		`{"a":[{"numeric":[">",9007199254740993]}]}`,
		`{"a":[{"anything-but":[1,1e400]}]}`,
		`{"$or":[{"a":{"numeric":["x"]}},{"b":["c"]}]}`,
		`{"$or":{"a":["x"]},"b":{"$or":[{"cidr":"10.0.0.0/8"}]}}`,
		`{"name":["a"],"$or":[{"name":[{"equals-ignore-case":"\u212a\u00df"}]},{"c":["x"]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := pattern.Compile(src)
		if err != nil {
			var ce *pattern.CompileError
			require.True(t, errors.As(err, &ce), "error %T (%v) is not a *pattern.CompileError", err, err)
			require.NotEmpty(t, ce.Msg, "a CompileError must say what is wrong")
			return
		}
		require.NotNil(t, p)
		s := p.String()
		p2, err := pattern.Compile([]byte(s))
		require.NoError(t, err, "String() of %q does not recompile: %s", src, s)
		probes := append([][]byte{src}, toBytes(fuzzEvents)...)
		for _, ev := range probes {
			require.Equal(t, p.Match(ev), p2.Match(ev), "pattern %q and its String() %s disagree on %q", src, s, ev)
		}
	})
}

// FuzzMatch runs arbitrary event bytes against one of the seed patterns and
// against a Matcher holding all of them. It must not panic, and the Matcher
// must return exactly the patterns whose Match is true.
func FuzzMatch(f *testing.F) {
	ps := make([]*pattern.Pattern, len(fuzzPatterns))
	m := pattern.NewMatcher[int]()
	for i, s := range fuzzPatterns {
		ps[i] = pattern.MustCompile(s)
		if err := m.Add(i, ps[i]); err != nil {
			f.Fatal(err)
		}
	}
	for i, ev := range fuzzEvents {
		f.Add(uint8(i), []byte(ev))
	}
	f.Fuzz(func(t *testing.T, idx uint8, ev []byte) {
		p := ps[int(idx)%len(ps)]
		one := pattern.NewMatcher[int]()
		require.NoError(t, one.Add(0, p))
		got := one.MatchAppend(nil, ev)
		if p.Match(ev) {
			require.Equal(t, []int{0}, got)
		} else {
			require.Empty(t, got)
		}

		var want []int
		for i, p := range ps {
			if p.Match(ev) {
				want = append(want, i)
			}
		}
		all := m.MatchAppend(nil, ev)
		// On invalid JSON syntax, and on objects with duplicate keys (whose
		// meaning RFC 8259 leaves open), how far each matcher reads depends
		// on the fields its patterns need, so the two may differ; on other
		// input, invalid UTF-8 and any nesting depth included, they must
		// agree (issue 12).
		if json.Valid(ev) && !hasDuplicateKeys(ev) {
			require.ElementsMatch(t, want, all, "event %q", ev)
		}
	})
}

func toBytes(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

// hasDuplicateKeys reports whether some object in the valid JSON ev has a
// key twice.
func hasDuplicateKeys(ev []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(ev))
	type frame struct {
		obj   bool
		keys  map[string]bool
		isKey bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				if top != nil && top.obj {
					top.isKey = true
				}
				stack = append(stack, &frame{obj: t == '{', keys: map[string]bool{}, isKey: true})
			} else {
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			if top != nil && top.obj && top.isKey {
				if top.keys[t] {
					return true
				}
				top.keys[t] = true
				top.isKey = false
				continue
			}
		}
		if top != nil && top.obj {
			top.isKey = true
		}
	}
}
