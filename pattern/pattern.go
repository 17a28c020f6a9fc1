package pattern

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// Pattern is a compiled EventBridge event pattern. It is immutable and safe
// for concurrent use.
type Pattern struct {
	src      string
	branches []branch
	// eng is a one-pattern engine for Match, built on first use: patterns
	// that only ever go into a Matcher (as a bus's rules do) never pay for
	// it.
	once sync.Once
	eng  *engine
	pool sync.Pool // of *scratch
	// explain holds what Explain runs, built on its first call.
	explainOnce sync.Once
	explain     *explainer
}

// Compile compiles an EventBridge event pattern with the default Limits.
// An invalid pattern yields a *CompileError naming the offending field.
func Compile(src []byte) (*Pattern, error) {
	return CompileWith(src, Limits{})
}

// MustCompile is Compile for patterns known to be valid, such as constants
// in tests; it panics on error.
func MustCompile(src string) *Pattern {
	p, err := Compile([]byte(src))
	if err != nil {
		panic(err)
	}
	return p
}

// CompileWith compiles a pattern under the given limits.
func CompileWith(src []byte, lim Limits) (*Pattern, error) {
	lim = lim.withDefaults()
	if len(src) > lim.MaxBytes {
		return nil, &CompileError{Msg: fmt.Sprintf("the pattern is %d bytes, more than the limit of %d", len(src), lim.MaxBytes)}
	}
	if maxNesting(src, lim.MaxDepth) < 0 {
		return nil, &CompileError{Msg: fmt.Sprintf("the pattern nests deeper than %d levels", lim.MaxDepth)}
	}
	v, jerr := parseJSON(src)
	if jerr != nil {
		return nil, &CompileError{Msg: fmt.Sprintf("the pattern is not valid JSON: %s at offset %d", jerr.msg, jerr.off)}
	}
	if v.kind != jObject {
		return nil, &CompileError{Msg: fmt.Sprintf("a pattern must be a JSON object, got %s", v.kind)}
	}
	c, branches, err := compileObject(v, lim)
	if err != nil {
		return nil, err
	}
	if path, ok := checkComplexity(branches, c.sources, lim.MaxWildcardComplexity); !ok {
		return nil, &CompileError{Path: strings.Join(path, "."), Msg: errTooComplex, Err: ErrTooComplex}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, src); err != nil {
		return nil, &CompileError{Msg: "the pattern is not valid JSON: " + err.Error()}
	}
	return &Pattern{src: compact.String(), branches: branches}, nil
}

// compileObject compiles the pattern object v. A pattern that is invalid
// with "$or" read as EventBridge's OR is compiled once more with "$or" as an
// ordinary field name, and that reading is used if it is valid: event-ruler
// does the same (GenericMachine.addRule falls back from JsonRuleCompiler to
// the legacy RuleCompiler; test testOrFieldCanKeepWorkingInLegacyRuleCompiler),
// so {"$or": {"a": ["x"]}} is the field "$or.a" and {"$or": [{"cidr":
// "10.0.0.0/8"}]} a condition on the field "$or". When both readings are
// invalid the first one's error is reported.
func compileObject(v *jvalue, lim Limits) (*compiler, []branch, error) {
	c := &compiler{lim: lim}
	branches, err := c.object(nil, v, false)
	if err == nil || !mentionsOr(v) {
		return c, branches, err
	}
	legacy := &compiler{lim: lim, orIsField: true}
	if lb, lerr := legacy.object(nil, v, false); lerr == nil {
		return legacy, lb, nil
	}
	return c, nil, err
}

// mentionsOr reports whether an object key "$or" occurs anywhere in v.
func mentionsOr(v *jvalue) bool {
	for _, m := range v.obj {
		if m.key == "$or" || mentionsOr(m.val) {
			return true
		}
	}
	for _, el := range v.arr {
		if mentionsOr(el) {
			return true
		}
	}
	return false
}

// String returns the pattern's JSON source, compacted.
func (p *Pattern) String() string { return p.src }

// Match reports whether the event, an EventBridge event as JSON, matches
// the pattern. Invalid JSON does not match as far as Match reads it (see the
// package documentation). Match does not allocate and does not retain event.
func (p *Pattern) Match(event []byte) bool {
	p.once.Do(func() {
		p.eng = newEngine()
		p.eng.add(0, p)
	})
	s, _ := p.pool.Get().(*scratch)
	if s == nil {
		s = new(scratch)
	}
	s.reset(p.eng, 1)
	w := walker{e: p.eng, s: s}
	ok := len(w.accepted(event)) > 0
	p.pool.Put(s)
	return ok
}

// accepted walks ev and returns the branches that match it, in a slice of
// the scratch space.
func (w *walker) accepted(ev []byte) []int32 {
	s := w.s
	if !w.run(ev) {
		clear(s.fired)
		s.fired = s.fired[:0]
		return nil
	}
	w.candidates()
	out := s.cands[:0]
	for _, b := range s.cands {
		if w.accept(b) {
			out = append(out, b)
		}
	}
	for _, b := range w.e.zeroNeed {
		if w.accept(b) {
			out = append(out, b)
		}
	}
	if len(out) > 0 && !w.validRest(ev) {
		out = out[:0]
	}
	s.cands = out
	return out
}
