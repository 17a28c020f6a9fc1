package bus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
)

// The delivery engine
//
// A delivery is one event on its way to one target of one matched rule.
// Its life is a small state machine; every delivery ends in exactly one of
// the three final states (or, with a delivery log, is kept in the log for
// the next run), and the counters move with it, which is what makes "no
// loss, no double count" checkable (see Stats):
//
//	            PutEvents / schedule
//	                    |  budgets and a queue slot (else ThrottlingException)
//	                    v
//	  +---------->  QUEUED  ----- worker takes a batch ----->  ATTEMPTING
//	  |                                                          |  |  |
//	  | retry timer fires                          target says ok |  |  | target fails
//	  | (or Close: at once,                                      v  |  v
//	  |  marked final)                                  DELIVERED   |  decide:
//	  |                                                             |   - permanent error, or bus closing,
//	  +------------------ PARKED  <---- retryable, limits not hit ---+     or retries / event age used up
//	                    (timer on the Clock)                                  -> DEAD-LETTERED (DLQ accepted)
//	                                                                          -> DROPPED (no DLQ, or DLQ failed)
//
// Counters: a delivery is "pending" from creation until a final state and
// "active" while QUEUED or ATTEMPTING (not while PARKED). Flush waits for
// pending == 0; WaitIdle for active == 0, the moment a test with a fake
// clock must advance time. Workers add their outcomes to these counters
// once per batch, and always after the fact, so a counter can read high for
// a moment but never reaches zero early.
//
// Queues: each target (ruleTarget) owns a FIFO. Its capacity counts
// reservations — slots taken by PutEvents for deliveries being staged or
// queued — and a slot is freed when a worker takes the delivery. Parked
// retries hold no slot and come back bypassing the limit: they were
// accepted already. What bounds them is the budgets (budget.go): a
// delivery holds its share of its target's and the Bus's budget from
// admission to settlement, parked or not, so a failing target ends up
// throttling the entries that need it instead of filling memory. Parked
// deliveries wait in one timer heap per Bus (retrytimers.go).
//
// Workers: a fixed pool shares a FIFO of "claims". A target with queued
// deliveries has between one and TargetConcurrency claims, each either in
// the ready list or held by a worker; a worker pops a claim, takes up to
// DeliveryBatch deliveries from that target, attempts them in order, and
// then gives the claim back (to the tail of the ready list if the queue is
// not empty, so targets take turns). Producers add claims when they push.
// No goroutine is started per event, and no lock is held while a target,
// a hook or the logger runs.
//
// Close: no new deliveries can be created once Close holds the gate; then
// closing is set, so that any failed attempt from now on is final, and
// every parked delivery is taken off its timer and queued once more,
// marked final. The workers drain the queues, Close waits for pending == 0
// and stops them. If Close's context ends first, aborted is set: workers
// drop (reason DropClosed) whatever they take instead of delivering it, and
// the targets' context is cancelled. With a delivery log, Close keeps
// instead of attempting or dropping: parked deliveries, failures that may
// still be retried and, when aborted, whatever is still queued stay in the
// log (deliverylog.go).

// delivery is one event for one target.
type delivery struct {
	ev       *eventRecord
	t        *ruleTarget
	attempts int
	idx      uint16 // its place among its event's deliveries in the delivery log
	slot     bool   // holds a queue slot, freed when a worker takes it
	final    bool   // the bus is closing: the next failure is final
	resumed  bool   // loaded from the delivery log after a restart
}

// eventRecord is an accepted event: its envelope, marshalled once and
// shared, read-only, by all of its deliveries.
type eventRecord struct {
	event    switchyard.Event
	json     []byte
	ingested time.Time
	hops     int   // buses crossed before this one (switchyard.HopsFrom)
	charge   int32 // bytes each delivery is charged against the budgets; 0: not charged
	spilled  bool  // kept in the delivery log only, not in memory (see deliverylog_spill.go)

	// Set when the event is in the delivery log.
	seq     uint64       // its key; 0 when not logged
	ndeliv  uint16       // deliveries logged with it
	live    atomic.Int32 // its deliveries not settled yet
	logSize int32        // bytes it takes in the log
}

