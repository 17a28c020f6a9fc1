package bus

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/switchyard-go/switchyard"
)

// maxEventAge is the longest MaximumEventAgeInSeconds: an orphan older
// than this cannot be delivered under any retry policy.
const maxEventAge = DefaultMaximumEventAgeInSeconds * time.Second

// openLog opens the delivery log the options asked for, if any, and
// drops the orphans too old for any target.
func (e *engine) openLog() error {
	c := e.b.cfg.deliveryLog
	if c == nil {
		return nil
	}
	l, err := openLog(e, c)
	if err != nil {
		return err
	}
	e.log = l
	// Targets learn which log their deliveries are in (see awaitLogged).
	e.ctx = context.WithValue(e.ctx, logOwner{}, l)
	if l.stale > 0 {
		e.b.log.Warn("bus: delivery log held delivery states without their event; deleted", "states", l.stale)
	}
	e.expireOrphans()
	if n := l.norphans.Load(); n > 0 {
		e.b.log.Warn("bus: delivery log holds unfinished deliveries; they resume when PutTargets re-creates their targets",
			"deliveries", n, "targets", len(l.orphans))
	}
	return nil
}

// closeLog writes what is queued and closes the log.
func (e *engine) closeLog() error {
	if e.log == nil {
		return nil
	}
	e.spill.wg.Wait() // a refill kicked as Close began has seen it and stopped
	return e.log.close()
}

// durable waits until the deliveries a put call staged, ticket t, are in
// the log.
func (e *engine) durable(ctx context.Context, t uint64) error {
	if t == 0 || e.log == nil {
		return nil
	}
	return e.log.wait(ctx, t)
}

// awaitLogged waits until the deliveries batch committed are in the
// delivery log, for Route, which returns only then — except where the
// wait buys nothing:
//
//   - A replayed event: its archive still holds it, and a replay is one
//     event at a time, so a wait per event would slow it to one event per
//     fsync.
//   - A call from a delivery worker of this same Bus (a bus target
//     forwarding to another bus of the Bus): the log writes changes in the
//     order they are made, so the new deliveries' append reaches the disk
//     no later than the finish of the delivery that forwarded them, and a
//     crash can lose neither without the other.
func (b *Bus) awaitLogged(ctx context.Context, batch *putBatch, replay bool) error {
	t := batch.logged
	batch.logged = 0
	if replay || t == 0 {
		return nil
	}
	if l, _ := ctx.Value(logOwner{}).(*deliveryLog); l != nil && l == b.eng.log {
		return nil
	}
	if err := b.eng.durable(ctx, t); err != nil {
		return &switchyard.Error{Code: switchyard.CodeInternal, Message: "The delivery log could not store the event.", Err: err}
	}
	return nil
}

// logOwner keys the delivery log in the context a Bus's workers give its
// targets.
type logOwner struct{}

// failUnlogged fails the accepted entries of res, whose deliveries the
// delivery log could not store, and returns how many it failed. Their
// deliveries may still be made: the caller, told the entries failed, may
// send them again, which at-least-once delivery allows.
func (b *Bus) failUnlogged(res *switchyard.PutEventsResult, err error) uint64 {
	var n uint64
	for i := range res.Entries {
		out := &res.Entries[i]
		if out.EventID == "" {
			continue
		}
		out.EventID = ""
		out.ErrorCode = switchyard.CodeInternalFailure
		out.ErrorMessage = "The delivery log could not store the event: " + err.Error()
		n++
	}
	return n
}

// orphaned is the number of deliveries in the log still waiting for their
// target.
func (e *engine) orphaned() int64 {
	if e.log == nil {
		return 0
	}
	return e.log.norphans.Load()
}

