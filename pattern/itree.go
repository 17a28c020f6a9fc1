package pattern

import (
	"cmp"
	"slices"
)

// An interval tree for the numeric ranges on a field.
//
// It is the static "centered" interval tree: each node has a center
// point, the ranges that contain it (sorted twice: by low bound and by
// high bound), and subtrees for the ranges wholly below and wholly above
// it. Looking a value up visits one node per level and, at each, scans
// only ranges that contain the value, except for the one that stops the
// scan: O(log n + hits) for n ranges. The center is the median of the
// endpoints, so the depth is O(log n).

// rangePreds is one distinct numeric range and the preds it satisfies.
type rangePreds struct {
	r     numericRange
	preds predList
}

type inode struct {
	center      float64
	byLo, byHi  []rangePreds // byLo ascending by lo, byHi descending by hi
	left, right int32        // child nodes, or -1
}

type itree struct {
	nodes []inode
}

// buildITree builds the tree over rs, which it may reorder.
func buildITree(rs []rangePreds) *itree {
	t := &itree{}
	t.build(rs)
	return t
}

func (t *itree) build(rs []rangePreds) int32 {
	if len(rs) == 0 {
		return -1
	}
	ends := make([]float64, 0, 2*len(rs))
	for _, r := range rs {
		ends = append(ends, r.r.lo, r.r.hi)
	}
	slices.Sort(ends)
	center := ends[len(ends)/2]
	var here, below, above []rangePreds
	for _, r := range rs {
		switch {
		case r.r.hi < center:
			below = append(below, r)
		case r.r.lo > center:
			above = append(above, r)
		default:
			here = append(here, r)
		}
	}
	byLo := slices.Clone(here)
	slices.SortFunc(byLo, func(a, b rangePreds) int { return cmp.Compare(a.r.lo, b.r.lo) })
	byHi := here
	slices.SortFunc(byHi, func(a, b rangePreds) int { return cmp.Compare(b.r.hi, a.r.hi) })
	id := int32(len(t.nodes))
	t.nodes = append(t.nodes, inode{center: center, byLo: byLo, byHi: byHi})
	l := t.build(below)
	r := t.build(above)
	t.nodes[id].left, t.nodes[id].right = l, r
	return id
}

// find records a hit for every range holding the number v.
func (t *itree) find(w *walker, v *value) {
	f := v.f
	if f != f { // NaN holds nowhere
		return
	}
	for id := int32(0); id >= 0 && int(id) < len(t.nodes); {
		n := &t.nodes[id]
		switch {
		case f < n.center:
			for i := range n.byLo {
				if n.byLo[i].r.lo > f {
					break
				}
				if n.byLo[i].r.contains(f) {
					hit(w, v, n.byLo[i].preds)
				}
			}
			id = n.left
		case f > n.center:
			for i := range n.byHi {
				if n.byHi[i].r.hi < f {
					break
				}
				if n.byHi[i].r.contains(f) {
					hit(w, v, n.byHi[i].preds)
				}
			}
			id = n.right
		default:
			for i := range n.byLo {
				if n.byLo[i].r.contains(f) {
					hit(w, v, n.byLo[i].preds)
				}
			}
			return
		}
	}
}

// hit records preds as hit by v, once v is known to be a number a float64
// holds exactly: event-ruler compares no other number (number.go). The
// check costs a float formatting for long numbers, so it runs only for a
// value that some range contains, and only once per value.
func hit(w *walker, v *value, preds predList) {
	if v.classify(); v.repr {
		w.hitAll(preds)
	}
}
