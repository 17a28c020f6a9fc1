package pattern

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Limits bound what Compile accepts, so that no pattern can exhaust memory
// or the stack. The zero value of a field means its default.
type Limits struct {
	// MaxBytes is the largest pattern source accepted. Default 1 MiB.
	// (EventBridge's own limit on a rule's pattern, 2048 characters by
	// default, is enforced by package bus.)
	MaxBytes int
	// MaxDepth is the deepest object nesting accepted. Default 100.
	MaxDepth int
	// MaxCombinations bounds the number of alternatives "$or" and
	// multi-valued exists:false leaves may expand into. Default 1000, as in
	// EventBridge.
	MaxCombinations int
	// MaxWildcardComplexity bounds a rule's wildcard complexity as
	// EventBridge measures it: the largest number of wildcard-pattern
	// prefixes one event value can keep alive at once, counted over all
	// "wildcard" and anything-but "wildcard" values of a field together (see
	// complexity.go). A rule over the limit is rejected with EventBridge's
	// "Rule is too complex" message. Default 10, which reproduces every
	// answer recorded from EventBridge.
	MaxWildcardComplexity int
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 1 << 20
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 100
	}
	if l.MaxCombinations <= 0 {
		l.MaxCombinations = 1000
	}
	if l.MaxWildcardComplexity <= 0 {
		l.MaxWildcardComplexity = defaultWildcardComplexity
	}
	return l
}

// leaf is one field condition: the value at path must satisfy one of ops.
// An absent leaf ({"exists": false}) instead requires that no value be
// there.
type leaf struct {
	path   []string
	ops    []op
	absent bool
	// key identifies the condition: the path and the operators' JSON.
	// Leaves with equal keys are the same condition, which a Matcher
	// evaluates once however many rules have it.
	key string
	// src holds the pattern's values for the condition, as written, for
	// Explain.
	src []*jvalue
}

// branch is a conjunction of leaves. A pattern is the disjunction of its
// branches: "$or" is expanded at compile time into this normal form, which
// is what lets the matcher count conditions instead of evaluating a tree.
type branch []leaf

type compiler struct {
	lim Limits
	// sources holds, by leaf key, the values of the leaf that count toward
	// wildcard complexity; pending collects them while a leaf compiles.
	sources map[string][]wildcardSource
	pending []wildcardSource
	// extra holds ops that one pattern value compiled into beyond the
	// first (see foldOps).
	extra []op
	// orIsField compiles "$or" as an ordinary field name (see
	// compileObject).
	orIsField bool
}

func (c *compiler) errf(path []string, format string, args ...any) *CompileError {
	return &CompileError{Path: strings.Join(path, "."), Msg: fmt.Sprintf(format, args...)}
}

// object compiles a pattern object (the whole pattern, a nested field or a
// "$or" alternative) into its branches. inOr says the object is, or is
// inside, a "$or" alternative, where operator names are reserved.
//
// Fields combine in source order, and a field written again replaces what
// an earlier one said about the same path, in every branch: so a field
// inside a "$or" alternative replaces the same field outside it for that
// alternative. That is event-ruler's JsonRuleCompiler, which keeps one map
// of path to values per branch and overwrites the path's entry on each
// write (writeRules, "rule.put(name, values)"); its test
// testMoreCaseOfOrRelationshipRules shows the resulting sub-rules.
func (c *compiler) object(path []string, v *jvalue, inOr bool) ([]branch, error) {
	if v.kind != jObject {
		return nil, c.errf(path, "expected an object, got %s", v.kind)
	}
	if len(v.obj) == 0 {
		return nil, c.errf(path, "an object in a pattern must not be empty")
	}
	out := []branch{nil}
	for _, m := range v.obj {
		var alts []branch
		if m.key == "$or" && !c.orIsField {
			var err error
			if alts, err = c.or(path, m.val); err != nil {
				return nil, err
			}
		} else {
			sub := append(append([]string(nil), path...), strings.Split(m.key, ".")...)
			if inOr && reservedInOr[m.key] {
				return nil, c.errf(sub, "%q is an operator name and cannot be used as a field name inside \"$or\"", m.key)
			}
			var err error
			switch m.val.kind {
			case jObject:
				alts, err = c.object(sub, m.val, inOr)
			case jArray:
				alts, err = c.leaf(sub, m.val)
			default:
				err = c.errf(sub, "a field's value must be an array of values or an object, got %s", m.val.kind)
			}
			if err != nil {
				return nil, err
			}
		}
		if len(out)*len(alts) > c.lim.MaxCombinations {
			return nil, c.errf(path, "the pattern expands into more than %d combinations; use fewer \"$or\" alternatives", c.lim.MaxCombinations)
		}
		next := make([]branch, 0, len(out)*len(alts))
		for _, a := range out {
			for _, b := range alts {
				next = append(next, overwrite(a, b))
			}
		}
		out = next
	}
	return out, nil
}

