package pattern

import (
	"hash/maphash"
	"slices"
)

// branchInfo describes one branch (one conjunction of conditions) of a
// pattern registered in an engine.
type branchInfo struct {
	key    int32   // the owner, an index into the Matcher's keys
	preds  []int32 // the positive conditions
	negs   []int32 // the absent ({"exists": false}) conditions
	anchor int32   // the pred whose hit makes this branch a candidate; -1 if none
}

// predEntry is the writer's record of a pred: the leaf it was registered
// with (whose op pointers the index holds) and how many branches use it.
type predEntry struct {
	p    *pred
	leaf *leaf
	refs int
}

// engine is one immutable snapshot of a set of patterns: the field trie
// with its value indexes, and the table of branches. Matching reads an
// engine without locks; the writer derives the next engine from the
// current one and publishes it.
//
// Conditions are shared. Two rules with the same leaf (the same path and
// operators, such as "source": ["aws.ec2"]) have one pred, registered in
// the index once, so a value that satisfies it costs one stamp however many
// rules contain it. Each branch names one of its preds as its anchor, the
// one used by the fewest branches when it was added: only a hit on the
// anchor makes the branch a candidate, and the candidate's other preds are
// then checked against their stamps. So 10,000 rules that all say
// "source": ["com.example.orders"] and differ in a second field cost, for
// an event from that source, one stamp plus the few rules whose second
// field also matches, not 10,000 counter updates.
type engine struct {
	h        hasher
	root     *node
	branches table[branchInfo]
	npreds   int32   // pred ids are below npreds
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

// register edits the index lists of every operator of lf.
func (e *engine) register(lf *leaf, edit listEdit, delta int) {
	if lf.absent {
		e.root = e.root.update(e.h, lf.path, func(x *valueIndex) *valueIndex { return x.change(e.h, nil, edit, delta) })
		return
	}
	for i := range lf.ops {
		o := &lf.ops[i]
		e.root = e.root.update(e.h, lf.path, func(x *valueIndex) *valueIndex { return x.change(e.h, o, edit, delta) })
	}
}

// use returns the pred for lf, creating and registering it if new, and
// counts one more branch using it.
func (e *engine) use(lf *leaf) *predEntry {
	pe := e.preds[lf.key]
	if pe == nil {
		pe = &predEntry{p: &pred{id: e.npreds}, leaf: lf}
		e.npreds++
		e.preds[lf.key] = pe
		e.register(lf, addPred(pe.p), 1)
	}
	pe.refs++
	return pe
}

// setAnchored publishes a new version of pe's pred with the given anchored
// branches.
func (e *engine) setAnchored(pe *predEntry, anchored []int32) {
	pe.p = &pred{id: pe.p.id, anchored: anchored}
	e.register(pe.leaf, replacePred(pe.p), 0)
}

// add registers the branches of p for key and returns their ids.
func (e *engine) add(key int32, p *Pattern) []int32 {
	ids := make([]int32, 0, len(p.branches))
	for bi := range p.branches {
		br := p.branches[bi]
		info := branchInfo{key: key, anchor: -1}
		var anchor *predEntry
		for li := range br {
			pe := e.use(&br[li])
			if br[li].absent {
				info.negs = append(info.negs, pe.p.id)
				continue
			}
			info.preds = append(info.preds, pe.p.id)
			if anchor == nil || pe.refs < anchor.refs ||
				(pe.refs == anchor.refs && len(pe.p.anchored) < len(anchor.p.anchored)) {
				anchor = pe
			}
		}
		b := e.branches.push(info)
		if anchor != nil {
			e.branches.at(b).anchor = anchor.p.id
			e.setAnchored(anchor, append(slices.Clip(anchor.p.anchored), b))
		} else {
			e.zeroNeed = append(slices.Clip(e.zeroNeed), b)
		}
		e.live++
		ids = append(ids, b)
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
				e.setAnchored(pe, slices.DeleteFunc(slices.Clone(pe.p.anchored), func(x int32) bool { return x == b }))
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
