package bus

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
)

// PutEvents puts 1 to 10 events (Limits.MaxEntries) on their event buses,
// as EventBridge's PutEvents does, and implements switchyard.Publisher.
//
// Each entry is checked on its own: one without Source, DetailType or
// Detail fails with InvalidArgument, one whose Detail is not a JSON object
// with MalformedDetail, and the others in the call are still accepted. The
// whole call fails, with a ValidationException and no result, when it has
// too many or no entries, when the entries' total size is over
// Limits.MaxEntrySize, or when its context says the events have crossed
// more buses than WithMaxHops allows.
//
// An accepted entry gets an EventId; its event is matched against its
// bus's rules and queued for their targets, and PutEvents returns without
// waiting for delivery. An entry whose bus does not exist is accepted and
// dropped, as on EventBridge (see WithStrictBuses). An entry that a full
// target queue cannot take fails with ThrottlingException, unless
// WithBlockOnFull is set. An entry from an account the bus's policy does
// not admit (see WithCallerAccount) fails with AccessDeniedException.
func (b *Bus) PutEvents(ctx context.Context, entries []switchyard.Entry) (switchyard.PutEventsResult, error) {
	return b.put(ctx, entries, false)
}

// putBatch is the scratch space of one put call, pooled.
type putBatch struct {
	rules  []*rule
	staged []staged
	ptrs   []*delivery
	checks []entryCheck
	ids    []byte
	logged uint64 // the delivery log's ticket for the staged deliveries; 0 without a log
}

// entryCheck is the outcome of checkEntry for one entry.
type entryCheck struct{ code, msg string }

// staged is a delivery decided on but not yet queued.
type staged struct {
	t  *ruleTarget
	ev *eventRecord
}

// noResources is the resources of an event that has none: on the wire an
// empty array, never null. It has no capacity, so it is never written.
var noResources = make([]string, 0)

func (b *Bus) put(ctx context.Context, entries []switchyard.Entry, partner bool) (switchyard.PutEventsResult, error) {
	b.gate.RLock()
	defer b.gate.RUnlock()
	if b.closed.Load() {
		return switchyard.PutEventsResult{}, ErrClosed
	}
	if err := b.checkRequest(ctx, entries, partner); err != nil {
		return switchyard.PutEventsResult{}, err
	}
	caller, hasCaller := callerAccount(ctx)
	if caller == b.cfg.account {
		hasCaller = false
	}
	hops := switchyard.HopsFrom(ctx)
	now := b.clock.Now()
	buses := *b.buses.Load()

	res := switchyard.PutEventsResult{Entries: make([]switchyard.ResultEntry, len(entries))}
	batch := b.batches.Get().(*putBatch)

	// Everything a call's events need is allocated at once — their
	// envelopes, one buffer for their JSON, one string for their ids — so
	// that the allocations per event do not grow with the batch.
	checks := batch.checks[:0]
	size := 0
	for i := range entries {
		code, msg := checkEntry(&entries[i])
		checks = append(checks, entryCheck{code, msg})
		if code == "" {
			size += jsonSizeHint(&entries[i], b.cfg.account, b.cfg.region)
		}
	}
	batch.checks = checks
	ids := b.ids.many(&batch.ids, len(entries))
	recs := make([]eventRecord, len(entries))
	slab := make([]byte, size)

	var accepted, unroutable, throttled, matched uint64
	for i := range entries {
		e := &entries[i]
		out := &res.Entries[i]
		busName, local := e.Source, true
		if !partner {
			busName, local = b.busRef(e.EventBusName)
		}
		if c := checks[i]; c.code != "" {
			out.ErrorCode, out.ErrorMessage = c.code, c.msg
			b.reportPut(busName, e, out)
			continue
		}
		id := ids[i*idLen : (i+1)*idLen]
		hint := jsonSizeHint(e, b.cfg.account, b.cfg.region)
		buf := slab[:0:hint]
		slab = slab[hint:]
		var eb *eventBus
		if local {
			eb = buses[busName]
		}
		if eb == nil {
			if b.cfg.strictBuses {
				out.ErrorCode, out.ErrorMessage = switchyard.CodeResourceNotFound, "Event bus "+busName+" does not exist."
				b.reportPut(busName, e, out)
				continue
			}
			out.EventID = id
			accepted++
			unroutable++
			b.reportPut(busName, e, out)
			b.reportUnroutable(busName, out.EventID)
			continue
		}
		if hasCaller && !eb.policy.Load().allows(caller) {
			out.ErrorCode, out.ErrorMessage = accessDenied(caller, eb.arn)
			b.reportPut(busName, e, out)
			continue
		}
		rec := b.newRecord(&recs[i], id, e, now, hops, buf)
		n, ok := b.route(ctx, batch, eb, rec)
		if !ok {
			throttled++
			out.ErrorCode, out.ErrorMessage = switchyard.CodeThrottling, b.eng.throttleMessage()
			b.reportPut(busName, e, out)
			continue
		}
		matched += uint64(n)
		accepted++
		out.EventID = rec.event.ID
		b.reportPut(busName, e, out)
	}
	b.commit(batch)
	if err := b.eng.durable(ctx, batch.logged); err != nil {
		accepted -= b.failUnlogged(&res, err)
	}
	batch.logged = 0
	b.batches.Put(batch)
	for i := range res.Entries {
		if res.Entries[i].Failed() {
			res.FailedEntryCount++
		}
	}
	s := &b.stats
	addIf(&s.accepted, accepted)
	addIf(&s.unroutable, unroutable)
	addIf(&s.throttled, throttled)
	addIf(&s.matched, matched)
	return res, nil
}

