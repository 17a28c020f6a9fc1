package bus

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Delivery budgets
//
// The queue limit (Limits.QueueSize) bounds what waits for a worker, but a
// delivery that fails leaves its queue and waits for its retry timer, for
// up to 24 hours. If only the queue counted, a target that always fails
// would let PutEvents accept events without end and keep every one of
// them in memory until its retries ran out.
//
// So every delivery PutEvents creates is charged, from the moment it is
// admitted until it is settled (delivered, dead-lettered or dropped),
// against two budgets: its target's (Limits.TargetBudget deliveries and
// Limits.TargetBudgetBytes bytes) and the Bus's (Limits.BusBudget and
// Limits.BusBudgetBytes), whatever state it is in: queued, being
// attempted, or parked for a retry. A delivery's charge in bytes is its
// event's JSON plus DeliveryOverhead, the memory the engine itself keeps
// for it, so the byte budgets bound memory, not just payload. An event
// delivered to three targets is charged three times: conservative, and it
// keeps the accounting per target exact.
//
// When a budget cannot take a delivery, the entry fails with
// ThrottlingException (or, with WithBlockOnFull, PutEvents waits for a
// settlement to free room). A budget that holds nothing always takes one
// delivery, so an event bigger than a byte budget is slow, not refused
// for ever.
//
// Taking from a budget is two atomic adds, undone when the sum overshoots:
// concurrent producers can never push a budget past its limit, and the
// counters are exact at every moment.

// DeliveryOverhead is the memory, in bytes, the engine counts for one
// delivery on top of its event's JSON when it charges the delivery
// against the budgets of Limits: the envelope's fields, the delivery, its
// queue or timer slot. BenchmarkParkedMemory measures the real figure.
const DeliveryOverhead = 512

// budget is a count and a byte total with limits.
type budget struct {
	count, bytes       atomic.Int64
	maxCount, maxBytes int64
}

// take charges one delivery of n bytes, or reports that it does not fit.
func (b *budget) take(n int64) bool {
	c := b.count.Add(1)
	if c > b.maxCount {
		b.count.Add(-1)
		return false
	}
	if s := b.bytes.Add(n); s > b.maxBytes && c > 1 {
		b.bytes.Add(-n)
		b.count.Add(-1)
		return false
	}
	return true
}

// force charges deliveries whatever the limits: used for deliveries that
// exist already, resumed from the delivery log.
func (b *budget) force(count, n int64) {
	b.count.Add(count)
	b.bytes.Add(n)
}

// give returns count deliveries of n bytes in total.
func (b *budget) give(count, n int64) {
	b.count.Add(-count)
	b.bytes.Add(-n)
}

// chargeOf is the bytes a delivery of rec is charged.
func chargeOf(rec *eventRecord) int32 {
	return int32(len(rec.json) + DeliveryOverhead)
}

// admit reserves what a new delivery of rec to t needs: room in the
// Bus's and the target's budgets, a slot in the target's queue, and room
// in the delivery log when there is one. It takes all or nothing. A
// refusal costs the caller throttlePause.
func (e *engine) admit(t *ruleTarget, rec *eventRecord) bool {
	if e.tryAdmit(t, rec) {
		return true
	}
	time.Sleep(throttlePause)
	return false
}

// throttlePause is what a refused admission costs its caller. Producers
// that retry a throttled PutEvents at once would otherwise take the cores
// from the workers that make room: on 2 cores, a 1 ms target drained at a
// quarter of its speed during such an overload (issue 12), and at about
// its full speed with the pause.
const throttlePause = 100 * time.Microsecond

// tryAdmit is admit without the pause.
func (e *engine) tryAdmit(t *ruleTarget, rec *eventRecord) bool {
	if rec.charge == 0 {
		rec.charge = chargeOf(rec)
	}
	n := int64(rec.charge)
	if e.log != nil && e.log.full() {
		e.streak.Add(1)
		return false
	}
	if e.log != nil {
		// With a delivery log the budgets bound memory, not acceptance:
		// they are charged when the log takes the event, which spills it
		// if they are full (deliverylog_spill.go).
		if !t.q.reserve() {
			e.streak.Add(1)
			return false
		}
		e.streak.Store(0)
		return true
	}
	if !e.budget.take(n) {
		e.streak.Add(1)
		return false
	}
	if !t.q.budget.take(n) {
		e.budget.give(1, n)
		e.wakeBudget()
		e.streak.Add(1)
		return false
	}
	if !t.q.reserve() {
		t.q.budget.give(1, n)
		e.budget.give(1, n)
		e.wakeBudget()
		e.streak.Add(1)
		return false
	}
	e.streak.Store(0)
	return true
}

