package awstarget_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// moto_server does not fail single entries of a batch, so the per-entry
// mapping is checked with clients that answer the way the services
// document partial failures.

type partialSQS struct{ *sqs.Client } // only the overridden methods are called

func (partialSQS) GetQueueUrl(context.Context, *sqs.GetQueueUrlInput, ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error) {
	return &sqs.GetQueueUrlOutput{QueueUrl: aws.String("http://queue")}, nil
}

// SendMessageBatch fails entry 1 as the sender's fault (invalid content),
// entry 2 as the service's (retried), and answers nothing for entry 3.
func (partialSQS) SendMessageBatch(_ context.Context, in *sqs.SendMessageBatchInput, _ ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error) {
	return &sqs.SendMessageBatchOutput{
		Successful: []sqstypes.SendMessageBatchResultEntry{{Id: in.Entries[0].Id}},
		Failed: []sqstypes.BatchResultErrorEntry{
			{Id: in.Entries[1].Id, Code: aws.String("InvalidMessageContents"), Message: aws.String("bad"), SenderFault: true},
			{Id: in.Entries[2].Id, Code: aws.String("InternalError"), Message: aws.String("oops"), SenderFault: false},
		},
	}, nil
}

func TestSQSBatchPartialFailure(t *testing.T) {
	tgt, err := awstarget.NewSQS(partialSQS{}, arnOf("sqs", "q"))
	require.NoError(t, err)
	errs := make([]error, 4)
	tgt.DeliverBatch(ctxT(t), deliveries(4), errs)
	require.NoError(t, errs[0])
	require.Equal(t, awstarget.CodeInvalidParameter, awstarget.ErrorCode(errs[1]))
	require.True(t, target.IsPermanent(errs[1]))
	require.Equal(t, awstarget.CodeErrorFromTarget, awstarget.ErrorCode(errs[2]))
	require.False(t, target.IsPermanent(errs[2]))
	require.ErrorContains(t, errs[3], "no result for this message")
	require.False(t, target.IsPermanent(errs[3]))
}

type partialKinesis struct{ *kinesis.Client }

func (partialKinesis) PutRecords(_ context.Context, in *kinesis.PutRecordsInput, _ ...func(*kinesis.Options)) (*kinesis.PutRecordsOutput, error) {
	out := &kinesis.PutRecordsOutput{FailedRecordCount: aws.Int32(1)}
	for i := range in.Records {
		r := kintypes.PutRecordsResultEntry{SequenceNumber: aws.String("1"), ShardId: aws.String("shardId-0")}
		if i == 1 {
			r = kintypes.PutRecordsResultEntry{ErrorCode: aws.String("ProvisionedThroughputExceededException"), ErrorMessage: aws.String("slow down")}
		}
		out.Records = append(out.Records, r)
	}
	return out, nil
}

func TestKinesisBatchPartialFailure(t *testing.T) {
	tgt, err := awstarget.NewKinesis(partialKinesis{}, arnOf("kinesis", "stream/s"), awstarget.WithPartitionKeyPath("$.detail.k"))
	require.NoError(t, err)
	var batch []switchyard.Delivery
	for _, detail := range []string{`{"k":"a"}`, `{"k":"b"}`, `{"nokey":1}`, `{"k":"c"}`} {
		batch = append(batch, delivery(detail))
	}
	errs := make([]error, len(batch))
	tgt.DeliverBatch(ctxT(t), batch, errs)
	require.NoError(t, errs[0])
	require.Equal(t, awstarget.CodeThrottling, awstarget.ErrorCode(errs[1]))
	require.False(t, target.IsPermanent(errs[1]))
	require.Equal(t, awstarget.CodeInvalidParameter, awstarget.ErrorCode(errs[2]))
	require.NoError(t, errs[3])
}

type partialFirehose struct{ *firehose.Client }

func (partialFirehose) PutRecordBatch(_ context.Context, in *firehose.PutRecordBatchInput, _ ...func(*firehose.Options)) (*firehose.PutRecordBatchOutput, error) {
	out := &firehose.PutRecordBatchOutput{FailedPutCount: aws.Int32(1)}
	for i := range in.Records {
		r := fhtypes.PutRecordBatchResponseEntry{RecordId: aws.String("r")}
		if i == 0 {
			r = fhtypes.PutRecordBatchResponseEntry{ErrorCode: aws.String("ServiceUnavailableException"), ErrorMessage: aws.String("busy")}
		}
		out.RequestResponses = append(out.RequestResponses, r)
	}
	return out, nil
}

func TestFirehoseBatchPartialFailure(t *testing.T) {
	tgt, err := awstarget.NewFirehose(partialFirehose{}, arnOf("firehose", "deliverystream/f"))
	require.NoError(t, err)
	errs := make([]error, 2)
	tgt.DeliverBatch(ctxT(t), deliveries(2), errs)
	require.Equal(t, awstarget.CodeThrottling, awstarget.ErrorCode(errs[0]))
	require.False(t, target.IsPermanent(errs[0]))
	require.NoError(t, errs[1])
}
