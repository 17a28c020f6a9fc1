package awstarget_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

func TestResolverPicksTargetByARN(t *testing.T) {
	ctx := ctxT(t)
	res := awstarget.NewResolver(awsConfig("http://127.0.0.1:1"))
	cases := []struct {
		arn   string
		want  switchyard.Target
		batch bool
	}{
		{arnOf("sqs", "q"), &awstarget.SQS{}, true},
		{arnOf("sns", "t"), &awstarget.SNS{}, false},
		{arnOf("lambda", "function:f"), &awstarget.Lambda{}, false},
		{arnOf("kinesis", "stream/s"), &awstarget.Kinesis{}, true},
		{arnOf("firehose", "deliverystream/d"), &awstarget.Firehose{}, true},
		{arnOf("states", "stateMachine:m"), &awstarget.StepFunctions{}, false},
		{arnOf("logs", "log-group:/aws/events/g:*"), &awstarget.Logs{}, true},
		{arnOf("events", "event-bus/b"), &awstarget.EventBus{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.arn, func(t *testing.T) {
			got, err := res.Resolve(ctx, tc.arn)
			require.NoError(t, err)
			require.IsType(t, tc.want, got)
			_, isBatch := got.(switchyard.BatchTarget)
			require.Equal(t, tc.batch, isBatch)
			require.Equal(t, tc.arn, got.(interface{ ARN() string }).ARN())
		})
	}

	for _, other := range []string{arnOf("s3", "bucket"), arnOf("events", "api-destination/x/y")} {
		_, err := res.Resolve(ctx, other)
		require.ErrorIs(t, err, awstarget.ErrUnsupportedARN, other)
	}
	_, err := res.Resolve(ctx, "queue")
	require.ErrorContains(t, err, `ARN "queue"`)
	_, err = res.Target(ctx, arnOf("sqs", "q.fifo"))
	require.ErrorContains(t, err, "MessageGroupId")
}

// WithEndpoint sends one service's calls elsewhere: here the config's own
// endpoint goes nowhere and only SQS is pointed at moto.
func TestResolverEndpointOverride(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	c := sqs.NewFromConfig(motoConfig())
	url, arn := createQueue(t, c, name("override"), nil)
	port, err := freePort()
	require.NoError(t, err)
	res := awstarget.NewResolver(awsConfig("http://127.0.0.1:"+itoa(port)), awstarget.WithEndpoint(awstarget.ServiceSQS, motoURL))

	tgt, err := res.Resolve(ctx, arn)
	require.NoError(t, err)
	d := delivery(`{}`)
	require.NoError(t, tgt.Deliver(ctx, d))
	require.Equal(t, []string{string(d.Payload)}, bodies(receiveAll(t, c, url, 1)))

	kin, err := res.Resolve(ctx, arnOf("kinesis", "stream/s"))
	require.NoError(t, err)
	err = kin.Deliver(ctx, d)
	require.Equal(t, awstarget.CodeSDKClientError, awstarget.ErrorCode(err), "%v", err)
}
