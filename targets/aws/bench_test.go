package awstarget_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// BenchmarkPutEventsToSQS measures events/s from PutEvents on an in-process
// bus, through a rule, to an SQS queue on moto_server: with the SQS target
// as a BatchTarget (SendMessageBatch of 10), and hidden behind a plain
// Target (one SendMessage per event) for comparison. The number is bounded
// by moto, not by the bus: report it with the server it was measured
// against.
//
// moto_server's SendMessage cost grows with the number of messages in the
// queue (it scans them), which would make the result depend on b.N, so
// the queue is purged in the background while the benchmark runs.
func BenchmarkPutEventsToSQS(b *testing.B) {
	requireMoto(b)
	b.Run("SendMessageBatch", func(b *testing.B) { benchSQSAt(b, motoURL, true) })
	b.Run("SendMessage", func(b *testing.B) { benchSQSAt(b, motoURL, false) })
}

// benchSQSAt runs the benchmark against the SQS API at endpoint; a moto
// endpoint gets a queue, purged in the background.
func benchSQSAt(b *testing.B, endpoint string, batch bool) {
	ctx := context.Background()
	qname := name("bench")
	if endpoint == motoURL {
		c := sqs.NewFromConfig(motoConfig())
		if _, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(qname)}); err != nil {
			b.Fatal(err)
		}
		stop := purgeLoop(c, qname)
		defer stop()
	}
	sqsTarget, err := awstarget.NewResolver(awsConfig(endpoint)).Resolve(ctx, arnOf("sqs", qname))
	if err != nil {
		b.Fatal(err)
	}
	tgt := sqsTarget
	if !batch {
		tgt = switchyard.TargetFunc(sqsTarget.Deliver)
	}
	bs, err := bus.New(bus.WithAccount(account), bus.WithRegion(region), bus.WithBlockOnFull())
	if err != nil {
		b.Fatal(err)
	}
	defer bs.Close(ctx)
	if _, err := bs.PutRule(ctx, bus.PutRuleInput{Name: "all", EventPattern: `{"source":["bench"]}`}); err != nil {
		b.Fatal(err)
	}
	if _, err := bs.PutTargets(ctx, bus.PutTargetsInput{Rule: "all", Targets: []bus.Target{{ID: "q", Target: tgt}}}); err != nil {
		b.Fatal(err)
	}
	entries := make([]switchyard.Entry, 10)
	for i := range entries {
		entries[i] = switchyard.Entry{Source: "bench", DetailType: "tick", Detail: fmt.Sprintf(`{"i":%d}`, i)}
	}

	b.ResetTimer()
	for n := 0; n < b.N; n += len(entries) {
		k := min(len(entries), b.N-n)
		res, err := bs.PutEvents(ctx, entries[:k])
		if err != nil || res.FailedEntryCount > 0 {
			b.Fatal(err, res)
		}
	}
	if err := bs.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	st := bs.Stats()
	if st.Delivered != uint64(b.N) || st.Retried != 0 || st.Dropped != 0 {
		b.Fatalf("delivered %d of %d (retried %d, dropped %d)", st.Delivered, b.N, st.Retried, st.Dropped)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// purgeLoop empties the queue every 100 ms until stop is called; stop
// returns once the loop has ended.
func purgeLoop(c *sqs.Client, qname string) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		url, err := c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(qname)})
		if err != nil {
			return
		}
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_, _ = c.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url.QueueUrl})
			}
		}
	}()
	return func() { cancel(); <-done }
}
