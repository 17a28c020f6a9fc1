package archive

import (
	"context"
	"errors"
	"time"

	"github.com/switchyard-go/switchyard"
)

// archiveTarget is the target of an archive's rule: it appends each
// delivered event to the archive's store.
type archiveTarget struct {
	a *Archives
	e *archiveEntry
}

var _ switchyard.BatchTarget = archiveTarget{}

// Deliver appends the delivered event to the archive and returns once the
// append has returned: nil means the event is stored (for a durable
// store, on disk), which is what the bus's at-least-once delivery relies
// on. The record's Time is the event's "time", Ingested the bus's
// ingestion time, and Data the whole event (the archive rule has no input
// transformation).
//
// A replayed event is acknowledged and not stored: the archive rule's
// filter should already have kept it out. A delivery to an archive that
// has been deleted is acknowledged and discarded, as EventBridge stops
// archiving for a deleted archive. A delivery after Close fails with
// ErrArchivesClosed.
func (t archiveTarget) Deliver(ctx context.Context, d switchyard.Delivery) error {
	if d.Event == nil {
		return errors.New("archive: delivery without an event")
	}
	if d.Event.ReplayName != "" || t.e.deleted.Load() {
		return nil
	}
	if t.a.closed.Load() {
		return ErrArchivesClosed
	}
	return t.e.w.add(ctx, archiveRecord(&d))
}

// DeliverBatch stores the batch's events with one append (one commit, for
// a durable store), so that archiving keeps up with the bus: the bus hands
// an archive up to Limits.DeliveryBatch events at a time. The events are
// stored, or fail, together.
func (t archiveTarget) DeliverBatch(ctx context.Context, ds []switchyard.Delivery, errs []error) {
	if t.e.deleted.Load() {
		return
	}
	recs := make([]Record, 0, len(ds))
	idx := make([]int, 0, len(ds))
	for i := range ds {
		switch {
		case ds[i].Event == nil:
			errs[i] = errors.New("archive: delivery without an event")
		case ds[i].Event.ReplayName != "":
		case t.a.closed.Load():
			errs[i] = ErrArchivesClosed
		default:
			recs = append(recs, archiveRecord(&ds[i]))
			idx = append(idx, i)
		}
	}
	if len(recs) == 0 {
		return
	}
	if err := t.e.w.add(ctx, recs...); err != nil {
		for _, i := range idx {
			errs[i] = err
		}
	}
}

// archiveRecord is the record of a delivered event; it copies the payload,
// which the bus reuses.
func archiveRecord(d *switchyard.Delivery) Record {
	var data []byte
	if len(d.Payload) > 0 {
		data = append(make([]byte, 0, len(d.Payload)), d.Payload...)
	} else {
		data = d.Event.AppendJSON(nil)
	}
	return Record{Time: archiveClampTime(d.Event.Time), Ingested: d.IngestionTime, Data: data}
}

// archiveClampTime brings an event time into the range a Store can key
// (years 1678 to 2262). EventBridge accepts any event time in PutEvents,
// and an archive must not refuse, and so endlessly retry, the events
// outside it; they are kept under the nearest representable time, and
// their Data still holds the original.
func archiveClampTime(t time.Time) time.Time {
	switch {
	case t.Before(minTime()):
		return minTime()
	case t.After(maxTime()):
		return maxTime()
	}
	return t
}
