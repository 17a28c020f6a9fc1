package awstarget

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/switchyard-go/switchyard"
)

// SQS limits: SendMessageBatch takes at most 10 messages, and 256 KiB for
// the whole request counted as message bodies plus attribute names, types
// and values (Amazon SQS API reference, SendMessageBatch).
const (
	sqsMaxBatch      = 10
	sqsMaxBatchBytes = 256 * 1024
)

// SQSAPI is the part of *sqs.Client the SQS target uses.
type SQSAPI interface {
	GetQueueUrl(ctx context.Context, in *sqs.GetQueueUrlInput, opts ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	SendMessageBatch(ctx context.Context, in *sqs.SendMessageBatchInput, opts ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error)
}

// SQS delivers to an Amazon SQS queue, standard or FIFO: each delivery's
// Payload is one message body. It is also EventBridge's dead-letter queue:
// a delivery that carries Attributes (the bus sets them on dead-letter
// deliveries) sends them as String message attributes, so RULE_ARN,
// TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION and
// RETRY_ATTEMPTS can be read from the message as from EventBridge's.
//
// FIFO queues (names ending in ".fifo") need a message group
// (WithMessageGroupID) and, as on EventBridge, content-based deduplication
// on the queue: no deduplication id is sent.
type SQS struct {
	api  SQSAPI
	arn  resourceARN
	cfg  targetConfig
	fifo bool
	url  lazyURL
}

// NewSQS returns the target for the queue queueARN
// ("arn:aws:sqs:us-east-1:123456789012:orders"). The queue's URL is looked
// up (GetQueueUrl) on first delivery. It fails when the ARN is not an SQS
// queue's or a FIFO queue has no message group.
func NewSQS(api SQSAPI, queueARN string, opts ...TargetOption) (*SQS, error) {
	a, err := parseARN(queueARN, svcSQS)
	if err != nil {
		return nil, err
	}
	cfg, err := newTargetConfig(opts)
	if err != nil {
		return nil, err
	}
	t := &SQS{api: api, arn: a, cfg: cfg, fifo: strings.HasSuffix(a.name, ".fifo")}
	if t.fifo && cfg.messageGroupID == "" {
		return nil, fmt.Errorf("awstarget: SqsParameters.MessageGroupId is required for the FIFO queue %s", queueARN)
	}
	return t, nil
}

// ARN returns the queue's ARN.
func (t *SQS) ARN() string { return t.arn.raw }

// Deliver sends d.Payload as one message with SendMessage.
func (t *SQS) Deliver(ctx context.Context, d switchyard.Delivery) error {
	url, err := t.queueURL(ctx)
	if err != nil {
		return err
	}
	in := &sqs.SendMessageInput{
		QueueUrl:          aws.String(url),
		MessageBody:       aws.String(string(d.Payload)),
		MessageAttributes: messageAttributes(d.Attributes),
	}
	if t.cfg.messageGroupID != "" {
		in.MessageGroupId = aws.String(t.cfg.messageGroupID)
	}
	_, err = t.api.SendMessage(ctx, in)
	return classify("SQS", "SendMessage", err)
}

// DeliverBatch sends the deliveries with SendMessageBatch, 10 messages and
// at most 256 KiB (or WithMaxBatchBytes) per request, and reports each
// message's own failure in errs.
func (t *SQS) DeliverBatch(ctx context.Context, ds []switchyard.Delivery, errs []error) {
	url, err := t.queueURL(ctx)
	if err != nil {
		fill(errs, span{0, len(ds)}, err)
		return
	}
	spans := split(len(ds), sqsMaxBatch, t.cfg.batchBytes(sqsMaxBatchBytes), func(i int) int { return sqsSize(&ds[i]) })
	parallel := t.cfg.parallel
	if t.fifo {
		parallel = 1 // requests in order, so the group keeps the batch's order
	}
	each(spans, parallel, func(s span) { t.sendBatch(ctx, url, ds, errs, s) })
}

func (t *SQS) sendBatch(ctx context.Context, url string, ds []switchyard.Delivery, errs []error, s span) {
	entries := make([]types.SendMessageBatchRequestEntry, 0, s.hi-s.lo)
	for i := s.lo; i < s.hi; i++ {
		e := types.SendMessageBatchRequestEntry{
			Id:                aws.String(strconv.Itoa(i - s.lo)),
			MessageBody:       aws.String(string(ds[i].Payload)),
			MessageAttributes: messageAttributes(ds[i].Attributes),
		}
		if t.cfg.messageGroupID != "" {
			e.MessageGroupId = aws.String(t.cfg.messageGroupID)
		}
		entries = append(entries, e)
	}
	out, err := t.api.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
	if err != nil {
		fill(errs, s, classify("SQS", "SendMessageBatch", err))
		return
	}
	done := make([]bool, s.hi-s.lo)
	for _, ok := range out.Successful {
		if j, ok := entryIndex(ok.Id, len(done)); ok {
			done[j] = true
		}
	}
	for _, f := range out.Failed {
		if j, ok := entryIndex(f.Id, len(done)); ok {
			done[j] = true
			errs[s.lo+j] = entryError("SQS", "SendMessageBatch", aws.ToString(f.Code), aws.ToString(f.Message), f.SenderFault)
		}
	}
	for j, ok := range done {
		if !ok {
			errs[s.lo+j] = &Error{Code: CodeErrorFromTarget, Service: "SQS", Operation: "SendMessageBatch",
				Err: errors.New("the answer has no result for this message")}
		}
	}
}

// entryIndex parses a batch entry id this package set (the entry's index).
func entryIndex(id *string, n int) (int, bool) {
	j, err := strconv.Atoi(aws.ToString(id))
	return j, err == nil && j >= 0 && j < n
}

// sqsSize is a message's size as SQS counts it against the request limit.
func sqsSize(d *switchyard.Delivery) int {
	n := len(d.Payload)
	for k, v := range d.Attributes {
		if v != "" {
			n += len(k) + len("String") + len(v)
		}
	}
	return n
}

// messageAttributes turns dead-letter attributes into SQS message
// attributes of type String. SQS rejects empty attribute values, so an
// empty attribute is left out, as EventBridge leaves out
// EXHAUSTED_RETRY_CONDITION when retries were not the reason.
func messageAttributes(attrs map[string]string) map[string]types.MessageAttributeValue {
	if len(attrs) == 0 {
		return nil
	}
	m := make(map[string]types.MessageAttributeValue, len(attrs))
	for k, v := range attrs {
		if v == "" {
			continue
		}
		m[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	return m
}

func (t *SQS) queueURL(ctx context.Context) (string, error) {
	return t.url.get(func() (string, error) {
		out, err := t.api.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{
			QueueName:              aws.String(t.arn.name),
			QueueOwnerAWSAccountId: aws.String(t.arn.AccountID),
		})
		if err != nil {
			return "", classify("SQS", "GetQueueUrl", err)
		}
		return aws.ToString(out.QueueUrl), nil
	})
}

// lazyURL looks a resource's URL up once. A failed look-up is not
// remembered: the next delivery tries again, since the queue may have been
// created in the meantime.
type lazyURL struct {
	mu  sync.Mutex
	url string
}

func (l *lazyURL) get(lookup func() (string, error)) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.url != "" {
		return l.url, nil
	}
	u, err := lookup()
	if err != nil {
		return "", err
	}
	l.url = u
	return u, nil
}
