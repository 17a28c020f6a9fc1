package pattern

import (
	"hash/maphash"
	"math/bits"
	"slices"
)

// pmap is a persistent (immutable) hash map from strings to V: a hash array
// mapped trie. Every update returns a new map that shares all untouched
// nodes with the old one, so an update costs O(log32 n) copies while
// readers holding the old map keep a consistent view without locks. This is
// what lets Matcher.Add publish a new snapshot per call without copying
// every index (10,000 exact values on one field would otherwise be copied
// on each Add).
//
// Each level consumes 5 bits of a 64-bit maphash; two keys whose hashes
// agree on all the bits used so far (depth > 12) share a collision node that
// is searched linearly.
type pmap[V any] struct {
	root *pnode[V]
	n    int
}

type pnode[V any] struct {
	// owner is the edit that created the node, if it was made by setIn:
	// that edit may still change it in place (see editToken).
	owner     *editToken
	bitmap    uint32
	entries   []pentry[V]
	collision bool // entries are all leaves with the same hash
}

type pentry[V any] struct {
	child *pnode[V]
	key   string
	hash  uint64
	val   V
}

const pmapMaxShift = 60

// len returns the number of keys.
func (m pmap[V]) len() int { return m.n }

// get looks key up; h must be maphash.String(seed, key).
func (m pmap[V]) get(key string, h uint64) (V, bool) {
	n := m.root
	for shift := uint(0); n != nil; shift += 5 {
		if n.collision {
			for i := range n.entries {
				if n.entries[i].key == key {
					return n.entries[i].val, true
				}
			}
			break
		}
		bit := uint32(1) << ((h >> shift) & 31)
		if n.bitmap&bit == 0 {
			break
		}
		e := &n.entries[bits.OnesCount32(n.bitmap&(bit-1))]
		if e.child != nil {
			n = e.child
			continue
		}
		// The stored hash settles most misses without reading the key's
		// bytes, which live in another allocation (another cache miss).
		if e.hash == h && e.key == key {
			return e.val, true
		}
		break
	}
	var zero V
	return zero, false
}

// set returns a map with key bound to val.
func (m pmap[V]) set(key string, h uint64, val V) pmap[V] {
	return m.setIn(key, h, val, nil)
}

// editToken identifies one batch of updates to maps that no reader can see
// yet (one Add registering a leaf with many values). Nodes created by setIn
// under a token are owned by it, and later updates under the same token
// change them in place instead of copying them, so inserting n keys in one
// batch copies each path once rather than once per key. Once the batch's
// result is published the token is dropped, and every later update copies
// as usual. A token must have a size: pointers to distinct zero-size
// values may be equal.
type editToken struct{ _ byte }

// setIn is set, changing the nodes that tok owns in place; a nil tok
// changes nothing in place. m must be unpublished where tok owns it.
func (m pmap[V]) setIn(key string, h uint64, val V, tok *editToken) pmap[V] {
	root, added := psetNode(m.root, pentry[V]{key: key, hash: h, val: val}, 0, tok)
	if added {
		m.n++
	}
	m.root = root
	return m
}

func psetNode[V any](n *pnode[V], e pentry[V], shift uint, tok *editToken) (*pnode[V], bool) {
	if n == nil {
		return &pnode[V]{owner: tok, bitmap: 1 << ((e.hash >> shift) & 31), entries: []pentry[V]{e}}, true
	}
	c := n
	if tok == nil || n.owner != tok {
		c = &pnode[V]{owner: tok, bitmap: n.bitmap, collision: n.collision, entries: slices.Clone(n.entries)}
	}
	if c.collision {
		for i := range c.entries {
			if c.entries[i].key == e.key {
				c.entries[i] = e
				return c, false
			}
		}
		c.entries = append(c.entries, e)
		return c, true
	}
	bit := uint32(1) << ((e.hash >> shift) & 31)
	idx := bits.OnesCount32(c.bitmap & (bit - 1))
	if c.bitmap&bit == 0 {
		c.bitmap |= bit
		c.entries = slices.Insert(c.entries, idx, e)
		return c, true
	}
	old := c.entries[idx]
	switch {
	case old.child != nil:
		child, added := psetNode(old.child, e, shift+5, tok)
		c.entries[idx] = pentry[V]{child: child}
		return c, added
	case old.key == e.key:
		c.entries[idx] = e
		return c, false
	case shift+5 > pmapMaxShift:
		c.entries[idx] = pentry[V]{child: &pnode[V]{owner: tok, collision: true, entries: []pentry[V]{old, e}}}
		return c, true
	default:
		child, _ := psetNode(nil, old, shift+5, tok)
		child, _ = psetNode(child, e, shift+5, tok)
		c.entries[idx] = pentry[V]{child: child}
		return c, true
	}
}

// del returns a map without key.
func (m pmap[V]) del(key string, h uint64) pmap[V] {
	root, removed := pdelNode(m.root, key, h, 0)
	if removed {
		m.n--
		m.root = root
	}
	return m
}

func pdelNode[V any](n *pnode[V], key string, h uint64, shift uint) (*pnode[V], bool) {
	if n == nil {
		return nil, false
	}
	if n.collision {
		for i := range n.entries {
			if n.entries[i].key == key {
				if len(n.entries) == 1 {
					return nil, true
				}
				c := &pnode[V]{collision: true}
				c.entries = append(append(c.entries, n.entries[:i]...), n.entries[i+1:]...)
				return c, true
			}
		}
		return n, false
	}
	bit := uint32(1) << ((h >> shift) & 31)
	if n.bitmap&bit == 0 {
		return n, false
	}
	idx := bits.OnesCount32(n.bitmap & (bit - 1))
	old := n.entries[idx]
	var repl *pnode[V]
	if old.child != nil {
		child, removed := pdelNode(old.child, key, h, shift+5)
		if !removed {
			return n, false
		}
		repl = child
	} else if old.key != key {
		return n, false
	}
	c := &pnode[V]{bitmap: n.bitmap, entries: append([]pentry[V](nil), n.entries...)}
	if repl != nil {
		c.entries[idx] = pentry[V]{child: repl}
		return c, true
	}
	c.bitmap &^= bit
	c.entries = append(c.entries[:idx], c.entries[idx+1:]...)
	if len(c.entries) == 0 {
		return nil, true
	}
	return c, true
}

// each calls fn for every key and value, in no particular order.
func (m pmap[V]) each(fn func(key string, val V)) {
	var walk func(n *pnode[V])
	walk = func(n *pnode[V]) {
		if n == nil {
			return
		}
		for i := range n.entries {
			if e := &n.entries[i]; e.child != nil {
				walk(e.child)
			} else {
				fn(e.key, e.val)
			}
		}
	}
	walk(m.root)
}

// hasher hashes pmap keys; one seed per Matcher.
type hasher struct{ seed maphash.Seed }

func (h hasher) str(s string) uint64 { return maphash.String(h.seed, s) }
