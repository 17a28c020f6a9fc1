package awstarget

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
)

// Kinesis Data Streams limits: PutRecords takes at most 500 records and
// 5 MiB counted as data plus partition keys (Kinesis API reference,
// PutRecords).
const (
	kinesisMaxBatch      = 500
	kinesisMaxBatchBytes = 5 * 1024 * 1024
)

// KinesisAPI is the part of *kinesis.Client the Kinesis target uses.
type KinesisAPI interface {
	PutRecord(ctx context.Context, in *kinesis.PutRecordInput, opts ...func(*kinesis.Options)) (*kinesis.PutRecordOutput, error)
	PutRecords(ctx context.Context, in *kinesis.PutRecordsInput, opts ...func(*kinesis.Options)) (*kinesis.PutRecordsOutput, error)
}

// Kinesis writes each delivery's Payload as one record of an Amazon Kinesis
// data stream. The partition key is the event's id, or the value at
// KinesisParameters.PartitionKeyPath (WithPartitionKeyPath) in the event,
// as on EventBridge: a string value is used as is, any other value as its
// JSON text.
type Kinesis struct {
	api     KinesisAPI
	arn     resourceARN
	cfg     targetConfig
	keyPath *target.Transform // nil: the event id
}

// NewKinesis returns the target for the stream streamARN
// ("arn:aws:kinesis:us-east-1:123456789012:stream/clicks"). It fails when
// the partition key path is not a path EventBridge accepts.
func NewKinesis(api KinesisAPI, streamARN string, opts ...TargetOption) (*Kinesis, error) {
	a, err := parseARN(streamARN, svcKinesis)
	if err != nil {
		return nil, err
	}
	cfg, err := newTargetConfig(opts)
	if err != nil {
		return nil, err
	}
	t := &Kinesis{api: api, arn: a, cfg: cfg}
	if cfg.partitionKeyPath != "" {
		// The path language is InputPath's (EventBridge documents
		// PartitionKeyPath as a JSON path into the event), so the core's
		// compiler checks and evaluates it.
		t.keyPath, err = target.CompileInput("KinesisParameters.PartitionKeyPath", target.Input{InputPath: cfg.partitionKeyPath})
		if err != nil {
			return nil, fmt.Errorf("awstarget: KinesisParameters.PartitionKeyPath %q: %w", cfg.partitionKeyPath, err)
		}
	}
	return t, nil
}

// ARN returns the stream's ARN.
func (t *Kinesis) ARN() string { return t.arn.raw }

// Deliver writes d.Payload as one record with PutRecord.
func (t *Kinesis) Deliver(ctx context.Context, d switchyard.Delivery) error {
	key, err := t.partitionKey(&d)
	if err != nil {
		return err
	}
	_, err = t.api.PutRecord(ctx, &kinesis.PutRecordInput{
		StreamARN:    aws.String(t.arn.raw),
		Data:         d.Payload,
		PartitionKey: aws.String(key),
	})
	return classify("Kinesis", "PutRecord", err)
}

// DeliverBatch writes the deliveries with PutRecords, 500 records and at
// most 5 MiB (or WithMaxBatchBytes) per request, and reports each record's
// own failure in errs.
func (t *Kinesis) DeliverBatch(ctx context.Context, ds []switchyard.Delivery, errs []error) {
	keys := make([]string, len(ds))
	for i := range ds {
		keys[i], errs[i] = t.partitionKey(&ds[i])
	}
	// Deliveries whose key failed are left out; idx maps request order
	// back to ds.
	idx := make([]int, 0, len(ds))
	for i := range ds {
		if errs[i] == nil {
			idx = append(idx, i)
		}
	}
	size := func(j int) int { return len(ds[idx[j]].Payload) + len(keys[idx[j]]) }
	spans := split(len(idx), kinesisMaxBatch, t.cfg.batchBytes(kinesisMaxBatchBytes), size)
	each(spans, t.cfg.parallel, func(s span) {
		recs := make([]types.PutRecordsRequestEntry, 0, s.hi-s.lo)
		for _, i := range idx[s.lo:s.hi] {
			recs = append(recs, types.PutRecordsRequestEntry{Data: ds[i].Payload, PartitionKey: aws.String(keys[i])})
		}
		out, err := t.api.PutRecords(ctx, &kinesis.PutRecordsInput{StreamARN: aws.String(t.arn.raw), Records: recs})
		if err != nil {
			err = classify("Kinesis", "PutRecords", err)
			for _, i := range idx[s.lo:s.hi] {
				errs[i] = err
			}
			return
		}
		for j, i := range idx[s.lo:s.hi] {
			errs[i] = kinesisEntry(out.Records, j)
		}
	})
}

// kinesisEntry is the outcome of record j of a PutRecords answer. Kinesis
// reports failed records with ProvisionedThroughputExceededException or
// InternalFailure, both retried.
func kinesisEntry(recs []types.PutRecordsResultEntry, j int) error {
	if j >= len(recs) {
		return &Error{Code: CodeErrorFromTarget, Service: "Kinesis", Operation: "PutRecords",
			Err: errors.New("the answer has no result for this record")}
	}
	r := recs[j]
	if r.ErrorCode == nil {
		return nil
	}
	return entryError("Kinesis", "PutRecords", aws.ToString(r.ErrorCode), aws.ToString(r.ErrorMessage), true)
}

// partitionKey returns the record's partition key for d.
func (t *Kinesis) partitionKey(d *switchyard.Delivery) (string, error) {
	if d.Event == nil {
		return "", invalidParameter("Kinesis", "PutRecord", errors.New("the delivery has no event to take a partition key from"))
	}
	if t.keyPath == nil {
		return d.Event.ID, nil
	}
	v, err := t.keyPath.Apply(nil, d.Event.AppendJSON(nil), target.Meta{})
	if err != nil {
		return "", invalidParameter("Kinesis", "PutRecord", fmt.Errorf("KinesisParameters.PartitionKeyPath: %w", err))
	}
	var s string
	if len(v) > 0 && v[0] == '"' && json.Unmarshal(v, &s) == nil {
		return s, nil
	}
	return string(v), nil
}
