package pattern

import (
	"hash/maphash"
	"slices"
)

// branchInfo describes one branch (one conjunction of conditions) of a
// pattern registered in an engine.
type branchInfo struct {
	key   int32   // the owner, an index into the Matcher's keys
	preds []int32 // the positive conditions
	negs  []int32 // the absent ({"exists": false}) conditions
	// lazy are the anything-but conditions indexed by what they exclude,
	// decided only once the branch is a candidate (walk.go).
	lazy   []lazyRef
	anchor int32 // the pred whose hit makes this branch a candidate; -1 if none
}

// lazyRef names an anything-but pred and the field it reads.
type lazyRef struct {
	pred, fid int32
}

// predEntry is the writer's record of a pred: the leaf it was registered
// with (whose op pointers the index holds), how many branches use it, and
// the field id of its path.
type predEntry struct {
	p    *pred
	leaf *leaf
	refs int
	fid  int32
	// fresh marks a pred created by the add in progress: no published
	// snapshot holds it yet, so its anchored table may grow in place.
	fresh bool
}

// engine is one immutable snapshot of a set of patterns: the field trie
// with its value indexes, and the table of branches. Matching reads an
// engine without locks; the writer derives the next engine from the
// current one and publishes it.
//
// Conditions are shared. Two rules with the same leaf (the same path and
// operators, such as "source": ["aws.ec2"]) have one pred, registered in
// the index once, so a value that satisfies it costs one stamp however many
// rules contain it. Each branch names one of its preds as its anchor, its
// most selective one when it was added, and its next most selective
// positive pred as its check (anchorRef): only a hit on both makes the
// branch a candidate, and the candidate's other preds are then checked
// against their stamps. So 10,000 rules that all say
// "source": ["com.example.orders"] and differ in a second field cost, for
// an event from that source, one stamp plus the few rules whose second
// field also matches, not 10,000 counter updates; and when even the
// anchor is shared by many rules, each of them costs one stamp read.
type engine struct {
	h        hasher
	root     *node
	branches table[branchInfo]
	npreds   int32   // pred ids are below npreds
	nfields  int32   // field ids (valueIndex.fid) are below nfields
	zeroNeed []int32 // branches with only absent conditions
	live     int     // live branches

	// Writer-only state: never read by matching, so shared freely between
	// an engine and its clones (only the writer holds them).
	preds map[string]*predEntry // by leaf key
}

func newEngine() *engine {
	return &engine{h: hasher{seed: maphash.MakeSeed()}, preds: map[string]*predEntry{}}
}

// clone returns a shallow copy for the writer to modify and publish.
func (e *engine) clone() *engine {
	c := *e
	return &c
}

// excludes reports whether lf is decided by exclusion: its only operator
// is an anything-but (lazy.go).
func (lf *leaf) excludes() bool {
	return !lf.absent && len(lf.ops) == 1 && lf.ops[0].kind == opAnythingBut
}

// register edits the index lists of every operator of lf and returns the
// field id of its path.
//
// All of the leaf's operators are applied in one update of the trie, as
// one batch (valueIndex.edited), so a leaf with 100,000 values copies the
// path to its field and the field's index once, not 100,000 times, and
// builds its hash maps in place.
func (e *engine) register(lf *leaf, edit listEdit, delta int) int32 {
	fid := int32(-1)
	e.root = e.root.update(e.h, lf.path, func(x *valueIndex) *valueIndex {
		n, tok := x.edited(&e.nfields), new(editToken)
		opsChanged := false
		if lf.absent {
			n.apply(e.h, nil, false, edit, delta, tok)
		}
		for i := range lf.ops {
			if n.apply(e.h, &lf.ops[i], lf.excludes(), edit, delta, tok) {
				opsChanged = true
			}
		}
		if x = n.finish(opsChanged); x != nil {
			fid = x.fid
		}
		return x
	})
	return fid
}

// use returns the pred for lf, creating and registering it if new, and
// counts one more branch using it.
func (e *engine) use(lf *leaf) *predEntry {
	pe := e.preds[lf.key]
	if pe == nil {
		pe = &predEntry{p: &pred{id: e.npreds}, leaf: lf, fresh: true}
		e.npreds++
		e.preds[lf.key] = pe
		pe.fid = e.register(lf, addPred(pe.p), 1)
	}
	pe.refs++
	return pe
}

