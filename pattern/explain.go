package pattern

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// Explain: why an event does not match a pattern.
//
// A pattern is compiled into branches: the combinations of its "$or"
// alternatives, each a conjunction of field conditions (a pattern without
// "$or" is one branch). The event matches when one branch does. Explain
// reports every branch and, in each, every condition: the field's path,
// the pattern's values there (any one of which must hold), whether it holds,
// and what the event has at that path, or that it has nothing.
//
// The verdicts are the matcher's own: each branch, and each condition on
// its own, is run through the same engine Match uses, so Explain never
// disagrees with Match. What Explain adds is the reading of the event at
// each path, and, when a branch fails only because its conditions hold in
// different elements of an event array (array consistency: "Anna" in one
// employee, "Jones" in another), the element that came closest: the one in
// which the most conditions hold. The conditions are then reported as they
// stand in that element.
//
// Explain allocates freely: it is a tool for a person looking at one event.
// The first call builds one small engine per branch and per condition, kept
// on the Pattern for later calls; Match never touches them.

// Explanation is the verdict of a pattern on one event, branch by branch.
// String renders it for a person; the fields, with their JSON tags, serve
// programs.
type Explanation struct {
	// Matched is Match's verdict.
	Matched bool `json:"matched"`
	// Error is set when the event is not valid JSON; Branches is then empty.
	Error string `json:"error,omitempty"`
	// Branches are the pattern's alternatives, in the order of its "$or"
	// expansion.
	Branches []Branch `json:"branches"`
}

// Branch is one alternative of a pattern: a set of conditions that must all
// hold.
type Branch struct {
	Matched bool `json:"matched"`
	// Element names the event array element that came closest
	// ("employees[1]"), when the branch fails and reads fields inside an
	// array; its Conditions then say what holds in that element.
	Element    string      `json:"element,omitempty"`
	Conditions []Condition `json:"conditions"`
}

// Condition is one field's test within a branch.
type Condition struct {
	// Path is the field's dotted path ("detail.state").
	Path string `json:"path"`
	// Tests are the pattern's values for the field; one must hold.
	Tests []Test `json:"tests"`
	// Matched says whether the condition holds (in the branch's Element,
	// when it names one).
	Matched bool `json:"matched"`
	// Absent says the event has no value at Path.
	Absent bool `json:"absent"`
	// Found are the event's values at Path (within the branch's Element,
	// when it names one), as JSON; the elements of arrays are listed one
	// by one.
	Found []json.RawMessage `json:"found,omitempty"`
}

// Test is one value of a condition: an operator and its operand as the
// pattern writes them. A literal ("running", 5, null) has the operator
// "equals"; {"prefix": "a"} has "prefix" and the operand "a".
type Test struct {
	Operator string          `json:"operator"`
	Operand  json.RawMessage `json:"operand"`
}

// explainer holds the engines Explain runs: one per branch and one per
// condition, by leaf key.
type explainer struct {
	branches []*Pattern
	leaves   map[string]*Pattern
}

func (p *Pattern) explainer() *explainer {
	p.explainOnce.Do(func() {
		x := &explainer{leaves: map[string]*Pattern{}}
		for _, b := range p.branches {
			x.branches = append(x.branches, &Pattern{src: p.src, branches: []branch{b}})
			for _, lf := range b {
				if x.leaves[lf.key] == nil {
					x.leaves[lf.key] = &Pattern{src: p.src, branches: []branch{{lf}}}
				}
			}
		}
		p.explain = x
	})
	return p.explain
}

// Explain reports why event does or does not match the pattern (see
// Explanation). It never changes Match's verdict or speed.
func (p *Pattern) Explain(event []byte) *Explanation {
	ex := &Explanation{Matched: p.Match(event), Branches: []Branch{}}
	if !gjson.ValidBytes(event) {
		ex.Error = "the event is not valid JSON"
		return ex
	}
	x := p.explainer()
	root := gjson.ParseBytes(event)
	for bi, b := range p.branches {
		ex.Branches = append(ex.Branches, x.branch(b, x.branches[bi].Match(event), root, event))
	}
	return ex
}

// reading is one event value at a condition's path, with the array
// elements crossed to reach it and whether it satisfies the condition.
type reading struct {
	raw   json.RawMessage
	elems []elemPos
	ok    bool
}

