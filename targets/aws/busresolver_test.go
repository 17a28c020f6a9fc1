package awstarget_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// put-targets with an SQS FIFO ARN and SqsParameters, as the aws CLI sends
// it to a server: the bus resolves the ARN through ForBus, the message
// arrives with the message group.
func TestForBusSQSParameters(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	c := sqs.NewFromConfig(motoConfig())
	url, qarn := createQueue(t, c, name("orders")+".fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	b, err := bus.New(bus.WithAccount(account), bus.WithRegion(region),
		bus.WithTargetResolver(awstarget.NewResolver(motoConfig()).ForBus()))
	require.NoError(t, err)
	defer b.Close(ctx)
	_, err = b.PutRule(ctx, bus.PutRuleInput{Name: "orders", EventPattern: `{"source":["shop"]}`})
	require.NoError(t, err)
	out, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: "orders", Targets: []bus.Target{{
		ID: "q", ARN: qarn, SqsParameters: &bus.SqsParameters{MessageGroupID: "g1"},
	}}})
	require.NoError(t, err)
	require.Zero(t, out.FailedEntryCount)
	res, err := b.PutEvents(ctx, []switchyard.Entry{{Source: "shop", DetailType: "Order Placed", Detail: `{"id":1}`}})
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)
	require.NoError(t, b.Flush(ctx))
	m := receiveAll(t, c, url, 1)[0]
	require.Equal(t, "g1", m.Attributes[string(types.MessageSystemAttributeNameMessageGroupId)])
	require.Contains(t, aws.ToString(m.Body), res.Entries[0].EventID)

	// Without SqsParameters a FIFO queue is refused at PutTargets, naming
	// the parameter.
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "orders", Targets: []bus.Target{{ID: "q2", ARN: qarn}}})
	require.ErrorContains(t, err, "MessageGroupId")
}

// ARNs of services the package does not deliver to are left to the bus's
// next resolver, which here is none: PutTargets says no target is known.
func TestForBusLeavesOtherARNs(t *testing.T) {
	ctx := ctxT(t)
	r := awstarget.NewResolver(awsConfig("http://127.0.0.1:1")).ForBus()
	for _, arn := range []string{arnOf("s3", "bucket"), "arn:aws:ecs:us-east-1:123456789012:cluster/c", "not-an-arn"} {
		tgt, err := r(ctx, bus.Target{ID: "t", ARN: arn})
		require.NoError(t, err, arn)
		require.Nil(t, tgt, arn)
	}
	tgt, err := r(ctx, bus.Target{ID: "t", ARN: arnOf("kinesis", "stream/s"), KinesisParameters: &bus.KinesisParameters{PartitionKeyPath: "$.detail.k"}})
	require.NoError(t, err)
	require.IsType(t, &awstarget.Kinesis{}, tgt)
	_, err = r(ctx, bus.Target{ID: "t", ARN: arnOf("kinesis", "stream/s"), KinesisParameters: &bus.KinesisParameters{PartitionKeyPath: "no-dollar"}})
	require.ErrorContains(t, err, "PartitionKeyPath")
}