// checkRequest applies the request-level checks: entry count, total size,
// hop count.
func (b *Bus) checkRequest(ctx context.Context, entries []switchyard.Entry, partner bool) error {
	max := b.cfg.limits.MaxEntries
	if partner {
		max = b.cfg.limits.MaxPartnerEntries
	}
	if len(entries) == 0 || len(entries) > max {
		op := "greater than or equal to 1"
		if len(entries) > max {
			op = "less than or equal to " + strconv.Itoa(max)
		}
		var v switchyard.Violations
		v.Add(entryList(entries, partner), "entries", "have length "+op)
		return v.Err()
	}
	total := 0
	for i := range entries {
		total += entries[i].Size()
	}
	if total > b.cfg.limits.MaxEntrySize {
		return awsErr(switchyard.CodeValidation, msgTotalSize)
	}
	if h := switchyard.HopsFrom(ctx); h > b.cfg.maxHops {
		return &switchyard.Error{Code: switchyard.CodeValidation, Err: ErrHopLimit,
			Message: "The events have crossed " + strconv.Itoa(h) + " event buses; the limit is " + strconv.Itoa(b.cfg.maxHops) + "."}
	}
	return nil
}

// checkEntry applies EventBridge's per-entry checks, in EventBridge's
// order, and returns the error code and message of the first that fails.
func checkEntry(e *switchyard.Entry) (code, msg string) {
	switch {
	case e.Source == "":
		return switchyard.CodeInvalidArgument, msgNoSource
	case e.DetailType == "":
		return switchyard.CodeInvalidArgument, msgNoDetailType
	case e.Detail == "":
		return switchyard.CodeInvalidArgument, msgNoDetail
	case !isJSONObject(e.Detail):
		return switchyard.CodeMalformedDetail, msgMalformedDetail
	}
	return "", ""
}

// isJSONObject reports whether s is valid JSON whose value is an object.
func isJSONObject(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case '{':
			return gjson.Valid(s)
		}
		return false
	}
	return false
}

// newRecord builds an accepted entry's envelope in rec and marshals it
// once, into buf when it has room.
func (b *Bus) newRecord(rec *eventRecord, id string, e *switchyard.Entry, now time.Time, hops int, buf []byte) *eventRecord {
	t := e.Time
	if t.IsZero() {
		t = now
	}
	res := noResources
	if len(e.Resources) > 0 {
		res = slices.Clone(e.Resources)
	}
	*rec = eventRecord{
		event: switchyard.Event{
			Version:    "0",
			ID:         id,
			DetailType: e.DetailType,
			Source:     e.Source,
			Account:    b.cfg.account,
			Time:       t.Truncate(time.Second).UTC(),
			Region:     b.cfg.region,
			Resources:  res,
		},
		ingested: now,
		hops:     hops,
	}
	return marshalRecord(rec, e.Detail, buf)
}

// jsonSizeHint is about the size of an entry's event JSON: exact unless
// strings need escaping, when appending grows the buffer.
func jsonSizeHint(e *switchyard.Entry, account, region string) int {
	n := 160 + idLen + len(e.DetailType) + len(e.Source) + len(account) + len(region) + len(e.Detail)
	for _, r := range e.Resources {
		n += len(r) + 3
	}
	return n
}

// marshalRecord appends rec's JSON with detail to buf, then points the
// event's Detail into that JSON, so the detail text is copied once, not
// twice.
func marshalRecord(rec *eventRecord, detail string, buf []byte) *eventRecord {
	ev := &rec.event
	// AppendJSON ends an event without Detail and ReplayName with
	// `"detail":{}}`; replace the empty object with the detail.
	buf = ev.AppendJSON(buf)
	buf = buf[:len(buf)-len("{}}")]
	start := len(buf)
	buf = append(buf, detail...)
	buf = append(buf, '}')
	ev.Detail = buf[start : len(buf)-1 : len(buf)-1]
	rec.json = buf
	return rec
}

