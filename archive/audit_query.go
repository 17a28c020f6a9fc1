package archive

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/pattern"
)

// AuditRecord is one stored audit event, as QueryAuditEvents delivers it.
type AuditRecord struct {
	// EventID is the ID the lake assigned (the stored eventID).
	EventID string
	// ChannelARN is the channel the event came through.
	ChannelARN string
	// EventTime is eventData.eventTime, to the nanosecond.
	EventTime time.Time
	// IngestionTime is when the lake accepted the event.
	IngestionTime time.Time
	// Seq is the record's sequence number in the store.
	Seq uint64
	// Data is the stored JSON (see AuditLake for its shape). It is the
	// caller's to keep.
	Data []byte
}

// EventData returns the event's eventData object, as the producer sent it.
// It shares memory with r.Data.
func (r AuditRecord) EventData() []byte {
	v := gjson.GetBytes(r.Data, "eventData")
	if v.Index > 0 {
		return r.Data[v.Index : v.Index+len(v.Raw)]
	}
	return []byte(v.Raw)
}

// QueryAuditEvents calls fn for every stored event with from <= eventTime
// < to, in event-time order (events with the same time in the order they
// were stored). A zero to means no upper bound.
//
// filter, when not nil, selects events by their stored JSON; a
// *pattern.Pattern is the usual filter, written against the stored shape,
// for example {"eventData": {"eventName": ["Login"]}} or
// {"metadata": {"channelARN": ["arn:aws:cloudtrail:..."]}}.
//
// If fn returns an error, QueryAuditEvents stops and returns it. fn may call
// the lake's other methods except Close, which waits for the query. A stored record that is not an audit event
// stops the query with an error wrapping ErrAuditCorruptRecord.
func (l *AuditLake) QueryAuditEvents(ctx context.Context, from, to time.Time, filter switchyard.Filter, fn func(AuditRecord) error) error {
	if err := l.begin(ctx); err != nil {
		return err
	}
	defer l.inflight.Done()
	if fn == nil {
		return fmt.Errorf("archive: QueryAuditEvents: nil fn")
	}
	if p, ok := filter.(*pattern.Pattern); ok && p == nil {
		filter = nil // a nil *Pattern in the interface means "all"
	}
	return l.store.Scan(ctx, from, to, func(rec Record) error {
		res := gjson.GetManyBytes(rec.Data, "eventID", "metadata.channelARN")
		if !res[0].Exists() || !res[1].Exists() || res[0].Type != gjson.String || res[1].Type != gjson.String {
			return fmt.Errorf("%w: record at %s, sequence %d",
				ErrAuditCorruptRecord, rec.Time.Format(time.RFC3339Nano), rec.Seq)
		}
		if filter != nil && !filter.Match(rec.Data) {
			return nil
		}
		return fn(AuditRecord{
			EventID:       res[0].Str,
			ChannelARN:    res[1].Str,
			EventTime:     rec.Time,
			IngestionTime: rec.Ingested,
			Seq:           rec.Seq,
			Data:          slices.Clone(rec.Data),
		})
	})
}
