package pattern

import (
	"encoding/binary"
	"math"
	"net/netip"
	"slices"
	"sync"
)

// The operators that are not a plain hash lookup: numeric ranges,
// wildcards, cidr and anything-but. A field's operators of these kinds are
// kept in a persistent map (valueIndex.ops), which Add edits in O(log n),
// and compiled into the structures below the first time a value is
// evaluated against that version of the field's index. So adding 100,000
// rules stays linear, and the first event after a change pays for one
// build of the one field that changed.
//
//   - numeric ranges: an interval tree (itree.go), O(log n + hits);
//   - wildcards: one automaton for all of them (automaton.go);
//   - cidr: a map from each prefix length in use to the prefixes of that
//     length, so an address costs one lookup per distinct length;
//   - anything-but: indexed by what it excludes. An anything-but pred holds
//     for a value unless the value is one it excludes, so the walk looks
//     the value up in maps of excluded strings and numbers, affix maps of
//     excluded prefixes and suffixes, and an automaton of excluded
//     wildcards, and records the few preds that exclude it. Whether a pred
//     holds is then decided only for the branches that are candidates
//     (walk.go, "Anything-but"), so thousands of anything-but rules whose
//     other conditions fail cost nothing.
//
// An anything-but that shares its leaf with other values (["a",
// {"anything-but": "b"}]) cannot be decided by exclusion alone; such rare
// operators are evaluated one by one (linear).

// lazyIndex builds a field's compiled operators once, on first use, for
// whichever reader gets there first.
type lazyIndex struct {
	once sync.Once
	b    *builtIndex
}

func (l *lazyIndex) get(ops *pmap[opPreds]) *builtIndex {
	l.once.Do(func() { l.b = buildIndex(ops) })
	return l.b
}

// builtIndex is the compiled form of a field's ops. It is immutable.
type builtIndex struct {
	ranges *itree
	wild   *automaton
	cidr   cidrIndex
	linear []opPreds // anything-but operators evaluated one by one

	// Anything-but preds, by what they exclude.
	lazy        bool     // some anything-but pred is indexed here
	lazyAnchors predList // those that anchor branches
	xStrs       map[string]predList
	xNums       map[uint64]predList
	xDecs       map[string]predList
	xFold       map[string]predList
	xPrefix     affixMap
	xSuffix     affixMap
	xWild       *automaton
}

// affixMap is a built prefix (or suffix) index: the texts by value, and
// the distinct lengths in increasing order.
type affixMap struct {
	m    map[string]predList
	lens []int
}

func (a *affixMap) add(s string, p *pred) {
	if a.m == nil {
		a.m = map[string]predList{}
	}
	if _, ok := a.m[s]; !ok {
		if i, found := slices.BinarySearch(a.lens, len(s)); !found {
			a.lens = slices.Insert(a.lens, i, len(s))
		}
	}
	a.m[s] = append(a.m[s], p)
}

// cidrIndex maps each prefix length to the prefixes of that length.
type cidrIndex struct {
	m           map[netip.Prefix]predList
	bits4, bit6 []int
}

func (c *cidrIndex) add(p netip.Prefix, ps predList) {
	if c.m == nil {
		c.m = map[netip.Prefix]predList{}
	}
	if _, ok := c.m[p]; !ok {
		lens := &c.bit6
		if p.Addr().Is4() {
			lens = &c.bits4
		}
		if i, found := slices.BinarySearch(*lens, p.Bits()); !found {
			*lens = slices.Insert(*lens, i, p.Bits())
		}
	}
	c.m[p] = append(c.m[p], ps...)
}

func addTo[K comparable](m *map[K]predList, k K, ps ...*pred) {
	if *m == nil {
		*m = map[K]predList{}
	}
	(*m)[k] = append((*m)[k], ps...)
}

// buildIndex compiles ops.
func buildIndex(ops *pmap[opPreds]) *builtIndex {
	b := &builtIndex{}
	var ranges []rangePreds
	ops.each(func(key string, e opPreds) {
		o := e.op
		if key[0] == 'X' { // one anything-but pred, indexed by exclusion
			b.lazy = true
			for _, p := range e.preds {
				if p.anchored.n > 0 {
					b.lazyAnchors = append(b.lazyAnchors, p)
				}
			}
			b.addExclusions(o, e.preds)
			return
		}
		switch o.kind {
		case opNumeric:
			ranges = append(ranges, rangePreds{r: o.rng, preds: e.preds})
		case opWildcard:
			if b.wild == nil {
				b.wild = newAutomaton()
			}
			b.wild.add(o.wilds[0], e.preds)
		case opCIDR:
			b.cidr.add(o.pfx, e.preds)
		default:
			b.linear = append(b.linear, e)
		}
	})
	if len(ranges) > 0 {
		b.ranges = buildITree(ranges)
	}
	if b.wild != nil {
		b.wild.finish()
	}
	if b.xWild != nil {
		b.xWild.finish()
	}
	return b
}

