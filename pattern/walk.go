package pattern

import "bytes"

// The walk: one pass over the event, guided by the field trie.
//
// The walker reads the event's top-level object key by key. A key with no
// trie child is skipped without being looked at; a key with a child is
// followed: into objects, through arrays (any element may match, nested
// arrays flatten), and at leaf values into the node's value index, which
// reports the conditions the value satisfies ("hits").
//
// Candidates. A branch matches when all of its positive conditions (preds,
// see engine.go) are hit and none of its absent conditions is violated.
// A hit stamps its pred with the event's epoch; a pred that is some
// branches' anchor is also noted as fired. After the walk, each branch
// anchored on a fired pred becomes a candidate if its check pred (its
// second most selective, anchorRef) was hit as well, and each candidate's
// other preds are then checked against their stamps. The work is
// proportional to the hits and the candidates, not to the number of rules.
//
// The check is what keeps a shared anchor cheap. When 100,000 rules each
// pair an exact LOT_NUM with a STREET suffix, about 80 of them share each
// LOT_NUM value: the anchor alone would make 80 candidates per event, each
// a branch record read from memory. With the check, those 80 cost one
// stamp read each from a compact list, and only the rule whose suffix also
// matched is read. Candidates wait for the end of the walk because the
// check's field may come after the anchor's in the event.
//
// Array consistency. When a pattern names several fields of objects that
// sit in an array, the values must come from the same array element:
// {"name": ["Anna"], "last": ["Jones"]} must not match [{Anna Smith},
// {Peter Jones}]. So every hit made inside an array remembers where it was
// made: the stack of (array, index) pairs from the root (its context). Two
// hits are consistent when they agree on the index of every array both
// lie in; since arrays nest as a tree, that means comparing the two stacks
// from the root until they first name different arrays. A candidate branch
// that had a hit inside an array is confirmed by a small backtracking
// search for one hit per condition, all pairwise consistent; hits made
// outside any array are consistent with everything and skip the search.
//
// Anything-but. An anything-but holds for almost every value, so testing
// thousands of them per event would make the cost grow with the rules. A
// pred whose only operator is an anything-but is instead indexed by what it
// excludes (lazy.go). At each leaf value of its field the walk records an
// occurrence (a hit record with pred ^fieldID and the array context) and
// the few preds that exclude that value. The pred holds when some
// occurrence of its field is not excluded by it; that is decided in accept,
// only for candidate branches, so rules whose selective condition failed
// cost nothing. A branch whose only conditions are anything-buts is
// anchored on one of them and becomes a candidate when its field appears.
//
// Absent fields ({"exists": false}). A leaf value at the field violates
// the pred. Outside arrays that is final. Inside an array it is recorded
// with its context and counts only against choices of hits in the same
// elements (negsClear), which is how event-ruler decides it.
//
// Early exit. The walker keeps the number of trie edges it has not yet
// found or ruled out outside arrays. When it reaches zero, nothing later in
// the event can change the outcome and the walk stops, so a rule on an
// early field never pays for reading the rest of the event. Everything the
// walk reads is validated strictly (valid.go), so an event the walk read to
// the end is valid JSON. After an early exit, a match is reported only if
// the event ends by closing its outermost object (validRest), which catches
// truncation; malformed bytes inside the unread tail are not seen.

// ctxPair is one level of an array context: which array, which element.
type ctxPair struct {
	arr int32
	idx int32
}

// hitRec is a hit made inside an array, with its context in the arena.
type hitRec struct {
	pred       int32
	off, count int32
}

