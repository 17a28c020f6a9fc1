package awstarget_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard/target"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// The tests run against moto_server, a real implementation of the AWS APIs
// (SQS, SNS, Kinesis, Firehose, Step Functions, CloudWatch Logs and
// EventBridge on one port). TestMain starts it on a free loopback port and
// stops it at the end; without it those tests skip and say why.
var (
	motoURL  string
	motoSkip string
)

func TestMain(m *testing.M) { os.Exit(runWithMoto(m)) }

func runWithMoto(m *testing.M) int {
	path, err := exec.LookPath("moto_server")
	if err != nil {
		motoSkip = "moto_server not installed: " + err.Error()
		return m.Run()
	}
	port, err := freePort()
	if err != nil {
		motoSkip = "moto_server: no free port: " + err.Error()
		return m.Run()
	}
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		motoSkip = "moto_server did not start: " + err.Error()
		return m.Run()
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	if err := waitUp(url, 60*time.Second); err != nil {
		motoSkip = "moto_server did not answer: " + err.Error()
		return m.Run()
	}
	motoURL = url
	return m.Run()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitUp polls moto's own API until it answers.
func waitUp(url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		resp, err := http.Get(url + "/moto-api/data.json")
		if err == nil {
			resp.Body.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// requireMoto skips t when moto_server is not running.
func requireMoto(t testing.TB) {
	t.Helper()
	if motoURL == "" {
		t.Skip(motoSkip)
	}
}

// Every resource a test makes gets a fresh name, so tests share one
// moto_server without seeing each other's messages.
var seq atomic.Int64

func name(prefix string) string { return fmt.Sprintf("%s-%d-%d", prefix, os.Getpid(), seq.Add(1)) }

const (
	account = "123456789012" // moto's default account
	region  = "us-east-1"
)

func arnOf(service, resource string) string {
	return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource
}

// motoConfig is an aws.Config for moto_server with static test credentials.
func motoConfig() aws.Config {
	return awsConfig(motoURL)
}

func awsConfig(endpoint string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(endpoint),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func itoa(n int) string { return strconv.Itoa(n) }

// requireMissing delivers to a target whose resource does not exist and
// checks the failure is permanent with NO_RESOURCE, as EventBridge sends
// such events to the dead-letter queue without retrying.
func requireMissing(t *testing.T, res *awstarget.Resolver, arn string) {
	t.Helper()
	tgt, err := res.Resolve(ctxT(t), arn)
	require.NoError(t, err)
	err = tgt.Deliver(ctxT(t), delivery(`{}`))
	require.True(t, target.IsPermanent(err), "%s: %v", arn, err)
	require.Equal(t, awstarget.CodeNoResource, awstarget.ErrorCode(err), "%s: %v", arn, err)
}

// routeBusToQueue makes a bus on moto's EventBridge with a rule that sends
// the events matching pattern to a new SQS queue, and returns the bus's ARN
// and the queue's URL.
func routeBusToQueue(t *testing.T, pattern string) (busARN, queueURL string) {
	t.Helper()
	ctx := ctxT(t)
	eb := eventbridge.NewFromConfig(motoConfig())
	busName := name("bus")
	created, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(busName)})
	require.NoError(t, err)
	url, qarn := createQueue(t, sqs.NewFromConfig(motoConfig()), name("routed"), nil)
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("all"), EventBusName: aws.String(busName), EventPattern: aws.String(pattern)})
	require.NoError(t, err)
	_, err = eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"), EventBusName: aws.String(busName),
		Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String(qarn)}}})
	require.NoError(t, err)
	return aws.ToString(created.EventBusArn), url
}
