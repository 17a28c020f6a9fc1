package boltstore

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Group commit.
//
// A bbolt commit costs two fsyncs (data pages, then the meta page),
// whatever it holds: from half a millisecond on a fast SSD to several on
// slower disks. Committing each Append on its own caps the store at one
// append per commit (2,500 to 5,500 a second on the benchmark machine);
// putting many appends in one transaction makes that cost per group, not
// per append.
//
// Every Append encodes its records in its own goroutine and sends them to
// one writer goroutine through s.queue. The writer takes the first waiting
// request, then everything else already queued, up to WithMaxBatchSize
// records and WithMaxBatchBytes bytes (a request that would overflow the
// group is carried to the next one, never split), optionally waiting up to
// WithMaxBatchDelay for more. It writes the whole group in one bbolt
// Update, and only after Update has returned, that is after the commit's
// fsyncs, sends each request its result. While it is syncing, new appends
// queue up, so the busier the store, the bigger the groups: no timer is
// needed to batch under load, and an idle store commits a lone append at
// once.
//
// Why it is safe. A caller is acknowledged only after the transaction that
// holds its records committed, so a nil from Append means on disk. A
// group's transaction is atomic, so each request in it, being wholly
// inside, is atomic too. If the group's transaction fails, no request in it
// was stored; the writer then retries each request in a transaction of its
// own, so one request that bbolt refuses cannot fail the others, and each
// caller gets the error of its own attempt. A request whose caller gave up
// (its context ended) before the group was written is dropped and answered
// with the context's error; one whose caller gives up later may still be
// stored, which the Store contract allows (a failed Append may have stored
// its whole batch). Within a group, records are written in key order and
// requests in queue order, so when two requests carry the same key the
// later one wins, as it would with separate commits.
//
// bbolt's own DB.Batch does something similar but retries a failed batch
// by re-running functions and bounds only by count and a timer; writing it
// here keeps the acknowledgement rule, the byte bound and the zero-delay
// behaviour explicit.
func (s *Store) writer() {
	defer close(s.writerDone)
	// A fault reading the mapped file panics rather than kills the process;
	// guard recovers it per transaction.
	debug.SetPanicOnFault(true)

	var (
		group []*request
		carry *request
		timer *time.Timer
	)
	if s.opts.maxBatchDelay > 0 {
		timer = time.NewTimer(time.Hour)
		timer.Stop()
	}
	for {
		first := carry
		carry = nil
		if first == nil {
			r, ok := <-s.queue
			if !ok {
				return // closed and drained
			}
			first = r
		}
		s.received.Add(1)
		// The callers acknowledged by the last commit are runnable and
		// about to append again. Yielding once lets them queue before the
		// group is gathered; without it the writer, woken by the first of
		// them, commits that one almost alone and the rest wait a whole
		// extra fsync, halving group size. (Measured: 8 goroutines
		// appending single records went from 4k to 12k events/s.)
		runtime.Gosched()
		group = append(group[:0], first)
		records, size := len(first.items), first.bytes
		var timeout <-chan time.Time
		if timer != nil {
			timer.Reset(s.opts.maxBatchDelay)
			timeout = timer.C
		}
	gather:
		for records < s.opts.maxBatchSize && size < s.opts.maxBatchBytes {
			var (
				r  *request
				ok bool
			)
			if timeout == nil {
				select {
				case r, ok = <-s.queue:
				default:
					break gather
				}
			} else {
				select {
				case r, ok = <-s.queue:
				case <-timeout:
					break gather
				}
			}
			if !ok {
				break // closed: commit this group; the next receive returns
			}
			if records+len(r.items) > s.opts.maxBatchSize || size+r.bytes > s.opts.maxBatchBytes {
				carry = r
				break
			}
			s.received.Add(1)
			group = append(group, r)
			records += len(r.items)
			size += r.bytes
		}
		if timer != nil {
			timer.Stop()
		}
		s.commit(group)
		clear(group) // let the requests' buffers go
	}
}

// commit writes a group and answers its requests.
func (s *Store) commit(group []*request) {
	live := group[:0]
	for _, r := range group {
		if err := r.ctx.Err(); err != nil {
			r.done <- err
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	err := s.write(live)
	if err != nil && len(live) > 1 {
		s.log.Warn("boltstore: group commit failed, retrying its appends one by one", "appends", len(live), "err", err)
		for _, r := range live {
			r.done <- s.write([]*request{r})
		}
		return
	}
	if err != nil {
		s.log.Error("boltstore: append failed", "err", err)
	}
	for _, r := range live {
		r.done <- err
	}
}

// write stores the records of reqs in one transaction and updates the
// meta counters in it.
func (s *Store) write(reqs []*request) error {
	items := make([]*item, 0, len(reqs))
	for _, r := range reqs {
		for i := range r.items {
			items = append(items, &r.items[i])
		}
	}
	byKey := func(a, b *item) int { return bytes.Compare(a.key, b.key) }
	if !slices.IsSortedFunc(items, byKey) {
		// Stable: equal keys keep queue order, so the last one wins.
		slices.SortStableFunc(items, byKey)
	}
	err := guard(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			recs := tx.Bucket([]byte(bucketRecords))
			meta := tx.Bucket([]byte(bucketMeta))
			st, err := readStats(meta)
			if err != nil {
				return err
			}
			// Keys after the last stored one cannot replace anything, so
			// the lookup that accounts for a replacement is skipped for
			// them: for an archive appending in time order, for all.
			last, _ := recs.Cursor().Last()
			if last == nil || bytes.Compare(items[0].key, last) > 0 {
				// Pages that will not be inserted into again can be
				// filled; bbolt's default of half full suits random
				// inserts.
				recs.FillPercent = 0.9
			}
			var prev []byte
			for _, it := range items {
				switch {
				case prev != nil && bytes.Equal(it.key, prev):
					st.Count--
					st.Bytes -= int64(len(recs.Get(it.key)) - headerSize)
				case last != nil && bytes.Compare(it.key, last) <= 0:
					if old := recs.Get(it.key); old != nil {
						st.Count--
						st.Bytes -= int64(len(old) - headerSize)
					}
				}
				if err := recs.Put(it.key, it.val); err != nil {
					return err
				}
				st.Count++
				st.Bytes += int64(it.size)
				prev = it.key
			}
			return writeStats(meta, st)
		})
	})
	if err != nil {
		return fmt.Errorf("boltstore: append: %w", err)
	}
	s.commits.Add(1)
	return nil
}
