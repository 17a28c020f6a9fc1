package awstarget_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	fhtypes "github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// Each test delivers through a target made by a Resolver, then reads the
// result back through the service's own API on moto_server.

func TestSNSTopic(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	cfg := motoConfig()
	snsc, sqsc := sns.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name("alerts"))})
	require.NoError(t, err)
	url, qarn := createQueue(t, sqsc, name("alerts-sub"), nil)
	_, err = snsc.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(qarn),
		Attributes: map[string]string{"RawMessageDelivery": "true"},
	})
	require.NoError(t, err)

	tgt, err := awstarget.NewResolver(cfg).Resolve(ctx, aws.ToString(topic.TopicArn))
	require.NoError(t, err)
	require.IsType(t, &awstarget.SNS{}, tgt)
	ds := deliveries(3)
	for _, d := range ds {
		require.NoError(t, tgt.Deliver(ctx, d))
	}
	require.Equal(t, payloads(ds), bodies(receiveAll(t, sqsc, url, len(ds))))

	requireMissing(t, awstarget.NewResolver(cfg), arnOf("sns", name("gone")))
}

func TestKinesisStream(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	c := kinesis.NewFromConfig(motoConfig())
	stream := name("clicks")
	_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(stream), ShardCount: aws.Int32(1)})
	require.NoError(t, err)
	streamARN := arnOf("kinesis", "stream/"+stream)
	res := awstarget.NewResolver(motoConfig())

	// Default partition key: the event id (EventBridge API reference,
	// KinesisParameters: "If you do not include this parameter, the default
	// is to use the eventId as the partition key").
	byID, err := res.Resolve(ctx, streamARN)
	require.NoError(t, err)
	first := delivery(`{"customer":"c-1"}`)
	require.NoError(t, byID.Deliver(ctx, first))

	byPath, err := res.Target(ctx, streamARN, awstarget.WithPartitionKeyPath("$.detail.customer"))
	require.NoError(t, err)
	ds := []switchyard.Delivery{delivery(`{"customer":"c-2"}`), delivery(`{"customer":7}`)}
	errs := make([]error, len(ds))
	byPath.(switchyard.BatchTarget).DeliverBatch(ctx, ds, errs)
	require.Equal(t, []error{nil, nil}, errs)

	// A path that matches nothing cannot be delivered: permanent.
	err = byPath.Deliver(ctx, delivery(`{"other":1}`))
	require.True(t, target.IsPermanent(err), "%v", err)
	require.Equal(t, awstarget.CodeInvalidParameter, awstarget.ErrorCode(err))

	shards, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String(stream)})
	require.NoError(t, err)
	it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName: aws.String(stream), ShardId: shards.Shards[0].ShardId, ShardIteratorType: kintypes.ShardIteratorTypeTrimHorizon,
	})
	require.NoError(t, err)
	recs, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	require.NoError(t, err)
	require.Len(t, recs.Records, 3)
	want := []struct{ key, data string }{
		{first.Event.ID, string(first.Payload)},
		{"c-2", string(ds[0].Payload)},
		{"7", string(ds[1].Payload)},
	}
	for i, r := range recs.Records {
		require.Equal(t, want[i].key, aws.ToString(r.PartitionKey))
		require.Equal(t, want[i].data, string(r.Data))
	}

	_, err = awstarget.NewKinesis(c, streamARN, awstarget.WithPartitionKeyPath("detail.customer"))
	require.ErrorContains(t, err, "PartitionKeyPath")
}

// Moto's Firehose delivers to an HTTP endpoint destination by POSTing the
// records (base64) to it; the test's server is that destination.
func TestFirehoseStream(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	var mu sync.Mutex
	var got []string
	dest := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Records []struct{ Data string } `json:"records"`
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, rec := range body.Records {
			data, _ := base64.StdEncoding.DecodeString(rec.Data)
			got = append(got, string(data))
		}
	}))
	defer dest.Close()

	c := firehose.NewFromConfig(motoConfig())
	stream := name("audit")
	_, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: aws.String(stream),
		HttpEndpointDestinationConfiguration: &fhtypes.HttpEndpointDestinationConfiguration{
			EndpointConfiguration: &fhtypes.HttpEndpointConfiguration{Url: aws.String(dest.URL)},
			S3Configuration: &fhtypes.S3DestinationConfiguration{
				BucketARN: aws.String("arn:aws:s3:::firehose-backup"), RoleARN: aws.String("arn:aws:iam::" + account + ":role/firehose"),
			},
		},
	})
	require.NoError(t, err)

	tgt, err := awstarget.NewResolver(motoConfig()).Resolve(ctx, arnOf("firehose", "deliverystream/"+stream))
	require.NoError(t, err)
	ds := deliveries(4)
	require.NoError(t, tgt.Deliver(ctx, ds[0]))
	errs := make([]error, 3)
	tgt.(switchyard.BatchTarget).DeliverBatch(ctx, ds[1:], errs)
	require.Equal(t, make([]error, 3), errs)
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(got)
	require.Equal(t, payloads(ds), got)
}

