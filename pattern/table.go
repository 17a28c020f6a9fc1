package pattern

import "math/bits"

// table is an append-only array shared between a writer and the snapshots
// it has published. A snapshot holds a copy of the table header and reads
// only below its own length; the writer only ever writes past every
// published length, into chunks that are never moved. So readers and the
// writer never touch the same element and no copy of the whole table is
// ever made, which keeps Add cheap at 100,000 rules.
//
// Chunk c holds tableBase<<c elements, so a one-rule table (every compiled
// Pattern has one) is small and a large one needs few chunks.
type table[T any] struct {
	chunks [][]T
	n      int
}

const tableBase = 8

// locate returns the chunk and offset of element i: chunk c starts at
// tableBase*(2^c - 1).
func locate(i int32) (int, int) {
	q := uint32(i)/tableBase + 1
	c := bits.Len32(q) - 1
	return c, int(uint32(i) - tableBase*(1<<c-1))
}

func (t *table[T]) at(i int32) *T {
	c, off := locate(i)
	return &t.chunks[c][off]
}

func (t *table[T]) push(v T) int32 {
	c, off := locate(int32(t.n))
	if c == len(t.chunks) {
		t.chunks = append(t.chunks, make([]T, tableBase<<c))
	}
	t.chunks[c][off] = v
	t.n++
	return int32(t.n - 1)
}

// each calls fn for every element in order.
func (t *table[T]) each(fn func(T)) {
	left := t.n
	for _, chunk := range t.chunks {
		for _, v := range chunk[:min(left, len(chunk))] {
			fn(v)
		}
		if left -= len(chunk); left <= 0 {
			return
		}
	}
}