// scratch is the per-call state of a match, reused through a sync.Pool so
// that matching allocates nothing. Per-pred and per-branch state is stamped
// with the event's epoch instead of being cleared.
type scratch struct {
	epoch       uint32
	predHit     []uint32 // hit at least once
	predFree    []uint32 // hit outside every array
	predViol    []uint32 // absent pred violated outside every array
	predViolArr []uint32 // absent pred violated inside some array
	viols       []hitRec // the violations inside arrays
	negs        []int32  // the absent preds the consistency search checks
	branchStamp []uint32 // already a candidate
	keyStamp    []uint32
	cands       []int32
	fired       []*pred // hit preds that anchor branches, in hit order
	hits        []hitRec
	arena       []ctxPair
	ctx         []ctxPair
	keyBuf      []byte
	strBuf      []byte
	foldBuf     []byte
	numBuf      []byte
	choice      []int32 // backtracking state of the array check
	stack       []byte  // validJSON's nesting
	val         value

	// Anything-but (see "Anything-but" above), per field and per pred.
	fieldSeen  []uint32 // the field had a leaf value
	fieldCount []int32  // how many
	fieldFree  []uint32 // one was outside every array
	exclEpoch  []uint32 // the pred excluded some value
	exclCount  []int32  // how many occurrences it excluded
	exclOcc    []int32  // the last occurrence it excluded (1-based)
	excls      []exclRec
	occN       int32

	size scratchSize // what the arrays above are sized for

	// The wildcard automata's live sets (automaton.go).
	wstamp      []uint32
	wstep       uint32
	wcur, wnext []int32
}

// exclRec records that an anything-but pred excludes the value of one
// occurrence (an index into hits).
type exclRec struct {
	pred, hit int32
}

func grow(s []uint32, n int) []uint32 {
	if len(s) >= n {
		return s
	}
	return append(s, make([]uint32, n-len(s)+n/4)...)
}

func growInt(s []int32, n int) []int32 {
	if len(s) >= n {
		return s
	}
	return append(s, make([]int32, n-len(s)+n/4)...)
}

// scratchSize is what the per-pred, per-branch, per-field and per-key
// arrays of a scratch were last sized for.
type scratchSize struct{ preds, branches, fields, keys int }

// grow sizes the arrays for sz.
func (s *scratch) grow(sz scratchSize) {
	np, nb, nf := sz.preds, sz.branches, sz.fields
	s.predHit = grow(s.predHit, np)
	s.predFree = grow(s.predFree, np)
	s.predViol = grow(s.predViol, np)
	s.predViolArr = grow(s.predViolArr, np)
	s.branchStamp = grow(s.branchStamp, nb)
	s.keyStamp = grow(s.keyStamp, sz.keys)
	s.exclEpoch = grow(s.exclEpoch, np)
	s.exclCount = growInt(s.exclCount, np)
	s.exclOcc = growInt(s.exclOcc, np)
	s.fieldSeen = grow(s.fieldSeen, nf)
	s.fieldCount = growInt(s.fieldCount, nf)
	s.fieldFree = grow(s.fieldFree, nf)
	s.size = sz
}

// reset prepares s for one event on e.
func (s *scratch) reset(e *engine, keys int) {
	s.epoch++
	if s.epoch == 0 { // wrapped: stale stamps could collide
		clear(s.predHit)
		clear(s.predFree)
		clear(s.predViol)
		clear(s.predViolArr)
		clear(s.branchStamp)
		clear(s.keyStamp)
		clear(s.fieldSeen)
		clear(s.fieldFree)
		clear(s.exclEpoch)
		s.epoch = 1
	}
	if sz := (scratchSize{int(e.npreds), e.branches.n, int(e.nfields), keys}); sz != s.size {
		s.grow(sz)
	}
	s.viols = s.viols[:0]
	s.excls = s.excls[:0]
	s.occN = 0
	s.cands = s.cands[:0]
	s.fired = s.fired[:0]
	s.hits = s.hits[:0]
	s.arena = s.arena[:0]
	s.ctx = s.ctx[:0]
}

// maxArrayDepth bounds the array nesting the walk follows. Values nested in
// more arrays than this are skipped: no condition sees them, and the rest of
// the event matches as usual.
const maxArrayDepth = 256

// walker matches one event against one engine.
type walker struct {
	e         *engine
	s         *scratch
	remaining int
	arrays    int32
	uncounted int // > 0 while inside a dotted event key
	done      bool
	depth     int // objects open at the current position
	exitPos   int // where an early exit stopped reading
	exitDepth int // objects open there
}

// counting reports whether found edges count towards the early exit: not
// inside arrays (later elements may match too) nor dotted keys.
func (w *walker) counting() bool { return len(w.s.ctx) == 0 && w.uncounted == 0 }