// overwrite returns the branch a AND b, in which b's leaves replace a's
// leaves on the same paths.
func overwrite(a, b branch) branch {
	out := make(branch, 0, len(a)+len(b))
	for _, l := range a {
		if !slices.ContainsFunc(b, func(n leaf) bool { return slices.Equal(n.path, l.path) }) {
			out = append(out, l)
		}
	}
	return append(out, b...)
}

// reservedInOr are the names event-ruler reserves inside "$or"
// alternatives (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP): a field
// of one of these names inside "$or" is rejected, since it is almost
// certainly an operator written one level too high.
var reservedInOr = map[string]bool{
	"exactly": true, "equals-ignore-case": true, "prefix": true, "suffix": true,
	"anything-but": true, "exists": true, "wildcard": true, "numeric": true, "cidr": true,
	"=": true, "<": true, "<=": true, ">": true, ">=": true,
	"regex": true, "not-wildcard": true, "not-equals-ignore-case": true,
	"date-after": true, "date-on-or-after": true, "date-before": true, "date-on-or-before": true,
	"in-date-range": true, "ip-address-in-range": true, "ip-address-not-in-range": true,
}

// or compiles a "$or" array: the union of its alternatives' branches.
func (c *compiler) or(path []string, v *jvalue) ([]branch, error) {
	orPath := append(append([]string(nil), path...), "$or")
	if v.kind != jArray {
		return nil, c.errf(orPath, "\"$or\" takes an array of at least two objects, got %s", v.kind)
	}
	if len(v.arr) < 2 {
		return nil, c.errf(orPath, "\"$or\" takes an array of at least two objects, got %d", len(v.arr))
	}
	var out []branch
	for _, alt := range v.arr {
		if alt.kind != jObject {
			return nil, c.errf(orPath, "\"$or\" takes an array of objects, got %s", alt.kind)
		}
		bs, err := c.object(path, alt, true)
		if err != nil {
			return nil, err
		}
		out = append(out, bs...)
		if len(out) > c.lim.MaxCombinations {
			return nil, c.errf(orPath, "the pattern expands into more than %d combinations; use fewer \"$or\" alternatives", c.lim.MaxCombinations)
		}
	}
	return out, nil
}

