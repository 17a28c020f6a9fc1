package bus

import (
	"container/heap"
	"sync"
	"time"
)

// Retry timers
//
// A parked delivery waits for its next attempt. One Clock timer per parked
// delivery (time.AfterFunc) costs a runtime timer, a closure and, when it
// fires, a goroutine each: with 50,000 parked retries, 50,000 goroutines
// woke up at once (issue 12). Instead the Bus keeps all its parked
// deliveries in one min-heap ordered by due time and arms a single Clock
// timer for the earliest. When it fires, every delivery that is due is
// taken off the heap and queued, in one go, and the timer is armed again
// for the new earliest. Parking costs a heap push (O(log n), 24 bytes of
// heap slot); the Clock sees one timer whatever the number of retries, so
// a fake clock still drives everything: advancing it fires the one timer,
// which queues what is due at the clock's new time.
//
// The armed timer is identified by a generation number: re-arming for an
// earlier deadline stops the old timer, and if the old one fires anyway
// (Stop lost the race) it finds its generation outdated and only queues
// what is due, which is harmless.
type retryTimers struct {
	clock Clock
	fire  func([]*delivery) // queues due deliveries; called with no lock held

	mu    sync.Mutex
	h     dueHeap
	armed int64 // due time (Unix ns) the timer is armed for; 0 when none
	gen   uint64
	stop  func() bool
	buf   []*delivery
}

// dueEntry is a parked delivery and when it is due, in Unix nanoseconds.
type dueEntry struct {
	due int64
	d   *delivery
}

type dueHeap []dueEntry

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].due < h[j].due }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(dueEntry)) }
func (h *dueHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = dueEntry{}
	*h = old[:len(old)-1]
	return e
}

// schedule parks d until due.
func (r *retryTimers) schedule(d *delivery, due time.Time) {
	at := due.UnixNano()
	r.mu.Lock()
	heap.Push(&r.h, dueEntry{due: at, d: d})
	if r.armed == 0 || at < r.armed {
		r.arm(at)
	}
	r.mu.Unlock()
}

// arm sets the one timer for at. Called with mu held.
func (r *retryTimers) arm(at int64) {
	if r.stop != nil {
		r.stop()
	}
	r.gen++
	gen := r.gen
	r.armed = at
	r.stop = r.clock.AfterFunc(time.Duration(at-r.clock.Now().UnixNano()), func() { r.run(gen) })
}

// run is the timer firing: it queues everything due and re-arms.
func (r *retryTimers) run(gen uint64) {
	r.mu.Lock()
	if gen == r.gen {
		r.armed, r.stop = 0, nil
	}
	now := r.clock.Now().UnixNano()
	due := r.buf[:0]
	for len(r.h) > 0 && r.h[0].due <= now {
		due = append(due, heap.Pop(&r.h).(dueEntry).d)
	}
	if len(r.h) > 0 && (r.armed == 0 || r.h[0].due < r.armed) {
		r.arm(r.h[0].due)
	}
	r.buf = nil // fire may run while another run fills a new buffer
	r.mu.Unlock()
	if len(due) > 0 {
		r.fire(due)
	}
	clear(due)
	r.mu.Lock()
	if r.buf == nil {
		r.buf = due[:0]
	}
	r.mu.Unlock()
}

// takeAll empties the heap and stops the timer, returning every parked
// delivery.
func (r *retryTimers) takeAll() []*delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stop != nil {
		r.stop()
	}
	r.gen++
	r.armed, r.stop = 0, nil
	out := make([]*delivery, len(r.h))
	for i, e := range r.h {
		out[i] = e.d
	}
	clear(r.h)
	r.h = r.h[:0:0]
	return out
}

// len returns the number of parked deliveries.
func (r *retryTimers) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.h)
}
