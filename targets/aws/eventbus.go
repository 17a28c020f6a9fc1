package awstarget

import (
	"context"
	"errors"

	"github.com/switchyard-go/switchyard"
)

// EventBus forwards events to another event bus, on EventBridge or on a
// Switchyard server, with PutEvents. As EventBridge does for bus targets, it
// sends the event itself (source, detail-type, detail, resources and time),
// not the Payload; the receiving bus gives it a new id.
type EventBus struct {
	api EventBridgeAPI
	arn resourceARN
	cfg targetConfig
}

// NewEventBus returns the target for the bus busARN
// ("arn:aws:events:us-east-1:123456789012:event-bus/orders").
func NewEventBus(api EventBridgeAPI, busARN string, opts ...TargetOption) (*EventBus, error) {
	a, err := parseARN(busARN, svcEvents)
	if err != nil {
		return nil, err
	}
	cfg, err := newTargetConfig(opts)
	if err != nil {
		return nil, err
	}
	return &EventBus{api: api, arn: a, cfg: cfg}, nil
}

// ARN returns the bus's ARN.
func (t *EventBus) ARN() string { return t.arn.raw }

// Deliver puts d's event on the bus.
func (t *EventBus) Deliver(ctx context.Context, d switchyard.Delivery) error {
	errs := []error{nil}
	t.DeliverBatch(ctx, []switchyard.Delivery{d}, errs)
	return errs[0]
}

// DeliverBatch puts the events on the bus, 10 per PutEvents request and
// within 256 KiB, and reports each entry's own failure in errs.
func (t *EventBus) DeliverBatch(ctx context.Context, ds []switchyard.Delivery, errs []error) {
	entries := make([]switchyard.Entry, len(ds))
	for i := range ds {
		ev := ds[i].Event
		if ev == nil {
			errs[i] = invalidParameter("EventBridge", "PutEvents", errors.New("the delivery has no event"))
			continue
		}
		entries[i] = switchyard.Entry{
			Time: ev.Time, Source: ev.Source, DetailType: ev.DetailType, Detail: string(ev.Detail),
			Resources: ev.Resources, EventBusName: t.arn.raw,
		}
	}
	spans := split(len(ds), DefaultMaxEntries, t.cfg.batchBytes(DefaultMaxBytes), func(i int) int { return entries[i].Size() })
	each(spans, t.cfg.parallel, func(s span) {
		// Entries that could not be built are not sent; their errors stay.
		var send []switchyard.Entry
		var at []int
		for i := s.lo; i < s.hi; i++ {
			if errs[i] == nil {
				send = append(send, entries[i])
				at = append(at, i)
			}
		}
		if len(send) == 0 {
			return
		}
		out := make([]switchyard.ResultEntry, len(send))
		if err := putEvents(ctx, t.api, send, out); err != nil {
			err = classify("EventBridge", "PutEvents", err)
			for _, i := range at {
				errs[i] = err
			}
			return
		}
		for j, r := range out {
			if r.Failed() {
				errs[at[j]] = entryError("EventBridge", "PutEvents", r.ErrorCode, r.ErrorMessage, r.ErrorCode != switchyard.CodeInternalFailure)
			}
		}
	})
}