// queue is a target's FIFO of deliveries.
type queue struct {
	id        uint64 // orders queues when PutEvents groups deliveries
	capacity  int64
	maxClaims int
	batch     int          // deliveries a claim takes at once
	reserved  atomic.Int64 // slots taken
	budget    budget       // the target's share of the delivery budgets

	mu     sync.Mutex
	items  []*delivery
	head   int
	claims int
	space  chan struct{} // closed when a slot is freed; created by waiters
}

func (q *queue) init(id uint64, capacity, concurrency, batch int) {
	q.id, q.capacity, q.maxClaims, q.batch = id, int64(capacity), concurrency, batch
}

// initBudget sets the target's budget limits, once, before its first
// admission.
func (q *queue) initBudget(l *Limits) {
	q.budget.maxCount, q.budget.maxBytes = int64(l.TargetBudget), int64(l.TargetBudgetBytes)
}

// reserve takes a slot, or reports that the queue is full. A failed
// attempt wakes no one: it saw the queue full, so the slots are held by
// deliveries a worker will take, and taking them wakes the waiters.
func (q *queue) reserve() bool {
	if q.reserved.Add(1) > q.capacity {
		q.reserved.Add(-1)
		return false
	}
	return true
}

// unreserve gives back n slots and wakes producers waiting for room.
func (q *queue) unreserve(n int64) {
	q.reserved.Add(-n)
	q.mu.Lock()
	q.wake()
	q.mu.Unlock()
}

// wake releases the producers waiting for room. Called with mu held.
func (q *queue) wake() {
	if q.space != nil {
		close(q.space)
		q.space = nil
	}
}

// waitSlot takes a slot with try, waiting for one to be freed until ctx
// or closing is done (ErrClosed). try runs with q.mu held, so a slot freed
// between a failed try and the wait still wakes this caller.
func (q *queue) waitSlot(ctx context.Context, closing <-chan struct{}, try func() bool) error {
	for {
		q.mu.Lock()
		if try() {
			q.mu.Unlock()
			return nil
		}
		if q.space == nil {
			q.space = make(chan struct{})
		}
		ch := q.space
		q.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-closing:
			return ErrClosed
		}
	}
}

// push appends deliveries and returns how many claims to add to the ready
// list: one per batch of queued deliveries, up to the target's concurrency.
// A worker woken for a claim then has a batch to work on; waking more
// workers than batches only makes them fight over one queue.
func (q *queue) push(ds ...*delivery) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, ds...)
	queued := len(q.items) - q.head
	want := min(q.maxClaims, (queued+q.batch-1)/q.batch)
	if want <= q.claims {
		return 0
	}
	add := want - q.claims
	q.claims = want
	return add
}

// take moves up to max deliveries to dst and frees their slots.
func (q *queue) take(dst []*delivery, max int) []*delivery {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(max, len(q.items)-q.head)
	var freed int64
	for _, d := range q.items[q.head : q.head+n] {
		if d.slot {
			d.slot = false
			freed++
		}
		dst = append(dst, d)
	}
	clear(q.items[q.head : q.head+n])
	q.head += n
	switch {
	case q.head == len(q.items):
		q.items, q.head = q.items[:0], 0
	case q.head > 256 && q.head > len(q.items)/2:
		rest := copy(q.items, q.items[q.head:])
		clear(q.items[rest:])
		q.items, q.head = q.items[:rest], 0
	}
	if freed > 0 {
		q.reserved.Add(-freed)
		q.wake()
	}
	return dst
}

// release gives back a worker's claim; it reports whether the claim should
// go back to the ready list because deliveries remain.
func (q *queue) release() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) > q.head {
		return true
	}
	q.claims--
	return false
}

// engine runs the workers and keeps the pending and active counts.
type engine struct {
	b   *Bus
	lim Limits

	ctx    context.Context // given to targets; cancelled when Close gives up
	cancel context.CancelFunc

	mu    sync.Mutex
	cond  *sync.Cond
	ready []*ruleTarget // claims, FIFO from head
	head  int
	stop  bool
	wg    sync.WaitGroup

	closing atomic.Bool // failures are final
	aborted atomic.Bool // drop instead of delivering

	parkMu sync.Mutex // orders parking against closing
	timers retryTimers

	budget budget // the Bus's delivery budget
	budgetWaiters
	log   *deliveryLog // nil without WithDeliveryLog
	spill spiller      // events kept in the log only

	pending atomic.Int64
	active  atomic.Int64
	waitMu  sync.Mutex
	waitCh  chan struct{} // closed when pending or active reaches zero
}