// route matches rec against eb's rules and stages one delivery per target
// of every enabled matching rule, reserving a slot in each target's queue.
// It returns the number of matching enabled rules, and false — with
// nothing staged — when a queue is full (after waiting for room with
// WithBlockOnFull).
func (b *Bus) route(ctx context.Context, batch *putBatch, eb *eventBus, rec *eventRecord) (int, bool) {
	rules := eb.matcher.MatchAppend(batch.rules[:0], rec.json)
	if fr := eb.filtered.Load(); fr != nil {
		for _, r := range *fr {
			if r.matchFilter(rec.json) {
				rules = append(rules, r)
			}
		}
	}
	mark := len(batch.staged)
	n := 0
	ok := true
	for _, r := range rules {
		if !r.enabled() {
			continue
		}
		n++
		ts := r.targets.Load()
		if ts == nil {
			continue
		}
		for _, t := range *ts {
			if !b.eng.admit(t, rec) {
				if !b.cfg.blockOnFull {
					ok = false
					break
				}
				// Queue what earlier entries staged first: the room we wait
				// for may be held by our own staged deliveries.
				b.commitUpTo(batch, mark)
				mark = 0
				if !b.eng.waitAdmit(ctx, t, rec) {
					ok = false
					break
				}
			}
			batch.staged = append(batch.staged, staged{t: t, ev: rec})
		}
		if !ok {
			break
		}
	}
	if !ok {
		for _, s := range batch.staged[mark:] {
			b.eng.unadmit(s.t, s.ev)
		}
		clear(batch.staged[mark:])
		batch.staged = batch.staged[:mark]
	} else if h := b.hooks; h != nil {
		for _, r := range rules {
			if r.enabled() {
				nt := 0
				if ts := r.targets.Load(); ts != nil {
					nt = len(*ts)
				}
				h.OnMatch(MatchInfo{EventBusName: eb.name, EventID: rec.event.ID, RuleName: r.name, RuleARN: r.arn, Targets: nt})
			}
		}
	}
	clear(rules)
	batch.rules = rules[:0]
	return n, ok
}

// commit queues everything staged in batch.
func (b *Bus) commit(batch *putBatch) { b.commitUpTo(batch, len(batch.staged)) }

// commitUpTo queues the first n staged deliveries and keeps the rest
// staged. Deliveries for the same target are pushed together, in order,
// under one lock.
func (b *Bus) commitUpTo(batch *putBatch, n int) {
	if n == 0 {
		return
	}
	todo := batch.staged[:n]
	slices.SortStableFunc(todo, func(x, y staged) int {
		switch {
		case x.t.q.id < y.t.q.id:
			return -1
		case x.t.q.id > y.t.q.id:
			return 1
		}
		return 0
	})
	ds := make([]delivery, n)
	ptrs := batch.ptrs[:0]
	for i, s := range todo {
		ds[i] = delivery{ev: s.ev, t: s.t, slot: true}
		ptrs = append(ptrs, &ds[i])
	}
	e := b.eng
	if e.log != nil {
		batch.logged = e.log.append(ptrs)
	}
	e.pending.Add(int64(n))
	e.active.Add(int64(n))
	b.stats.enqueued.Add(uint64(n))
	for i := 0; i < n; {
		j := i + 1
		for j < n && todo[j].t == todo[i].t {
			j++
		}
		e.enqueue(todo[i].t, ptrs[i:j]...)
		i = j
	}
	clear(ptrs)
	batch.ptrs = ptrs[:0]
	rest := copy(batch.staged, batch.staged[n:])
	clear(batch.staged[rest:])
	batch.staged = batch.staged[:rest]
}

// reportPut tells the hooks about one entry.
func (b *Bus) reportPut(busName string, e *switchyard.Entry, out *switchyard.ResultEntry) {
	if h := b.hooks; h != nil {
		h.OnPut(PutInfo{EventBusName: busName, EventID: out.EventID, Source: e.Source, DetailType: e.DetailType,
			ErrorCode: out.ErrorCode, ErrorMessage: out.ErrorMessage})
	}
}

// reportUnroutable logs and reports an accepted event whose bus does not
// exist.
func (b *Bus) reportUnroutable(busName, id string) {
	if b.log.Enabled(context.Background(), levelDrop) {
		b.log.Warn("bus: event dropped: event bus does not exist", "event_bus", busName, "event_id", id)
	}
	if h := b.hooks; h != nil {
		h.OnDrop(DropInfo{Reason: DropNoSuchBus, EventBusName: busName, EventID: id})
	}
}

// entryList renders entries as EventBridge's validation message for too
// many entries does: the Java string form of each request entry.
func entryList(entries []switchyard.Entry, partner bool) string {
	var sb strings.Builder
	sb.WriteByte('[')
	kind := "PutEventsRequestEntry("
	if partner {
		kind = "PutPartnerEventsRequestEntry("
	}
	orNull := func(s string) string {
		if s == "" {
			return "null"
		}
		return s
	}
	for i := range entries {
		e := &entries[i]
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(kind)
		t := "null"
		if !e.Time.IsZero() {
			t = e.Time.UTC().Format(time.RFC3339)
		}
		res := "null"
		if len(e.Resources) > 0 {
			res = "[" + strings.Join(e.Resources, ", ") + "]"
		}
		sb.WriteString("time=" + t + ", source=" + orNull(e.Source) + ", resources=" + res +
			", detailType=" + orNull(e.DetailType) + ", detail=" + orNull(e.Detail))
		if !partner {
			sb.WriteString(", eventBusName=" + orNull(e.EventBusName) + ", traceHeader=" + orNull(e.TraceHeader) +
				", kmsKeyIdentifier=null, internalMetadata=null")
		}
		sb.WriteByte(')')
	}
	sb.WriteByte(']')
	return sb.String()
}
