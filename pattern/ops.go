package pattern

import (
	"net/netip"
	"slices"
	"strings"
	"unicode/utf8"
)

// opKind names one leaf operator of the pattern language.
type opKind uint8

const (
	opString      opKind = iota // "literal"
	opNumber                    // 42: by value (representable) or by decimal
	opTrue                      // true
	opFalse                     // false
	opNull                      // null
	opPrefix                    // {"prefix": s}
	opPrefixFold                // {"prefix": {"equals-ignore-case": s}}
	opSuffix                    // {"suffix": s}
	opSuffixFold                // {"suffix": {"equals-ignore-case": s}}
	opEqualsFold                // {"equals-ignore-case": s}
	opWildcard                  // {"wildcard": s}
	opAnythingBut               // {"anything-but": ...}; see abKind
	opNumeric                   // {"numeric": [...]}
	opExists                    // {"exists": true}
	opCIDR                      // {"cidr": "10.0.0.0/8"}
)

// abKind is the form of an anything-but.
type abKind uint8

const (
	abStrings abKind = iota // "x" or ["x", "y"]
	abNumbers               // 5 or [5, 6]
	abPrefix
	abSuffix
	abFold
	abWildcard
)

// numberLit is a numeric literal, classified as number.go explains.
type numberLit struct {
	repr bool    // compared as a float64
	key  uint64  // floatKey, when repr
	dec  string  // canonical decimal, when !repr
	f    float64 // value
}

func newNumberLit(text string) numberLit {
	f := parseFloat([]byte(text))
	repr, _ := representable([]byte(text), f, nil)
	if repr {
		return numberLit{repr: true, key: floatKey(f), f: f}
	}
	return numberLit{dec: string(appendDecimal(nil, []byte(text))), f: f}
}

// numericRange is a numeric condition: lo <(=) v <(=) hi, with
// ±Inf standing for a missing bound.
type numericRange struct {
	lo, hi       float64
	loInc, hiInc bool
}

func (r numericRange) contains(f float64) bool {
	if f != f { // NaN
		return false
	}
	if f < r.lo || (f == r.lo && !r.loInc) {
		return false
	}
	if f > r.hi || (f == r.hi && !r.hiInc) {
		return false
	}
	return true
}

// op is one compiled leaf operator.
type op struct {
	kind opKind
	str  string    // string operand; folded for the *Fold kinds
	num  numberLit // opNumber
	rng  numericRange
	pfx  netip.Prefix // opCIDR, masked

	ab    abKind
	strs  []string // anything-but strings, prefixes, suffixes (folded for abFold)
	nums  []numberLit
	wilds []*wildcard // opWildcard (one) or anything-but wildcards
}

// value is one event value as the matcher sees it: its JSON kind and, for
// strings, the decoded bytes; for numbers, the token, its float value and
// its classification.
type value struct {
	kind jkind
	str  []byte // decoded string
	tok  []byte // number or literal token
	f    float64
	// repr and dec classify a number for equality (see number.go). That
	// costs a float formatting round trip for long mantissas, so it is done
	// only when an equality test needs it.
	classified bool
	repr       bool
	dec        []byte  // canonical decimal when !repr
	numBuf     *[]byte // scratch for dec
	fold       []byte  // folded str, valid when isFolded
	buf        *[]byte // scratch the fold is built in
	isFolded   bool
}

// folded returns the case-folded string, computing it once per value.
func (v *value) folded() []byte {
	if !v.isFolded {
		*v.buf = foldASCII((*v.buf)[:0], v.str)
		v.fold = *v.buf
		v.isFolded = true
	}
	return v.fold
}

// foldASCII is appendFold with a fast path for the usual all-ASCII value:
// one bounds check for the whole value instead of an append per byte.
func foldASCII(dst, s []byte) []byte {
	g := slices.Grow(dst, len(s))
	out := g[len(dst) : len(dst)+len(s)]
	for i, c := range s {
		if c >= utf8.RuneSelf {
			return appendFold(dst, s)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return g[:len(dst)+len(s)]
}

// match reports whether v satisfies one of the operators that are tested
// one by one (index.go sends every other kind to a hash or affix index).
func (o *op) match(v *value) bool {
	switch o.kind {
	case opWildcard:
		return v.kind == jString && o.wilds[0].match(v.str)
	case opNumeric:
		if v.kind != jNumber || !o.rng.contains(v.f) {
			return false
		}
		v.classify() // only numbers a float64 holds exactly (number.go)
		return v.repr
	case opCIDR:
		if v.kind != jString {
			return false
		}
		a, err := netip.ParseAddr(bytesView(v.str))
		if err != nil || a.Zone() != "" {
			return false
		}
		if o.pfx.Addr().Is4() {
			a = a.Unmap()
		}
		return o.pfx.Contains(a)
	case opAnythingBut:
		return !o.excludes(v)
	}
	return false
}

// excludes reports whether an anything-but excludes v. Values of a type the
// anything-but does not speak about are never excluded.
func (o *op) excludes(v *value) bool {
	switch o.ab {
	case abStrings:
		return v.kind == jString && slices.Contains(o.strs, bytesView(v.str))
	case abNumbers:
		if v.kind != jNumber {
			return false
		}
		for i := range o.nums {
			if v.numberEquals(&o.nums[i]) {
				return true
			}
		}
		return false
	case abPrefix, abSuffix, abFold, abWildcard:
		if v.kind != jString {
			return false
		}
	}
	s := bytesView(v.str)
	switch o.ab {
	case abPrefix:
		for _, p := range o.strs {
			if strings.HasPrefix(s, p) {
				return true
			}
		}
	case abSuffix:
		for _, p := range o.strs {
			if strings.HasSuffix(s, p) {
				return true
			}
		}
	case abFold:
		return slices.Contains(o.strs, bytesView(v.folded()))
	case abWildcard:
		for _, w := range o.wilds {
			if w.match(v.str) {
				return true
			}
		}
	}
	return false
}

// classify fills repr and dec once.
func (v *value) classify() {
	if v.classified {
		return
	}
	v.classified = true
	v.repr, *v.numBuf = representable(v.tok, v.f, *v.numBuf)
	if !v.repr {
		*v.numBuf = appendDecimal((*v.numBuf)[:0], v.tok)
		v.dec = *v.numBuf
	}
}

// numberEquals compares an event number with a literal.
func (v *value) numberEquals(n *numberLit) bool {
	v.classify()
	if v.repr != n.repr {
		return false
	}
	if v.repr {
		return floatKey(v.f) == n.key
	}
	return bytesView(v.dec) == n.dec
}
