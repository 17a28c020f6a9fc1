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

// A rule whose target and dead-letter queue are SQS queues, given by ARN, on
// a local AWS-API server (LocalStack, moto) — or on AWS with the default
// config and no endpoint.
func ExampleNewResolver() {
	ctx := context.Background()
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String("http://127.0.0.1:4566"),
	}
	res := awstarget.NewResolver(cfg)

	orders, err := res.Target(ctx, "arn:aws:sqs:us-east-1:123456789012:orders.fifo",
		awstarget.WithMessageGroupID("orders")) // SqsParameters.MessageGroupId
	if err != nil {
		log.Fatal(err)
	}
	const dlqARN = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"
	dlq, err := res.DeadLetter(ctx, dlqARN)
	if err != nil {
		log.Fatal(err)
	}

	b, _ := bus.New()
	defer b.Close(ctx)
	_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: "orders", EventPattern: `{"source":["shop"]}`})
	_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "orders", Targets: []bus.Target{{
		ID:     "queue",
		ARN:    "arn:aws:sqs:us-east-1:123456789012:orders.fifo",
		Target: orders,
		// Failed deliveries land in the queue with RULE_ARN, TARGET_ARN,
		// ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION and
		// RETRY_ATTEMPTS as message attributes.
		DeadLetter: dlq, DeadLetterARN: dlqARN,
	}}})
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