func TestStepFunctionsStartExecution(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	c := sfn.NewFromConfig(motoConfig())
	sm, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name:       aws.String(name("orders")),
		Definition: aws.String(`{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}`),
		RoleArn:    aws.String("arn:aws:iam::" + account + ":role/sfn"),
	})
	require.NoError(t, err)
	tgt, err := awstarget.NewResolver(motoConfig()).Resolve(ctx, aws.ToString(sm.StateMachineArn))
	require.NoError(t, err)
	d := delivery(`{"order":1}`)
	require.NoError(t, tgt.Deliver(ctx, d))

	list, err := c.ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: sm.StateMachineArn})
	require.NoError(t, err)
	require.Len(t, list.Executions, 1)
	exec, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: list.Executions[0].ExecutionArn})
	require.NoError(t, err)
	require.JSONEq(t, string(d.Payload), aws.ToString(exec.Input))

	requireMissing(t, awstarget.NewResolver(motoConfig()), arnOf("states", "stateMachine:"+name("gone")))
}

func TestCloudWatchLogs(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	c := cloudwatchlogs.NewFromConfig(motoConfig())
	group := "/aws/events/" + name("orders")
	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)})
	require.NoError(t, err)
	groupARN := arnOf("logs", "log-group:"+group+":*")
	res := awstarget.NewResolver(motoConfig())

	read := func(stream string) []string {
		out, err := c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{
			LogGroupName: aws.String(group), LogStreamName: aws.String(stream), StartFromHead: aws.Bool(true),
		})
		require.NoError(t, err)
		var msgs []string
		for _, e := range out.Events {
			msgs = append(msgs, aws.ToString(e.Message))
		}
		return msgs
	}

	t.Run("a stream per event, named by its id", func(t *testing.T) {
		tgt, err := res.Resolve(ctx, groupARN)
		require.NoError(t, err)
		ds := deliveries(3)
		require.NoError(t, tgt.Deliver(ctx, ds[0]))
		require.NoError(t, tgt.Deliver(ctx, ds[0])) // a retry: the stream exists already
		errs := make([]error, 2)
		tgt.(switchyard.BatchTarget).DeliverBatch(ctx, ds[1:], errs)
		require.Equal(t, make([]error, 2), errs)
		require.Equal(t, []string{string(ds[0].Payload), string(ds[0].Payload)}, read(ds[0].Event.ID))
		for _, d := range ds[1:] {
			require.Equal(t, []string{string(d.Payload)}, read(d.Event.ID))
		}
	})

	t.Run("one fixed stream, template payload", func(t *testing.T) {
		tgt, err := res.Target(ctx, groupARN, awstarget.WithLogStreamName("all"))
		require.NoError(t, err)
		ds := deliveries(3)
		// The template EventBridge documents for log group targets.
		ds[1].Payload = []byte(`{"timestamp":"` + ds[1].Event.Time.Add(-time.Minute).Format(time.RFC3339) + `","message":"placed order 1"}`)
		errs := make([]error, 3)
		tgt.(switchyard.BatchTarget).DeliverBatch(ctx, ds, errs)
		require.Equal(t, make([]error, 3), errs)
		// Written in time order: the templated event is a minute older.
		require.Equal(t, []string{"placed order 1", string(ds[0].Payload), string(ds[2].Payload)}, read("all"))
	})

	t.Run("missing group is permanent", func(t *testing.T) {
		requireMissing(t, res, arnOf("logs", "log-group:/aws/events/"+name("gone")))
	})
}

// The EventBus target forwards to a bus on moto's EventBridge, whose rule
// sends it on to an SQS queue the test reads.
func TestEventBusForward(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	busARN, url := routeBusToQueue(t, `{"source":["shop"]}`)
	tgt, err := awstarget.NewResolver(motoConfig()).Resolve(ctx, busARN)
	require.NoError(t, err)
	ds := deliveries(2)
	ds[0].Payload = []byte(`"transformed payloads are not what a bus forwards"`)
	errs := make([]error, 2)
	tgt.(switchyard.BatchTarget).DeliverBatch(ctx, ds, errs)
	require.Equal(t, make([]error, 2), errs)

	var got []map[string]any
	for _, m := range receiveAll(t, sqs.NewFromConfig(motoConfig()), url, 2) {
		var ev map[string]any
		require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &ev))
		got = append(got, ev)
	}
	slices.SortFunc(got, func(a, b map[string]any) int {
		return int(a["detail"].(map[string]any)["n"].(float64) - b["detail"].(map[string]any)["n"].(float64))
	})
	for i, ev := range got {
		require.Equal(t, "shop", ev["source"])
		require.Equal(t, "Order Placed", ev["detail-type"])
		require.Equal(t, map[string]any{"n": float64(i)}, ev["detail"])
	}
}