// addExclusions indexes what the anything-but o excludes, for preds ps.
func (b *builtIndex) addExclusions(o *op, ps predList) {
	switch o.ab {
	case abStrings:
		for _, s := range o.strs {
			addTo(&b.xStrs, s, ps...)
		}
	case abNumbers:
		for i := range o.nums {
			if n := &o.nums[i]; n.repr {
				addTo(&b.xNums, n.key, ps...)
			} else {
				addTo(&b.xDecs, n.dec, ps...)
			}
		}
	case abFold:
		for _, s := range o.strs {
			addTo(&b.xFold, s, ps...)
		}
	case abPrefix, abSuffix:
		a := &b.xPrefix
		if o.ab == abSuffix {
			a = &b.xSuffix
		}
		for _, s := range o.strs {
			for _, p := range ps {
				a.add(s, p)
			}
		}
	case abWildcard:
		if b.xWild == nil {
			b.xWild = newAutomaton()
		}
		for _, w := range o.wilds {
			b.xWild.add(w, ps)
		}
	}
}

// indexKey identifies an operator of valueIndex.ops: equal keys mean the
// same condition. excl marks an anything-but indexed by exclusion, which
// must not share an entry with the same anything-but evaluated directly.
func (o *op) indexKey(excl bool) string {
	b := make([]byte, 0, 32)
	if excl {
		b = append(b, 'X')
	} else {
		b = append(b, 'P')
	}
	b = append(b, byte(o.kind), byte(o.ab))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	wild := func(w *wildcard) {
		flags := byte(0)
		if w.leadStar {
			flags |= 1
		}
		if w.trailStar {
			flags |= 2
		}
		b = append(b, flags)
		b = binary.AppendUvarint(b, uint64(len(w.segs)))
		for _, s := range w.segs {
			str(s)
		}
	}
	switch o.kind {
	case opNumeric:
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(o.rng.lo))
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(o.rng.hi))
		b = append(b, boolByte(o.rng.loInc), boolByte(o.rng.hiInc))
	case opWildcard:
		wild(o.wilds[0])
	case opCIDR:
		b = append(b, o.pfx.String()...)
	case opAnythingBut:
		b = binary.AppendUvarint(b, uint64(len(o.strs)))
		for _, s := range o.strs {
			str(s)
		}
		for i := range o.nums {
			if n := &o.nums[i]; n.repr {
				b = append(b, 'f')
				b = binary.BigEndian.AppendUint64(b, n.key)
			} else {
				b = append(b, 'd')
				str(n.dec)
			}
		}
		for _, w := range o.wilds {
			wild(w)
		}
	}
	return string(b)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// evalBuilt applies a field's compiled operators to one leaf value.
func (w *walker) evalBuilt(x *valueIndex, b *builtIndex, v *value) {
	switch v.kind {
	case jNumber:
		if b.ranges != nil {
			b.ranges.find(w, v) // only numbers a float64 holds exactly (itree.go: hit)
		}
	case jString:
		if b.wild != nil {
			for _, q := range b.wild.run(w.s, v.str) {
				w.hitAll(b.wild.states[q].accept)
			}
		}
		if b.cidr.m != nil {
			w.cidr(&b.cidr, v.str)
		}
	}
	for i := range b.linear {
		if l := &b.linear[i]; l.op.match(v) {
			w.hitAll(l.preds)
		}
	}
	if b.lazy {
		w.occurrence(x.fid, b, v)
	}
}

// cidr looks an address up at every prefix length in use.
func (w *walker) cidr(c *cidrIndex, s []byte) {
	a, err := netip.ParseAddr(bytesView(s))
	if err != nil || a.Zone() != "" {
		return
	}
	if u := a.Unmap(); u.Is4() {
		for _, n := range c.bits4 {
			if p, err := u.Prefix(n); err == nil {
				if ps, ok := c.m[p]; ok {
					w.hitAll(ps)
				}
			}
		}
	}
	if a.Is6() {
		for _, n := range c.bit6 {
			if p, err := a.Prefix(n); err == nil {
				if ps, ok := c.m[p]; ok {
					w.hitAll(ps)
				}
			}
		}
	}
}

// excluders calls w.exclude for every anything-but pred that excludes v.
func (w *walker) excluders(b *builtIndex, v *value) {
	switch v.kind {
	case jString:
		s := bytesView(v.str)
		if b.xStrs != nil {
			w.excludeAll(b.xStrs[s])
		}
		if b.xFold != nil {
			w.excludeAll(b.xFold[bytesView(v.folded())])
		}
		for _, n := range b.xPrefix.lens {
			if n > len(s) {
				break
			}
			w.excludeAll(b.xPrefix.m[s[:n]])
		}
		for _, n := range b.xSuffix.lens {
			if n > len(s) {
				break
			}
			w.excludeAll(b.xSuffix.m[s[len(s)-n:]])
		}
		if b.xWild != nil {
			for _, q := range b.xWild.run(w.s, v.str) {
				w.excludeAll(b.xWild.states[q].accept)
			}
		}
	case jNumber:
		if b.xNums == nil && b.xDecs == nil {
			return
		}
		v.classify()
		if v.repr {
			w.excludeAll(b.xNums[floatKey(v.f)])
		} else {
			w.excludeAll(b.xDecs[bytesView(v.dec)])
		}
	}
}
