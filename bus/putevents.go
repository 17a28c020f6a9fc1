package bus

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// PutEvents puts 1 to 10 events (Limits.MaxEntries) on their event buses,
// as EventBridge's PutEvents does, and implements switchyard.Publisher.
// The events are the caller's (see switchyard.WithCaller): their account
// and region are the caller's, and a bus of another account (named by
// ARN) takes them only when its policy admits the caller's account.
//
// Each entry is checked on its own, and a failing entry fails alone:
// InvalidArgument for a missing Source, DetailType or Detail,
// InvalidArgument for a Time outside the years 0001 to 9999,
// NotAuthorizedForSourceException for a Source starting with "aws.",
// MalformedDetail for a Detail that is not a JSON object, is not valid
// UTF-8 or is nested deeper than 1100 levels, AccessDeniedException for a
// bus whose policy does not admit the caller, and ThrottlingException when
// a target's queue is full (unless WithBlockOnFull is set). The whole call
// fails, with a ValidationException and no result, for no or too many
// entries, a Resources item over 2048 characters, a TraceHeader over 500,
// an EventBusName that is not a bus name or ARN, entries whose total size
// is over Limits.MaxEntrySize, or a context that says the events have
// crossed more buses than WithMaxHops allows.
//
// An accepted entry gets an EventId; its event is matched against its
// bus's rules and queued for their targets, and PutEvents returns without
// waiting for delivery. An entry whose bus does not exist is accepted and
// dropped, as on EventBridge (see WithStrictBuses).
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
	caller := b.scopeOf(ctx)
	var secondary string // the region a global endpoint replicates to
	if !partner {
		home, second, _, err := b.endpointRoute(ctx, caller)
		if err != nil {
			return switchyard.PutEventsResult{}, err
		}
		caller, secondary = home, second
	}
	hops := switchyard.HopsFrom(ctx)
	now := b.clock.Now()

	res := switchyard.PutEventsResult{Entries: make([]switchyard.ResultEntry, len(entries))}
	batch := b.batches.Get().(*putBatch)

	// Everything a call's events need is allocated at once — their
	// envelopes, one buffer for their JSON, one string for their ids — so
	// that the allocations per event do not grow with the batch.
	checks := batch.checks[:0]
	size := 0
	for i := range entries {
		code, msg := checkEntry(&entries[i], partner)
		checks = append(checks, entryCheck{code, msg})
		if code == "" {
			size += jsonSizeHint(&entries[i], caller)
		}
	}
	batch.checks = checks
	ids := b.ids.many(&batch.ids, len(entries))
	recs := make([]eventRecord, len(entries))
	slab := make([]byte, size)

	var accepted, unroutable, throttled, matched uint64
	var lastBus *eventBus
	var lastName string
	for i := range entries {
		e := &entries[i]
		out := &res.Entries[i]
		var eb *eventBus
		busName := e.Source
		owner := caller // whose event it is: the sender, or a partner's customer
		switch {
		case partner:
			eb, owner = b.partnerBus(caller, e.Source)
		case i > 0 && e.EventBusName == entries[i-1].EventBusName && lastBus != nil:
			// Entries of a call mostly name one bus: resolve it once.
			eb, busName = lastBus, lastName
		default:
			eb, busName = b.busFor(caller, e.EventBusName)
			lastBus, lastName = eb, busName
		}
		if c := checks[i]; c.code != "" {
			out.ErrorCode, out.ErrorMessage = c.code, c.msg
			b.reportPut(busName, e, out)
			continue
		}
		id := ids[i*idLen : (i+1)*idLen]
		hint := jsonSizeHint(e, owner)
		buf := slab[:0:hint]
		slab = slab[hint:]
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
		if !partner && !b.admits(eb, caller.account, e.Source, e.DetailType) {
			out.ErrorCode, out.ErrorMessage = accessDenied(caller.account, eb.arn)
			b.reportPut(busName, e, out)
			continue
		}
		rec := b.newRecord(&recs[i], id, e, owner, now, hops, buf)
		n, ok := b.route(ctx, batch, eb, rec, nil)
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
		if secondary != "" {
			// Replication is asynchronous on EventBridge and never fails
			// the entry; a full queue in the secondary region only loses
			// the replica, counted as throttled.
			if eb2, _ := b.busFor(scope{account: caller.account, region: secondary}, e.EventBusName); eb2 != nil {
				n2, ok := b.route(ctx, batch, eb2, rec, nil)
				matched += uint64(n2)
				if !ok {
					throttled++
				}
			}
		}
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

// Limits of PutEventsRequestEntry members from the EventBridge API model.
const (
	maxResourceLen    = 2048 // EventResource
	maxTraceHeaderLen = 500  // TraceHeader
	maxBusNameOrARN   = 1600 // NonPartnerEventBusNameOrArn
	// maxDetailDepth is how deep a Detail may nest: "PutEvents will only
	// process nested JSON up to 1100 levels deep." (PutEvents, API
	// reference).
	maxDetailDepth = 1100
)

// nonPartnerBusRE is the pattern of PutEventsRequestEntry.EventBusName
// (NonPartnerEventBusNameOrArn in the API model): a bus name without "/",
// or a bus ARN. A partner bus cannot be named: partners put events with
// PutPartnerEvents.
var nonPartnerBusRE = regexp.MustCompile(`^(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus/)?[\.\-_A-Za-z0-9]+$`)

// isNonPartnerBusName is the fast path of nonPartnerBusRE: a plain bus
// name within the length limit.
func isNonPartnerBusName(s string) bool {
	return len(s) <= maxBusNameOrARN && awsreq.IsName(s)
}

// checkRequest applies the request-level checks: entry count, member
// constraints, total size, hop count.
func (b *Bus) checkRequest(ctx context.Context, entries []switchyard.Entry, partner bool) error {
	max := b.cfg.limits.MaxEntries
	if partner {
		max = b.cfg.limits.MaxPartnerEntries
	}
	var v awsreq.Violations
	if len(entries) == 0 || len(entries) > max {
		op := "greater than or equal to 1"
		if len(entries) > max {
			op = "less than or equal to " + strconv.Itoa(max)
		}
		v.Add(entryList(entries, partner), "entries", "have length "+op)
		return v.Err()
	}
	for i := range entries {
		e := &entries[i]
		// Field names are built only for a violation: this runs for every
		// entry of every call.
		field := func() string { return "entries." + strconv.Itoa(i+1) + ".member." }
		for j, r := range e.Resources {
			if len(r) > maxResourceLen {
				v.Length(r, field()+"resources."+strconv.Itoa(j+1)+".member", 0, maxResourceLen)
			}
		}
		if partner {
			if e.Source != "" && !isPartnerSource(e.Source) {
				return awsErr(switchyard.CodeValidation, msgPartnerSource)
			}
			continue
		}
		if len(e.TraceHeader) > maxTraceHeaderLen {
			v.Length(e.TraceHeader, field()+"traceHeader", 1, maxTraceHeaderLen)
		}
		if e.EventBusName != "" && !isNonPartnerBusName(e.EventBusName) {
			v.Length(e.EventBusName, field()+"eventBusName", 1, maxBusNameOrARN)
			if !nonPartnerBusRE.MatchString(e.EventBusName) {
				v.Add(e.EventBusName, field()+"eventBusName", "satisfy regular expression pattern: "+
					`(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+`)
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	total := 0
	for i := range entries {
		total += entries[i].Size()
	}
	if total > b.cfg.limits.MaxEntrySize {
		return awsErr(switchyard.CodeValidation, msgTotalSize)
	}
	if h := switchyard.HopsFrom(ctx); h > b.cfg.maxHops {
		return &switchyard.Error{Code: switchyard.CodeValidation, Err: switchyard.ErrHopLimit,
			Message: "The events have crossed " + strconv.Itoa(h) + " event buses; the limit is " + strconv.Itoa(b.cfg.maxHops) + "."}
	}
	return nil
}

// The range of Entry.Time: the event's "time" is RFC 3339, whose year has
// four digits (RFC 3339 section 5.6, date-fullyear = 4DIGIT), so a time
// outside it could be accepted but never written or read back.
var (
	minEventTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxEventTime = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// checkEntry applies EventBridge's per-entry checks, in EventBridge's
// order, and returns the error code and message of the first that fails.
func checkEntry(e *switchyard.Entry, partner bool) (code, msg string) {
	switch {
	case e.Source == "":
		return switchyard.CodeInvalidArgument, msgNoSource
	case e.DetailType == "":
		return switchyard.CodeInvalidArgument, msgNoDetailType
	case e.Detail == "":
		return switchyard.CodeInvalidArgument, msgNoDetail
	case !partner && strings.HasPrefix(e.Source, "aws."):
		// Sources starting with "aws." are AWS services' own; PutEvents
		// refuses them ("NotAuthorizedForSourceException: Not authorized
		// for the source.", PutEventsResultEntry in the API reference).
		return switchyard.CodeNotAuthorizedForSource, msgNotAuthSource
	case !e.Time.IsZero() && (e.Time.Before(minEventTime) || e.Time.After(maxEventTime)):
		return switchyard.CodeInvalidArgument, msgTimeRange
	}
	return checkDetail(e.Detail)
}

// checkDetail checks a Detail as EventBridge does: a JSON object, valid
// UTF-8, nested at most maxDetailDepth levels deep. The depth is scanned
// only for a Detail long enough to nest that deep: every level takes an
// opening and a closing bracket.
func checkDetail(s string) (code, msg string) {
	if !isJSONObject(s) || !utf8.ValidString(s) || (len(s) > 2*maxDetailDepth && tooDeep(s)) {
		return switchyard.CodeMalformedDetail, msgMalformedDetail
	}
	return "", ""
}

// tooDeep reports whether the valid JSON text s nests objects and arrays
// more than maxDetailDepth deep, skipping strings.
func tooDeep(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
			if depth > maxDetailDepth {
				return true
			}
		case '}', ']':
			depth--
		}
	}
	return false
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
func (b *Bus) newRecord(rec *eventRecord, id string, e *switchyard.Entry, owner scope, now time.Time, hops int, buf []byte) *eventRecord {
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
			Version:     "0",
			ID:          id,
			DetailType:  e.DetailType,
			Source:      e.Source,
			Account:     owner.account,
			Time:        t.Truncate(time.Second).UTC(),
			Region:      owner.region,
			Resources:   res,
			TraceHeader: e.TraceHeader,
		},
		ingested: now,
		hops:     hops,
	}
	return marshalRecord(rec, e.Detail, buf)
}

// jsonSizeHint is about the size of an entry's event JSON: exact unless
// strings need escaping, when appending grows the buffer.
func jsonSizeHint(e *switchyard.Entry, owner scope) int {
	n := 160 + idLen + len(e.DetailType) + len(e.Source) + len(owner.account) + len(owner.region) + len(e.Detail)
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

// matchRules returns the enabled rules of eb that match rec, limited to
// ruleARNs when it is not empty, in batch.rules's storage.
func (b *Bus) matchRules(batch *putBatch, eb *eventBus, rec *eventRecord, ruleARNs []string) []*rule {
	rules := eb.matcher.MatchAppend(batch.rules[:0], rec.json)
	if fr := eb.filtered.Load(); fr != nil {
		for _, r := range *fr {
			if r.matchFilter(rec.json) {
				rules = append(rules, r)
			}
		}
	}
	return slices.DeleteFunc(rules, func(r *rule) bool {
		return !r.enabled() || (len(ruleARNs) > 0 && !slices.Contains(ruleARNs, r.arn))
	})
}

// route matches rec against eb's rules (those in ruleARNs, when not
// empty) and stages one delivery per target of every enabled matching
// rule, reserving a slot in each target's queue. It returns the number of
// matching enabled rules, and false — with nothing staged — when a queue
// is full (after waiting for room with WithBlockOnFull). The OnMatch hook
// hears, per rule, how many deliveries were staged: the targets as route
// read them, not as they may be by the time it reports.
func (b *Bus) route(ctx context.Context, batch *putBatch, eb *eventBus, rec *eventRecord, ruleARNs []string) (int, bool) {
	rules := b.matchRules(batch, eb, rec, ruleARNs)
	defer func() {
		clear(rules)
		batch.rules = rules[:0]
	}()
	var counts []int
	if b.hooks != nil {
		counts = make([]int, len(rules))
	}
	mark := len(batch.staged)
	ok := true
	for ri, r := range rules {
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
			if counts != nil {
				counts[ri]++
			}
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
		return len(rules), false
	}
	if h := b.hooks; h != nil {
		for ri, r := range rules {
			h.OnMatch(MatchInfo{EventBusName: eb.name, EventID: rec.event.ID, RuleName: r.name, RuleARN: r.arn, Targets: counts[ri]})
		}
	}
	return len(rules), true
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
	// Counted before the log takes them: once their append is on disk, the
	// refill goroutine may bring back and settle a spilled event's
	// deliveries, which must not take pending to zero early.
	e.pending.Add(int64(n))
	e.active.Add(int64(n))
	if e.log != nil {
		batch.logged = e.log.append(ptrs)
	}
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
