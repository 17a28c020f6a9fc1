package bus_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// Each account and region has its own buses; the caller comes from the
// context. A rule of one account can forward to another account's bus,
// which takes the event only when its policy allows the sender.
func ExampleBus_crossAccount() {
	ctx := context.Background()
	b, _ := bus.New()
	defer b.Close(ctx)
	sender := switchyard.WithCaller(ctx, switchyard.Caller{Account: "111111111111", Region: "us-east-1"})
	receiver := switchyard.WithCaller(ctx, switchyard.Caller{Account: "222222222222", Region: "eu-west-1"})

	_, _ = b.PutRule(receiver, bus.PutRuleInput{Name: "in", EventPattern: `{"source":["shop"]}`})
	_, _ = b.PutTargets(receiver, bus.PutTargetsInput{Rule: "in", Targets: []bus.Target{{
		ID: "print",
		Target: switchyard.TargetFunc(func(_ context.Context, d switchyard.Delivery) error {
			fmt.Println("received from", d.Event.Account, d.Event.Region)
			return nil
		}),
	}}})
	_, _ = b.PutPermission(receiver, bus.PutPermissionInput{Action: "events:PutEvents", Principal: "111111111111", StatementID: "sender"})

	_, _ = b.PutRule(sender, bus.PutRuleInput{Name: "forward", EventPattern: `{"source":["shop"]}`})
	_, err := b.PutTargets(sender, bus.PutTargetsInput{Rule: "forward", Targets: []bus.Target{{
		ID: "eu", ARN: "arn:aws:events:eu-west-1:222222222222:event-bus/default",
	}}})
	if err != nil {
		fmt.Println(err)
	}
	_, _ = b.PutEvents(sender, []switchyard.Entry{{Source: "shop", DetailType: "Order Placed", Detail: `{}`}})
	_ = b.Flush(ctx)
	// Output: received from 111111111111 us-east-1
}

// RegisterTarget gives a Go target an AWS ARN, so rules written for AWS
// (here decoded from the JSON of `aws events put-targets`) run unchanged.
func ExampleBus_RegisterTarget() {
	ctx := context.Background()
	b, _ := bus.New()
	defer b.Close(ctx)
	_ = b.RegisterTarget("arn:aws:sqs:us-east-1:123456789012:orders", switchyard.TargetFunc(func(_ context.Context, d switchyard.Delivery) error {
		fmt.Printf("queue got %s\n", d.Payload)
		return nil
	}))

	var in bus.PutTargetsInput
	_ = json.Unmarshal([]byte(`{"Rule":"orders","Targets":[{"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:orders","InputPath":"$.detail"}]}`), &in)
	_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: "orders", EventPattern: `{"source":["shop"]}`})
	if _, err := b.PutTargets(ctx, in); err != nil {
		fmt.Println(err)
	}
	_, _ = b.PutEvents(ctx, []switchyard.Entry{{Source: "shop", DetailType: "Order Placed", Detail: `{"id":7}`}})
	_ = b.Flush(ctx)
	// Output: queue got {"id":7}
}

// Route sends an event exactly as AWS would deliver it: its id, account,
// region and time as given. Tests use it to feed rules AWS service events.
func ExampleBus_Route() {
	ctx := context.Background()
	b, _ := bus.New()
	defer b.Close(ctx)
	_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: "ec2", EventPattern: `{"source":["aws.ec2"],"detail":{"state":["stopped"]}}`})
	_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "ec2", Targets: []bus.Target{{
		ID: "print",
		Target: switchyard.TargetFunc(func(_ context.Context, d switchyard.Delivery) error {
			fmt.Println(d.Event.ID, d.Event.Time.Format("2006-01-02"))
			return nil
		}),
	}}})

	var ev switchyard.Event
	_ = json.Unmarshal([]byte(`{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification",
		"source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1","resources":[],
		"detail":{"instance-id":"i-abcd1111","state":"stopped"}}`), &ev)
	if err := b.Route(ctx, bus.RouteInput{Event: ev}); err != nil {
		fmt.Println(err)
	}
	_ = b.Flush(ctx)
	// Output: 7bf73129-1428-4cd3-a780-95db273d1602 2015-11-11
}

// ExplainEventPattern says why a pattern does not match an event.
func ExampleBus_ExplainEventPattern() {
	ctx := context.Background()
	b, _ := bus.New()
	defer b.Close(ctx)
	out, err := b.ExplainEventPattern(ctx, bus.ExplainEventPatternInput{
		EventPattern: `{"source":["shop"],"detail":{"total":[{"numeric":[">",100]}]}}`,
		Event: `{"id":"1","account":"123456789012","source":"shop","time":"2026-01-01T00:00:00Z","region":"us-east-1",
			"detail-type":"Order Placed","detail":{"total":20}}`,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("matched:", out.Result)
	for _, c := range out.Explanation.Branches[0].Conditions {
		fmt.Println(c.Path, c.Matched)
	}
	// Output:
	// matched: false
	// source true
	// detail.total false
}
