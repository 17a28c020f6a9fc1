package awstarget

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
	"github.com/switchyard-go/switchyard"
)

// EventBridge's PutEvents limits: 10 entries per request and 256 KiB for
// the request, each entry counted as switchyard.Entry.Size counts it
// (EventBridge user guide, "Calculating PutEvents event entry size").
const (
	DefaultMaxEntries = 10
	DefaultMaxBytes   = 256 * 1024
)

// EventBridgeAPI is the part of *eventbridge.Client that Publisher and the
// EventBus target use. A client pointed at a Switchyard server (its
// BaseEndpoint) works as well as one pointed at AWS.
type EventBridgeAPI interface {
	PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, opts ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error)
}

// Publisher is a switchyard.Publisher backed by EventBridge's PutEvents:
// application code written against switchyard.Publisher can move between
// the in-process bus, a Switchyard server and real EventBridge by changing
// the one line that builds it.
//
// A call within the limits (10 entries, 256 KiB by default) is one
// PutEvents request and behaves exactly as EventBridge does: request-level
// failures are returned as the error, per-entry failures in the result. A
// larger call is split into requests within the limits, sent one after the
// other in input order, and the results are put back in input order. A
// request of a split call that fails as a whole is reported on each of its
// entries, with the AWS error code (ThrottlingException, InternalFailure...)
// and message, because returning an error would hide the entries other
// requests got accepted; the call's error is returned only when the context
// ended before any request succeeded.
type Publisher struct {
	api        EventBridgeAPI
	maxEntries int
	maxBytes   int
}

// PublisherOption configures a Publisher.
type PublisherOption func(*Publisher)

// WithMaxEntries sets the most entries per PutEvents request (1 to 10).
func WithMaxEntries(n int) PublisherOption { return func(p *Publisher) { p.maxEntries = n } }

// WithMaxBytes sets the most bytes per PutEvents request, counted as
// switchyard.Entry.Size counts them. EventBridge's limit is 256 KiB; raise
// it for a bus that allows more.
func WithMaxBytes(n int) PublisherOption { return func(p *Publisher) { p.maxBytes = n } }

// NewPublisher returns a Publisher that sends through api, typically
// eventbridge.NewFromConfig(cfg). It fails on limits out of range.
func NewPublisher(api EventBridgeAPI, opts ...PublisherOption) (*Publisher, error) {
	p := &Publisher{api: api, maxEntries: DefaultMaxEntries, maxBytes: DefaultMaxBytes}
	for _, o := range opts {
		o(p)
	}
	if p.maxEntries < 1 || p.maxEntries > DefaultMaxEntries {
		return nil, fmt.Errorf("awstarget: WithMaxEntries: %d is not between 1 and %d", p.maxEntries, DefaultMaxEntries)
	}
	if p.maxBytes < 1 {
		return nil, fmt.Errorf("awstarget: WithMaxBytes: %d is less than 1", p.maxBytes)
	}
	return p, nil
}

// PutEvents publishes entries and returns one result per entry, in input
// order. An empty call returns an empty result without a request.
func (p *Publisher) PutEvents(ctx context.Context, entries []switchyard.Entry) (switchyard.PutEventsResult, error) {
	res := switchyard.PutEventsResult{Entries: make([]switchyard.ResultEntry, len(entries))}
	if len(entries) == 0 {
		return res, nil
	}
	spans := split(len(entries), p.maxEntries, p.maxBytes, func(i int) int { return entries[i].Size() })
	sent := false
	for _, s := range spans {
		err := putEvents(ctx, p.api, entries[s.lo:s.hi], res.Entries[s.lo:s.hi])
		if err == nil {
			sent = true
			continue
		}
		if len(spans) == 1 || (!sent && ctx.Err() != nil) {
			return switchyard.PutEventsResult{}, err
		}
		code, msg := errorCodeMessage(err)
		for i := s.lo; i < s.hi; i++ {
			res.Entries[i] = switchyard.ResultEntry{ErrorCode: code, ErrorMessage: msg}
		}
	}
	for _, e := range res.Entries {
		if e.Failed() {
			res.FailedEntryCount++
		}
	}
	return res, nil
}

// putEvents makes one PutEvents request for entries and writes their
// results to out (same length).
func putEvents(ctx context.Context, api EventBridgeAPI, entries []switchyard.Entry, out []switchyard.ResultEntry) error {
	in := &eventbridge.PutEventsInput{Entries: make([]types.PutEventsRequestEntry, len(entries))}
	for i := range entries {
		in.Entries[i] = requestEntry(&entries[i])
	}
	resp, err := api.PutEvents(ctx, in)
	if err != nil {
		return err
	}
	if len(resp.Entries) != len(entries) {
		return fmt.Errorf("awstarget: PutEvents answered %d results for %d entries", len(resp.Entries), len(entries))
	}
	for i, r := range resp.Entries {
		out[i] = switchyard.ResultEntry{
			EventID:      aws.ToString(r.EventId),
			ErrorCode:    aws.ToString(r.ErrorCode),
			ErrorMessage: aws.ToString(r.ErrorMessage),
		}
	}
	return nil
}

// requestEntry converts an entry. Empty strings are sent as absent fields,
// so EventBridge reports a missing Source, DetailType or Detail in its own
// words.
func requestEntry(e *switchyard.Entry) types.PutEventsRequestEntry {
	r := types.PutEventsRequestEntry{
		Source:       optional(e.Source),
		DetailType:   optional(e.DetailType),
		Detail:       optional(e.Detail),
		EventBusName: optional(e.EventBusName),
		TraceHeader:  optional(e.TraceHeader),
		Resources:    e.Resources,
	}
	if !e.Time.IsZero() {
		r.Time = aws.Time(e.Time)
	}
	return r
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// errorCodeMessage is the code and message a per-entry result gets for a
// request that failed as a whole.
func errorCodeMessage(err error) (string, string) {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode(), api.ErrorMessage()
	}
	return switchyard.CodeInternalFailure, err.Error()
}
