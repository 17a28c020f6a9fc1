package pattern

import "bytes"

// node is one field path in the trie of every path some condition uses.
// Walking the event, the matcher descends only into keys that have a child
// here and skips everything else, so an event is read once however many
// rules look at it. Like valueIndex, a node is immutable once published:
// updates copy the nodes on the path from the root and share the rest.
type node struct {
	names []string // child names, when few
	kids  []*node
	big   *pmap[*node] // children by name, when many
	nkids int
	// edges counts the edges below this node. The walk decrements a
	// running total as it finds (or rules out) fields, and stops reading
	// the event when nothing is left to find.
	edges int
	idx   *valueIndex // conditions on the values at this path
}

// maxSmallKids is how many children a node keeps in a slice; past it a
// hash map is faster than comparing names one by one.
const maxSmallKids = 8

func (n *node) child(h hasher, name string) *node {
	if n.big != nil {
		c, _ := n.big.get(name, h.str(name))
		return c
	}
	for i, s := range n.names {
		if s == name {
			return n.kids[i]
		}
	}
	return nil
}

// lookup returns the child named key, or nil and whether key could be a
// dotted path ("a.b") through one of n's children: it starts with a
// child's name and a dot. For the few children of a small node one pass
// over the names answers both, which is cheaper than looking for a dot in
// every key the walk passes.
func (n *node) lookup(h hasher, key []byte) (kid *node, dotted bool) {
	if n.big != nil {
		c, _ := n.big.get(bytesView(key), h.str(bytesView(key)))
		return c, c == nil && bytes.IndexByte(key, '.') >= 0
	}
	for i, s := range n.names {
		switch {
		case len(s) == len(key):
			if bytesView(key) == s {
				return n.kids[i], false
			}
		case len(key) > len(s) && key[len(s)] == '.' && bytesView(key[:len(s)]) == s:
			dotted = true
		}
	}
	return nil, dotted
}

func (n *node) empty() bool { return n.nkids == 0 && n.idx == nil }

// update returns a copy of the trie rooted at n (nil for an empty trie) in
// which fn has replaced the value index at path. Nodes left empty are
// pruned, so the result may be nil.
func (n *node) update(h hasher, path []string, fn func(*valueIndex) *valueIndex) *node {
	var c node
	if n != nil {
		c = *n
	}
	if len(path) == 0 {
		c.idx = fn(c.idx)
		if c.empty() {
			return nil
		}
		return &c
	}
	name := path[0]
	var old *node
	if n != nil {
		old = n.child(h, name)
	}
	kid := old.update(h, path[1:], fn)
	if old != nil {
		c.edges -= 1 + old.edges
	}
	if kid != nil {
		c.edges += 1 + kid.edges
	}
	c.setChild(h, name, kid)
	if c.empty() {
		return nil
	}
	return &c
}

// setChild replaces (or adds, or with kid == nil removes) a child of c,
// which is a fresh copy whose slices still belong to the original.
func (c *node) setChild(h hasher, name string, kid *node) {
	if c.big != nil {
		m := *c.big
		if kid == nil {
			m = m.del(name, h.str(name))
		} else {
			m = m.set(name, h.str(name), kid)
		}
		c.big, c.nkids = &m, m.len()
		return
	}
	names, kids := c.names, c.kids
	c.names, c.kids = nil, nil
	for i, s := range names {
		if s == name {
			continue
		}
		c.names, c.kids = append(c.names, s), append(c.kids, kids[i])
	}
	if kid != nil {
		c.names, c.kids = append(c.names, name), append(c.kids, kid)
	}
	c.nkids = len(c.names)
	if c.nkids > maxSmallKids {
		var m pmap[*node]
		for i, s := range c.names {
			m = m.set(s, h.str(s), c.kids[i])
		}
		c.big, c.names, c.kids = &m, nil, nil
	}
}
