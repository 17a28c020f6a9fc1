package awstarget

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/switchyard-go/switchyard"
)

// CloudWatch Logs limits: PutLogEvents takes at most 10,000 events and
// 1,048,576 bytes counted as the UTF-8 messages plus 26 bytes per event
// (CloudWatch Logs API reference, PutLogEvents).
const (
	logsMaxBatch      = 10000
	logsMaxBatchBytes = 1048576
	logsEventOverhead = 26
)

// LogsAPI is the part of *cloudwatchlogs.Client the CloudWatch Logs target
// uses.
type LogsAPI interface {
	CreateLogStream(ctx context.Context, in *cloudwatchlogs.CreateLogStreamInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.CreateLogStreamOutput, error)
	PutLogEvents(ctx context.Context, in *cloudwatchlogs.PutLogEventsInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.PutLogEventsOutput, error)
}

// Logs writes deliveries to the CloudWatch Logs log group named by its ARN.
//
// By default it writes each event to its own log stream, named by the
// event's id and created first, which is how EventBridge's log group
// targets appear in CloudWatch Logs (the user guide does not spell the
// stream name out; moto names it with a random UUID). WithLogStreamName
// writes every event to one stream instead. The log event's message is the Payload and
// its timestamp the event's time, unless the Payload is a JSON object with
// exactly the keys "timestamp" and "message" (the input template
// EventBridge documents for log group targets): then message is that value
// (a string as is, anything else as JSON) and timestamp, milliseconds since
// the epoch or an RFC 3339 string, the log event's time.
//
// Log events that CloudWatch Logs rejects for their time (older than 14
// days or the group's retention, more than 2 hours ahead) fail permanently
// with INVALID_PARAMETER, never silently.
type Logs struct {
	api LogsAPI
	arn resourceARN
	cfg targetConfig

	mu      sync.Mutex
	created bool // the fixed stream exists
}

// NewLogs returns the target for the log group groupARN
// ("arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/orders", with
// or without a trailing ":*").
func NewLogs(api LogsAPI, groupARN string, opts ...TargetOption) (*Logs, error) {
	a, err := parseARN(groupARN, svcLogs)
	if err != nil {
		return nil, err
	}
	cfg, err := newTargetConfig(opts)
	if err != nil {
		return nil, err
	}
	return &Logs{api: api, arn: a, cfg: cfg}, nil
}

// ARN returns the log group's ARN.
func (t *Logs) ARN() string { return t.arn.raw }

// Deliver writes d as one log event.
func (t *Logs) Deliver(ctx context.Context, d switchyard.Delivery) error {
	errs := []error{nil}
	t.DeliverBatch(ctx, []switchyard.Delivery{d}, errs)
	return errs[0]
}

// DeliverBatch writes the deliveries: with one stream per event, one
// CreateLogStream and PutLogEvents per event (several in flight); with a
// fixed stream, PutLogEvents calls of at most 10,000 events and 1 MiB (or
// WithMaxBatchBytes), in time order as CloudWatch Logs requires.
func (t *Logs) DeliverBatch(ctx context.Context, ds []switchyard.Delivery, errs []error) {
	evs := make([]types.InputLogEvent, len(ds))
	for i := range ds {
		evs[i], errs[i] = logEvent(&ds[i])
	}
	if t.cfg.logStreamName == "" {
		spans := make([]span, 0, len(ds))
		for i := range ds {
			if errs[i] == nil {
				spans = append(spans, span{i, i + 1})
			}
		}
		each(spans, t.cfg.parallel, func(s span) {
			stream := ds[s.lo].Event.ID
			if err := t.createStream(ctx, stream); err != nil {
				errs[s.lo] = err
				return
			}
			t.put(ctx, stream, evs, []int{s.lo}, errs)
		})
		return
	}
	if err := t.ensureFixedStream(ctx); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		return
	}
	idx := make([]int, 0, len(ds))
	for i := range ds {
		if errs[i] == nil {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(*evs[a].Timestamp, *evs[b].Timestamp) })
	size := func(j int) int { return len(*evs[idx[j]].Message) + logsEventOverhead }
	for _, s := range split(len(idx), logsMaxBatch, t.cfg.batchBytes(logsMaxBatchBytes), size) {
		t.put(ctx, t.cfg.logStreamName, evs, idx[s.lo:s.hi], errs)
	}
}

