package awstarget

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/switchyard-go/switchyard"
)

// Amazon Data Firehose limits: PutRecordBatch takes at most 500 records and
// 4 MiB (Firehose API reference, PutRecordBatch).
const (
	firehoseMaxBatch      = 500
	firehoseMaxBatchBytes = 4 * 1024 * 1024
)

// FirehoseAPI is the part of *firehose.Client the Firehose target uses.
type FirehoseAPI interface {
	PutRecord(ctx context.Context, in *firehose.PutRecordInput, opts ...func(*firehose.Options)) (*firehose.PutRecordOutput, error)
	PutRecordBatch(ctx context.Context, in *firehose.PutRecordBatchInput, opts ...func(*firehose.Options)) (*firehose.PutRecordBatchOutput, error)
}

// Firehose writes each delivery's Payload as one record of an Amazon Data
// Firehose stream, unchanged (EventBridge adds no delimiter).
type Firehose struct {
	api FirehoseAPI
	arn resourceARN
	cfg targetConfig
}

// NewFirehose returns the target for the Firehose stream streamARN
// ("arn:aws:firehose:us-east-1:123456789012:deliverystream/audit").
func NewFirehose(api FirehoseAPI, streamARN string, opts ...TargetOption) (*Firehose, error) {
	a, err := parseARN(streamARN, svcFirehose)
	if err != nil {
		return nil, err
	}
	cfg, err := newTargetConfig(opts)
	if err != nil {
		return nil, err
	}
	return &Firehose{api: api, arn: a, cfg: cfg}, nil
}

// ARN returns the stream's ARN.
func (t *Firehose) ARN() string { return t.arn.raw }

// Deliver writes d.Payload as one record with PutRecord.
func (t *Firehose) Deliver(ctx context.Context, d switchyard.Delivery) error {
	_, err := t.api.PutRecord(ctx, &firehose.PutRecordInput{
		DeliveryStreamName: aws.String(t.arn.name),
		Record:             &types.Record{Data: d.Payload},
	})
	return classify("Firehose", "PutRecord", err)
}

// DeliverBatch writes the deliveries with PutRecordBatch, 500 records and
// at most 4 MiB (or WithMaxBatchBytes) per request, and reports each
// record's own failure in errs.
func (t *Firehose) DeliverBatch(ctx context.Context, ds []switchyard.Delivery, errs []error) {
	spans := split(len(ds), firehoseMaxBatch, t.cfg.batchBytes(firehoseMaxBatchBytes), func(i int) int { return len(ds[i].Payload) })
	each(spans, t.cfg.parallel, func(s span) {
		recs := make([]types.Record, 0, s.hi-s.lo)
		for i := s.lo; i < s.hi; i++ {
			recs = append(recs, types.Record{Data: ds[i].Payload})
		}
		out, err := t.api.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String(t.arn.name), Records: recs})
		if err != nil {
			fill(errs, s, classify("Firehose", "PutRecordBatch", err))
			return
		}
		for i := s.lo; i < s.hi; i++ {
			j := i - s.lo
			switch {
			case j >= len(out.RequestResponses):
				errs[i] = &Error{Code: CodeErrorFromTarget, Service: "Firehose", Operation: "PutRecordBatch",
					Err: errors.New("the answer has no result for this record")}
			case out.RequestResponses[j].ErrorCode != nil:
				r := out.RequestResponses[j]
				errs[i] = entryError("Firehose", "PutRecordBatch", aws.ToString(r.ErrorCode), aws.ToString(r.ErrorMessage), true)
			}
		}
	})
}
