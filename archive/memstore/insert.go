package memstore

import "sort"

// search returns the index of the first entry whose key is >= (ns, seq),
// or > (ns, seq) when after is true.
func (s *Store) search(ns int64, seq uint64, after bool) int {
	probe := entry{ns: ns, seq: seq}
	return sort.Search(len(s.recs), func(i int) bool {
		c := compareKey(&s.recs[i], &probe)
		if after {
			return c > 0
		}
		return c >= 0
	})
}

// insert adds a sorted, duplicate-free batch to s.recs. The caller holds
// the write lock.
//
// An archive appends mostly in time order, so the common case is a batch
// that starts after the last stored key: it is appended and costs nothing
// more than the copy. Otherwise only the tail of s.recs from the batch's
// first key onward is touched: it is merged with the batch into a new
// buffer, in one linear pass, and copied back. Equal keys take the batch's
// entry (an Append replaces). Inserting records one by one instead would
// move the tail once per record.
func (s *Store) insert(batch []entry) {
	for i := range batch {
		s.bytes += int64(len(batch[i].data))
	}
	p := len(s.recs)
	if p > 0 && compareKey(&s.recs[p-1], &batch[0]) >= 0 {
		p = s.search(batch[0].ns, batch[0].seq, false)
	}
	if p == len(s.recs) {
		s.recs = append(s.recs, batch...)
		return
	}
	tail := s.recs[p:]
	merged := make([]entry, 0, len(tail)+len(batch))
	i, j := 0, 0
	for i < len(tail) && j < len(batch) {
		switch c := compareKey(&tail[i], &batch[j]); {
		case c < 0:
			merged = append(merged, tail[i])
			i++
		case c > 0:
			merged = append(merged, batch[j])
			j++
		default:
			s.bytes -= int64(len(tail[i].data))
			merged = append(merged, batch[j])
			i++
			j++
		}
	}
	merged = append(merged, tail[i:]...)
	merged = append(merged, batch[j:]...)
	// Entries in tail that the merge dropped (replaced) are overwritten or
	// fall beyond the new length; clear the latter so their data can go.
	oldLen := len(s.recs)
	s.recs = append(s.recs[:p], merged...)
	if len(s.recs) < oldLen {
		clear(s.recs[len(s.recs):oldLen])
	}
}