// unadmit gives back what admit took, for a delivery that was staged but
// will not be created.
func (e *engine) unadmit(t *ruleTarget, rec *eventRecord) {
	if e.log == nil {
		n := int64(rec.charge)
		t.q.budget.give(1, n)
		e.budget.give(1, n)
	}
	t.q.unreserve(1)
	e.wakeBudget()
}

// waitAdmit admits a delivery of rec to t, waiting for room until ctx or
// the bus's closing is done.
func (e *engine) waitAdmit(ctx context.Context, t *ruleTarget, rec *eventRecord) bool {
	for {
		// Register as a waiter before trying, so that a settlement between
		// the failed try and the wait cannot be missed.
		e.spaceMu.Lock()
		if e.space == nil {
			e.space = make(chan struct{})
		}
		ch := e.space
		e.waiters.Add(1)
		e.spaceMu.Unlock()
		ok := e.tryAdmit(t, rec)
		if ok {
			e.waiters.Add(-1)
			return true
		}
		select {
		case <-ch:
			e.waiters.Add(-1)
		case <-ctx.Done():
			e.waiters.Add(-1)
			return false
		case <-e.b.closing:
			e.waiters.Add(-1)
			return false
		}
	}
}

// wakeBudget wakes the producers waiting for room, if any. Room appears
// when a queue slot or a budget is given back.
func (e *engine) wakeBudget() {
	if e.waiters.Load() == 0 {
		return
	}
	e.spaceMu.Lock()
	if e.space != nil {
		close(e.space)
		e.space = nil
	}
	e.spaceMu.Unlock()
}

// release gives back the budgets of settled deliveries of one target.
func (e *engine) release(t *ruleTarget, count, n int64) {
	if count == 0 {
		return
	}
	t.q.budget.give(count, n)
	e.budget.give(count, n)
	e.wakeBudget()
	e.kickRefill()
}

// Throttling hints.
const (
	minRetryHint = 10 * time.Millisecond
	maxRetryHint = time.Second
)

// retryHint is how long a throttled caller should wait before it tries
// again: 10 ms after the first refusal since the last admission, doubling
// every 64 refusals in a row, up to 1 s. A burst of callers backs off
// further the longer the overload lasts; the first admission resets it.
func (e *engine) retryHint() time.Duration {
	s := e.streak.Load()
	d := minRetryHint
	for i := int64(64); i <= s && d < maxRetryHint; i *= 2 {
		d *= 2
	}
	return min(d, maxRetryHint)
}

// throttleMessage is the ErrorMessage of a throttled entry. It ends with
// the hint RetryAfter reads back.
func (e *engine) throttleMessage() string {
	return msgThrottled + " " + retryAfterPrefix + strconv.FormatInt(e.retryHint().Milliseconds(), 10) + "ms."
}

const (
	msgThrottled     = "Rate exceeded: a matched target has no room for more deliveries."
	retryAfterPrefix = "Retry after "
)

// RetryAfter returns the wait a throttled PutEvents entry suggests before
// the entry is sent again, read from its ErrorMessage, and false when the
// entry was not throttled by this package or carries no hint. Callers
// that honour it leave the delivery workers the cores they need to make
// room.
func RetryAfter(msg string) (time.Duration, bool) {
	i := strings.LastIndex(msg, retryAfterPrefix)
	if i < 0 {
		return 0, false
	}
	rest := msg[i+len(retryAfterPrefix):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	if j == 0 || len(rest) < j+2 || rest[j:j+2] != "ms" {
		return 0, false
	}
	n, err := strconv.Atoi(rest[:j])
	if err != nil {
		return 0, false
	}
	return time.Duration(n) * time.Millisecond, true
}

// budgetWaiters is the state waitAdmit and wakeBudget share, embedded in
// the engine.
type budgetWaiters struct {
	spaceMu sync.Mutex
	space   chan struct{}
	waiters atomic.Int32
	streak  atomic.Int64 // refusals since the last admission
}