func newEngine(b *Bus) *engine {
	e := &engine{b: b, lim: b.cfg.limits}
	e.budget.maxCount, e.budget.maxBytes = int64(e.lim.BusBudget), int64(e.lim.BusBudgetBytes)
	e.timers.clock, e.timers.fire = b.clock, e.unpark
	e.cond = sync.NewCond(&e.mu)
	e.ctx, e.cancel = context.WithCancel(context.Background())
	return e
}

func (e *engine) start() {
	for range e.lim.Workers {
		e.wg.Add(1)
		go e.work()
	}
}

// addReady puts n claims on t at the tail of the ready list.
func (e *engine) addReady(t *ruleTarget, n int) {
	if n <= 0 {
		return
	}
	e.mu.Lock()
	for range n {
		e.ready = append(e.ready, t)
	}
	e.mu.Unlock()
	if n == 1 {
		e.cond.Signal()
	} else {
		e.cond.Broadcast()
	}
}

// next pops a claim, waiting for one; nil means stop.
func (e *engine) next() *ruleTarget {
	e.mu.Lock()
	defer e.mu.Unlock()
	for e.head == len(e.ready) {
		if e.stop {
			return nil
		}
		e.cond.Wait()
	}
	t := e.ready[e.head]
	e.ready[e.head] = nil
	e.head++
	if e.head == len(e.ready) {
		e.ready, e.head = e.ready[:0], 0
	} else if e.head > 1024 && e.head > len(e.ready)/2 {
		n := copy(e.ready, e.ready[e.head:])
		clear(e.ready[n:])
		e.ready, e.head = e.ready[:n], 0
	}
	return t
}

// enqueue queues deliveries that are already counted as pending and
// active.
func (e *engine) enqueue(t *ruleTarget, ds ...*delivery) {
	if e.log != nil {
		if ds = e.dropSpilled(t, ds); len(ds) == 0 {
			return
		}
	}
	e.addReady(t, t.q.push(ds...))
}

// settle subtracts settled deliveries from pending and deactivated ones
// from active, waking waiters when either reaches zero.
func (e *engine) settle(settled, deactivated int64) {
	zero := false
	if settled != 0 && e.pending.Add(-settled) == 0 {
		zero = true
	}
	if deactivated != 0 && e.active.Add(-deactivated) == 0 {
		zero = true
	}
	if zero {
		e.waitMu.Lock()
		if e.waitCh != nil {
			close(e.waitCh)
			e.waitCh = nil
		}
		e.waitMu.Unlock()
	}
}