// leaf compiles a field's array of values. exists:false cannot share a
// branch with the other values (one says "absent", the others "present
// with a value"), so a leaf mixing them becomes two alternatives.
func (c *compiler) leaf(path []string, v *jvalue) ([]branch, error) {
	if len(v.arr) == 0 {
		return nil, c.errf(path, "a field's array of values must not be empty")
	}
	present := leaf{path: path}
	var absent *jvalue // the {"exists": false} element, if any
	c.pending = c.pending[:0]
	for _, el := range v.arr {
		o, isAbsent, err := c.op(path, el)
		if err != nil {
			return nil, err
		}
		if isAbsent {
			absent = el
			continue
		}
		present.src = append(present.src, el)
		present.ops = append(present.ops, o)
		present.ops = append(present.ops, c.extra...)
		c.extra = c.extra[:0]
	}
	pathKey := strings.Join(path, "\x00") + "\x01"
	var out []branch
	if len(present.ops) > 0 {
		var vals []byte
		for _, el := range v.arr {
			if !isExistsFalse(el) {
				vals = el.appendJSON(append(vals, ','))
			}
		}
		present.key = pathKey + string(vals)
		if len(c.pending) > 0 {
			if c.sources == nil {
				c.sources = map[string][]wildcardSource{}
			}
			c.sources[present.key] = append([]wildcardSource(nil), c.pending...)
		}
		out = append(out, branch{present})
	}
	if absent != nil {
		out = append(out, branch{{path: path, absent: true, key: pathKey + "absent", src: []*jvalue{absent}}})
	}
	return out, nil
}

// op compiles one element of a leaf array.
func (c *compiler) op(path []string, v *jvalue) (op, bool, error) {
	switch v.kind {
	case jString:
		return op{kind: opString, str: v.text}, false, nil
	case jNumber:
		return op{kind: opNumber, num: newNumberLit(v.text)}, false, nil
	case jBool:
		if v.b {
			return op{kind: opTrue}, false, nil
		}
		return op{kind: opFalse}, false, nil
	case jNull:
		return op{kind: opNull}, false, nil
	case jArray:
		return op{}, false, c.errf(path, "a value in a field's array must not itself be an array")
	}
	if len(v.obj) != 1 {
		if len(v.obj) == 0 {
			return op{}, false, c.errf(path, "an operator object must not be empty")
		}
		return op{}, false, c.errf(path, "an operator object must hold exactly one operator, got %d", len(v.obj))
	}
	name, arg := v.obj[0].key, v.obj[0].val
	switch name {
	case "prefix", "suffix":
		kind, foldKind := opPrefix, opPrefixFold
		if name == "suffix" {
			kind, foldKind = opSuffix, opSuffixFold
		}
		if arg.kind == jObject && len(arg.obj) == 1 && arg.obj[0].key == "equals-ignore-case" {
			inner := arg.obj[0].val
			if inner.kind != jString {
				return op{}, false, c.errf(path, "%q with \"equals-ignore-case\" takes a string, got %s", name, inner.kind)
			}
			return c.foldOps(foldKind, inner.text), false, nil
		}
		if arg.kind != jString {
			return op{}, false, c.errf(path, "%q takes a string or {\"equals-ignore-case\": string}, got %s", name, arg.kind)
		}
		return op{kind: kind, str: arg.text}, false, nil
	case "equals-ignore-case":
		if arg.kind != jString {
			return op{}, false, c.errf(path, "\"equals-ignore-case\" takes a string, got %s", arg.kind)
		}
		return c.foldOps(opEqualsFold, arg.text), false, nil
	case "wildcard":
		if arg.kind != jString {
			return op{}, false, c.errf(path, "\"wildcard\" takes a string, got %s", arg.kind)
		}
		w, err := c.wildcard(path, arg.text)
		if err != nil {
			return op{}, false, err
		}
		c.pending = append(c.pending, newWildcardSource(false, []string{arg.text}))
		return op{kind: opWildcard, wilds: []*wildcard{w}}, false, nil
	case "exists":
		if arg.kind != jBool {
			return op{}, false, c.errf(path, "\"exists\" takes true or false, got %s", arg.kind)
		}
		return op{kind: opExists}, !arg.b, nil
	case "numeric":
		r, err := c.numeric(path, arg)
		return op{kind: opNumeric, rng: r}, false, err
	case "cidr":
		if arg.kind != jString {
			return op{}, false, c.errf(path, "\"cidr\" takes a string like \"10.0.0.0/24\", got %s", arg.kind)
		}
		p, err := netip.ParsePrefix(arg.text)
		if err != nil || p.Addr().Zone() != "" {
			return op{}, false, c.errf(path, "\"cidr\" takes an IP prefix like \"10.0.0.0/24\" or \"2001:db8::/32\", got %q", arg.text)
		}
		return op{kind: opCIDR, pfx: p.Masked()}, false, nil
	case "anything-but":
		o, err := c.anythingBut(path, arg)
		return o, false, err
	}
	return op{}, false, c.errf(path, "unknown operator %q", name)
}

