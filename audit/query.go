package audit

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/pattern"
)

// Record is one stored audit event, as Query delivers it.
type Record struct {
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
	// Data is the stored JSON (see "Stored records" in the package doc). It is the
	// caller's to keep.
	Data []byte
}

// EventData returns the event's eventData object, as the producer sent it.
// It shares memory with r.Data.
func (r Record) EventData() []byte {
	v := gjson.GetBytes(r.Data, "eventData")
	if v.Index > 0 {
		return r.Data[v.Index : v.Index+len(v.Raw)]
	}
	return []byte(v.Raw)
}

// QueryInput selects the events Query reads.
type QueryInput struct {
	// EventDataStore is the ARN or ID of one of the caller's event data
	// stores.
	EventDataStore string
	// StartTime and EndTime bound eventTime: StartTime <= eventTime <
	// EndTime. A zero EndTime means no upper bound.
	StartTime, EndTime time.Time
	// Filter, when not nil, selects events by their stored JSON; a
	// *pattern.Pattern is the usual filter, written against the stored
	// shape, for example {"eventData": {"eventName": ["Login"]}} or
	// {"metadata": {"channelARN": ["arn:aws:cloudtrail:..."]}}.
	Filter switchyard.Filter
}

// Query calls fn for every event of an event data store in the time
// window, in event-time order (events with the same time in the order they
// were stored), that the filter selects. It stands in for CloudTrail
// Lake's SQL queries, which are out of scope.
//
// It fails with the errors of GetEventDataStore, and with
// InactiveEventDataStoreException for a store pending deletion. If fn
// returns an error, Query stops and returns it. fn may call the lake's
// other methods except Close, which waits for the query. A stored record
// that is not an audit event stops the query with an error wrapping
// ErrCorruptRecord.
func (l *Lake) Query(ctx context.Context, in QueryInput, fn func(Record) error) error {
	c, err := l.begin(ctx)
	if err != nil {
		return err
	}
	defer l.inflight.Done()
	if fn == nil {
		return fmt.Errorf("audit: Query: nil fn")
	}
	l.mu.RLock()
	s, err := l.lookupStoreLocked(in.EventDataStore, c)
	if err == nil && s.status == StatusPendingDeletion {
		err = errInactiveStore(s.arn)
	}
	l.mu.RUnlock()
	if err != nil {
		return err
	}
	filter := in.Filter
	if p, ok := filter.(*pattern.Pattern); ok && p == nil {
		filter = nil // a nil *Pattern in the interface means "all"
	}
	return s.store.Scan(ctx, in.StartTime, in.EndTime, func(rec archive.Record) error {
		res := gjson.GetManyBytes(rec.Data, "eventID", "metadata.channelARN")
		if !res[0].Exists() || !res[1].Exists() || res[0].Type != gjson.String || res[1].Type != gjson.String {
			return fmt.Errorf("%w: record at %s, sequence %d",
				ErrCorruptRecord, rec.Time.Format(time.RFC3339Nano), rec.Seq)
		}
		if filter != nil && !filter.Match(rec.Data) {
			return nil
		}
		return fn(Record{
			EventID:       res[0].Str,
			ChannelARN:    res[1].Str,
			EventTime:     rec.Time,
			IngestionTime: rec.Ingested,
			Seq:           rec.Seq,
			Data:          slices.Clone(rec.Data),
		})
	})
}
