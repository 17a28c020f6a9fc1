package pattern

import (
	"encoding/binary"
	"slices"
)

// condID identifies one condition (one leaf of one branch) in an engine.
type condID = int32

// valueIndex holds every condition on the values at one field path. It is
// immutable: with and without return a modified copy that shares what did
// not change, so a published snapshot is never written to.
//
// Literal strings, numbers and equals-ignore-case values are found by hash;
// prefixes and suffixes by hashing the value's head or tail at each length
// some prefix has (few distinct lengths in practice, so a handful of
// lookups however many prefixes there are). Everything else (wildcards,
// anything-but, numeric ranges, cidr) is tested one by one.
type valueIndex struct {
	strs   pmap[[]condID] // opString, by the string
	nums   pmap[[]condID] // opNumber representable as float64, by 8-byte key
	decs   pmap[[]condID] // opNumber otherwise, by canonical decimal
	folds  pmap[[]condID] // opEqualsFold, by the folded string
	prefix affixIndex     // opPrefix
	suffix affixIndex     // opSuffix
	pfold  affixIndex     // opPrefixFold
	sfold  affixIndex     // opSuffixFold
	trues  []condID
	falses []condID
	nulls  []condID
	exists []condID // {"exists": true}: any leaf value
	absent []condID // {"exists": false}: violated by any leaf value
	linear []linearCond
	size   int // number of registrations, so empty indexes can be pruned
}

// linearCond is an operator tested by evaluating it.
type linearCond struct {
	op   *op
	cond condID
}

// affixIndex indexes prefixes (or suffixes) by their text; lens lists the
// distinct lengths present, with a reference count each.
type affixIndex struct {
	m    pmap[[]condID]
	lens []int
	refs []int
}

// needsFold reports whether evaluating the index needs the folded value.
func (x *valueIndex) needsFold() bool {
	return x.folds.len() > 0 || len(x.pfold.lens) > 0 || len(x.sfold.lens) > 0
}

func numKey(buf *[8]byte, k uint64) string {
	binary.BigEndian.PutUint64(buf[:], k)
	return string(buf[:])
}

func addID(ids []condID, c condID) []condID {
	return append(slices.Clip(ids), c)
}

func removeID(ids []condID, c condID) []condID {
	if !slices.Contains(ids, c) {
		return ids
	}
	out := make([]condID, 0, len(ids))
	for _, id := range ids {
		if id != c {
			out = append(out, id)
		}
	}
	return out
}

func pmapAdd(m pmap[[]condID], h hasher, k string, c condID) pmap[[]condID] {
	hk := h.str(k)
	ids, _ := m.get(k, hk)
	return m.set(k, hk, addID(ids, c))
}

func pmapRemove(m pmap[[]condID], h hasher, k string, c condID) pmap[[]condID] {
	hk := h.str(k)
	ids, ok := m.get(k, hk)
	if !ok {
		return m
	}
	ids = removeID(ids, c)
	if len(ids) == 0 {
		return m.del(k, hk)
	}
	return m.set(k, hk, ids)
}

func (a affixIndex) add(h hasher, k string, c condID) affixIndex {
	a.m = pmapAdd(a.m, h, k, c)
	i, found := slices.BinarySearch(a.lens, len(k))
	a.lens, a.refs = slices.Clone(a.lens), slices.Clone(a.refs)
	if found {
		a.refs[i]++
	} else {
		a.lens = slices.Insert(a.lens, i, len(k))
		a.refs = slices.Insert(a.refs, i, 1)
	}
	return a
}

func (a affixIndex) remove(h hasher, k string, c condID) affixIndex {
	a.m = pmapRemove(a.m, h, k, c)
	i, found := slices.BinarySearch(a.lens, len(k))
	if !found {
		return a
	}
	a.lens, a.refs = slices.Clone(a.lens), slices.Clone(a.refs)
	if a.refs[i]--; a.refs[i] == 0 {
		a.lens = slices.Delete(a.lens, i, i+1)
		a.refs = slices.Delete(a.refs, i, i+1)
	}
	return a
}

// with returns a copy of x (which may be nil) with o registered for cond.
// A nil o registers an absent ({"exists": false}) condition.
func (x *valueIndex) with(h hasher, o *op, c condID) *valueIndex {
	return x.change(h, o, c, true)
}

// without returns a copy of x with o's registration for cond removed, or
// nil when nothing is left.
func (x *valueIndex) without(h hasher, o *op, c condID) *valueIndex {
	if x == nil {
		return nil
	}
	n := x.change(h, o, c, false)
	if n.size == 0 {
		return nil
	}
	return n
}

func (x *valueIndex) change(h hasher, o *op, c condID, add bool) *valueIndex {
	var n valueIndex
	if x != nil {
		n = *x
	}
	if add {
		n.size++
	} else {
		n.size--
	}
	list := func(ids []condID) []condID {
		if add {
			return addID(ids, c)
		}
		return removeID(ids, c)
	}
	m := func(pm pmap[[]condID], k string) pmap[[]condID] {
		if add {
			return pmapAdd(pm, h, k, c)
		}
		return pmapRemove(pm, h, k, c)
	}
	affix := func(a affixIndex, k string) affixIndex {
		if add {
			return a.add(h, k, c)
		}
		return a.remove(h, k, c)
	}
	if o == nil {
		n.absent = list(n.absent)
		return &n
	}
	switch o.kind {
	case opString:
		n.strs = m(n.strs, o.str)
	case opNumber:
		if o.num.repr {
			var buf [8]byte
			n.nums = m(n.nums, numKey(&buf, o.num.key))
		} else {
			n.decs = m(n.decs, o.num.dec)
		}
	case opTrue:
		n.trues = list(n.trues)
	case opFalse:
		n.falses = list(n.falses)
	case opNull:
		n.nulls = list(n.nulls)
	case opEqualsFold:
		n.folds = m(n.folds, o.str)
	case opPrefix:
		n.prefix = affix(n.prefix, o.str)
	case opSuffix:
		n.suffix = affix(n.suffix, o.str)
	case opPrefixFold:
		n.pfold = affix(n.pfold, o.str)
	case opSuffixFold:
		n.sfold = affix(n.sfold, o.str)
	case opExists:
		n.exists = list(n.exists)
	default:
		if add {
			n.linear = append(slices.Clip(n.linear), linearCond{op: o, cond: c})
		} else {
			n.linear = slices.DeleteFunc(slices.Clone(n.linear), func(l linearCond) bool { return l.cond == c && l.op == o })
		}
	}
	return &n
}