// dotted resolves an event key with dots, such as "detail.state", as the
// path it spells, the way event-ruler flattens events: {"detail.state": x}
// matches a pattern on detail.state.
func (w *walker) dotted(n *node, key []byte) *node {
	for n != nil {
		dot := bytes.IndexByte(key, '.')
		if dot < 0 {
			return n.child(w.e.h, bytesView(key))
		}
		n = n.child(w.e.h, bytesView(key[:dot]))
		key = key[dot+1:]
	}
	return nil
}

// run walks ev and leaves the candidate branches in w.s.cands. It reports
// false when the event is malformed (and then nothing matches).
func (w *walker) run(ev []byte) bool {
	root := w.e.root
	i := skipSpace(ev, 0)
	if root == nil || i >= len(ev) || ev[i] != '{' {
		return false
	}
	w.remaining = root.edges
	end := w.object(ev, i, root)
	if w.done {
		return true // the caller validates the tail if anything matched
	}
	return end >= 0 && skipSpace(ev, end) == len(ev)
}

// validRest is the check a matching event gets on the part an early exit
// did not read: the event must end by closing its outermost object. That
// catches truncation without reading the tail. (Validating the tail
// strictly would cost more than the whole walk on a typical event: 650 ns
// of 1100 on CityLots2 when everything matches.) The part the walk read was
// validated strictly as it went.
func (w *walker) validRest(ev []byte) bool {
	if !w.done {
		return true
	}
	j := len(ev) - 1
	for j >= w.exitPos && isSpace(ev[j]) {
		j--
	}
	return j >= w.exitPos && ev[j] == '}'
}

// found records that a trie edge below the current position has been
// found or ruled out, when outside arrays.
func (w *walker) found(n int) {
	if w.counting() {
		w.remaining -= n
		if w.remaining <= 0 {
			w.done = true
		}
	}
}

// object walks the object at ev[i] against trie node n and returns the
// index after it, or -1 if malformed.
func (w *walker) object(ev []byte, i int, n *node) int {
	w.depth++
	i = w.members(ev, i+1, n)
	w.depth--
	return i
}

// members walks the members of an object from ev[i], just past its '{'.
func (w *walker) members(ev []byte, i int, n *node) int {
	for first := true; ; first = false {
		i = skipSpace(ev, i)
		if i >= len(ev) {
			return -1
		}
		if first && ev[i] == '}' {
			return i + 1
		}
		if ev[i] != '"' {
			return -1
		}
		end, escaped := validString(ev, i)
		if end < 0 {
			return -1
		}
		key := ev[i+1 : end-1]
		if escaped {
			var ok bool
			if w.s.keyBuf, ok = unescape(w.s.keyBuf[:0], key); !ok {
				return -1
			}
			key = w.s.keyBuf
		}
		i = skipSpace(ev, end)
		if i >= len(ev) || ev[i] != ':' {
			return -1
		}
		i = skipSpace(ev, i+1)
		child, dotted := n.lookup(w.e.h, key)
		if dotted {
			child = w.dotted(n, key)
		}
		if child != nil {
			if dotted {
				// A dotted event key names several edges at once; it must
				// not count towards the early exit, which could then fire
				// twice for one edge.
				w.uncounted++
			} else if w.counting() {
				w.remaining--
			}
			i = w.value(ev, i, child)
			if dotted {
				w.uncounted--
			}
			if !w.done && w.counting() && w.remaining <= 0 {
				w.done = true
			}
			if w.done {
				if w.exitDepth == 0 { // the innermost object records it
					w.exitPos, w.exitDepth = i, w.depth
				}
				return i
			}
		} else {
			i = skipValue(ev, i, &w.s.stack)
		}
		if i < 0 {
			return -1
		}
		i = skipSpace(ev, i)
		if i >= len(ev) {
			return -1
		}
		switch ev[i] {
		case ',':
			i++
		case '}':
			return i + 1
		default:
			return -1
		}
	}
}

