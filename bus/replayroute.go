package bus

import (
	"context"
	"slices"

	"github.com/switchyard-go/switchyard"
)

// Replayed events
//
// A replay (package replay) sends archived events through a bus again.
// Each one keeps its id, time, account and region, gains a "replay-name",
// and is matched against the bus's rules like a new event, but only the
// rules the replay names receive it (FilterArns; all rules when none is
// named). Delivery is the normal engine's: queues, retries, dead-letter
// targets.
//
// A replay must not starve live traffic. PutEvents fails an entry with
// ThrottlingException only when a target's queue is full, so a replay
// takes a queue slot only while the queue is at most half full, and
// otherwise waits for the workers to drain it. Live events always find the
// other half free, however fast the replay reads its archive.

// Replay routes one archived event, ev, through the event bus busName (a
// name or an ARN) to the targets of the rules whose ARNs are in ruleARNs
// and that match ev, or of every matching rule when ruleARNs is empty.
// Disabled rules are skipped. ev.ReplayName must be set: it marks the
// event as replayed, so that archive rules ignore it. ev keeps its ID and
// Time; its ingestion time is now, so that retry limits count from the
// replay. Replay takes ownership of ev's slices (Resources, Detail): the
// caller must not modify them afterwards.
//
// Replay returns once the event is queued for every matching target. It
// waits while a target's queue is more than half full (see above) and
// gives up when ctx is done, returning ctx.Err(); deliveries queued before
// that are still made. A bus that does not exist is a
// ResourceNotFoundException, a closed bus ErrClosed.
func (b *Bus) Replay(ctx context.Context, busName string, ev switchyard.Event, ruleARNs []string) error {
	if ev.ReplayName == "" {
		return awsErr(switchyard.CodeValidation, "Parameter Event is not valid. Reason: a replayed event needs a replay-name.")
	}
	b.gate.RLock()
	defer b.gate.RUnlock()
	if b.closed.Load() {
		return ErrClosed
	}
	name, local := b.busRef(busName)
	var eb *eventBus
	if local {
		eb = b.busByName(name)
	}
	if eb == nil {
		return errBusNotFound(name)
	}
	if ev.Version == "" {
		ev.Version = "0"
	}
	if ev.Resources == nil {
		ev.Resources = noResources
	}
	ev.Time = ev.Time.UTC()
	rec := &eventRecord{event: ev, ingested: b.clock.Now()}
	rec.json = rec.event.AppendJSON(make([]byte, 0, 192+len(ev.ID)+len(ev.DetailType)+len(ev.Source)+len(ev.Detail)+len(ev.ReplayName)))

	batch := b.batches.Get().(*putBatch)
	n, err := b.routeReplay(ctx, batch, eb, rec, ruleARNs)
	b.commit(batch)
	b.batches.Put(batch)
	addIf(&b.stats.matched, uint64(n))
	return err
}

// routeReplay stages one delivery per target of every enabled rule of eb
// that matches rec and is allowed by ruleARNs, committing what it has
// staged before it waits for room. It returns the number of rules that
// matched; on error, what is staged but not committed is given back.
func (b *Bus) routeReplay(ctx context.Context, batch *putBatch, eb *eventBus, rec *eventRecord, ruleARNs []string) (int, error) {
	rules := eb.matcher.MatchAppend(batch.rules[:0], rec.json)
	if fr := eb.filtered.Load(); fr != nil {
		for _, r := range *fr {
			if r.matchFilter(rec.json) {
				rules = append(rules, r)
			}
		}
	}
	defer func() {
		clear(rules)
		batch.rules = rules[:0]
	}()
	n := 0
	for _, r := range rules {
		if !r.enabled() || (len(ruleARNs) > 0 && !slices.Contains(ruleARNs, r.arn)) {
			continue
		}
		n++
		ts := r.targets.Load()
		if h := b.hooks; h != nil {
			nt := 0
			if ts != nil {
				nt = len(*ts)
			}
			h.OnMatch(MatchInfo{EventBusName: eb.name, EventID: rec.event.ID, RuleName: r.name, RuleARN: r.arn, Targets: nt})
		}
		if ts == nil {
			continue
		}
		for _, t := range *ts {
			if !t.q.tryReserveHalf() {
				// Queue what is staged, then wait: the workers may need
				// our own deliveries to move before room appears.
				b.commit(batch)
				if err := t.q.waitReserveHalf(ctx, b.closing); err != nil {
					for _, s := range batch.staged {
						s.t.q.unreserve(1)
					}
					clear(batch.staged)
					batch.staged = batch.staged[:0]
					return n, err
				}
			}
			batch.staged = append(batch.staged, staged{t: t, ev: rec})
		}
	}
	return n, nil
}

// halfLimit is how many slots of the queue a replay may fill up to.
func (q *queue) halfLimit() int64 { return max(q.capacity/2, 1) }

// tryReserveHalf takes a slot if the queue is less than half full, and
// otherwise takes nothing. It does not call reserve, whose failure path
// takes q.mu, so that it can run with q.mu held. Its failed attempt needs
// no wake-up of blocked producers: it fails only when at least halfLimit
// slots are taken, and freeing any of them wakes them.
func (q *queue) tryReserveHalf() bool {
	if q.reserved.Add(1) > q.halfLimit() {
		q.reserved.Add(-1)
		return false
	}
	return true
}

// waitReserveHalf takes a slot once the queue is less than half full,
// waiting until ctx or closing is done.
func (q *queue) waitReserveHalf(ctx context.Context, closing <-chan struct{}) error {
	for {
		q.mu.Lock()
		if q.tryReserveHalf() {
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