// expireOrphans drops the orphans whose event is older than any retry
// policy allows: no target could take them any more.
func (e *engine) expireOrphans() {
	l := e.log
	now := e.b.clock.Now()
	var gone []orphan
	var keys []string
	l.orphMu.Lock()
	for key, os := range l.orphans {
		kept := os[:0]
		for _, o := range os {
			if now.Sub(o.ingested) > maxEventAge {
				gone = append(gone, o)
				keys = append(keys, key)
				continue
			}
			kept = append(kept, o)
		}
		if len(kept) == 0 {
			delete(l.orphans, key)
		} else {
			l.orphans[key] = kept
		}
	}
	l.orphMu.Unlock()
	for i, o := range gone {
		rec, err := l.load(o.seq)
		if err != nil {
			e.b.log.Error("bus: delivery log: cannot read an expired delivery's event", "seq", o.seq, "error", err)
			continue
		}
		l.norphans.Add(-1)
		ruleARN, targetID, _ := strings.Cut(keys[i], "\x00")
		e.b.stats.dropped.Add(1)
		e.b.log.Warn("bus: delivery dropped", "reason", string(DropTargetGone), "event_id", rec.event.ID,
			"rule_arn", ruleARN, "target_id", targetID, "attempts", o.attempts)
		if h := e.b.hooks; h != nil {
			h.OnDrop(DropInfo{Reason: DropTargetGone, EventID: rec.event.ID, RuleARN: ruleARN, TargetID: targetID, Attempts: o.attempts})
		}
		l.finish(&delivery{ev: rec, idx: o.idx})
	}
}

// resume takes up the orphaned deliveries of the targets ts, if the log
// holds any. Called by PutTargets with the rule's new target set.
func (e *engine) resume(ts []*ruleTarget) {
	l := e.log
	if l == nil {
		return
	}
	e.register(ts)
	if l.norphans.Load() == 0 || e.closing.Load() {
		return
	}
	var n int64
	for _, t := range ts {
		l.orphMu.Lock()
		key := orphanKey(t.ruleARN, t.id)
		os := l.orphans[key]
		delete(l.orphans, key)
		l.orphMu.Unlock()
		if len(os) == 0 {
			continue
		}
		l.norphans.Add(-int64(len(os)))
		n += int64(len(os))
		// From now on they are this run's deliveries: pending (counted
		// before the refill goroutine can see them), though on disk only
		// until the budgets take them.
		e.pending.Add(int64(len(os)))
		e.b.stats.resumed.Add(uint64(len(os)))
		e.spill.mu.Lock()
		for _, o := range os {
			e.spill.orphans.push(waitingOrphan{t: t, o: o})
		}
		e.spill.count.Add(int64(len(os)))
		e.spill.mu.Unlock()
	}
	if n == 0 {
		return
	}
	// As many as fit come back at once, the others as settlements make
	// room.
	for e.resumeOne() {
	}
	e.kickRefill()
}

// resumeOne brings the oldest resumed orphan into memory if the budgets
// have room for it, and reports whether it took one.
func (e *engine) resumeOne() bool {
	s := &e.spill
	s.one.Lock()
	defer s.one.Unlock()
	s.mu.Lock()
	if s.orphans.len() == 0 || e.closing.Load() {
		s.mu.Unlock()
		return false
	}
	w := s.orphans.peek()
	s.mu.Unlock()
	t, o := w.t, w.o
	rec, err := e.log.load(o.seq)
	if err != nil {
		// Left in the log, unfinished: the next run tries again.
		e.b.log.Error("bus: delivery log: cannot read a delivery's event", "seq", o.seq, "error", err)
		e.popOrphan()
		e.b.stats.kept.Add(1)
		e.settle(1, 0)
		return true
	}
	n := int64(rec.charge)
	if !t.q.budget.take(n) {
		return false
	}
	if !e.budget.take(n) {
		t.q.budget.give(1, n)
		return false
	}
	e.popOrphan()
	d := &delivery{ev: rec, t: t, attempts: o.attempts, idx: o.idx, resumed: true}
	// Parking is ordered against Close, as in park: once Close has taken
	// the timers, the delivery is queued instead, and Close drains it.
	e.parkMu.Lock()
	if o.due > e.b.clock.Now().UnixNano() && !e.closing.Load() {
		e.timers.schedule(d, time.Unix(0, o.due))
		e.parkMu.Unlock()
		return true
	}
	e.parkMu.Unlock()
	e.active.Add(1)
	e.enqueue(t, d)
	return true
}

