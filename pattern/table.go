package pattern

// table is an append-only array shared between a writer and the snapshots
// it has published. A snapshot holds a copy of the table header and reads
// only below its own length; the writer only ever writes past every
// published length, into fixed-size chunks that are never moved. So readers
// and the writer never touch the same element and no copy of the whole
// table is ever made, which keeps Add cheap at 100,000 rules.
type table[T any] struct {
	chunks []*[tableChunk]T
	n      int
}

const tableChunk = 1024

func (t *table[T]) at(i int32) *T { return &t.chunks[i/tableChunk][i%tableChunk] }

func (t *table[T]) push(v T) int32 {
	if t.n == len(t.chunks)*tableChunk {
		t.chunks = append(t.chunks, new([tableChunk]T))
	}
	i := t.n
	t.chunks[i/tableChunk][i%tableChunk] = v
	t.n++
	return int32(i)
}
