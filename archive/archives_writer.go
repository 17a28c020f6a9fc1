package archive

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Group commit
//
// The bus acknowledges a delivery when the target's Deliver returns nil,
// and never delivers it again: so an archive's Deliver must not return nil
// before its event is in the store (for a durable store, on disk). One
// Append per event would cost one commit (one fsync for boltstore) per
// event; instead each archive has a writer goroutine, and Deliver hands it
// the record and waits. While one Append runs, the records that arrive
// queue up in the next batch, and the writer appends that batch as one
// call as soon as the previous one returns. Under load a batch holds as
// many records as there are Deliver calls waiting (the bus runs up to
// Limits.TargetConcurrency of them per target); alone, a record is
// appended at once. WithAppendBatch bounds the batch and can add a short
// wait to gather more.
//
// When the writer is idle and nothing is queued, Deliver appends its
// record itself, on its own goroutine: a fast store then costs no
// goroutine hand-off per event. busy marks that an Append, Deliver's or
// the writer's, is running, so that appends never overlap and the writer
// resumes the queue once the direct append is done.
//
// Sequence numbers are handed out under the writer's lock, in queue order,
// so that records sharing an event time keep their arrival order. The
// counter starts at the wall clock's nanoseconds, not at zero: a store
// reopened after a restart already holds sequence numbers from the last
// run, and a new record must not take the key, and so the place, of an old
// one with the same event time.

// archiveWriter appends an archive's records in batches.
type archiveWriter struct {
	store    Store
	ctx      context.Context
	maxBatch int
	delay    time.Duration

	mu      sync.Mutex
	queue   []*archiveBatch // waiting batches; the last one takes new records
	busy    bool            // an Append is running
	closing bool
	seq     uint64

	wake chan struct{} // capacity 1: there is work
	done chan struct{} // closed when the goroutine has returned

	appended atomic.Int64 // records appended, for tests and stats
}

// archiveBatch is records appended together, and their shared outcome.
type archiveBatch struct {
	recs []Record
	done chan struct{}
	err  error
}

func newArchiveWriter(ctx context.Context, store Store, maxBatch int, delay time.Duration) *archiveWriter {
	w := &archiveWriter{
		store:    store,
		ctx:      ctx,
		maxBatch: maxBatch,
		delay:    delay,
		seq:      uint64(max(time.Now().UnixNano(), 0)),
		wake:     make(chan struct{}, 1),
		done:     make(chan struct{}),
	}
	go w.run()
	return w
}

// add appends recs (their Seq is set here) in one batch, directly when
// the writer is idle, or through the writer's queue, and waits until they
// are appended. It returns the Append's error, or ctx's if ctx ends first;
// the records may still be appended then.
func (w *archiveWriter) add(ctx context.Context, recs ...Record) error {
	w.mu.Lock()
	if w.closing {
		w.mu.Unlock()
		return ErrArchivesClosed
	}
	for i := range recs {
		w.seq++
		recs[i].Seq = w.seq
	}
	if !w.busy && len(w.queue) == 0 && w.delay == 0 {
		w.busy = true
		w.mu.Unlock()
		err := w.store.Append(w.ctx, recs)
		if err == nil {
			w.appended.Add(int64(len(recs)))
		}
		w.mu.Lock()
		w.busy = false
		w.mu.Unlock()
		w.kick() // records may have queued up meanwhile
		return err
	}
	// The records of one call stay in one batch, even past maxBatch: they
	// are stored, or fail, together.
	var b *archiveBatch
	if n := len(w.queue); n > 0 && len(w.queue[n-1].recs)+len(recs) <= w.maxBatch {
		b = w.queue[n-1]
	} else {
		b = &archiveBatch{done: make(chan struct{})}
		w.queue = append(w.queue, b)
	}
	b.recs = append(b.recs, recs...)
	w.mu.Unlock()
	w.kick()
	select {
	case <-b.done:
		return b.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// kick wakes the writer goroutine.
func (w *archiveWriter) kick() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// close stops taking records and waits until the queued ones are
// appended and the goroutine has returned.
func (w *archiveWriter) close() {
	w.mu.Lock()
	w.closing = true
	w.mu.Unlock()
	w.kick()
	<-w.done
}

func (w *archiveWriter) run() {
	defer close(w.done)
	for {
		b, last := w.next()
		if b == nil {
			if last {
				return
			}
			<-w.wake
			continue
		}
		b.err = w.store.Append(w.ctx, b.recs)
		if b.err == nil {
			w.appended.Add(int64(len(b.recs)))
		}
		close(b.done)
		w.mu.Lock()
		w.busy = false
		w.mu.Unlock()
	}
}

// next takes the first waiting batch, after waiting up to the configured
// delay for it to fill, and marks the writer busy. It returns nil when
// there is none or a direct append is running, with last set when the
// writer is closing and has nothing left to do.
func (w *archiveWriter) next() (b *archiveBatch, last bool) {
	w.mu.Lock()
	if w.busy || len(w.queue) == 0 {
		last = w.closing && !w.busy && len(w.queue) == 0
		w.mu.Unlock()
		return nil, last
	}
	w.busy = true
	if w.delay > 0 {
		// Gather: wait until the first batch is full, the delay is over,
		// or the writer is closing. Every add kicks wake, so each new
		// record brings a re-check.
		deadline := time.Now().Add(w.delay)
		for len(w.queue) == 1 && len(w.queue[0].recs) < w.maxBatch && !w.closing && w.ctx.Err() == nil {
			left := time.Until(deadline)
			if left <= 0 {
				break
			}
			w.mu.Unlock()
			t := time.NewTimer(left)
			select {
			case <-w.wake:
			case <-t.C:
			case <-w.ctx.Done():
			}
			t.Stop()
			w.mu.Lock()
		}
	}
	b = w.queue[0]
	w.queue[0] = nil
	w.queue = w.queue[1:]
	w.mu.Unlock()
	return b, false
}