// load returns the shared record of a logged event, reading it from the
// file the first time.
func (l *deliveryLog) load(seq uint64) (*eventRecord, error) {
	l.orphMu.Lock()
	defer l.orphMu.Unlock()
	if rec := l.events[seq]; rec != nil {
		return rec, nil
	}
	rec, _, err := l.read(seq)
	if err != nil {
		return nil, err
	}
	l.events[seq] = rec
	l.cached.Add(1)
	return rec, nil
}

// read reads a logged event from the file, with its count of unsettled
// deliveries, and returns it with the orphanKey of each of its
// deliveries' targets.
func (l *deliveryLog) read(seq uint64) (*eventRecord, []string, error) {
	var h logHeader
	var states [][]byte
	size := 0
	err := l.db.View(func(tx *bolt.Tx) error {
		k := binary.BigEndian.AppendUint64(nil, seq)
		v := tx.Bucket([]byte(bucketEvents)).Get(k)
		if v == nil {
			return fmt.Errorf("event %d: not found", seq)
		}
		size = len(v)
		var err error
		if h, err = decodeEvent(v); err != nil {
			return err
		}
		h.json = slices.Clone(h.json)
		states = make([][]byte, len(h.targets))
		c := tx.Bucket([]byte(bucketStates)).Cursor()
		for sk, sv := c.Seek(k); sk != nil && len(sk) == 10 && string(sk[:8]) == string(k); sk, sv = c.Next() {
			if idx := int(binary.BigEndian.Uint16(sk[8:])); idx < len(states) {
				states[idx] = slices.Clone(sv)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	rec := &eventRecord{json: h.json, ingested: h.ingested, hops: h.hops, seq: seq, ndeliv: uint16(len(h.targets))}
	if err := json.Unmarshal(h.json, &rec.event); err != nil {
		return nil, nil, fmt.Errorf("event %d: %w", seq, err)
	}
	// Detail points into the record's JSON, as for a new event.
	rec.event.Detail = detailOf(h.json, rec.event.Detail)
	live := 0
	for _, s := range states {
		if s == nil || s[0] != stateFinished {
			live++
		}
	}
	rec.live.Store(int32(live))
	rec.logSize = int32(size)
	rec.charge = chargeOf(rec)
	keys := make([]string, len(h.targets))
	for i, tg := range h.targets {
		keys[i] = orphanKey(tg[0], tg[1])
	}
	return rec, keys, nil
}

// detailOf returns the copy of detail inside js, or detail itself.
func detailOf(js, detail []byte) []byte {
	if i := strings.LastIndex(string(js), string(detail)); i >= 0 && len(detail) > 0 {
		return js[i : i+len(detail) : i+len(detail)]
	}
	return detail
}

// Orphan is a delivery read from the delivery log whose target has not
// been re-created (see WithDeliveryLog).
type Orphan struct {
	RuleARN  string
	TargetID string
	Attempts int       // attempts made before the restart
	Ingested time.Time // when PutEvents accepted the event
}

// Orphans lists the deliveries read from the delivery log whose rule
// target has not been re-created with PutTargets, in no particular order.
// They stay in the log until their target comes back or, on a later
// open, their event is older than 24 hours.
func (b *Bus) Orphans() []Orphan {
	l := b.eng.log
	if l == nil {
		return nil
	}
	l.orphMu.Lock()
	defer l.orphMu.Unlock()
	var out []Orphan
	for key, os := range l.orphans {
		arn, id, _ := strings.Cut(key, "\x00")
		for _, o := range os {
			out = append(out, Orphan{RuleARN: arn, TargetID: id, Attempts: o.attempts, Ingested: o.ingested})
		}
	}
	return out
}
