package bus

import (
	"context"
	"strconv"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// Routing an event as given
//
// Route sends an event through a bus exactly as it is — its id, account,
// region and time kept — the way EventBridge hands an event from one bus
// to another. It is the one entry point, besides PutEvents, for services
// built on a bus: event bus targets forward through it, package replay
// replays archived events through it (they carry a "replay-name"), and
// tests use it to route an event exactly as AWS would send it.
//
// The event is matched against the bus's rules like a new one, and the
// receiving bus's policy must admit the event's account. A replayed event
// (ReplayName set) goes only to the rules named in RuleARNs (all rules
// when none is named), is never archived, and must not starve live
// traffic: it takes a queue slot only while the target's queue is at most
// half full, and otherwise waits for the workers to drain it, so live
// events always find the other half free. Any other event takes slots as
// PutEvents does: a full queue is a ThrottlingException, or a wait with
// WithBlockOnFull.

// RouteInput is the input of Route.
type RouteInput struct {
	// EventBusName is the bus, a name in the caller's account and region
	// or an ARN of any; empty means the caller's default bus.
	EventBusName string
	// Event is routed as given. Version, when empty, becomes "0",
	// Resources an empty list, Detail {}, Account and Region the
	// receiving bus's, and Time, when zero, the bus clock's now. ID,
	// Source and DetailType are required. Route takes ownership of its
	// slices (Resources, Detail): the caller must not modify them
	// afterwards.
	Event switchyard.Event
	// RuleARNs limits the rules that receive the event, as a replay's
	// FilterArns do; empty means every matching rule.
	RuleARNs []string
}

// Route routes one event as given through a bus; see "Routing an event as
// given". It returns once the event is queued for every matching target.
// Errors: ValidationException for an event without ID, Source or
// DetailType or with a Detail that is not a JSON object;
// ResourceNotFoundException for a bus that does not exist;
// AccessDeniedException when the bus's policy does not admit the event's
// account; ThrottlingException for a full queue; ctx.Err() when ctx ends
// while a replayed event waits (deliveries queued before that are still
// made); ErrClosed on a closed bus.
func (b *Bus) Route(ctx context.Context, in RouteInput) error {
	ev := in.Event
	var v awsreq.Violations
	if ev.ID == "" {
		v.Required("event.id")
	}
	if ev.Source == "" {
		v.Required("event.source")
	}
	if ev.DetailType == "" {
		v.Required("event.detailType")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if len(ev.Detail) == 0 {
		ev.Detail = []byte("{}")
	} else if code, msg := checkDetail(string(ev.Detail)); code != "" {
		return awsErr(switchyard.CodeValidation, "Parameter Event is not valid. Reason: "+msg)
	}
	if h := switchyard.HopsFrom(ctx); h > b.cfg.maxHops {
		return &switchyard.Error{Code: switchyard.CodeValidation, Err: switchyard.ErrHopLimit,
			Message: "The events have crossed " + strconv.Itoa(h) + " event buses; the limit is " + strconv.Itoa(b.cfg.maxHops) + "."}
	}
	b.gate.RLock()
	defer b.gate.RUnlock()
	if b.closed.Load() {
		return ErrClosed
	}
	eb, name := b.busFor(b.scopeOf(ctx), in.EventBusName)
	if eb == nil {
		return errBusNotFound(name)
	}
	if ev.Account == "" {
		ev.Account = eb.account
	}
	if ev.Region == "" {
		ev.Region = eb.region
	}
	if !b.admits(eb, ev.Account, ev.Source, ev.DetailType) {
		code, msg := accessDenied(ev.Account, eb.arn)
		return awsErr(code, msg)
	}
	if ev.Version == "" {
		ev.Version = "0"
	}
	if ev.Resources == nil {
		ev.Resources = noResources
	}
	now := b.clock.Now()
	if ev.Time.IsZero() {
		ev.Time = now
	}
	ev.Time = ev.Time.UTC()
	rec := &eventRecord{event: ev, ingested: now, hops: switchyard.HopsFrom(ctx)}
	rec.json = rec.event.AppendJSON(make([]byte, 0, 192+len(ev.ID)+len(ev.DetailType)+len(ev.Source)+len(ev.Detail)+len(ev.ReplayName)))

	batch := b.batches.Get().(*putBatch)
	defer b.batches.Put(batch)
	if ev.ReplayName == "" {
		n, ok := b.route(ctx, batch, eb, rec, in.RuleARNs)
		b.commit(batch)
		addIf(&b.stats.matched, uint64(n))
		if !ok {
			b.stats.throttled.Add(1)
			return awsErr(switchyard.CodeThrottling, b.eng.throttleMessage())
		}
		return b.awaitLogged(ctx, batch, false)
	}
	n, err := b.routeReplay(ctx, batch, eb, rec, in.RuleARNs)
	b.commit(batch)
	addIf(&b.stats.matched, uint64(n))
	_ = b.awaitLogged(ctx, batch, true) // resets the batch; replays do not wait
	return err
}

// routeReplay stages one delivery per target of every enabled rule of eb
// that matches rec and is allowed by ruleARNs, committing what it has
// staged before it waits for room. It returns the number of rules that
// matched; on error, what is staged but not committed is given back.
func (b *Bus) routeReplay(ctx context.Context, batch *putBatch, eb *eventBus, rec *eventRecord, ruleARNs []string) (int, error) {
	rules := b.matchRules(batch, eb, rec, ruleARNs)
	defer func() {
		clear(rules)
		batch.rules = rules[:0]
	}()
	for _, r := range rules {
		ts := r.targets.Load()
		nStaged := 0
		if ts != nil {
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
						return len(rules), err
					}
				}
				batch.staged = append(batch.staged, staged{t: t, ev: rec})
				nStaged++
			}
		}
		if h := b.hooks; h != nil {
			h.OnMatch(MatchInfo{EventBusName: eb.name, EventID: rec.event.ID, RuleName: r.name, RuleARN: r.arn, Targets: nStaged})
		}
	}
	return len(rules), nil
}

// halfLimit is how many slots of the queue a replay may fill up to.
func (q *queue) halfLimit() int64 { return max(q.capacity/2, 1) }

// tryReserveHalf takes a slot if the queue is less than half full, and
// otherwise takes nothing. Its failed attempt needs no wake-up of blocked
// producers: it fails only when at least halfLimit slots are taken, and
// freeing any of them wakes them.
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
	return q.waitSlot(ctx, closing, q.tryReserveHalf)
}