// elemPos is one array element on the way to a value: the array, named by
// its path with the indexes of enclosing arrays ("a[0].b"), and the index.
type elemPos struct {
	array string
	index int
}

func (x *explainer) branch(b branch, matched bool, root gjson.Result, event []byte) Branch {
	out := Branch{Matched: matched}
	reads := make([][]reading, len(b))
	for i := range b {
		reads[i] = readLeaf(&b[i], root)
	}
	var closest []elemPos
	if !matched {
		keepShared(b, reads)
		closest = closestElement(b, reads)
	}
	if len(closest) > 0 {
		last := closest[len(closest)-1]
		out.Element = last.array + "[" + strconv.Itoa(last.index) + "]"
	}
	for i := range b {
		lf := &b[i]
		c := Condition{Path: strings.Join(lf.path, "."), Tests: tests(lf)}
		rs := reads[i]
		if len(closest) > 0 && !lf.absent {
			var in []reading
			for _, r := range rs {
				if consistent(r.elems, closest) {
					in = append(in, r)
				}
			}
			rs = in
			for _, r := range rs {
				c.Matched = c.Matched || r.ok
			}
		} else {
			c.Matched = matched || x.leaves[lf.key].Match(event)
		}
		c.Absent = len(rs) == 0
		for _, r := range rs {
			c.Found = append(c.Found, r.raw)
		}
		out.Conditions = append(out.Conditions, c)
	}
	return out
}

// keepShared drops from the readings every array that fewer than two of
// b's conditions read through: array consistency concerns only the arrays
// conditions share.
func keepShared(b branch, reads [][]reading) {
	users := map[string]int{}
	for i := range reads {
		if b[i].absent {
			continue
		}
		seen := map[string]bool{}
		for _, r := range reads[i] {
			for _, e := range r.elems {
				if !seen[e.array] {
					seen[e.array] = true
					users[e.array]++
				}
			}
		}
	}
	for i := range reads {
		for j := range reads[i] {
			r := &reads[i][j]
			var kept []elemPos
			for _, e := range r.elems {
				if users[e.array] > 1 {
					kept = append(kept, e)
				}
			}
			r.elems = kept
		}
	}
}

// closestElement returns the array elements in which the most of b's
// conditions hold, or nil when b reads no arrays.
func closestElement(b branch, reads [][]reading) []elemPos {
	var best []elemPos
	bestScore := -1
	for i := range reads {
		for _, cand := range reads[i] {
			if len(cand.elems) == 0 {
				continue
			}
			score := 0
			for j := range reads {
				if b[j].absent {
					continue
				}
				for _, r := range reads[j] {
					if r.ok && consistent(r.elems, cand.elems) {
						score++
						break
					}
				}
			}
			if score > bestScore {
				best, bestScore = cand.elems, score
			}
		}
	}
	return best
}

// consistent reports whether two values can sit in one array element: they
// agree on the index of every array both of them cross.
func consistent(a, b []elemPos) bool {
	for _, x := range a {
		for _, y := range b {
			if x.array == y.array && x.index != y.index {
				return false
			}
		}
	}
	return true
}

// readLeaf returns the event's values at lf's path.
func readLeaf(lf *leaf, root gjson.Result) []reading {
	var out []reading
	collect(root, lf.path, "", nil, func(r gjson.Result, elems []elemPos) {
		rd := reading{raw: json.RawMessage(r.Raw), elems: elems}
		if !lf.absent {
			v := toValue(r)
			for i := range lf.ops {
				if holds(&lf.ops[i], &v) {
					rd.ok = true
					break
				}
			}
		}
		out = append(out, rd)
	})
	return out
}

// collect calls fn with every value at path below r, flattening arrays on
// the way and at the end, as the matcher reads them.
func collect(r gjson.Result, path []string, name string, elems []elemPos, fn func(gjson.Result, []elemPos)) {
	if r.IsArray() {
		for i, el := range r.Array() {
			e := elems
			if len(path) > 0 {
				// An array of objects, whose elements array consistency
				// keeps apart. (The elements of an array holding the
				// value itself are just alternatives.)
				e = append(append([]elemPos(nil), elems...), elemPos{array: name, index: i})
			}
			collect(el, path, name+"["+strconv.Itoa(i)+"]", e, fn)
		}
		return
	}
	if len(path) == 0 {
		fn(r, elems)
		return
	}
	if !r.IsObject() {
		return
	}
	sub := path[0]
	if name != "" {
		sub = name + "." + path[0]
	}
	r.ForEach(func(k, v gjson.Result) bool {
		if k.Str == path[0] {
			collect(v, path[1:], sub, elems, fn)
		}
		return true
	})
}

