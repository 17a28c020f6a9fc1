package pattern

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

func raws(ss ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(ss))
	for i, s := range ss {
		out[i] = json.RawMessage(s)
	}
	return out
}

func TestExplainConditions(t *testing.T) {
	p := MustCompile(`{"source":["aws.ec2"],"detail":{"state":["running",{"prefix":"stop"}],"n":[{"numeric":[">",5]}],"gone":[{"exists":false}]}}`)
	ex := p.Explain([]byte(`{"source":"aws.ec2","detail":{"state":"pending","gone":1}}`))
	require.False(t, ex.Matched)
	require.Len(t, ex.Branches, 1)
	br := ex.Branches[0]
	require.False(t, br.Matched)
	require.Empty(t, br.Element)
	byPath := map[string]Condition{}
	for _, c := range br.Conditions {
		byPath[c.Path] = c
	}
	require.Equal(t, Condition{Path: "source", Tests: []Test{{"equals", json.RawMessage(`"aws.ec2"`)}}, Matched: true, Found: raws(`"aws.ec2"`)}, byPath["source"])
	require.Equal(t, Condition{
		Path:  "detail.state",
		Tests: []Test{{"equals", json.RawMessage(`"running"`)}, {"prefix", json.RawMessage(`"stop"`)}},
		Found: raws(`"pending"`),
	}, byPath["detail.state"])
	require.Equal(t, Condition{Path: "detail.n", Tests: []Test{{"numeric", json.RawMessage(`[">",5]`)}}, Absent: true}, byPath["detail.n"])
	require.Equal(t, Condition{Path: "detail.gone", Tests: []Test{{"exists", json.RawMessage(`false`)}}, Found: raws(`1`)}, byPath["detail.gone"])

	require.Equal(t, `no match
  detail.state: has "pending", wants "running" or {"prefix":"stop"}
  detail.n: absent, wants {"numeric":[">",5]}
  detail.gone: has 1, wants {"exists":false}`, ex.String())
}

func TestExplainOr(t *testing.T) {
	p := MustCompile(`{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}]}`)
	ex := p.Explain([]byte(`{"source":"aws.cloudwatch","metricName":"DiskReadOps","namespace":"AWS/ES"}`))
	require.False(t, ex.Matched)
	require.Len(t, ex.Branches, 2)
	require.Equal(t, `no match
branch 1 of 2: fails
  metricName: has "DiskReadOps", wants "CPUUtilization"
branch 2 of 2: fails
  namespace: has "AWS/ES", wants "AWS/EC2"`, ex.String())

	ex = p.Explain([]byte(`{"source":"aws.cloudwatch","namespace":"AWS/EC2"}`))
	require.True(t, ex.Matched)
	require.False(t, ex.Branches[0].Matched)
	require.True(t, ex.Branches[1].Matched)
	require.Equal(t, "match\nbranch 1 of 2: fails\n  metricName: absent, wants \"CPUUtilization\"\nbranch 2 of 2: matches", ex.String())
}

// Array consistency: each condition holds somewhere, but not in one
// element. Explain names the element that came closest and what fails
// there.
func TestExplainClosestElement(t *testing.T) {
	p := MustCompile(`{"employees":{"firstName":["Anna"],"lastName":["Jones"],"age":[{"numeric":[">",30]}]}}`)
	ev := []byte(`{"employees":[{"firstName":"Peter","lastName":"Jones","age":20},{"firstName":"Anna","lastName":"Smith","age":40}]}`)
	require.False(t, p.Match(ev))
	ex := p.Explain(ev)
	br := ex.Branches[0]
	require.Equal(t, "employees[1]", br.Element)
	require.Equal(t, []bool{true, false, true}, []bool{br.Conditions[0].Matched, br.Conditions[1].Matched, br.Conditions[2].Matched})
	require.Equal(t, raws(`"Smith"`), br.Conditions[1].Found)
	require.Equal(t, "no match (closest array element: employees[1])\n  employees.lastName: has \"Smith\", wants \"Jones\"", ex.String())

	// Nested arrays are named with every index.
	p = MustCompile(`{"a":{"b":{"x":["1"],"y":["2"],"z":["3"]}}}`)
	ex = p.Explain([]byte(`{"a":[{"b":[{"x":"0","y":"2","z":"0"}]},{"b":[{"x":"1","y":"0","z":"3"},{"x":"9","y":"9","z":"9"}]}]}`))
	require.False(t, ex.Matched)
	require.Equal(t, "a[1].b[0]", ex.Branches[0].Element)
}

func TestExplainAgreesWithMatch(t *testing.T) {
	for _, pat := range fuzzPatternsInternal {
		p := MustCompile(pat)
		for _, ev := range fuzzEventsInternal {
			ex := p.Explain([]byte(ev))
			require.Equal(t, p.Match([]byte(ev)), ex.Matched, "%s on %s", pat, ev)
			any := false
			for _, br := range ex.Branches {
				any = any || br.Matched
				if br.Matched {
					for _, c := range br.Conditions {
						require.True(t, c.Matched, "%s on %s: %s", pat, ev, c.Path)
					}
				}
			}
			if ex.Error == "" {
				require.Equal(t, ex.Matched, any, "%s on %s", pat, ev)
			}
			// holds, which Explain uses to read each value, agrees with the
			// engine on every condition.
			checkHolds(t, p, []byte(ev))
			// It marshals and prints.
			_, err := json.Marshal(ex)
			require.NoError(t, err)
			require.NotEmpty(t, ex.String())
		}
	}
}