// waitFor waits until cond holds, re-checking it whenever pending or active
// reaches zero.
func (e *engine) waitFor(ctx context.Context, cond func() bool) error {
	for {
		e.waitMu.Lock()
		if cond() {
			e.waitMu.Unlock()
			return nil
		}
		if e.waitCh == nil {
			e.waitCh = make(chan struct{})
		}
		ch := e.waitCh
		e.waitMu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// park schedules d's retry after delay, or queues it at once, marked
// final, if the bus started closing meanwhile. It returns whether d left
// the active set.
func (e *engine) park(d *delivery, delay time.Duration) bool {
	due := e.b.clock.Now().Add(delay)
	if e.log != nil && d.inLog() {
		e.log.park(d, due)
	}
	e.parkMu.Lock()
	if e.closing.Load() {
		e.parkMu.Unlock()
		d.final = true
		e.enqueue(d.t, d)
		return false
	}
	e.timers.schedule(d, due)
	e.parkMu.Unlock()
	return true
}

// unpark is the retry timer firing: the due deliveries go back to their
// queues.
func (e *engine) unpark(ds []*delivery) {
	e.active.Add(int64(len(ds)))
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && ds[j].t == ds[i].t {
			j++
		}
		e.enqueue(ds[i].t, ds[i:j]...)
		i = j
	}
}

// beginClose makes failures final and gives every parked delivery one last
// attempt now. With a delivery log, parked deliveries are not attempted:
// they stay in the log, parked, and resume when the log is opened again.
func (e *engine) beginClose() {
	e.parkMu.Lock()
	e.closing.Store(true)
	ds := e.timers.takeAll()
	e.parkMu.Unlock()
	if e.log != nil {
		e.keepSpilled()
		var kept []*delivery
		for _, d := range ds {
			if d.inLog() {
				e.keep(d)
				continue
			}
			kept = append(kept, d)
		}
		ds = kept
	}
	for _, d := range ds {
		d.final = true
		e.active.Add(1)
		e.enqueue(d.t, d)
	}
}

// keep settles a parked delivery that stays in the delivery log for the
// next run: it is no longer pending here, and its budgets are free.
func (e *engine) keep(d *delivery) {
	e.b.stats.kept.Add(1)
	if c := d.ev.charge; c != 0 {
		e.release(d.t, 1, int64(c))
	}
	e.settle(1, 0)
}

// abort makes workers drop what they take and cancels the targets'
// context.
func (e *engine) abort() {
	e.aborted.Store(true)
	e.cancel()
}

// stopWorkers lets the workers exit once the ready list is empty.
func (e *engine) stopWorkers() {
	e.mu.Lock()
	e.stop = true
	e.mu.Unlock()
	e.cond.Broadcast()
	if !e.aborted.Load() {
		e.cancel()
	}
}

// worker is one delivery goroutine's state.
type worker struct {
	e     *engine
	batch []*delivery
	buf   []byte // payload scratch for input transformation

	// Scratch of attemptBatch, reused.
	live  []*delivery
	dels  []switchyard.Delivery
	errs  []error
	arena []byte
	offs  [][2]int
	// Outcomes of the current batch, added to the shared counters at its
	// end.
	delivered, deadLettered, dropped, retried, kept uint64
	settled, deactivated                            int64
	// Budgets freed by the batch's settled deliveries, given back at its
	// end: one target's, the one freedT names.
	freedT         *ruleTarget
	freedN, freedB int64
}

func (e *engine) work() {
	defer e.wg.Done()
	w := &worker{e: e}
	for {
		t := e.next()
		if t == nil {
			return
		}
		w.batch = t.q.take(w.batch[:0], e.lim.DeliveryBatch)
		e.wakeBudget() // queue slots were freed: producers blocked on them may go on
		if bt, ok := t.target.(switchyard.BatchTarget); ok && len(w.batch) > 1 {
			w.attemptBatch(t, bt)
		} else {
			for _, d := range w.batch {
				w.attempt(d)
			}
		}
		clear(w.batch)
		w.flush()
		if t.q.release() {
			e.addReady(t, 1)
		}
	}
}

// flush adds the batch's outcomes to the shared counters.
func (w *worker) flush() {
	s := &w.e.b.stats
	addIf(&s.delivered, w.delivered)
	addIf(&s.deadLettered, w.deadLettered)
	addIf(&s.dropped, w.dropped)
	addIf(&s.retried, w.retried)
	addIf(&s.kept, w.kept)
	if w.freedT != nil {
		w.e.release(w.freedT, w.freedN, w.freedB)
		w.freedT, w.freedN, w.freedB = nil, 0, 0
	}
	w.e.settle(w.settled, w.deactivated)
	w.delivered, w.deadLettered, w.dropped, w.retried, w.kept, w.settled, w.deactivated = 0, 0, 0, 0, 0, 0, 0
}

// settleOne counts d as settled and no longer active, frees its budgets
// (at the batch's end) and, when d is in the delivery log, records that
// it is finished (final is false when d stays in the log for the next
// run).
func (w *worker) settleOne(d *delivery, final bool) {
	w.settled++
	w.deactivated++
	if c := d.ev.charge; c != 0 {
		if w.freedT != nil && w.freedT != d.t {
			w.e.release(w.freedT, w.freedN, w.freedB)
			w.freedN, w.freedB = 0, 0
		}
		w.freedT = d.t
		w.freedN++
		w.freedB += int64(c)
	}
	if final && d.inLog() && w.e.log != nil {
		w.e.log.finish(d)
	}
}

// keep settles d without finishing it: it stays in the delivery log, in
// the state last written there, and resumes when the log is opened again.
func (w *worker) keep(d *delivery) {
	w.kept++
	w.settleOne(d, false)
}

// logged reports whether d is in the delivery log.
func (w *worker) logged(d *delivery) bool { return d.inLog() && w.e.log != nil }

// inLog reports whether d is in the delivery log.
func (d *delivery) inLog() bool { return d.ev.seq != 0 && d.idx != notLogged }

// notLogged is the idx of a delivery of a logged event that is not in the
// log itself: a replay that waits for room commits an event's deliveries
// in several steps, and only the first step's are logged with it.
const notLogged = 1<<16 - 1

// expired gives d up when it was resumed from the delivery log after its
// event's age passed the target's MaximumEventAgeInSeconds while the bus
// was down, and reports whether it did.
func (w *worker) expired(d *delivery) bool {
	if !d.resumed || w.e.b.clock.Now().Sub(d.ev.ingested) <= d.t.retry.maxAge {
		return false
	}
	w.giveUp(d, errAgedOut, errFromTarget, exhaustedAge)
	return true
}

// errAgedOut is the error of a delivery whose event grew too old while the
// bus was down.
var errAgedOut = errors.New("bus: the event's age passed MaximumEventAgeInSeconds while the bus was down")

// attempt makes one delivery attempt and moves d to its next state.
func (w *worker) attempt(d *delivery) {
	e, t := w.e, d.t
	if e.aborted.Load() {
		if w.logged(d) {
			w.keep(d)
			return
		}
		w.drop(d, DropClosed, nil)
		return
	}
	if w.expired(d) {
		return
	}
	d.attempts++
	payload := d.ev.json
	if t.transform != nil {
		out, err := t.transform.Apply(w.buf[:0], d.ev.json, target.Meta{RuleARN: t.ruleARN, RuleName: t.ruleName, IngestionTime: d.ev.ingested})
		if err != nil {
			// The event cannot be shaped for this target; retrying
			// cannot change that.
			w.giveUp(d, target.Permanent(fmt.Errorf("input transformation: %w", err)), errInvalidParameter, "")
			return
		}
		w.buf, payload = out, out
	}
	ctx := e.ctx
	if d.ev.hops > 0 {
		// A bus target forwards the count, so loops between buses end.
		ctx = switchyard.WithHops(ctx, d.ev.hops)
	}
	err := deliver(ctx, t.target, d.delivery(payload))
	if err == nil {
		w.succeed(d)
		return
	}
	w.fail(d, err)
}

// delivery is what the target is handed for d.
func (d *delivery) delivery(payload []byte) switchyard.Delivery {
	t := d.t
	return switchyard.Delivery{
		Event:         &d.ev.event,
		Payload:       payload,
		RuleARN:       t.ruleARN,
		RuleName:      t.ruleName,
		TargetID:      t.id,
		TargetARN:     t.arn,
		IngestionTime: d.ev.ingested,
		Attempt:       d.attempts,
	}
}

// succeed settles d as delivered.
func (w *worker) succeed(d *delivery) {
	w.delivered++
	w.settleOne(d, true)
	if h := w.e.b.hooks; h != nil {
		h.OnDeliver(DeliverInfo{EventID: d.ev.event.ID, RuleARN: d.t.ruleARN, TargetID: d.t.id, Attempt: d.attempts})
	}
}

// attemptBatch makes one attempt at every delivery of w.batch through one
// DeliverBatch call, then moves each to its next state exactly as attempt
// would. Deliveries that carry a hop count go through attempt instead, so
// that the count reaches a forwarding target in its context.
func (w *worker) attemptBatch(t *ruleTarget, bt switchyard.BatchTarget) {
	e := w.e
	w.live, w.dels, w.arena, w.offs = w.live[:0], w.dels[:0], w.arena[:0], w.offs[:0]
	for _, d := range w.batch {
		switch {
		case e.aborted.Load() && w.logged(d):
			w.keep(d)
			continue
		case e.aborted.Load():
			w.drop(d, DropClosed, nil)
			continue
		case w.expired(d):
			continue
		case d.ev.hops > 0:
			w.attempt(d)
			continue
		}
		d.attempts++
		if t.transform != nil {
			// Payloads of one batch must coexist: they go into one arena,
			// sliced once it has stopped growing.
			start := len(w.arena)
			out, err := t.transform.Apply(w.arena, d.ev.json, target.Meta{RuleARN: t.ruleARN, RuleName: t.ruleName, IngestionTime: d.ev.ingested})
			if err != nil {
				w.giveUp(d, target.Permanent(fmt.Errorf("input transformation: %w", err)), errInvalidParameter, "")
				continue
			}
			w.arena = out
			w.offs = append(w.offs, [2]int{start, len(out)})
		}
		w.live = append(w.live, d)
	}
	if len(w.live) == 0 {
		return
	}
	for i, d := range w.live {
		payload := d.ev.json
		if t.transform != nil {
			payload = w.arena[w.offs[i][0]:w.offs[i][1]]
		}
		w.dels = append(w.dels, d.delivery(payload))
	}
	if cap(w.errs) < len(w.live) {
		w.errs = make([]error, len(w.live))
	}
	w.errs = w.errs[:len(w.live)] // all nil: cleared after each batch
	deliverBatch(e.ctx, bt, w.dels, w.errs)
	for i, d := range w.live {
		if w.errs[i] == nil {
			w.succeed(d)
		} else {
			w.fail(d, w.errs[i])
		}
	}
	clear(w.live)
	clear(w.dels)
	clear(w.errs)
}

// deliverBatch calls DeliverBatch, turning a panic into a permanent error
// for every delivery of the batch.
func deliverBatch(ctx context.Context, bt switchyard.BatchTarget, ds []switchyard.Delivery, errs []error) {
	defer func() {
		if r := recover(); r != nil {
			err := target.Permanent(fmt.Errorf("target panicked: %v", r))
			for i := range errs {
				errs[i] = err
			}
		}
	}()
	bt.DeliverBatch(ctx, ds, errs)
}

// deliver calls the target, turning a panic into a permanent error so that
// a broken target cannot take a worker, and the process, down.
func deliver(ctx context.Context, t switchyard.Target, d switchyard.Delivery) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = target.Permanent(fmt.Errorf("target panicked: %v", r))
		}
	}()
	return t.Deliver(ctx, d)
}

