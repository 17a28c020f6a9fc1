package audit

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
)

// AuditEvent is one event of a PutAuditEvents call (CloudTrail Data API
// reference, AuditEvent).
type AuditEvent struct {
	// ID is the producer's ID for the event: 1 to 128 letters, digits, '-'
	// and '_', unique within the call.
	ID string `json:"id"`
	// EventData is the event's JSON, shaped by the CloudTrail Lake
	// integrations event schema (see "Validation" in the package doc).
	EventData string `json:"eventData"`
	// EventDataChecksum, optional, is base64(SHA-256(EventData)).
	EventDataChecksum string `json:"eventDataChecksum,omitempty"`
}

// PutAuditEventsInput is the request of PutAuditEvents. On the wire
// channelArn and externalId are query parameters and auditEvents the JSON
// body; the tags name them as the API does.
type PutAuditEventsInput struct {
	// ChannelARN is the channel's ARN, or its ID for a channel of the
	// caller's.
	ChannelARN string `json:"channelArn"`
	// ExternalID is matched against the cloudtrail:ExternalId condition
	// of the channel's resource policy: 2 to 1224 characters of letters,
	// digits and _+=,.@:/-.
	ExternalID  string       `json:"externalId,omitempty"`
	AuditEvents []AuditEvent `json:"auditEvents"`
}

// PutAuditEventsOutput is the response of PutAuditEvents. Every event of
// the call is in exactly one of the two lists, which keep the call's
// order.
type PutAuditEventsOutput struct {
	Successful []AuditEventResultEntry `json:"successful"`
	Failed     []ResultErrorEntry      `json:"failed"`
}

// AuditEventResultEntry reports an ingested event.
type AuditEventResultEntry struct {
	ID      string `json:"id"`      // the producer's ID
	EventID string `json:"eventID"` // the ID CloudTrail assigned
}

// ResultErrorEntry reports an event that was not ingested.
type ResultErrorEntry struct {
	ID           string `json:"id"`
	ErrorCode    string `json:"errorCode"` // a per-event Code* constant
	ErrorMessage string `json:"errorMessage"`
}

// externalIDRE is PutAuditEvents' externalId pattern.
var externalIDRE = regexp.MustCompile(`^[\w+=,.@:/-]*$`)

