package bus

import (
	"sync"
	"sync/atomic"
)

// Spilling to the delivery log
//
// Without a log, the memory budgets (Limits.TargetBudget and the others)
// bound acceptance: a full budget throttles PutEvents. With a log they
// bound only memory. A new event's deliveries are charged against the
// budgets when the log takes the event (deliveryLog.append, called as the
// put commits); if any of them does not fit, the whole event is spilled:
// it is in the log as queued, and nothing of it stays in memory but a
// 24-byte entry in the spill queue (its key, its delivery count and the
// ticket of its append). PutEvents acknowledges it like any other, once
// on disk; the disk cap (WithDeliveryLogMaxBytes) is then what throttles.
//
// A spilled event comes back, oldest first, when its append is on disk
// and the budgets have room for all its deliveries: a settlement that
// gives budget back, or a commit of the log, starts one refill goroutine
// (never more than one at a time), which reads the event from the file,
// charges its deliveries and queues them. Spilled deliveries are pending
// all along, so Flush waits for them; they are not active (WaitIdle does
// not), since only a settlement can make room for them. Close keeps them
// in the log (Stats.Kept), to resume on the next run like any other.
//
// Whole events spill, never single deliveries: the deliveries of one
// event share its record, whose count of unsettled deliveries decides
// when the log may forget the event, so they must all live in memory or
// all on disk.

// spillEntry is a spilled event.
type spillEntry struct {
	seq    uint64
	ticket uint64 // of its append: it can be read back once this is durable
	n      uint16 // its deliveries
}

// spiller is the engine's spill queue.
type spiller struct {
	mu        sync.Mutex
	q         []spillEntry
	head      int
	count     atomic.Int64 // spilled deliveries
	refilling atomic.Bool
	wg        sync.WaitGroup

	tmu     sync.Mutex
	targets map[string]*ruleTarget // current targets by orphanKey, for refills
}

// chargeOrSpill charges the deliveries of a new event against the
// budgets, or marks the event spilled when they do not all fit. Called by
// append with the event's deliveries; a no-op for events not admitted by
// tryAdmit (replays), which are not charged.
func (e *engine) chargeOrSpill(ev *eventRecord, ds []*delivery) {
	if ev.charge == 0 {
		return
	}
	n := int64(ev.charge)
	for i, d := range ds {
		if d.t.q.budget.take(n) {
			if e.budget.take(n) {
				continue
			}
			d.t.q.budget.give(1, n)
		}
		for _, u := range ds[:i] {
			u.t.q.budget.give(1, n)
			e.budget.give(1, n)
		}
		ev.spilled = true
		return
	}
}

// queueSpilled queues spilled events after their append, with its
// ticket.
func (e *engine) queueSpilled(evs []*eventRecord, ticket uint64) {
	e.spill.mu.Lock()
	for _, ev := range evs {
		if ev.spilled {
			e.spill.q = append(e.spill.q, spillEntry{seq: ev.seq, ticket: ticket, n: ev.ndeliv})
			e.spill.count.Add(int64(ev.ndeliv))
		}
	}
	e.spill.mu.Unlock()
}

// dropSpilled removes the deliveries of spilled events from ds, which
// commitUpTo is about to queue: they give their queue slots back and
// leave the active set. It returns what remains of ds.
func (e *engine) dropSpilled(t *ruleTarget, ds []*delivery) []*delivery {
	kept := ds[:0]
	var gone int64
	for _, d := range ds {
		if d.ev.spilled {
			gone++
			continue
		}
		kept = append(kept, d)
	}
	if gone > 0 {
		clear(ds[len(kept):])
		t.q.unreserve(gone)
		e.settle(0, gone)
	}
	return kept
}

// kickRefill starts the refill goroutine if events are spilled and it is
// not running.
func (e *engine) kickRefill() {
	if e.spill.count.Load() == 0 || e.closing.Load() || !e.spill.refilling.CompareAndSwap(false, true) {
		return
	}
	e.spill.wg.Add(1)
	go e.refill()
}