// fail decides what follows a failed attempt: a retry, or the end. While
// the bus closes, a delivery in the delivery log that may still be
// retried is not given up: it is parked in the log, for the next run.
func (w *worker) fail(d *delivery, err error) {
	e, t := w.e, d.t
	closing := d.final || e.closing.Load()
	switch {
	case target.IsPermanent(err), closing && !w.logged(d):
		w.giveUp(d, err, errorCode(err), "")
		return
	case d.attempts-1 >= t.retry.maxRetries:
		w.giveUp(d, err, errorCode(err), exhaustedAttempts)
		return
	}
	delay := backoff(d.attempts, e.lim.RetryBaseDelay, e.lim.RetryMaxDelay)
	// A target that knows when to come back (an HTTP 429 or 503 with
	// Retry-After, say) is not retried sooner than it asked: EventBridge
	// takes the more conservative of its policy and the target's wish.
	var after interface{ RetryDelay() time.Duration }
	if errors.As(err, &after) {
		delay = max(delay, after.RetryDelay())
	}
	if e.b.clock.Now().Add(delay).Sub(d.ev.ingested) > t.retry.maxAge {
		w.giveUp(d, err, errorCode(err), exhaustedAge)
		return
	}
	if closing {
		e.log.park(d, e.b.clock.Now().Add(delay))
		w.keep(d)
		return
	}
	w.retried++
	if h := e.b.hooks; h != nil {
		h.OnRetry(RetryInfo{EventID: d.ev.event.ID, RuleARN: t.ruleARN, TargetID: t.id, Attempt: d.attempts, Delay: delay, Err: err})
	}
	if e.park(d, delay) {
		w.deactivated++
	}
}

// drop settles d as dropped and reports it.
func (w *worker) drop(d *delivery, reason DropReason, err error) {
	w.dropped++
	w.settleOne(d, true)
	t := d.t
	b := w.e.b
	if b.log.Enabled(context.Background(), levelDrop) {
		b.log.Warn("bus: delivery dropped", "reason", string(reason), "event_id", d.ev.event.ID,
			"rule_arn", t.ruleARN, "target_id", t.id, "attempts", d.attempts, "error", errString(err))
	}
	if h := b.hooks; h != nil {
		h.OnDrop(DropInfo{Reason: reason, EventBusName: t.busName, EventID: d.ev.event.ID, RuleARN: t.ruleARN, TargetID: t.id, Attempts: d.attempts, Err: err})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