// toValue converts one event value to what the operators test.
func toValue(r gjson.Result) value {
	v := value{numBuf: new([]byte), buf: new([]byte)}
	switch r.Type {
	case gjson.String:
		v.kind, v.str = jString, []byte(r.Str)
	case gjson.Number:
		v.kind, v.tok = jNumber, []byte(r.Raw)
		v.f = parseFloat(v.tok)
	case gjson.True, gjson.False:
		v.kind, v.tok = jBool, []byte(r.Raw)
	case gjson.Null:
		v.kind = jNull
	default:
		v.kind = jObject
	}
	return v
}

// holds reports whether one event value satisfies one operator.
func holds(o *op, v *value) bool {
	if v.kind == jObject {
		return false // an object is not a value: no operator speaks of it
	}
	str := func() bool { return v.kind == jString }
	switch o.kind {
	case opString:
		return str() && string(v.str) == o.str
	case opNumber:
		return v.kind == jNumber && v.numberEquals(&o.num)
	case opTrue:
		return v.kind == jBool && string(v.tok) == "true"
	case opFalse:
		return v.kind == jBool && string(v.tok) == "false"
	case opNull:
		return v.kind == jNull
	case opPrefix:
		return str() && bytes.HasPrefix(v.str, []byte(o.str))
	case opSuffix:
		return str() && bytes.HasSuffix(v.str, []byte(o.str))
	case opPrefixFold:
		return str() && bytes.HasPrefix(v.folded(), []byte(o.str))
	case opSuffixFold:
		return str() && bytes.HasSuffix(v.folded(), []byte(o.str))
	case opEqualsFold:
		return str() && string(v.folded()) == o.str
	case opExists:
		return true
	}
	return o.match(v)
}

// tests lists a condition's values as the pattern writes them.
func tests(lf *leaf) []Test {
	out := make([]Test, 0, len(lf.src))
	for _, el := range lf.src {
		if el.kind == jObject && len(el.obj) == 1 {
			out = append(out, Test{Operator: el.obj[0].key, Operand: el.obj[0].val.appendJSON(nil)})
			continue
		}
		out = append(out, Test{Operator: "equals", Operand: el.appendJSON(nil)})
	}
	return out
}

// String renders the explanation: the verdict, then, for each branch that
// fails, the conditions that do not hold and what the event has there.
func (e *Explanation) String() string {
	var b strings.Builder
	switch {
	case e.Error != "":
		fmt.Fprintf(&b, "no match: %s", e.Error)
		return b.String()
	case e.Matched:
		b.WriteString("match")
	default:
		b.WriteString("no match")
	}
	one := len(e.Branches) == 1
	for i, br := range e.Branches {
		if !one {
			fmt.Fprintf(&b, "\nbranch %d of %d: ", i+1, len(e.Branches))
			if br.Matched {
				b.WriteString("matches")
			} else {
				b.WriteString("fails")
			}
		}
		if br.Matched {
			continue
		}
		if br.Element != "" {
			fmt.Fprintf(&b, " (closest array element: %s)", br.Element)
		}
		for _, c := range br.Conditions {
			if !c.Matched {
				fmt.Fprintf(&b, "\n  %s: %s, wants %s", c.Path, c.found(), c.wants())
			}
		}
	}
	return b.String()
}

// maxShown bounds how much of an event value String prints.
const maxShown = 80

func (c *Condition) found() string {
	if c.Absent {
		return "absent"
	}
	parts := make([]string, len(c.Found))
	for i, raw := range c.Found {
		s := string(raw)
		if len(s) > maxShown {
			s = s[:maxShown] + "..."
		}
		parts[i] = s
	}
	return "has " + strings.Join(parts, ", ")
}

func (c *Condition) wants() string {
	parts := make([]string, len(c.Tests))
	for i, t := range c.Tests {
		if t.Operator == "equals" {
			parts[i] = string(t.Operand)
			continue
		}
		op, _ := json.Marshal(t.Operator)
		parts[i] = "{" + string(op) + ":" + string(t.Operand) + "}"
	}
	return strings.Join(parts, " or ")
}
