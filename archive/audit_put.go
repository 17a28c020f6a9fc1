package archive

import (
	"context"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// AuditEvent is one event of a PutAuditEvents call, as in the CloudTrail
// Data API.
type AuditEvent struct {
	// ID is the producer's ID for the event: 1 to 128 letters, digits, '-'
	// and '_', unique within the call.
	ID string `json:"id"`
	// EventData is the event's JSON, shaped by the CloudTrail Lake
	// integrations event schema.
	EventData string `json:"eventData"`
	// EventDataChecksum, optional, is base64(SHA-256(EventData)).
	EventDataChecksum string `json:"eventDataChecksum,omitempty"`
}

// AuditPutEventsOutput is the result of PutAuditEvents. Every event of the
// call is in exactly one of the two lists, which keep the call's order.
type AuditPutEventsOutput struct {
	Successful []AuditEventResultEntry `json:"successful"`
	Failed     []AuditResultErrorEntry `json:"failed"`
}

// AuditEventResultEntry reports an ingested event.
type AuditEventResultEntry struct {
	ID      string `json:"id"`      // the producer's ID
	EventID string `json:"eventID"` // the ID the lake assigned
}

// AuditResultErrorEntry reports an event that was not ingested.
type AuditResultErrorEntry struct {
	ID           string `json:"id"`
	ErrorCode    string `json:"errorCode"` // an AuditCode* per-event code
	ErrorMessage string `json:"errorMessage"`
}

// auditIsID reports whether s is 1 to 128 of [-_A-Za-z0-9], the shape of
// CloudTrail's Uuid type (event IDs; channel IDs share it). It is written
// out because a regexp costs a tenth of a whole ingestion.
func auditIsID(s string) bool {
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

// PutAuditEvents ingests events through the channel named by channelARN
// (its ARN or its ID) and stores those that pass validation.
//
// The whole call fails, with a *switchyard.Error and no output, for:
// ValidationException (no events, more than 100, a call over 1 MB, an
// event ID that is not 1 to 128 of [-_A-Za-z0-9], a malformed externalId),
// InvalidChannelARN, ChannelNotFound, ChannelInsufficientPermission (a
// channel of another account, or a missing or wrong externalId when the
// channel requires one), DuplicatedAuditEventId (two events with one ID),
// and InternalFailure when the store fails; in that last case the events
// may or may not have been stored (see Store.Append), and the error wraps
// the store's.
//
// Otherwise each event is judged alone: a bad checksum or eventData fails
// that event with FieldTooLong, FieldNotFound, InvalidChecksum,
// InvalidData, InvalidRecipient or InvalidEventSource, and the others are
// stored, all in one Store.Append, before PutAuditEvents returns.
func (l *AuditLake) PutAuditEvents(ctx context.Context, channelARN string, events []AuditEvent, externalID string) (*AuditPutEventsOutput, error) {
	if err := l.begin(ctx); err != nil {
		return nil, err
	}
	defer l.inflight.Done()
	if err := l.checkPutRequest(channelARN, events, externalID); err != nil {
		return nil, err
	}
	ch, err := l.channelForPut(channelARN, externalID)
	if err != nil {
		return nil, err
	}
	if err := auditCheckDuplicates(events); err != nil {
		return nil, err
	}

	now := l.cfg.clock()
	out := &AuditPutEventsOutput{
		Successful: []AuditEventResultEntry{},
		Failed:     []AuditResultErrorEntry{},
	}
	recs := make([]Record, 0, len(events))
	var lastFailure string
	for i := range events {
		ev := &events[i]
		var valid auditValid
		fail := auditCheckChecksum(ev.EventData, ev.EventDataChecksum)
		if fail == nil {
			valid, fail = auditValidate(ev.EventData, l.cfg.account, ch)
		}
		if fail != nil {
			out.Failed = append(out.Failed, AuditResultErrorEntry{ID: ev.ID, ErrorCode: fail.code, ErrorMessage: fail.message})
			lastFailure = fail.code
			l.cfg.logger.DebugContext(ctx, "audit event rejected",
				"channel", ch.arn, "id", ev.ID, "code", fail.code, "message", fail.message)
			continue
		}
		eventID := l.cfg.newID()
		if !auditIsID(eventID) {
			return nil, fmt.Errorf("archive: PutAuditEvents: the ID generator returned %q, which is not an ID", eventID)
		}
		data := auditRecordData(make([]byte, 0, len(ev.EventData)+320),
			eventID, valid.eventTime, now, l.cfg.region, l.cfg.account, ch.arn, ev.EventData)
		recs = append(recs, Record{Time: valid.eventTime, Ingested: now, Data: data})
		out.Successful = append(out.Successful, AuditEventResultEntry{ID: ev.ID, EventID: eventID})
	}

	if len(recs) > 0 {
		if err := l.appendRecords(ctx, recs); err != nil {
			l.cfg.logger.ErrorContext(ctx, "audit events not stored", "channel", ch.arn, "events", len(recs), "error", err)
			return nil, &switchyard.Error{
				Code:    AuditCodeInternalFailure,
				Message: fmt.Sprintf("Storing %d accepted events failed: %v", len(recs), err),
				Err:     err,
			}
		}
	}
	l.recordAttempt(ch, now, out, lastFailure)
	return out, nil
}

// checkPutRequest applies the request's shape constraints (CloudTrail Data
// API reference, PutAuditEvents and AuditEvent), worded the way AWS words
// its validation errors, and the 1 MB size limit.
func (l *AuditLake) checkPutRequest(channelARN string, events []AuditEvent, externalID string) error {
	invalid := func(value, member, constraint string) error {
		return awsreq.Errorf(switchyard.CodeValidation,
			"1 validation error detected: Value %s at '%s' failed to satisfy constraint: Member %s",
			value, member, constraint)
	}
	if channelARN == "" {
		return invalid("null", "channelArn", "must not be null")
	}
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
		if !auditIsID(ev.ID) {
			member := fmt.Sprintf("auditEvents.%d.member.id", i+1)
			switch {
			case ev.ID == "":
				return invalid("null", member, "must not be null")
			case len(ev.ID) > 128:
				return invalid(fmt.Sprintf("'%s'", auditClip(ev.ID)), member, "must have length less than or equal to 128")
			default:
				return invalid(fmt.Sprintf("'%s'", auditClip(ev.ID)), member, "must satisfy regular expression pattern: ^[-_A-Za-z0-9]+$")
			}
		}
		size += len(ev.ID) + len(ev.EventData) + len(ev.EventDataChecksum)
	}
	if externalID != "" {
		switch {
		case len(externalID) < 2:
			return invalid(fmt.Sprintf("'%s'", externalID), "externalId", "must have length greater than or equal to 2")
		case len(externalID) > 1224:
			return invalid("'"+auditClip(externalID)+"'", "externalId", "must have length less than or equal to 1224")
		case !auditExternalIDRE.MatchString(externalID):
			return invalid("'"+auditClip(externalID)+"'", "externalId", `must satisfy regular expression pattern: ^[\w+=,.@:\/-]*$`)
		}
	}
	if size > l.cfg.maxRequestBytes {
		return awsreq.Errorf(switchyard.CodeValidation,
			"Total size of the audit events in the request is %d bytes, over the limit of %d bytes.",
			size, l.cfg.maxRequestBytes)
	}
	return nil
}

// channelForPut resolves the channel and checks the caller may use it.
func (l *AuditLake) channelForPut(channelARN, externalID string) (*auditChannel, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	ch, err := l.lookupChannel(channelARN, true)
	if err != nil {
		return nil, err
	}
	if ch.externalID != "" && externalID != ch.externalID {
		what := "does not match the one the channel's resource policy requires"
		if externalID == "" {
			what = "is missing; the channel's resource policy requires one"
		}
		return nil, awsreq.Errorf(AuditCodeChannelInsufficientPermission,
			"Not authorized to put audit events to channel %s: the externalId %s.", ch.arn, what)
	}
	return ch, nil
}

func auditCheckDuplicates(events []AuditEvent) error {
	seen := make(map[string]struct{}, len(events))
	for i := range events {
		id := events[i].ID
		if _, dup := seen[id]; dup {
			return awsreq.Errorf(AuditCodeDuplicatedAuditEventID,
				"Two or more entries in the request have the same event ID: %s.", id)
		}
		seen[id] = struct{}{}
	}
	return nil
}

// appendRecords numbers recs and stores them as one batch.
func (l *AuditLake) appendRecords(ctx context.Context, recs []Record) error {
	first, err := l.reserveSeqs(ctx, len(recs))
	if err != nil {
		return err
	}
	for i := range recs {
		recs[i].Seq = first + uint64(i)
	}
	return l.store.Append(ctx, recs)
}

// recordAttempt updates the channel's ingestion status.
func (l *AuditLake) recordAttempt(ch *auditChannel, now time.Time, out *AuditPutEventsOutput, lastFailure string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := &ch.status
	st.LatestIngestionAttemptTime = now
	if n := len(out.Successful); n > 0 {
		st.LatestIngestionSuccessTime = now
		st.LatestIngestionSuccessEventID = out.Successful[n-1].EventID
	}
	if lastFailure != "" {
		st.LatestIngestionErrorCode = lastFailure
	}
}
