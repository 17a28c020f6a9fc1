package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
)

func requireAPIError(t *testing.T, err error, code, msgPart string) {
	t.Helper()
	var ae smithy.APIError
	require.True(t, errors.As(err, &ae), "want an API error, got %v", err)
	require.Equal(t, code, ae.ErrorCode())
	require.Contains(t, ae.ErrorMessage(), msgPart)
}

func TestSDKPutEvents(t *testing.T) {
	ts := startServer(t)
	eb := eventsClient(ts.url, keyA, "us-east-1")
	ctx := context.Background()
	out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: aws.String("com.mycompany.myapp"), DetailType: aws.String("myDetailType"),
			Detail: aws.String(`{"key1":"value1","key2":"value2"}`), Resources: []string{"resource1", "resource2"}, Time: aws.Time(time.Unix(1700000000, 0))},
		{Source: aws.String("com.mycompany.myapp"), DetailType: aws.String("myDetailType"), Detail: aws.String(`not json`)},
	}})
	require.NoError(t, err)
	require.Equal(t, int32(1), out.FailedEntryCount)
	require.Len(t, out.Entries, 2)
	require.NotEmpty(t, aws.ToString(out.Entries[0].EventId))
	require.Equal(t, "MalformedDetail", aws.ToString(out.Entries[1].ErrorCode))
	require.Equal(t, "Detail is malformed.", aws.ToString(out.Entries[1].ErrorMessage))

	// Request-level ValidationException: more than 10 entries.
	var many []types.PutEventsRequestEntry
	for range 11 {
		many = append(many, types.PutEventsRequestEntry{Source: aws.String("a"), DetailType: aws.String("b"), Detail: aws.String("{}")})
	}
	_, err = eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: many})
	requireAPIError(t, err, "ValidationException", "")
}

func TestSDKRulesAndBuses(t *testing.T) {
	ts := startServer(t)
	eb := eventsClient(ts.url, keyA, "us-east-1")
	ctx := context.Background()

	bus, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders"), Description: aws.String("order events")})
	require.NoError(t, err)
	require.Contains(t, aws.ToString(bus.EventBusArn), ":event-bus/orders")

	desc, err := eb.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("orders")})
	require.NoError(t, err)
	require.Equal(t, "orders", aws.ToString(desc.Name))
	require.WithinDuration(t, time.Now(), aws.ToTime(desc.CreationTime), time.Minute, "epoch seconds decode as a time")

	buses, err := eb.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	require.NoError(t, err)
	require.Len(t, buses.EventBuses, 2)

	rule, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("big-orders"), EventBusName: aws.String("orders"),
		EventPattern: aws.String(`{"source":["shop"],"detail":{"total":[{"numeric":[">",100]}]}}`)})
	require.NoError(t, err)
	require.Contains(t, aws.ToString(rule.RuleArn), ":rule/orders/big-orders")

	got, err := eb.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("big-orders"), EventBusName: aws.String("orders")})
	require.NoError(t, err)
	require.Equal(t, types.RuleStateEnabled, got.State)
	require.Equal(t, aws.ToString(rule.RuleArn), aws.ToString(got.Arn))

	_, err = eb.DisableRule(ctx, &eventbridge.DisableRuleInput{Name: aws.String("big-orders"), EventBusName: aws.String("orders")})
	require.NoError(t, err)
	rules, err := eb.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: aws.String("orders")})
	require.NoError(t, err)
	require.Len(t, rules.Rules, 1)
	require.Equal(t, types.RuleStateDisabled, rules.Rules[0].State)
	_, err = eb.EnableRule(ctx, &eventbridge.EnableRuleInput{Name: aws.String("big-orders"), EventBusName: aws.String("orders")})
	require.NoError(t, err)

	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("bad"), EventPattern: aws.String(`{"source":"x"}`)})
	requireAPIError(t, err, "InvalidEventPatternException", "")

	_, err = eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("big-orders"), EventBusName: aws.String("orders")})
	require.NoError(t, err)
	_, err = eb.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("big-orders"), EventBusName: aws.String("orders")})
	requireAPIError(t, err, "ResourceNotFoundException", "Rule big-orders does not exist on EventBus orders.")

	_, err = eb.PutPermission(ctx, &eventbridge.PutPermissionInput{EventBusName: aws.String("orders"), Action: aws.String("events:PutEvents"),
		Principal: aws.String("222222222222"), StatementId: aws.String("allow-b")})
	require.NoError(t, err)
	_, err = eb.RemovePermission(ctx, &eventbridge.RemovePermissionInput{EventBusName: aws.String("orders"), StatementId: aws.String("allow-b")})
	require.NoError(t, err)

	_, err = eb.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String("orders")})
	require.NoError(t, err)
}

func TestSDKTestEventPattern(t *testing.T) {
	ts := startServer(t)
	eb := eventsClient(ts.url, keyA, "us-east-1")
	event := `{"id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
	  "account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
	  "detail":{"instance-id":"i-abcd1111","state":"pending"}}`
	out, err := eb.TestEventPattern(context.Background(), &eventbridge.TestEventPatternInput{
		EventPattern: aws.String(`{"source":["aws.ec2"],"detail":{"state":["pending"]}}`), Event: aws.String(event)})
	require.NoError(t, err)
	require.True(t, out.Result)
}

func TestSDKSignatureFailures(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA))
	ctx := context.Background()
	wrong := keyA
	wrong.SecretAccessKey = "not-the-secret"
	_, err := eventsClient(ts.url, wrong, "us-east-1").ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	requireAPIError(t, err, "InvalidSignatureException", "The request signature we calculated does not match")

	_, err = eventsClient(ts.url, keyB, "us-east-1").ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	requireAPIError(t, err, "UnrecognizedClientException", "The security token included in the request is invalid.")

	_, err = eventbridge.NewFromConfig(awsConfig(ts.url, keyA, "us-east-1"), func(o *eventbridge.Options) {
		o.Credentials = aws.AnonymousCredentials{}
	}).ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	requireAPIError(t, err, "MissingAuthenticationTokenException", "Missing Authentication Token")

	_, err = eventsClient(ts.url, keyA, "us-east-1").ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	require.NoError(t, err)
}
