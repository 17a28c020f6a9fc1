package pattern

// One automaton for all the wildcards on a field.
//
// Evaluating 10,000 wildcards one by one costs 10,000 scans per value. Here
// they share one nondeterministic automaton built as a trie: a state is a
// position reached by some wildcards' text so far; literal bytes are edges
// to child states, and a '*' is an empty (epsilon) edge to a state that
// loops on every byte. Wildcards with a common beginning share their
// states, so matching a value walks it once, carrying the set of states
// that are live, and the cost is its length times the live states, not the
// number of wildcards. For the usual shapes ("1234*5", "arn:aws:*:bucket")
// the live set stays at two or three states.
//
// The automaton is built once per snapshot of a field's index (see
// lazyIndex) and is then immutable, so readers share it without locks.

// wstate is one automaton state.
type wstate struct {
	// Literal edges: keys[i] leads to next[i]. Kept sorted; states with
	// many edges also get a dense table.
	keys  []byte
	next  []int32
	dense *[256]int32 // next state + 1 by byte, when len(keys) > denseEdges
	star  int32       // the state after a '*' from here, or -1
	loop  bool        // this state is after a '*': it stays live on any byte
	// accept lists the preds of the wildcards that end here.
	accept predList
}

// denseEdges is how many edges a state keeps in its sorted list before a
// 256-entry table is faster.
const denseEdges = 24

// automaton is the compiled set of wildcards on a field. states is the
// form add builds; finish packs it into run's form (cstates and edges),
// which keeps each state in 16 bytes and its edges side by side, so a
// value's walk touches few cache lines even with 100,000 wildcards.
type automaton struct {
	states  []wstate
	cstates []cstate
	edges   []wedge
	dense   []*[256]int32
	closed  []int32 // start state's epsilon closure
}

// cstate is a packed state: its literal edges are edges[off:off+n], or
// dense[-n-1] when n < 0.
type cstate struct {
	off, n int32
	star   int32
	loop   bool
}

// wedge is one literal edge.
type wedge struct {
	c byte
	t int32
}

func newAutomaton() *automaton {
	return &automaton{states: []wstate{{star: -1}}}
}

func (a *automaton) newState(loop bool) int32 {
	a.states = append(a.states, wstate{star: -1, loop: loop})
	return int32(len(a.states) - 1)
}

// edge returns the literal edge of s on c, or -1.
func (a *automaton) edge(s int32, c byte) int32 {
	st := &a.states[s]
	if st.dense != nil {
		return st.dense[c] - 1
	}
	for i, k := range st.keys {
		if k == c {
			return st.next[i]
		}
	}
	return -1
}

// addEdge returns the literal edge of s on c, creating it if needed.
func (a *automaton) addEdge(s int32, c byte) int32 {
	if t := a.edge(s, c); t >= 0 {
		return t
	}
	t := a.newState(false)
	st := &a.states[s]
	st.keys = append(st.keys, c)
	st.next = append(st.next, t)
	if len(st.keys) > denseEdges {
		if st.dense == nil {
			st.dense = new([256]int32)
			for i, k := range st.keys {
				st.dense[k] = st.next[i] + 1
			}
		}
		st.dense[c] = t + 1
	}
	return t
}

// addStar returns the state after a '*' from s, creating it if needed.
func (a *automaton) addStar(s int32) int32 {
	if t := a.states[s].star; t >= 0 {
		return t
	}
	t := a.newState(true)
	a.states[s].star = t
	return t
}

// add inserts w, accepting with preds ps.
func (a *automaton) add(w *wildcard, ps predList) {
	s := int32(0)
	for i, seg := range w.segs {
		if i > 0 || w.leadStar {
			s = a.addStar(s)
		}
		for j := 0; j < len(seg); j++ {
			s = a.addEdge(s, seg[j])
		}
	}
	if w.trailStar {
		s = a.addStar(s)
	}
	a.states[s].accept = append(a.states[s].accept, ps...)
}

// finish packs the automaton and computes the start closure once all
// wildcards are added.
func (a *automaton) finish() {
	a.cstates = make([]cstate, len(a.states))
	for i := range a.states {
		st := &a.states[i]
		c := cstate{off: int32(len(a.edges)), n: int32(len(st.keys)), star: st.star, loop: st.loop}
		if st.dense != nil {
			a.dense = append(a.dense, st.dense)
			c.n = -int32(len(a.dense))
		} else {
			for k, key := range st.keys {
				a.edges = append(a.edges, wedge{c: key, t: st.next[k]})
			}
		}
		a.cstates[i] = c
		st.keys, st.next, st.dense = nil, nil, nil
	}
	a.closed = []int32{0}
	if t := a.states[0].star; t >= 0 {
		a.closed = append(a.closed, t)
	}
}

// step returns the packed state q's literal edge on c, or -1.
func (a *automaton) step(q int32, c byte) int32 {
	st := &a.cstates[q]
	if st.n < 0 {
		return a.dense[-st.n-1][c] - 1
	}
	for _, e := range a.edges[st.off : st.off+st.n] {
		if e.c == c {
			return e.t
		}
	}
	return -1
}

// run feeds v through the automaton and returns the states live at the
// end (whose accept lists hold the matching wildcards' preds), in s's
// scratch. A stamp per state keeps each live set free of duplicates.
func (a *automaton) run(s *scratch, v []byte) []int32 {
	if len(s.wstamp) < len(a.states) {
		s.wstamp = make([]uint32, len(a.states)+len(a.states)/4)
		s.wstep = 0
	}
	cur := append(s.wcur[:0], a.closed...)
	next := s.wnext[:0]
	for _, c := range v {
		s.wstep++
		if s.wstep == 0 {
			clear(s.wstamp)
			s.wstep = 1
		}
		next = next[:0]
		for _, q := range cur {
			if a.cstates[q].loop {
				next = a.push(s, next, q)
			}
			if t := a.step(q, c); t >= 0 {
				next = a.push(s, next, t)
			}
		}
		cur, next = next, cur
		if len(cur) == 0 {
			break
		}
	}
	s.wcur, s.wnext = cur, next
	return cur
}

// push adds state t and its epsilon successor to the set being built.
func (a *automaton) push(s *scratch, set []int32, t int32) []int32 {
	for t >= 0 && s.wstamp[t] != s.wstep {
		s.wstamp[t] = s.wstep
		set = append(set, t)
		t = a.cstates[t].star
	}
	return set
}
