package pattern

import (
	"hash/maphash"
	"slices"
)

// branchInfo describes one branch (one conjunction of conditions) of a
// pattern registered in an engine.
type branchInfo struct {
	key   int32    // the owner, an index into the Matcher's keys
	need  int32    // number of positive conditions
	conds []condID // the positive conditions, for the array check
	negs  []condID // the absent ({"exists": false}) conditions
}

// engine is one immutable snapshot of a set of patterns: the field trie
// with its value indexes, and the tables mapping conditions to branches and
// branches to keys. Matching reads an engine without locks; the writer
// derives the next engine from the current one and publishes it.
type engine struct {
	h        hasher
	root     *node
	conds    table[int32] // condition -> branch
	branches table[branchInfo]
	zeroNeed []int32 // branches with only absent conditions
	live     int     // live branches
}

func newEngine() *engine {
	return &engine{h: hasher{seed: maphash.MakeSeed()}}
}

// clone returns a shallow copy for the writer to modify and publish.
func (e *engine) clone() *engine {
	c := *e
	return &c
}

// add registers the branches of p for key and returns their ids.
func (e *engine) add(key int32, p *Pattern) []int32 {
	ids := make([]int32, 0, len(p.branches))
	for _, br := range p.branches {
		b := e.branches.push(branchInfo{key: key})
		info := branchInfo{key: key}
		for li := range br {
			lf := &br[li]
			c := e.conds.push(b)
			if lf.absent {
				info.negs = append(info.negs, c)
				e.root = e.root.update(e.h, lf.path, func(x *valueIndex) *valueIndex { return x.with(e.h, nil, c) })
				continue
			}
			info.need++
			info.conds = append(info.conds, c)
			for oi := range lf.ops {
				o := &lf.ops[oi]
				e.root = e.root.update(e.h, lf.path, func(x *valueIndex) *valueIndex { return x.with(e.h, o, c) })
			}
		}
		*e.branches.at(b) = info
		if info.need == 0 {
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
		neg, pos := 0, 0
		for li := range br {
			lf := &br[li]
			if lf.absent {
				c := info.negs[neg]
				neg++
				e.root = e.root.update(e.h, lf.path, func(x *valueIndex) *valueIndex { return x.without(e.h, nil, c) })
				continue
			}
			c := info.conds[pos]
			pos++
			for oi := range lf.ops {
				o := &lf.ops[oi]
				e.root = e.root.update(e.h, lf.path, func(x *valueIndex) *valueIndex { return x.without(e.h, o, c) })
			}
		}
		if info.need == 0 {
			e.zeroNeed = slices.DeleteFunc(slices.Clone(e.zeroNeed), func(z int32) bool { return z == b })
		}
		e.live--
	}
}