// value walks the value at ev[i] against node n.
func (w *walker) value(ev []byte, i int, n *node) int {
	if i >= len(ev) {
		return -1
	}
	switch c := ev[i]; c {
	case '{':
		if n.nkids > 0 {
			return w.object(ev, i, n)
		}
		return validValue(ev, i, &w.s.stack)
	case '[':
		return w.array(ev, i, n)
	case '"':
		end, escaped := validString(ev, i)
		if end < 0 {
			return -1
		}
		if n.idx != nil {
			v := &w.s.val
			*v = value{kind: jString, str: ev[i+1 : end-1], buf: &w.s.foldBuf}
			if escaped {
				var ok bool
				if w.s.strBuf, ok = unescape(w.s.strBuf[:0], v.str); !ok {
					return -1
				}
				v.str = w.s.strBuf
			}
			w.eval(n.idx, v)
		}
		w.found(n.edges)
		return end
	default:
		end := scalarValid(ev, i)
		if end < 0 {
			return -1
		}
		if n.idx != nil {
			v := &w.s.val
			*v = value{tok: ev[i:end], numBuf: &w.s.numBuf}
			switch c {
			case 't', 'f':
				v.kind = jBool
			case 'n':
				v.kind = jNull
			default:
				v.kind = jNumber
				v.f = parseFloat(v.tok)
			}
			w.eval(n.idx, v)
		}
		w.found(n.edges)
		return end
	}
}

// array walks every element of the array at ev[i] against node n.
func (w *walker) array(ev []byte, i int, n *node) int {
	if len(w.s.ctx) >= maxArrayDepth {
		// Too deep to track: the values in here are read past, not seen
		// by any condition. Failing instead would make every rule miss the
		// event, even rules on other fields (issue 12).
		return validValue(ev, i, &w.s.stack)
	}
	w.s.ctx = append(w.s.ctx, ctxPair{arr: w.arrays})
	w.arrays++
	i = skipSpace(ev, i+1)
	if i < len(ev) && ev[i] == ']' {
		i++
	} else {
		for idx := int32(0); ; idx++ {
			w.s.ctx[len(w.s.ctx)-1].idx = idx
			if i = w.value(ev, skipSpace(ev, i), n); i < 0 {
				return -1
			}
			i = skipSpace(ev, i)
			if i >= len(ev) {
				return -1
			}
			if ev[i] == ']' {
				i++
				break
			}
			if ev[i] != ',' {
				return -1
			}
			i++
		}
	}
	w.s.ctx = w.s.ctx[:len(w.s.ctx)-1]
	w.found(n.edges)
	return i
}

// eval applies the value index of a node to one leaf value.
func (w *walker) eval(x *valueIndex, v *value) {
	if len(x.absent) > 0 {
		w.violate(x.absent)
	}
	if len(x.exists) > 0 {
		w.hitAll(x.exists)
	}
	h := w.e.h
	switch v.kind {
	case jString:
		s := bytesView(v.str)
		if x.strs.len() > 0 {
			if ids, ok := x.strs.get(s, h.str(s)); ok {
				w.hitAll(ids)
			}
		}
		if len(x.prefix.lens) > 0 {
			w.affix(&x.prefix, s, false)
		}
		if len(x.suffix.lens) > 0 {
			w.affix(&x.suffix, s, true)
		}
		if x.needsFold() {
			f := bytesView(v.folded())
			if x.folds.len() > 0 {
				if ids, ok := x.folds.get(f, h.str(f)); ok {
					w.hitAll(ids)
				}
			}
			if len(x.pfold.lens) > 0 {
				w.affix(&x.pfold, f, false)
			}
			if len(x.sfold.lens) > 0 {
				w.affix(&x.sfold, f, true)
			}
		}
	case jNumber:
		if x.nums.len() > 0 || x.decs.len() > 0 {
			v.classify()
		}
		if v.repr {
			if x.nums.len() > 0 {
				var buf [8]byte
				k := numKey(&buf, floatKey(v.f))
				if ids, ok := x.nums.get(k, h.str(k)); ok {
					w.hitAll(ids)
				}
			}
		} else if x.decs.len() > 0 {
			d := bytesView(v.dec)
			if ids, ok := x.decs.get(d, h.str(d)); ok {
				w.hitAll(ids)
			}
		}
	case jBool:
		if len(v.tok) == 4 {
			w.hitAll(x.trues)
		} else {
			w.hitAll(x.falses)
		}
	case jNull:
		w.hitAll(x.nulls)
	}
	if x.lz != nil {
		w.evalBuilt(x, x.lz.get(&x.ops), v)
	}
}

// affix looks s up in a prefix (or suffix) index at every indexed length.
func (w *walker) affix(a *affixIndex, s string, suffix bool) {
	for _, n := range a.lens {
		if n > len(s) {
			return
		}
		k := s[:n]
		if suffix {
			k = s[len(s)-n:]
		}
		if ids, ok := a.m.get(k, w.e.h.str(k)); ok {
			w.hitAll(ids)
		}
	}
}

