package awstarget_test

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// A bus that resolves target and dead-letter ARNs of AWS services through
// a Resolver, here on a local AWS-API server (LocalStack, moto) — or on AWS
// with config.LoadDefaultConfig and no endpoint.
func ExampleResolver_ForBus() {
	ctx := context.Background()
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String("http://127.0.0.1:4566"),
	}
	res := awstarget.NewResolver(cfg)

	b, err := bus.New(bus.WithTargetResolver(res.ForBus()))
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close(ctx)
	_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: "orders", EventPattern: `{"source":["shop"]}`})
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "orders", Targets: []bus.Target{{
		ID:            "queue",
		ARN:           "arn:aws:sqs:us-east-1:123456789012:orders.fifo",
		SqsParameters: &bus.SqsParameters{MessageGroupID: "orders"},
		// Failed deliveries land in this queue with RULE_ARN, TARGET_ARN,
		// ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION and
		// RETRY_ATTEMPTS as message attributes.
		DeadLetterConfig: &bus.DeadLetterConfig{ARN: "arn:aws:sqs:us-east-1:123456789012:orders-dlq"},
	}}})
	if err != nil {
		log.Fatal(err)
	}
}

// Targets can also be made one by one, with a target's parameters as
// options, and given to the bus as Go values.
func ExampleResolver_Target() {
	ctx := context.Background()
	res := awstarget.NewResolver(aws.Config{Region: "us-east-1"})
	clicks, err := res.Target(ctx, "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
		awstarget.WithPartitionKeyPath("$.detail.session")) // KinesisParameters.PartitionKeyPath
	if err != nil {
		log.Fatal(err)
	}
	_, isBatch := clicks.(switchyard.BatchTarget)
	fmt.Println(isBatch)
	// Output: true
}

// Code written against switchyard.Publisher moves from the in-process bus
// to EventBridge (or a Switchyard server) by changing the line that builds
// the publisher.
func ExampleNewPublisher() {
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1"} // config.LoadDefaultConfig(ctx) in a real program

	var pub switchyard.Publisher
	pub, err := awstarget.NewResolver(cfg).Publisher("us-east-1")
	// pub, err := bus.New()  // the same code, in process
	if err != nil {
		log.Fatal(err)
	}
	placeOrder(ctx, pub)
}

func placeOrder(ctx context.Context, pub switchyard.Publisher) {
	res, err := pub.PutEvents(ctx, []switchyard.Entry{{Source: "shop", DetailType: "Order Placed", Detail: `{"total":250}`}})
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println(res.FailedEntryCount)
}
