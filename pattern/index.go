package pattern

import (
	"encoding/binary"
	"slices"
)

// pred is one distinct condition of an engine: a field path and a set of
// operators, shared by every branch that has the same leaf. Hitting it
// stamps it as satisfied for the event; the branches in anchored, for which
// it is the rarest condition, may become candidates (see walk.go). A pred
// object is immutable once published: changing anchored makes a new object
// with the same id, registered in place of the old one. anchored is an
// append-only table shared with the older versions, so anchoring one more
// branch costs O(1), not a copy of the list.
type pred struct {
	id       int32
	anchored table[anchorRef]
}

// anchorRef is one branch anchored on a pred, with the branch's second
// most selective positive pred (check), or -1 if it has none. A branch
// becomes a candidate only when both its anchor and its check were hit:
// the pair is far rarer than either alone (walk.go, "Candidates").
type anchorRef struct {
	branch, check int32
}

// predList is what an index key leads to: the preds it satisfies.
type predList = []*pred

// listEdit transforms one index list; nil results are removed.
type listEdit func(predList) predList

// addPred, removePred and replacePred are the list edits an engine makes.
func addPred(p *pred) listEdit {
	return func(l predList) predList { return append(slices.Clip(l), p) }
}

func removePred(id int32) listEdit {
	return func(l predList) predList {
		out := make(predList, 0, len(l))
		for _, q := range l {
			if q.id != id {
				out = append(out, q)
			}
		}
		return out
	}
}

func replacePred(p *pred) listEdit {
	return func(l predList) predList {
		out := slices.Clone(l)
		for i, q := range out {
			if q.id == p.id {
				out[i] = p
			}
		}
		return out
	}
}

// valueIndex holds every condition on the values at one field path. It is
// immutable once published: edited makes the writer's copy, which shares
// what did not change and which apply edits in place until it is
// published, so a published snapshot is never written to.
//
// Literal strings, numbers and equals-ignore-case values are found by hash;
// prefixes and suffixes by hashing the value's head or tail at each length
// some prefix has (few distinct lengths in practice, so a handful of
// lookups however many prefixes there are). The operators that need a
// structure over all of them (numeric ranges, wildcards, cidr and
// anything-but) are kept in ops, a persistent map, and compiled into a
// lazyIndex the first time a value is evaluated after a change (lazy.go).
type valueIndex struct {
	strs   pmap[predList] // opString, by the string
	nums   pmap[predList] // opNumber representable as float64, by 8-byte key
	decs   pmap[predList] // opNumber otherwise, by canonical decimal
	folds  pmap[predList] // opEqualsFold, by the folded string
	prefix affixIndex     // opPrefix
	suffix affixIndex     // opSuffix
	pfold  affixIndex     // opPrefixFold
	sfold  affixIndex     // opSuffixFold
	trues  predList
	falses predList
	nulls  predList
	exists predList // {"exists": true}: any leaf value
	absent []int32  // {"exists": false} preds: violated by any leaf value
	ops    pmap[opPreds]
	lz     *lazyIndex // built from ops on first use; nil when ops is empty
	fid    int32      // the field's id in its engine, kept across versions
	size   int        // number of registrations, so empty indexes can be pruned
}

// opPreds is one distinct operator of ops and the preds it belongs to.
type opPreds struct {
	op    *op
	preds predList
}