func (w *walker) hitAll(ps predList) {
	for _, p := range ps {
		w.hit(p)
	}
}

// hit records that pred p is satisfied by the current value.
func (w *walker) hit(p *pred) {
	s := w.s
	if len(s.ctx) == 0 {
		s.predFree[p.id] = s.epoch
	} else {
		s.hits = append(s.hits, hitRec{pred: p.id, off: int32(len(s.arena)), count: int32(len(s.ctx))})
		s.arena = append(s.arena, s.ctx...)
	}
	if s.predHit[p.id] == s.epoch {
		return
	}
	s.predHit[p.id] = s.epoch
	if p.anchored.n > 0 {
		s.fired = append(s.fired, p)
	}
}

// candidates makes candidates of the branches anchored on the preds that
// fired. It runs after the walk, when every stamp is final.
func (w *walker) candidates() {
	s := w.s
	for _, p := range s.fired {
		w.expand(p)
	}
	// The scratch outlives this engine; it must not keep its preds alive.
	clear(s.fired)
	s.fired = s.fired[:0]
}

// expand makes candidates of the branches anchored on p whose check pred
// was hit too (or that have none).
func (w *walker) expand(p *pred) {
	s := w.s
	left := p.anchored.n
	for _, chunk := range p.anchored.chunks {
		for _, a := range chunk[:min(left, len(chunk))] {
			if a.check >= 0 && s.predHit[a.check] != s.epoch {
				continue
			}
			if s.branchStamp[a.branch] != s.epoch {
				s.branchStamp[a.branch] = s.epoch
				s.cands = append(s.cands, a.branch)
			}
		}
		if left -= len(chunk); left <= 0 {
			return
		}
	}
}

// occurrence records a leaf value at a field that has anything-but preds
// indexed by exclusion, and the preds that exclude it.
func (w *walker) occurrence(fid int32, b *builtIndex, v *value) {
	s := w.s
	if s.fieldSeen[fid] != s.epoch {
		s.fieldSeen[fid] = s.epoch
		s.fieldCount[fid] = 0
		// A branch anchored on an anything-but has no positive pred, so
		// no check to wait for: its candidates are made now.
		for _, p := range b.lazyAnchors {
			w.expand(p)
		}
	}
	s.fieldCount[fid]++
	if len(s.ctx) == 0 {
		s.fieldFree[fid] = s.epoch
	}
	s.occN++
	s.hits = append(s.hits, hitRec{pred: ^fid, off: int32(len(s.arena)), count: int32(len(s.ctx))})
	s.arena = append(s.arena, s.ctx...)
	w.excluders(b, v)
}

func (w *walker) excludeAll(ps predList) {
	for _, p := range ps {
		w.exclude(p.id)
	}
}

// exclude records that pred id excludes the current occurrence.
func (w *walker) exclude(id int32) {
	s := w.s
	switch {
	case s.exclEpoch[id] != s.epoch:
		s.exclEpoch[id] = s.epoch
		s.exclCount[id] = 0
	case s.exclOcc[id] == s.occN:
		return // already excluded by another of its operands
	}
	s.exclOcc[id] = s.occN
	s.exclCount[id]++
	s.excls = append(s.excls, exclRec{pred: id, hit: int32(len(s.hits) - 1)})
}

// lazyHolds reports whether anything-but pred l holds for some value of its
// field, and whether it does outside every array (so that it needs no
// consistency check).
func (w *walker) lazyHolds(l lazyRef) (holds, free bool) {
	s := w.s
	if s.fieldSeen[l.fid] != s.epoch {
		return false, false
	}
	excluded := int32(0)
	if s.exclEpoch[l.pred] == s.epoch {
		excluded = s.exclCount[l.pred]
	}
	if excluded >= s.fieldCount[l.fid] {
		return false, false
	}
	// Every occurrence satisfies it: free if one is outside arrays.
	return true, excluded == 0 && s.fieldFree[l.fid] == s.epoch
}

// excludedAt reports whether pred id excludes the occurrence hits[hi].
func (w *walker) excludedAt(id int32, hi int) bool {
	for _, x := range w.s.excls {
		if x.pred == id && x.hit == int32(hi) {
			return true
		}
	}
	return false
}