// foldOps compiles an equals-ignore-case literal (plain, prefix or suffix)
// into one op per canonical key (fold.go): the first is returned, the rest
// wait in c.extra for leaf to add as alternatives.
func (c *compiler) foldOps(kind opKind, s string) op {
	keys := patternFoldKeys(s)
	for _, k := range keys[1:] {
		c.extra = append(c.extra, op{kind: kind, str: k})
	}
	return op{kind: kind, str: keys[0]}
}

func (c *compiler) wildcard(path []string, s string) (*wildcard, error) {
	w, err := parseWildcard(s)
	if err != nil {
		return nil, c.errf(path, "\"wildcard\" %q: %v", s, err)
	}
	return w, nil
}

// numeric compiles [op, n] or [">"|">=", lo, "<"|"<=", hi].
func (c *compiler) numeric(path []string, v *jvalue) (numericRange, error) {
	r := numericRange{lo: negInf, hi: posInf}
	if v.kind != jArray {
		return r, c.errf(path, "\"numeric\" takes an array like [\">\", 0, \"<=\", 5], got %s", v.kind)
	}
	if len(v.arr) != 2 && len(v.arr) != 4 {
		return r, c.errf(path, "\"numeric\" takes [operator, number] or [\">\"|\">=\", low, \"<\"|\"<=\", high], got %d elements", len(v.arr))
	}
	var lo, hi bool
	for i := 0; i < len(v.arr); i += 2 {
		opv, num := v.arr[i], v.arr[i+1]
		if opv.kind != jString {
			return r, c.errf(path, "\"numeric\" operator must be one of =, <, <=, >, >=, got %s", opv.kind)
		}
		if num.kind != jNumber {
			return r, c.errf(path, "\"numeric\" %q takes a number, got %s", opv.text, num.kind)
		}
		f, err := c.comparable(path, "\"numeric\" bound", num.text)
		if err != nil {
			return r, err
		}
		switch opv.text {
		case "=":
			if len(v.arr) != 2 {
				return r, c.errf(path, "\"numeric\" \"=\" cannot be combined with another operator")
			}
			r = numericRange{lo: f, hi: f, loInc: true, hiInc: true}
		case ">", ">=":
			if lo || (i == 2) {
				return r, c.errf(path, "\"numeric\" range must be [\">\"|\">=\", low, \"<\"|\"<=\", high]")
			}
			lo, r.lo, r.loInc = true, f, opv.text == ">="
		case "<", "<=":
			if hi || (i == 0 && len(v.arr) == 4) {
				return r, c.errf(path, "\"numeric\" range must be [\">\"|\">=\", low, \"<\"|\"<=\", high]")
			}
			hi, r.hi, r.hiInc = true, f, opv.text == "<="
		default:
			return r, c.errf(path, "\"numeric\" operator must be one of =, <, <=, >, >=, got %q", opv.text)
		}
	}
	if lo && hi && !(r.lo < r.hi) {
		return r, c.errf(path, "\"numeric\" range low bound must be less than its high bound")
	}
	return r, nil
}

// comparable parses a number that must compare by value (a numeric bound
// or an anything-but number) and rejects one a float64 does not hold
// exactly, as event-ruler does (ComparableNumber.generate, "Cannot compare
// number"; number.go explains).
func (c *compiler) comparable(path []string, what, text string) (float64, error) {
	f := parseFloat([]byte(text))
	if ok, _ := representable([]byte(text), f, nil); !ok {
		if f != f {
			return 0, c.errf(path, "%s %s is outside the range of a 64-bit float", what, text)
		}
		return 0, c.errf(path, "%s %s cannot be compared exactly: a 64-bit float cannot hold it (nearest: %s)", what, text, strconv.FormatFloat(f, 'g', -1, 64))
	}
	return f, nil
}