// isEventID reports whether s is 1 to 128 of [-_A-Za-z0-9], the shape of
// AuditEvent.id. It is written out because a regexp costs a tenth of a
// whole ingestion.
func isEventID(s string) bool {
	if len(s) < 1 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// PutAuditEvents ingests events through a channel and stores those that
// pass validation in every destination event data store of the channel
// that is ingesting (status ENABLED).
//
// Who may call. The channel's owner account may. Another account may when
// the channel's resource policy allows it, including the
// cloudtrail:ExternalId condition on ExternalID (see PutResourcePolicy);
// an explicit Deny in the policy stops any account, the owner included.
// Otherwise the call fails with ChannelInsufficientPermission.
//
// The whole call fails, with a *switchyard.Error and no output, for:
// ValidationException (no events, more than 100, a call over 1 MB, an
// event ID that is not 1 to 128 of [-_A-Za-z0-9], a malformed
// externalId), InvalidChannelARN, ChannelNotFound (also a channel of
// another region), ChannelInsufficientPermission, DuplicatedAuditEventId
// (two events with one ID), and InternalFailure when a store fails; in
// that last case the events may or may not have been stored (see
// archive.Store.Append), and the error wraps the store's.
//
// Otherwise each event is judged alone: a bad checksum or eventData fails
// that event with FieldTooLong, FieldNotFound, InvalidChecksum,
// InvalidData, InvalidRecipient or InvalidEventSource, and the others are
// stored, one Store.Append per destination, before PutAuditEvents
// returns.
func (l *Lake) PutAuditEvents(ctx context.Context, in PutAuditEventsInput) (PutAuditEventsOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return PutAuditEventsOutput{}, err
	}
	defer l.inflight.Done()
	if err := l.checkPutRequest(&in); err != nil {
		return PutAuditEventsOutput{}, err
	}
	ch, stores, err := l.channelForPut(in.ChannelARN, in.ExternalID, c)
	if err != nil {
		return PutAuditEventsOutput{}, err
	}
	if err := checkDuplicates(in.AuditEvents); err != nil {
		return PutAuditEventsOutput{}, err
	}

	now := l.cfg.clock.Now().UTC()
	out := PutAuditEventsOutput{Successful: []AuditEventResultEntry{}, Failed: []ResultErrorEntry{}}
	recs := make([]archive.Record, 0, len(in.AuditEvents))
	var lastFailure string
	for i := range in.AuditEvents {
		ev := &in.AuditEvents[i]
		var valid validEvent
		fail := checkChecksum(ev.EventData, ev.EventDataChecksum)
		if fail == nil {
			valid, fail = validate(ev.EventData, ch)
		}
		if fail != nil {
			out.Failed = append(out.Failed, ResultErrorEntry{ID: ev.ID, ErrorCode: fail.code, ErrorMessage: fail.message})
			lastFailure = fail.code
			l.cfg.logger.DebugContext(ctx, "audit event rejected",
				"channel", ch.arn, "id", ev.ID, "code", fail.code, "message", fail.message)
			continue
		}
		eventID, err := l.newUUID("PutAuditEvents")
		if err != nil {
			return PutAuditEventsOutput{}, err
		}
		data := recordData(make([]byte, 0, len(ev.EventData)+320),
			eventID, valid.eventTime, now, ch.region, ch.account, ch.arn, ev.EventData)
		recs = append(recs, archive.Record{Time: valid.eventTime, Ingested: now, Data: data})
		out.Successful = append(out.Successful, AuditEventResultEntry{ID: ev.ID, EventID: eventID})
	}

	if len(recs) > 0 && len(stores) == 0 {
		// Every destination was created with StartIngestion false: the
		// call is valid, so its events are accepted, and none of the
		// stores keeps them. The warning makes that visible.
		l.cfg.logger.WarnContext(ctx, "audit events accepted by a channel whose event data stores are not ingesting",
			"channel", ch.arn, "events", len(recs))
	}
	if len(recs) > 0 {
		for _, s := range stores {
			if err := s.append(ctx, recs); err != nil {
				l.cfg.logger.ErrorContext(ctx, "audit events not stored", "channel", ch.arn, "eventDataStore", s.arn, "events", len(recs), "error", err)
				return PutAuditEventsOutput{}, &switchyard.Error{
					Code:    CodeInternalFailure,
					Message: fmt.Sprintf("Storing %d accepted events in event data store %s failed: %v", len(recs), s.arn, err),
					Err:     err,
				}
			}
		}
	}
	l.recordAttempt(ch, now, &out, lastFailure)
	return out, nil
}

// checkPutRequest applies the request's shape constraints (CloudTrail Data
// API reference, PutAuditEvents and AuditEvent), worded the way AWS words
// its validation errors, and the 1 MB size limit.
func (l *Lake) checkPutRequest(in *PutAuditEventsInput) error {
	invalid := func(value, member, constraint string) error {
		return errf(switchyard.CodeValidation,
			"1 validation error detected: Value %s at '%s' failed to satisfy constraint: Member %s",
			value, member, constraint)
	}
	if in.ChannelARN == "" {
		return invalid("null", "channelArn", "must not be null")
	}
	events := in.AuditEvents
	if len(events) == 0 {
		return invalid("'[]'", "auditEvents", "must have length greater than or equal to 1")
	}
	if len(events) > l.cfg.maxEvents {
		return invalid(fmt.Sprintf("of %d events", len(events)), "auditEvents",
			fmt.Sprintf("must have length less than or equal to %d", l.cfg.maxEvents))
	}
	size := 0
	for i := range events {
		ev := &events[i]
		if !isEventID(ev.ID) {
			member := fmt.Sprintf("auditEvents.%d.member.id", i+1)
			switch {
			case ev.ID == "":
				return invalid("null", member, "must not be null")
			case len(ev.ID) > 128:
				return invalid(fmt.Sprintf("'%s'", clip(ev.ID)), member, "must have length less than or equal to 128")
			default:
				return invalid(fmt.Sprintf("'%s'", clip(ev.ID)), member, "must satisfy regular expression pattern: ^[-_A-Za-z0-9]+$")
			}
		}
		size += len(ev.ID) + len(ev.EventData) + len(ev.EventDataChecksum)
	}
	if x := in.ExternalID; x != "" {
		switch {
		case len(x) < 2:
			return invalid(fmt.Sprintf("'%s'", x), "externalId", "must have length greater than or equal to 2")
		case len(x) > 1224:
			return invalid("'"+clip(x)+"'", "externalId", "must have length less than or equal to 1224")
		case !externalIDRE.MatchString(x):
			return invalid("'"+clip(x)+"'", "externalId", `must satisfy regular expression pattern: ^[\w+=,.@:\/-]*$`)
		}
	}
	if size > l.cfg.maxRequestBytes {
		return errf(switchyard.CodeValidation,
			"Total size of the audit events in the request is %d bytes, over the limit of %d bytes.",
			size, l.cfg.maxRequestBytes)
	}
	return nil
}