var fuzzPatternsInternal = []string{
	`{"source":["aws.ec2","aws.s3"],"detail-type":["State"]}`,
	`{"detail":{"state":["running",null,true,300,""]}}`,
	`{"detail":{"state":[{"prefix":{"equals-ignore-case":"RUN"}},{"suffix":{"equals-ignore-case":"ING"}}]}}`,
	`{"detail":{"path":[{"wildcard":"*/lib/*.so"}]}}`,
	`{"detail":{"state":[{"anything-but":["stopped","pending"]}],"n":[{"anything-but":[1,2]}]}}`,
	`{"detail":{"n":[{"numeric":[">",0,"<=",5]},{"numeric":["=",3.018e2]}]}}`,
	`{"detail":{"c":[{"exists":true}],"d":[{"exists":false}]}}`,
	`{"detail":{"ip":[{"cidr":"10.0.0.0/24"}]}}`,
	`{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPU"]},{"detail":{"$or":[{"a":[1]},{"b":[{"exists":false}]}]}}]}`,
	`{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}`,
}

var fuzzEventsInternal = []string{
	`{}`,
	`not json`,
	`{"source":"aws.ec2","detail-type":"State","detail":{"state":"running","n":3,"c":null,"ip":"10.0.0.9","path":"/usr/lib/x.so"}}`,
	`{"detail":{"state":"RUNNING","n":301.8,"d":{},"f":"a.gif"}}`,
	`{"source":"aws.cloudwatch","detail":{"a":1,"b":2}}`,
	`{"employees":[{"firstName":"Anna","lastName":"Smith"},{"firstName":"Peter","lastName":"Jones"}]}`,
	`{"employees":[{"firstName":"Anna","lastName":"Jones"}]}`,
	`{"detail":{"state":["x","stopped"],"n":[1,7]}}`,
}

func TestExplainInvalidJSON(t *testing.T) {
	ex := MustCompile(`{"a":["x"]}`).Explain([]byte(`{"a":`))
	require.False(t, ex.Matched)
	require.Equal(t, "the event is not valid JSON", ex.Error)
	require.Equal(t, "no match: the event is not valid JSON", ex.String())
	b, err := json.Marshal(ex)
	require.NoError(t, err)
	require.JSONEq(t, `{"matched":false,"error":"the event is not valid JSON","branches":[]}`, string(b))
}

func TestExplainJSON(t *testing.T) {
	ex := MustCompile(`{"detail":{"n":[{"numeric":[">",5]}]}}`).Explain([]byte(`{"detail":{"n":[1,2]}}`))
	b, err := json.Marshal(ex)
	require.NoError(t, err)
	require.JSONEq(t, `{"matched":false,"branches":[{"matched":false,"conditions":[
		{"path":"detail.n","tests":[{"operator":"numeric","operand":[">",5]}],"matched":false,"absent":false,"found":[1,2]}]}]}`, string(b))
	require.Equal(t, ex.String(), fmt.Sprint(ex), "Explanation is a fmt.Stringer")
}

// FuzzExplain checks that Explain never panics and always agrees with
// Match, on arbitrary events against fixed patterns.
func FuzzExplain(f *testing.F) {
	for i, ev := range fuzzEventsInternal {
		f.Add(uint8(i), []byte(ev))
	}
	pats := make([]*Pattern, len(fuzzPatternsInternal))
	for i, s := range fuzzPatternsInternal {
		pats[i] = MustCompile(s)
	}
	f.Fuzz(func(t *testing.T, pi uint8, event []byte) {
		p := pats[int(pi)%len(pats)]
		ex := p.Explain(event)
		require.Equal(t, p.Match(event), ex.Matched)
		_ = ex.String()
		if ex.Error == "" {
			checkHolds(t, p, event)
		}
	})
}

// checkHolds checks, condition by condition, that some value Explain reads
// at the path satisfies it exactly when the engine says the condition
// holds on its own.
// Events with a key twice in one object are left out: the engine may read
// either value (package documentation), Explain reads both.
func checkHolds(t *testing.T, p *Pattern, event []byte) {
	t.Helper()
	x := p.explainer()
	root := gjson.ParseBytes(event)
	if hasDuplicateKey(root) {
		return
	}
	for _, b := range p.branches {
		for i := range b {
			lf := &b[i]
			if lf.absent {
				continue
			}
			anyOK := false
			for _, r := range readLeaf(lf, root) {
				anyOK = anyOK || r.ok
			}
			require.Equal(t, x.leaves[lf.key].Match(event), anyOK, "condition %s on %s", lf.key, event)
		}
	}
}

func hasDuplicateKey(r gjson.Result) bool {
	dup := false
	if r.IsObject() {
		seen := map[string]bool{}
		r.ForEach(func(k, v gjson.Result) bool {
			dup = dup || seen[k.Str] || hasDuplicateKey(v)
			seen[k.Str] = true
			return !dup
		})
	} else if r.IsArray() {
		r.ForEach(func(_, v gjson.Result) bool {
			dup = dup || hasDuplicateKey(v)
			return !dup
		})
	}
	return dup
}