// put writes evs[idx...] (in time order) to stream and records each one's
// outcome in errs.
func (t *Logs) put(ctx context.Context, stream string, evs []types.InputLogEvent, idx []int, errs []error) {
	batch := make([]types.InputLogEvent, len(idx))
	for j, i := range idx {
		batch[j] = evs[i]
	}
	out, err := t.api.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{
		LogGroupName:  aws.String(t.arn.name),
		LogStreamName: aws.String(stream),
		LogEvents:     batch,
	})
	if err != nil {
		err = classify("CloudWatchLogs", "PutLogEvents", err)
		for _, i := range idx {
			errs[i] = err
		}
		return
	}
	if r := out.RejectedLogEventsInfo; r != nil {
		for j, i := range idx {
			if why := rejected(r, j); why != "" {
				errs[i] = invalidParameter("CloudWatchLogs", "PutLogEvents", errors.New("log event rejected: "+why))
			}
		}
	}
}

// rejected says why CloudWatch Logs rejected event j of a batch, or "".
func rejected(r *types.RejectedLogEventsInfo, j int) string {
	switch {
	case r.TooOldLogEventEndIndex != nil && j < int(*r.TooOldLogEventEndIndex):
		return "its timestamp is too old"
	case r.ExpiredLogEventEndIndex != nil && j < int(*r.ExpiredLogEventEndIndex):
		return "its timestamp is older than the log group's retention"
	case r.TooNewLogEventStartIndex != nil && j >= int(*r.TooNewLogEventStartIndex):
		return "its timestamp is too far in the future"
	}
	return ""
}

// createStream creates a log stream; one that exists already is fine (a
// retried delivery, or another rule with the same event).
func (t *Logs) createStream(ctx context.Context, stream string) error {
	_, err := t.api.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{
		LogGroupName:  aws.String(t.arn.name),
		LogStreamName: aws.String(stream),
	})
	var exists *types.ResourceAlreadyExistsException
	if err == nil || errors.As(err, &exists) {
		return nil
	}
	return classify("CloudWatchLogs", "CreateLogStream", err)
}

func (t *Logs) ensureFixedStream(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.created {
		return nil
	}
	if err := t.createStream(ctx, t.cfg.logStreamName); err != nil {
		return err
	}
	t.created = true
	return nil
}

// logEvent builds the log event for d (see Logs).
func logEvent(d *switchyard.Delivery) (types.InputLogEvent, error) {
	if d.Event == nil {
		return types.InputLogEvent{}, invalidParameter("CloudWatchLogs", "PutLogEvents", errors.New("the delivery has no event"))
	}
	ev := types.InputLogEvent{Message: aws.String(string(d.Payload)), Timestamp: aws.Int64(d.Event.Time.UnixMilli())}
	var shaped map[string]json.RawMessage
	if len(d.Payload) == 0 || d.Payload[0] != '{' || json.Unmarshal(d.Payload, &shaped) != nil || len(shaped) != 2 {
		return ev, nil
	}
	msg, okM := shaped["message"]
	ts, okT := shaped["timestamp"]
	if !okM || !okT {
		return ev, nil
	}
	var s string
	if json.Unmarshal(msg, &s) == nil {
		ev.Message = aws.String(s)
	} else {
		ev.Message = aws.String(string(msg))
	}
	ms, err := logTimestamp(ts)
	if err != nil {
		return ev, invalidJSON("CloudWatchLogs", "PutLogEvents", err)
	}
	ev.Timestamp = aws.Int64(ms)
	return ev, nil
}

// logTimestamp reads a template's timestamp: milliseconds since the epoch,
// or an RFC 3339 time such as the event's "time".
func logTimestamp(v json.RawMessage) (int64, error) {
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		if ms, err := n.Int64(); err == nil {
			return ms, nil
		}
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UnixMilli(), nil
		}
	}
	return 0, fmt.Errorf("timestamp %s is neither milliseconds since the epoch nor an RFC 3339 time", v)
}