// refill brings spilled events back while the budgets have room.
func (e *engine) refill() {
	defer e.spill.wg.Done()
	for {
		for e.refillOne() {
		}
		e.spill.refilling.Store(false)
		// Room may have appeared after the last try and before the flag
		// was down, with its kick lost: look once more.
		if !e.refillable() || !e.spill.refilling.CompareAndSwap(false, true) {
			return
		}
	}
}

// refillable reports whether the head of the spill queue could be taken
// now, as far as the log goes.
func (e *engine) refillable() bool {
	s := &e.spill
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.head < len(s.q) && e.log.durable.Load() >= s.q[s.head].ticket && !e.closing.Load()
}

// refillOne brings back the oldest spilled event, if it is on disk and
// fits in the budgets, and reports whether it did.
func (e *engine) refillOne() bool {
	if !e.refillable() {
		return false
	}
	s := &e.spill
	s.mu.Lock()
	head := s.q[s.head]
	s.mu.Unlock()
	rec, keys, err := e.log.read(head.seq)
	if err != nil {
		// Left in the log: the next run resumes it.
		e.b.log.Error("bus: delivery log: cannot read a spilled event", "seq", head.seq, "error", err)
		e.popSpill(head, nil)
		return true
	}
	ds := make([]*delivery, len(keys))
	s.tmu.Lock()
	for i, key := range keys {
		ds[i] = &delivery{ev: rec, t: s.targets[key], idx: uint16(i)}
	}
	s.tmu.Unlock()
	n := int64(rec.charge)
	var taken []*delivery
	fits := true
	for _, d := range ds {
		if d.t == nil {
			continue
		}
		if !d.t.q.budget.take(n) {
			fits = false
			break
		}
		if !e.budget.take(n) {
			d.t.q.budget.give(1, n)
			fits = false
			break
		}
		taken = append(taken, d)
	}
	if !fits {
		for _, d := range taken {
			d.t.q.budget.give(1, n)
			e.budget.give(1, n)
		}
		if e.budget.count.Load() != 0 {
			return false // a settlement will make room and kick again
		}
		// An event with more deliveries than the whole budget holds
		// comes back alone, over the budget, rather than never.
		for _, d := range ds {
			if d.t != nil {
				d.t.q.budget.force(1, n)
				e.budget.force(1, n)
			}
		}
	}
	e.popSpill(head, ds)
	return true
}

// popSpill takes the head of the spill queue off and queues its
// deliveries ds; those without a target (removed since) are kept in the
// log for the next run, and a nil ds keeps them all.
func (e *engine) popSpill(head spillEntry, ds []*delivery) {
	s := &e.spill
	s.mu.Lock()
	s.q[s.head] = spillEntry{}
	s.head++
	if s.head == len(s.q) {
		s.q, s.head = s.q[:0], 0
	}
	s.count.Add(-int64(head.n))
	s.mu.Unlock()
	var kept int64
	var ready []*delivery
	for _, d := range ds {
		if d.t == nil {
			kept++
			continue
		}
		ready = append(ready, d)
	}
	if ds == nil {
		kept = int64(head.n)
	}
	if kept > 0 {
		e.b.stats.kept.Add(uint64(kept))
		e.settle(kept, 0)
	}
	if len(ready) == 0 {
		return
	}
	e.active.Add(int64(len(ready)))
	for _, d := range ready {
		e.enqueue(d.t, d)
	}
}

// keepSpilled settles every spilled delivery as kept in the log: Close.
func (e *engine) keepSpilled() {
	s := &e.spill
	s.wg.Wait()
	s.mu.Lock()
	var n int64
	for _, en := range s.q[s.head:] {
		n += int64(en.n)
	}
	s.q, s.head = nil, 0
	s.count.Store(0)
	s.mu.Unlock()
	if n > 0 {
		e.b.stats.kept.Add(uint64(n))
		e.settle(n, 0)
	}
}

// register records the targets of a rule for refills.
func (e *engine) register(ts []*ruleTarget) {
	s := &e.spill
	s.tmu.Lock()
	if s.targets == nil {
		s.targets = map[string]*ruleTarget{}
	}
	for _, t := range ts {
		s.targets[orphanKey(t.ruleARN, t.id)] = t
	}
	s.tmu.Unlock()
}