// accept reports whether candidate branch b (or a branch with no positive
// conditions) really matches: every pred hit, no absent pred violated,
// and, if some pred was hit only inside arrays, a consistent choice of
// hits exists.
func (w *walker) accept(b int32) bool {
	s := w.s
	info := w.e.branches.at(b)
	inArrays := false
	for _, id := range info.preds {
		if s.predHit[id] != s.epoch {
			return false
		}
		if s.predFree[id] != s.epoch {
			inArrays = true
		}
	}
	s.negs = s.negs[:0]
	for _, id := range info.negs {
		if s.predViol[id] == s.epoch {
			return false
		}
		if s.predViolArr[id] == s.epoch {
			s.negs = append(s.negs, id)
		}
	}
	for _, l := range info.lazy {
		holds, free := w.lazyHolds(l)
		if !holds {
			return false
		}
		if !free {
			inArrays = true
		}
	}
	if len(s.negs) == 0 && (!inArrays || len(info.preds)+len(info.lazy) < 2) {
		return true
	}
	s.choice = s.choice[:0]
	return w.consistent(info.preds, info.lazy)
}

// violate records that the current value violates the absent preds ids.
// Outside arrays that is final; inside an array it is a violation only for
// choices of hits in the same array element (see negsClear).
func (w *walker) violate(ids []int32) {
	s := w.s
	if len(s.ctx) == 0 {
		for _, id := range ids {
			s.predViol[id] = s.epoch
		}
		return
	}
	off := int32(len(s.arena))
	s.arena = append(s.arena, s.ctx...)
	for _, id := range ids {
		s.predViolArr[id] = s.epoch
		s.viols = append(s.viols, hitRec{pred: id, off: off, count: int32(len(s.ctx))})
	}
}

// negsClear reports whether no violation of the branch's absent preds
// (s.negs) is consistent with the chosen hits. This is event-ruler's
// reading of {"exists": false} under array consistency: the field counts
// as present only where it sits in the array elements the other conditions
// matched in (ACFinder.tryMustNotExistMatch with
// NameState.getNameTransitions(event, membership)).
func (w *walker) negsClear() bool {
	s := w.s
	for _, id := range s.negs {
		for i := range s.viols {
			if v := &s.viols[i]; v.pred == id && w.compatible(v) {
				return false
			}
		}
	}
	return true
}

// consistent searches for one hit per pred in preds, pairwise consistent
// with the hits already chosen (s.choice). Preds hit outside every array
// are consistent with anything and need no choice.
//
// Anything-but preds (lazies) come after: for each, a value of its field
// that it does not exclude, consistent with the choice.
func (w *walker) consistent(preds []int32, lazies []lazyRef) bool {
	s := w.s
	if len(preds) == 0 {
		if len(lazies) == 0 {
			return w.negsClear()
		}
		l := lazies[0]
		for hi := range s.hits {
			h := &s.hits[hi]
			if h.pred != ^l.fid || w.excludedAt(l.pred, hi) || !w.compatible(h) {
				continue
			}
			s.choice = append(s.choice, int32(hi))
			if w.consistent(nil, lazies[1:]) {
				return true
			}
			s.choice = s.choice[:len(s.choice)-1]
		}
		return false
	}
	id := preds[0]
	if s.predFree[id] == s.epoch {
		return w.consistent(preds[1:], lazies)
	}
	for hi := range s.hits {
		h := &s.hits[hi]
		if h.pred != id || !w.compatible(h) {
			continue
		}
		s.choice = append(s.choice, int32(hi))
		if w.consistent(preds[1:], lazies) {
			return true
		}
		s.choice = s.choice[:len(s.choice)-1]
	}
	return false
}

// compatible reports whether h is consistent with every chosen hit.
func (w *walker) compatible(h *hitRec) bool {
	s := w.s
	a := s.arena[h.off : h.off+h.count]
	for _, ci := range s.choice {
		o := &s.hits[ci]
		b := s.arena[o.off : o.off+o.count]
		for k := 0; k < len(a) && k < len(b) && a[k].arr == b[k].arr; k++ {
			if a[k].idx != b[k].idx {
				return false
			}
		}
	}
	return true
}