// anythingBut compiles every form of anything-but.
func (c *compiler) anythingBut(path []string, v *jvalue) (op, error) {
	o := op{kind: opAnythingBut}
	switch v.kind {
	case jString:
		o.ab, o.strs = abStrings, []string{v.text}
		return o, nil
	case jNumber:
		if _, err := c.comparable(path, "\"anything-but\" number", v.text); err != nil {
			return o, err
		}
		o.ab, o.nums = abNumbers, []numberLit{newNumberLit(v.text)}
		return o, nil
	case jArray:
		if len(v.arr) == 0 {
			return o, c.errf(path, "\"anything-but\" list must not be empty")
		}
		first := v.arr[0].kind
		if first != jString && first != jNumber {
			return o, c.errf(path, "\"anything-but\" list takes strings or numbers, got %s", first)
		}
		for _, el := range v.arr {
			if el.kind != first {
				return o, c.errf(path, "\"anything-but\" list must be all strings or all numbers, got %s and %s", first, el.kind)
			}
			if first == jString {
				o.strs = append(o.strs, el.text)
				continue
			}
			if _, err := c.comparable(path, "\"anything-but\" number", el.text); err != nil {
				return o, err
			}
			o.nums = append(o.nums, newNumberLit(el.text))
		}
		o.ab = abStrings
		if first == jNumber {
			o.ab = abNumbers
		}
		return o, nil
	case jObject:
	default:
		return o, c.errf(path, "\"anything-but\" takes a string, a number, a list or an operator object, got %s", v.kind)
	}
	if len(v.obj) != 1 {
		return o, c.errf(path, "\"anything-but\" object must hold exactly one of prefix, suffix, equals-ignore-case or wildcard")
	}
	name, arg := v.obj[0].key, v.obj[0].val
	var strs []string
	switch arg.kind {
	case jString:
		strs = []string{arg.text}
	case jArray:
		if len(arg.arr) == 0 {
			return o, c.errf(path, "\"anything-but\" %q list must not be empty", name)
		}
		for _, el := range arg.arr {
			if el.kind != jString {
				return o, c.errf(path, "\"anything-but\" %q takes strings, got %s", name, el.kind)
			}
			strs = append(strs, el.text)
		}
	default:
		return o, c.errf(path, "\"anything-but\" %q takes a string or a list of strings, got %s", name, arg.kind)
	}
	switch name {
	case "prefix", "suffix":
		for _, s := range strs {
			if s == "" {
				// event-ruler's (and so EventBridge's) wording.
				return o, c.errf(path, "\"anything-but\" %q: Null prefix/suffix not allowed", name)
			}
		}
		o.ab, o.strs = abPrefix, strs
		if name == "suffix" {
			o.ab = abSuffix
		}
	case "equals-ignore-case":
		o.ab = abFold
		for _, s := range strs {
			o.strs = append(o.strs, patternFoldKeys(s)...)
		}
	case "wildcard":
		o.ab = abWildcard
		for _, s := range strs {
			w, err := c.wildcard(path, s)
			if err != nil {
				return o, err
			}
			o.wilds = append(o.wilds, w)
		}
		c.pending = append(c.pending, newWildcardSource(true, strs))
	default:
		return o, c.errf(path, "unknown operator %q inside \"anything-but\"; use prefix, suffix, equals-ignore-case or wildcard", name)
	}
	return o, nil
}

// isExistsFalse reports whether v is {"exists": false}.
func isExistsFalse(v *jvalue) bool {
	return v.kind == jObject && len(v.obj) == 1 && v.obj[0].key == "exists" &&
		v.obj[0].val.kind == jBool && !v.obj[0].val.b
}
