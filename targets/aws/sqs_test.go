package awstarget_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// delivery returns a delivery of a fresh event whose payload is the whole
// event, as a bus makes it for a target without input transformation.
func delivery(detail string) switchyard.Delivery {
	ev := &switchyard.Event{
		Version: "0", ID: uuid.NewString(), DetailType: "Order Placed", Source: "shop",
		Account: account, Time: time.Now().UTC().Truncate(time.Second), Region: region,
		Resources: []string{}, Detail: json.RawMessage(detail),
	}
	return switchyard.Delivery{Event: ev, Payload: ev.AppendJSON(nil), Attempt: 1}
}

func deliveries(n int) []switchyard.Delivery {
	ds := make([]switchyard.Delivery, n)
	for i := range ds {
		ds[i] = delivery(fmt.Sprintf(`{"n":%d}`, i))
	}
	return ds
}

func createQueue(t *testing.T, c *sqs.Client, name string, attrs map[string]string) (url, arn string) {
	t.Helper()
	out, err := c.CreateQueue(ctxT(t), &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	require.NoError(t, err)
	return aws.ToString(out.QueueUrl), arnOf("sqs", name)
}

// receiveAll reads messages from the queue until want have arrived, with
// their attributes.
func receiveAll(t *testing.T, c *sqs.Client, url string, want int) []types.Message {
	t.Helper()
	var got []types.Message
	deadline := time.Now().Add(20 * time.Second)
	for len(got) < want && time.Now().Before(deadline) {
		out, err := c.ReceiveMessage(ctxT(t), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		})
		require.NoError(t, err)
		for _, m := range out.Messages {
			got = append(got, m)
			_, err := c.DeleteMessage(ctxT(t), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
			require.NoError(t, err)
		}
	}
	require.Len(t, got, want, "messages read back from %s", url)
	return got
}

func bodies(ms []types.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = aws.ToString(m.Body)
	}
	slices.Sort(out)
	return out
}

func payloads(ds []switchyard.Delivery) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d.Payload)
	}
	slices.Sort(out)
	return out
}

func TestSQSStandardQueue(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	c := sqs.NewFromConfig(motoConfig())
	url, arn := createQueue(t, c, name("orders"), nil)
	tgt, err := awstarget.NewResolver(motoConfig()).Resolve(ctx, arn)
	require.NoError(t, err)
	require.IsType(t, &awstarget.SQS{}, tgt)

	one := delivery(`{"single":true}`)
	require.NoError(t, tgt.Deliver(ctx, one))
	require.Equal(t, []string{string(one.Payload)}, bodies(receiveAll(t, c, url, 1)))

	// 23 messages: three SendMessageBatch requests of 10, 10 and 3.
	ds := deliveries(23)
	errs := make([]error, len(ds))
	tgt.(switchyard.BatchTarget).DeliverBatch(ctx, ds, errs)
	require.Equal(t, make([]error, len(ds)), errs)
	require.Equal(t, payloads(ds), bodies(receiveAll(t, c, url, len(ds))))
}

func TestSQSBatchBytesLimit(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	c := sqs.NewFromConfig(motoConfig())
	url, arn := createQueue(t, c, name("big"), nil)
	// Three 100 KiB messages cannot share a 256 KiB request: they go in
	// two requests (or three), and all arrive.
	tgt, err := awstarget.NewSQS(c, arn)
	require.NoError(t, err)
	ds := deliveries(3)
	for i := range ds {
		ds[i].Payload = []byte(`"` + strings.Repeat(string(rune('a'+i)), 100*1024) + `"`)
	}
	errs := make([]error, len(ds))
	tgt.DeliverBatch(ctx, ds, errs)
	require.Equal(t, make([]error, len(ds)), errs)
	require.Equal(t, payloads(ds), bodies(receiveAll(t, c, url, 3)))
}

func TestSQSFIFOQueue(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	c := sqs.NewFromConfig(motoConfig())
	// EventBridge needs content-based deduplication on a FIFO target queue
	// (EventBridge user guide, "Amazon SQS queues" targets).
	url, arn := createQueue(t, c, name("orders")+".fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})

	_, err := awstarget.NewSQS(c, arn)
	require.ErrorContains(t, err, "SqsParameters.MessageGroupId is required")

	tgt, err := awstarget.NewSQS(c, arn, awstarget.WithMessageGroupID("customer-7"))
	require.NoError(t, err)
	ds := deliveries(12)
	require.NoError(t, tgt.Deliver(ctx, ds[0]))
	errs := make([]error, len(ds)-1)
	tgt.DeliverBatch(ctx, ds[1:], errs)
	require.Equal(t, make([]error, len(errs)), errs)

	got := receiveAll(t, c, url, len(ds))
	// A FIFO queue keeps the order within the group.
	for i, m := range got {
		require.Equal(t, string(ds[i].Payload), aws.ToString(m.Body))
		require.Equal(t, "customer-7", m.Attributes[string(types.MessageSystemAttributeNameMessageGroupId)])
	}
}

func TestSQSMissingQueueIsPermanent(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	tgt, err := awstarget.NewResolver(motoConfig()).Resolve(ctx, arnOf("sqs", name("missing")))
	require.NoError(t, err)
	err = tgt.Deliver(ctx, delivery(`{}`))
	require.Error(t, err)
	require.True(t, target.IsPermanent(err), "a missing queue is not retried: %v", err)
	require.Equal(t, awstarget.CodeNoResource, awstarget.ErrorCode(err))

	errs := make([]error, 2)
	tgt.(switchyard.BatchTarget).DeliverBatch(ctx, deliveries(2), errs)
	for _, e := range errs {
		require.Equal(t, awstarget.CodeNoResource, awstarget.ErrorCode(e))
	}
}