// setAnchored publishes a new version of pe's pred with the given anchored
// branches.
func (e *engine) setAnchored(pe *predEntry, anchored table[anchorRef]) {
	pe.p = &pred{id: pe.p.id, anchored: anchored}
	e.register(pe.leaf, replacePred(pe.p), 0)
}

// weight estimates how many more values satisfy lf than one exact value
// does: 1 per literal, more for operators that match ranges of values
// (prefix, suffix, wildcard, numeric, cidr), and most for booleans, null
// and exists. Only the order matters.
func (lf *leaf) weight() int {
	w := 0
	for i := range lf.ops {
		switch lf.ops[i].kind {
		case opString, opNumber, opEqualsFold:
			w++
		case opPrefix, opSuffix, opPrefixFold, opSuffixFold, opWildcard, opCIDR, opNumeric:
			w += 16
		case opTrue, opFalse, opNull:
			w += 256
		default:
			w += 4096
		}
	}
	return w
}

// betterAnchor reports whether a is a more selective anchor than b.
// Exclusion-decided anything-but preds come last: they hold for almost
// every value. Otherwise the estimate is the number of branches using the
// pred (a condition many rules share, like a source, is rarely selective)
// times the operators' weight.
func betterAnchor(a, b *predEntry) bool {
	if b == nil {
		return true
	}
	if ax, bx := a.leaf.excludes(), b.leaf.excludes(); ax != bx {
		return bx
	}
	return a.refs*a.leaf.weight() < b.refs*b.leaf.weight()
}

// add registers the branches of p for key and returns their ids.
func (e *engine) add(key int32, p *Pattern) []int32 {
	ids := make([]int32, 0, len(p.branches))
	for bi := range p.branches {
		br := p.branches[bi]
		info := branchInfo{key: key, anchor: -1}
		// The anchor is the most selective pred of any kind; check is the
		// most selective positive pred after it (anchorRef).
		var anchor, check *predEntry
		for li := range br {
			pe := e.use(&br[li])
			switch {
			case br[li].absent:
				info.negs = append(info.negs, pe.p.id)
				continue
			case br[li].excludes():
				info.lazy = append(info.lazy, lazyRef{pred: pe.p.id, fid: pe.fid})
				if betterAnchor(pe, anchor) {
					anchor = pe
				}
				continue
			default:
				info.preds = append(info.preds, pe.p.id)
			}
			switch {
			case pe == anchor: // the same leaf twice
			case betterAnchor(pe, anchor):
				if anchor != nil && !anchor.leaf.excludes() {
					check = anchor
				}
				anchor = pe
			case betterAnchor(pe, check):
				check = pe
			}
		}
		b := e.branches.push(info)
		if anchor != nil {
			e.branches.at(b).anchor = anchor.p.id
			ref := anchorRef{branch: b, check: -1}
			if check != nil {
				ref.check = check.p.id
			}
			if anchor.fresh {
				anchor.p.anchored.push(ref)
			} else {
				anchored := anchor.p.anchored
				anchored.push(ref)
				e.setAnchored(anchor, anchored)
			}
		} else {
			e.zeroNeed = append(slices.Clip(e.zeroNeed), b)
		}
		e.live++
		ids = append(ids, b)
	}
	for bi := range p.branches {
		for li := range p.branches[bi] {
			e.preds[p.branches[bi][li].key].fresh = false
		}
	}
	return ids
}

// remove unregisters the branches ids, which add returned for p. Their
// table slots stay behind, unreachable; Matcher rebuilds the engine when
// too many have piled up.
func (e *engine) remove(p *Pattern, ids []int32) {
	for i, br := range p.branches {
		b := ids[i]
		info := e.branches.at(b)
		for li := range br {
			pe := e.preds[br[li].key]
			if pe.p.id == info.anchor {
				var rest table[anchorRef]
				pe.p.anchored.each(func(x anchorRef) {
					if x.branch != b {
						rest.push(x)
					}
				})
				e.setAnchored(pe, rest)
			}
			if pe.refs--; pe.refs == 0 {
				e.register(pe.leaf, removePred(pe.p.id), -1)
				delete(e.preds, br[li].key)
			}
		}
		if info.anchor < 0 {
			e.zeroNeed = slices.DeleteFunc(slices.Clone(e.zeroNeed), func(z int32) bool { return z == b })
		}
		e.live--
	}
}
