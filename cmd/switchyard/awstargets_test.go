package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"
)

// startMoto runs moto_server (Python moto, the AWS APIs on one port) on a
// free loopback port for the test, or skips the test saying why.
func startMoto(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server not installed: the AWS services behind --aws-endpoint cannot be started (pip install 'moto[server]')")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s: %v", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func staticAWS(endpoint string) aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint:     aws.String(endpoint),
		RetryMaxAttempts: 1,
	}
}

// Issue 10, item 2: `serve --aws-endpoint URL` resolves SQS target and
// dead-letter ARNs through targets/aws, so `aws events put-targets` with a
// queue ARN delivers to the queue. The event is read back through SQS's
// own API, and an event for a queue that does not exist reaches the
// dead-letter queue with EventBridge's attributes (user guide: "Using
// dead-letter queues to process undelivered events").
func TestServeDeliversToSQSThroughAWSEndpoint(t *testing.T) {
	motoURL := startMoto(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	ctx := context.Background()

	q := sqs.NewFromConfig(staticAWS(motoURL))
	queueARN := func(name string) (string, string) {
		out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
		require.NoError(t, err)
		attrs, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl,
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
		require.NoError(t, err)
		return *out.QueueUrl, attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	}
	ordersURL, ordersARN := queueARN("orders")
	dlqURL, dlqARN := queueARN("orders-dlq")

	srv := startChild(t, t.TempDir(), "--aws-endpoint", motoURL)
	eb := eventbridge.NewFromConfig(staticAWS(srv.url))
	_, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("orders"),
		EventPattern: aws.String(`{"source":["com.example.orders"]}`)})
	require.NoError(t, err)
	put, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("orders"), Targets: []ebtypes.Target{
		{Id: aws.String("queue"), Arn: aws.String(ordersARN)},
		{Id: aws.String("gone"), Arn: aws.String("arn:aws:sqs:us-east-1:123456789012:no-such-queue"),
			DeadLetterConfig: &ebtypes.DeadLetterConfig{Arn: aws.String(dlqARN)},
			RetryPolicy:      &ebtypes.RetryPolicy{MaximumRetryAttempts: aws.Int32(0)}},
	}})
	require.NoError(t, err)
	require.Zero(t, put.FailedEntryCount)

	res, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		Source: aws.String("com.example.orders"), DetailType: aws.String("OrderPlaced"), Detail: aws.String(`{"id":7}`)}}})
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)
	eventID := *res.Entries[0].EventId

	receive := func(url string) sqstypes.Message {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url),
				MessageAttributeNames: []string{"All"}, WaitTimeSeconds: 1})
			require.NoError(t, err)
			if len(out.Messages) > 0 {
				return out.Messages[0]
			}
		}
		t.Fatalf("nothing arrived in %s; serve stderr: %s", url, srv.stderr)
		return sqstypes.Message{}
	}
	var ev struct {
		ID     string          `json:"id"`
		Detail json.RawMessage `json:"detail"`
	}
	msg := receive(ordersURL)
	require.NoError(t, json.Unmarshal([]byte(*msg.Body), &ev))
	require.Equal(t, eventID, ev.ID)
	require.JSONEq(t, `{"id":7}`, string(ev.Detail))

	dead := receive(dlqURL)
	require.NoError(t, json.Unmarshal([]byte(*dead.Body), &ev))
	require.Equal(t, eventID, ev.ID)
	attr := func(name string) string {
		v, ok := dead.MessageAttributes[name]
		require.True(t, ok, "attribute %s missing: %v", name, dead.MessageAttributes)
		return *v.StringValue
	}
	require.Equal(t, "NO_RESOURCE", attr("ERROR_CODE"))
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:rule/orders", attr("RULE_ARN"))
	require.Equal(t, "arn:aws:sqs:us-east-1:123456789012:no-such-queue", attr("TARGET_ARN"))
	require.Equal(t, "0", attr("RETRY_ATTEMPTS"))
}

// Without an endpoint an SQS ARN is refused at PutTargets, naming the
// target: a local endpoint never starts calling real AWS on its own.
func TestServeRefusesAWSTargetsWithoutEndpoint(t *testing.T) {
	ts := startServer(t)
	eb := eventsClient(ts.url, keyA, "us-east-1")
	ctx := context.Background()
	_, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":["a"]}`)})
	require.NoError(t, err)
	out, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []ebtypes.Target{
		{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:111111111111:orders")}}})
	if err == nil {
		require.EqualValues(t, 1, out.FailedEntryCount)
		require.Contains(t, *out.FailedEntries[0].ErrorMessage, "q")
	} else {
		require.Contains(t, err.Error(), "q")
	}
}

func TestParseAWSEndpoints(t *testing.T) {
	tests := []struct {
		all, list string
		wantErr   string
	}{
		{"", "", ""},
		{"http://127.0.0.1:5000", "", ""},
		{"", "sqs=http://127.0.0.1:9324,sns=http://127.0.0.1:9911", ""},
		{"ftp://x", "", `--aws-endpoint "ftp://x"`},
		{"", "s3=http://x", `--aws-endpoints "s3=http://x"`},
		{"", "sqs", `--aws-endpoints "sqs"`},
		{"", "sqs=nope", `--aws-endpoints sqs "nope"`},
	}
	for _, tt := range tests {
		e, err := parseAWSEndpoints(tt.all, tt.list)
		if tt.wantErr != "" {
			require.ErrorContains(t, err, tt.wantErr)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, tt.all != "" || tt.list != "", e.enabled())
	}
}
