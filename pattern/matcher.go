package pattern

import (
	"errors"
	"sync"
	"sync/atomic"
)

// Matcher matches an event against many patterns in one pass. Patterns are
// added under keys of the caller's choosing (a rule name, a pointer); a key
// may hold several patterns, which are OR-ed, and is reported once.
//
// MatchAppend may run concurrently with Add and Remove and never waits for
// them: writers build the next snapshot of the matcher's structures beside
// the current one, sharing everything they did not change, and publish it
// with one atomic store. A MatchAppend sees the snapshot that was current
// when it started.
type Matcher[K comparable] struct {
	mu      sync.Mutex // serialises writers
	snap    atomic.Pointer[matcherSnap[K]]
	entries map[K]*keyEntry // writer-only
	dead    int             // branches removed since the last rebuild
	pool    sync.Pool       // of *scratch
}

type matcherSnap[K comparable] struct {
	e    *engine
	keys table[K]
}

// keyEntry is what the writer remembers about a key in order to remove it.
type keyEntry struct {
	idx  int32
	pats []*Pattern
	ids  [][]int32 // branch ids, per pattern
}

// NewMatcher returns an empty Matcher.
func NewMatcher[K comparable]() *Matcher[K] {
	m := &Matcher[K]{entries: map[K]*keyEntry{}}
	m.snap.Store(&matcherSnap[K]{e: newEngine()})
	return m
}

// ErrNilPattern is returned by Add for a nil pattern.
var ErrNilPattern = errors.New("pattern: Matcher.Add: nil pattern")

// Add adds p under key. If key already holds patterns, p is OR-ed with them.
func (m *Matcher[K]) Add(key K, p *Pattern) error {
	if p == nil {
		return ErrNilPattern
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur := m.snap.Load()
	next := &matcherSnap[K]{e: cur.e.clone(), keys: cur.keys}
	ent := m.entries[key]
	if ent == nil {
		ent = &keyEntry{idx: next.keys.push(key)}
		m.entries[key] = ent
	}
	ent.pats = append(ent.pats, p)
	ent.ids = append(ent.ids, next.e.add(ent.idx, p))
	m.snap.Store(next)
	return nil
}

// Remove removes every pattern held by key and reports whether there were
// any.
func (m *Matcher[K]) Remove(key K) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	ent := m.entries[key]
	if ent == nil {
		return false
	}
	delete(m.entries, key)
	cur := m.snap.Load()
	next := &matcherSnap[K]{e: cur.e.clone(), keys: cur.keys}
	for i, p := range ent.pats {
		next.e.remove(p, ent.ids[i])
		m.dead += len(ent.ids[i])
	}
	// Removed branches leave unreachable slots in the tables, and scratch
	// space is sized by the tables; rebuild once they outnumber the live.
	if m.dead > 1024 && m.dead > next.e.live {
		next = m.rebuild()
	}
	m.snap.Store(next)
	return true
}

// rebuild builds a fresh snapshot from the live entries.
func (m *Matcher[K]) rebuild() *matcherSnap[K] {
	next := &matcherSnap[K]{e: newEngine()}
	for key, ent := range m.entries {
		ent.idx = next.keys.push(key)
		for i, p := range ent.pats {
			ent.ids[i] = next.e.add(ent.idx, p)
		}
	}
	m.dead = 0
	return next
}

// Len returns the number of keys.
func (m *Matcher[K]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

// MatchAppend appends to dst the key of every pattern the event matches,
// each key once, and returns the extended slice. It does not allocate when
// dst has room for the result. Invalid JSON matches nothing.
func (m *Matcher[K]) MatchAppend(dst []K, event []byte) []K {
	sn := m.snap.Load()
	if sn.e.root == nil {
		return dst
	}
	s, _ := m.pool.Get().(*scratch)
	if s == nil {
		s = new(scratch)
	}
	s.reset(sn.e, sn.keys.n)
	w := walker{e: sn.e, s: s}
	for _, b := range w.accepted(event) {
		k := sn.e.branches.at(b).key
		if s.keyStamp[k] != s.epoch {
			s.keyStamp[k] = s.epoch
			dst = append(dst, *sn.keys.at(k))
		}
	}
	m.pool.Put(s)
	return dst
}