// channelForPut resolves the channel of a PutAuditEvents call, checks the
// caller may use it, and returns it with its ingesting destination
// stores. The data plane names failures differently from the control
// plane: InvalidChannelARN and ChannelNotFound.
func (l *Lake) channelForPut(ref, externalID string, c switchyard.Caller) (*channel, []*eventDataStore, error) {
	r, ok := parseRef(ref, c)
	if !ok || (r.kind != "" && r.kind != kindChannel) {
		return nil, nil, errf(CodeInvalidChannelARN, "The specified channel ARN is not a valid channel ARN: %q.", clip(ref))
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	ch := l.channels[r.id]
	if ch == nil || ch.account != r.account || ch.region != r.region || ch.region != c.Region {
		return nil, nil, errf(CodeChannelNotFound, "The channel could not be found: %s.", clip(ref))
	}
	owner := c.Account == ch.account
	switch {
	case ch.policy != nil && ch.policy.denies(c.Account, ch.arn, externalID):
		return nil, nil, errf(CodeChannelInsufficientPermission,
			"Account %s is not authorized to put audit events to channel %s: the channel's resource policy denies it.", c.Account, ch.arn)
	case owner:
	case ch.policy == nil:
		return nil, nil, errf(CodeChannelInsufficientPermission,
			"The caller's account ID must be the same as the channel owner's account ID: the channel belongs to %s, the caller is %s, and the channel has no resource policy.",
			ch.account, c.Account)
	case !ch.policy.allows(c.Account, ch.arn, externalID):
		what := "no statement of the channel's resource policy allows it"
		if externalID == "" {
			what += " without an externalId"
		} else {
			what += " with this externalId"
		}
		return nil, nil, errf(CodeChannelInsufficientPermission,
			"Account %s is not authorized to put audit events to channel %s: %s.", c.Account, ch.arn, what)
	}
	var stores []*eventDataStore
	for _, id := range ch.storeIDs {
		if s := l.stores[id]; s != nil && s.status == StatusEnabled {
			stores = append(stores, s)
		}
	}
	return ch, stores, nil
}

func checkDuplicates(events []AuditEvent) error {
	seen := make(map[string]struct{}, len(events))
	for i := range events {
		id := events[i].ID
		if _, dup := seen[id]; dup {
			return errf(CodeDuplicatedAuditEventID, "Two or more entries in the request have the same event ID: %s.", id)
		}
		seen[id] = struct{}{}
	}
	return nil
}

// recordAttempt updates the channel's ingestion status.
func (l *Lake) recordAttempt(ch *channel, now time.Time, out *PutAuditEventsOutput, lastFailure string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := &ch.status
	st.LatestIngestionAttemptTime = now
	if n := len(out.Successful); n > 0 {
		st.LatestIngestionSuccessTime = now
		st.LatestIngestionSuccessEventID = out.Successful[n-1].EventID
		st.LatestIngestionAttemptEventID = out.Successful[n-1].EventID
	}
	if lastFailure != "" {
		st.LatestIngestionErrorCode = lastFailure
	}
}