// affixIndex indexes prefixes (or suffixes) by their text; lens lists the
// distinct lengths present, with a reference count each.
type affixIndex struct {
	m    pmap[predList]
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

// pmapEdit applies edit to the list at k, changing the nodes tok owns in
// place (editToken).
func pmapEdit(m pmap[predList], h hasher, k string, edit listEdit, tok *editToken) pmap[predList] {
	hk := h.str(k)
	l, _ := m.get(k, hk)
	if l = edit(l); len(l) == 0 {
		return m.del(k, hk)
	}
	return m.setIn(k, hk, l, tok)
}

// edit applies e to the list at k; delta is +1 for a new registration, -1
// for a removed one and 0 for a replacement. Under a token, lens and refs
// are changed in place: they must be the edit's own copies (edited).
func (a affixIndex) edit(h hasher, k string, e listEdit, delta int, tok *editToken) affixIndex {
	a.m = pmapEdit(a.m, h, k, e, tok)
	if delta == 0 {
		return a
	}
	if tok == nil {
		a.lens, a.refs = slices.Clone(a.lens), slices.Clone(a.refs)
	}
	i, found := slices.BinarySearch(a.lens, len(k))
	switch {
	case found:
		a.refs[i] += delta
		if a.refs[i] == 0 {
			a.lens = slices.Delete(a.lens, i, i+1)
			a.refs = slices.Delete(a.refs, i, i+1)
		}
	case delta > 0:
		a.lens = slices.Insert(a.lens, i, len(k))
		a.refs = slices.Insert(a.refs, i, 1)
	}
	return a
}

// edited returns a copy of x (which may be nil) for one batch of apply
// calls, with its own affix length lists, so that apply may change them in
// place. A new index takes its field id from *nextFID.
//
// A leaf with many values (["v1", ..., "v100000"]) is registered as one
// batch under one editToken: the copy of the index is made once, and the
// hash maps are built in place, so each value costs its own entry, not a
// copy of the map's path and of the whole index.
func (x *valueIndex) edited(nextFID *int32) *valueIndex {
	var n valueIndex
	if x != nil {
		n = *x
	} else {
		n.fid = *nextFID
		*nextFID++
	}
	for _, a := range []*affixIndex{&n.prefix, &n.suffix, &n.pfold, &n.sfold} {
		a.lens, a.refs = slices.Clone(a.lens), slices.Clone(a.refs)
	}
	return &n
}

// apply edits, in place, the list of n (from edited) that o's operand
// selects, with e. delta counts registrations (+1 add, -1 remove, 0
// replace). A nil o selects the absent list, where e's result is reduced
// to ids. excl says that o is the one operator of an anything-but pred,
// indexed by what it excludes (lazy.go). tok is the batch's token. It
// reports whether n.ops changed, which calls for a new lazyIndex (finish).
func (n *valueIndex) apply(h hasher, o *op, excl bool, e listEdit, delta int, tok *editToken) (opsChanged bool) {
	n.size += delta
	if o == nil {
		l := make(predList, len(n.absent))
		for i, id := range n.absent {
			l[i] = &pred{id: id}
		}
		n.absent = nil
		for _, p := range e(l) {
			n.absent = append(n.absent, p.id)
		}
		return false
	}
	switch o.kind {
	case opString:
		n.strs = pmapEdit(n.strs, h, o.str, e, tok)
	case opNumber:
		if o.num.repr {
			var buf [8]byte
			n.nums = pmapEdit(n.nums, h, numKey(&buf, o.num.key), e, tok)
		} else {
			n.decs = pmapEdit(n.decs, h, o.num.dec, e, tok)
		}
	case opTrue:
		n.trues = e(n.trues)
	case opFalse:
		n.falses = e(n.falses)
	case opNull:
		n.nulls = e(n.nulls)
	case opEqualsFold:
		n.folds = pmapEdit(n.folds, h, o.str, e, tok)
	case opPrefix:
		n.prefix = n.prefix.edit(h, o.str, e, delta, tok)
	case opSuffix:
		n.suffix = n.suffix.edit(h, o.str, e, delta, tok)
	case opPrefixFold:
		n.pfold = n.pfold.edit(h, o.str, e, delta, tok)
	case opSuffixFold:
		n.sfold = n.sfold.edit(h, o.str, e, delta, tok)
	case opExists:
		n.exists = e(n.exists)
	default:
		k := o.indexKey(excl)
		hk := h.str(k)
		cur, _ := n.ops.get(k, hk)
		if cur.op == nil {
			cur.op = o
		}
		if cur.preds = e(cur.preds); len(cur.preds) == 0 {
			n.ops = n.ops.del(k, hk)
		} else {
			n.ops = n.ops.setIn(k, hk, cur, tok)
		}
		return true
	}
	return false
}

// finish completes a batch of apply calls on n: a new lazyIndex if the ops
// changed (the old one compiled the old ops), and nil if nothing is left
// registered.
func (n *valueIndex) finish(opsChanged bool) *valueIndex {
	if opsChanged {
		n.lz = nil
		if n.ops.len() > 0 {
			n.lz = &lazyIndex{}
		}
	}
	if n.size <= 0 {
		return nil
	}
	return n
}
