package main

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
)

func TestSDKTargets(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA, keyB))
	eb := eventsClient(ts.url, keyA, "us-east-1")
	ctx := context.Background()
	_, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("sink")})
	require.NoError(t, err)
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("fwd"), EventPattern: aws.String(`{"source":["shop"]}`)})
	require.NoError(t, err)
	sinkARN := "arn:aws:events:us-east-1:111111111111:event-bus/sink"
	_, err = eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("fwd"), Targets: []types.Target{
		{Id: aws.String("bad"), Arn: aws.String(sinkARN), Input: aws.String("env:dev")},
	}})
	// AWS's wording for a constant Input that is not JSON (issue 8).
	requireAPIError(t, err, "ValidationException", `JSON syntax error in input for target bad: [Source: (String)"env:dev"; line: 1, column: 4]`)
	out, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("fwd"), Targets: []types.Target{
		{Id: aws.String("to-sink"), Arn: aws.String(sinkARN), RetryPolicy: &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(3)}},
	}})
	require.NoError(t, err)
	require.Zero(t, out.FailedEntryCount)

	list, err := eb.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("fwd")})
	require.NoError(t, err)
	require.Len(t, list.Targets, 1)
	require.Equal(t, sinkARN, aws.ToString(list.Targets[0].Arn))
	require.Equal(t, int32(3), aws.ToInt32(list.Targets[0].RetryPolicy.MaximumRetryAttempts))

	names, err := eb.ListRuleNamesByTarget(ctx, &eventbridge.ListRuleNamesByTargetInput{TargetArn: aws.String(sinkARN)})
	require.NoError(t, err)
	require.Equal(t, []string{"fwd"}, names.RuleNames)

	_, err = eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("fwd")})
	requireAPIError(t, err, "ValidationException", "Rule can't be deleted since it has targets.")

	rm, err := eb.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String("fwd"), Ids: []string{"to-sink"}})
	require.NoError(t, err)
	require.Zero(t, rm.FailedEntryCount)
}

func TestSDKTagsAndUpdateEventBus(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA))
	eb := eventsClient(ts.url, keyA, "eu-west-1")
	ctx := context.Background()
	created, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("shop")}}})
	require.NoError(t, err)
	arn := aws.ToString(created.EventBusArn)
	require.Equal(t, "arn:aws:events:eu-west-1:111111111111:event-bus/orders", arn)

	_, err = eb.TagResource(ctx, &eventbridge.TagResourceInput{ResourceARN: aws.String(arn), Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("dev")}}})
	require.NoError(t, err)
	tags, err := eb.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	require.NoError(t, err)
	require.Len(t, tags.Tags, 2)
	_, err = eb.UntagResource(ctx, &eventbridge.UntagResourceInput{ResourceARN: aws.String(arn), TagKeys: []string{"team"}})
	require.NoError(t, err)
	tags, err = eb.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	require.NoError(t, err)
	require.Len(t, tags.Tags, 1)

	up, err := eb.UpdateEventBus(ctx, &eventbridge.UpdateEventBusInput{Name: aws.String("orders"), Description: aws.String("all orders")})
	require.NoError(t, err)
	require.Equal(t, "all orders", aws.ToString(up.Description))
	d, err := eb.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("orders")})
	require.NoError(t, err)
	require.Equal(t, "all orders", aws.ToString(d.Description))
}

func TestSDKConnectionsAndAPIDestinations(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA))
	eb := eventsClient(ts.url, keyA, "us-east-1")
	ctx := context.Background()
	conn, err := eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{Name: aws.String("partner-api"),
		AuthorizationType: types.ConnectionAuthorizationTypeApiKey,
		AuthParameters: &types.CreateConnectionAuthRequestParameters{ApiKeyAuthParameters: &types.CreateConnectionApiKeyAuthRequestParameters{
			ApiKeyName: aws.String("x-api-key"), ApiKeyValue: aws.String("s3cret")}}})
	require.NoError(t, err)
	require.Regexp(t, `^arn:aws:events:us-east-1:111111111111:connection/partner-api/[0-9a-f-]{36}$`, aws.ToString(conn.ConnectionArn))

	desc, err := eb.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String("partner-api")})
	require.NoError(t, err)
	require.Equal(t, "x-api-key", aws.ToString(desc.AuthParameters.ApiKeyAuthParameters.ApiKeyName))
	require.NotEmpty(t, aws.ToString(desc.SecretArn))

	_, err = eb.UpdateConnection(ctx, &eventbridge.UpdateConnectionInput{Name: aws.String("partner-api"), Description: aws.String("d")})
	require.NoError(t, err)
	conns, err := eb.ListConnections(ctx, &eventbridge.ListConnectionsInput{})
	require.NoError(t, err)
	require.Len(t, conns.Connections, 1)

	dest, err := eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{Name: aws.String("orders-webhook"),
		ConnectionArn: conn.ConnectionArn, InvocationEndpoint: aws.String("https://example.com/orders/*"), HttpMethod: types.ApiDestinationHttpMethodPost})
	require.NoError(t, err)
	require.Equal(t, types.ApiDestinationStateActive, dest.ApiDestinationState)
	got, err := eb.DescribeApiDestination(ctx, &eventbridge.DescribeApiDestinationInput{Name: aws.String("orders-webhook")})
	require.NoError(t, err)
	require.Equal(t, int32(300), aws.ToInt32(got.InvocationRateLimitPerSecond))
	_, err = eb.UpdateApiDestination(ctx, &eventbridge.UpdateApiDestinationInput{Name: aws.String("orders-webhook"), InvocationRateLimitPerSecond: aws.Int32(10)})
	require.NoError(t, err)
	dests, err := eb.ListApiDestinations(ctx, &eventbridge.ListApiDestinationsInput{})
	require.NoError(t, err)
	require.Len(t, dests.ApiDestinations, 1)
	_, err = eb.DeleteApiDestination(ctx, &eventbridge.DeleteApiDestinationInput{Name: aws.String("orders-webhook")})
	require.NoError(t, err)

	_, err = eb.DeauthorizeConnection(ctx, &eventbridge.DeauthorizeConnectionInput{Name: aws.String("partner-api")})
	require.NoError(t, err)
	_, err = eb.DeleteConnection(ctx, &eventbridge.DeleteConnectionInput{Name: aws.String("partner-api")})
	require.NoError(t, err)
}

func TestSDKPartnerEventSources(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA, keyB))
	partner := eventsClient(ts.url, keyA, "us-east-1")
	customer := eventsClient(ts.url, keyB, "us-east-1")
	ctx := context.Background()
	const source = "aws.partner/example.com/111111111111/orders"
	src, err := partner.CreatePartnerEventSource(ctx, &eventbridge.CreatePartnerEventSourceInput{Name: aws.String(source), Account: aws.String(keyB.AccountID)})
	require.NoError(t, err)
	require.Contains(t, aws.ToString(src.EventSourceArn), "event-source/"+source)

	_, err = partner.DescribePartnerEventSource(ctx, &eventbridge.DescribePartnerEventSourceInput{Name: aws.String(source)})
	require.NoError(t, err)
	srcs, err := partner.ListPartnerEventSources(ctx, &eventbridge.ListPartnerEventSourcesInput{NamePrefix: aws.String("aws.partner/example.com")})
	require.NoError(t, err)
	require.Len(t, srcs.PartnerEventSources, 1)
	accts, err := partner.ListPartnerEventSourceAccounts(ctx, &eventbridge.ListPartnerEventSourceAccountsInput{EventSourceName: aws.String(source)})
	require.NoError(t, err)
	require.Equal(t, keyB.AccountID, aws.ToString(accts.PartnerEventSourceAccounts[0].Account))

	es, err := customer.DescribeEventSource(ctx, &eventbridge.DescribeEventSourceInput{Name: aws.String(source)})
	require.NoError(t, err)
	require.Equal(t, types.EventSourceStatePending, es.State)
	_, err = customer.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(source), EventSourceName: aws.String(source)})
	require.NoError(t, err)
	list, err := customer.ListEventSources(ctx, &eventbridge.ListEventSourcesInput{})
	require.NoError(t, err)
	require.Len(t, list.EventSources, 1)
	_, err = customer.DeactivateEventSource(ctx, &eventbridge.DeactivateEventSourceInput{Name: aws.String(source)})
	require.NoError(t, err)
	_, err = customer.ActivateEventSource(ctx, &eventbridge.ActivateEventSourceInput{Name: aws.String(source)})
	require.NoError(t, err)

	put, err := partner.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{Entries: []types.PutPartnerEventsRequestEntry{{
		Source: aws.String(source), DetailType: aws.String("order"), Detail: aws.String(`{"id":1}`), Time: aws.Time(time.Now())}}})
	require.NoError(t, err)
	require.Zero(t, put.FailedEntryCount)

	_, err = partner.DeletePartnerEventSource(ctx, &eventbridge.DeletePartnerEventSourceInput{Name: aws.String(source), Account: aws.String(keyB.AccountID)})
	require.NoError(t, err)
}

func TestSDKArchivesAndReplays(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA))
	eb := eventsClient(ts.url, keyA, "us-east-1")
	ctx := context.Background()
	busARN := "arn:aws:events:us-east-1:111111111111:event-bus/default"
	arch, err := eb.CreateArchive(ctx, &eventbridge.CreateArchiveInput{ArchiveName: aws.String("all"), EventSourceArn: aws.String(busARN)})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:111111111111:archive/all", aws.ToString(arch.ArchiveArn))
	_, err = eb.UpdateArchive(ctx, &eventbridge.UpdateArchiveInput{ArchiveName: aws.String("all"), RetentionDays: aws.Int32(7)})
	require.NoError(t, err)
	d, err := eb.DescribeArchive(ctx, &eventbridge.DescribeArchiveInput{ArchiveName: aws.String("all")})
	require.NoError(t, err)
	require.Equal(t, int32(7), aws.ToInt32(d.RetentionDays))
	archives, err := eb.ListArchives(ctx, &eventbridge.ListArchivesInput{})
	require.NoError(t, err)
	require.Len(t, archives.Archives, 1)

	putOrders(t, eb, 2)
	start := time.Now().Add(-time.Hour)
	rp, err := eb.StartReplay(ctx, &eventbridge.StartReplayInput{ReplayName: aws.String("again"), EventSourceArn: arch.ArchiveArn,
		EventStartTime: aws.Time(start), EventEndTime: aws.Time(time.Now()), Destination: &types.ReplayDestination{Arn: aws.String(busARN)}})
	require.NoError(t, err)
	require.NotEmpty(t, aws.ToString(rp.ReplayArn))
	dr, err := eb.DescribeReplay(ctx, &eventbridge.DescribeReplayInput{ReplayName: aws.String("again")})
	require.NoError(t, err)
	require.True(t, start.Truncate(time.Millisecond).Equal(aws.ToTime(dr.EventStartTime)), "times survive the wire to the millisecond")
	replays, err := eb.ListReplays(ctx, &eventbridge.ListReplaysInput{})
	require.NoError(t, err)
	require.Len(t, replays.Replays, 1)
	_, err = eb.CancelReplay(ctx, &eventbridge.CancelReplayInput{ReplayName: aws.String("again")})
	if err != nil { // a replay of two events may already be over
		requireAPIError(t, err, "IllegalStatusException", "")
	}
	_, err = eb.DeleteArchive(ctx, &eventbridge.DeleteArchiveInput{ArchiveName: aws.String("all")})
	require.NoError(t, err)
}

// The signing key's account is the caller: account B may put events to
// account A's bus only once A's policy allows it.
func TestSDKCrossAccountPutEvents(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA, keyB))
	a := eventsClient(ts.url, keyA, "us-east-1")
	b := eventsClient(ts.url, keyB, "us-east-1")
	ctx := context.Background()
	_, err := a.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("shared")})
	require.NoError(t, err)
	busARN := "arn:aws:events:us-east-1:111111111111:event-bus/shared"
	entry := []types.PutEventsRequestEntry{{Source: aws.String("partner"), DetailType: aws.String("d"), Detail: aws.String("{}"), EventBusName: aws.String(busARN)}}
	out, err := b.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entry})
	require.NoError(t, err)
	require.Equal(t, int32(1), out.FailedEntryCount, "no permission yet")
	require.Equal(t, "AccessDeniedException", aws.ToString(out.Entries[0].ErrorCode))

	_, err = a.PutPermission(ctx, &eventbridge.PutPermissionInput{EventBusName: aws.String("shared"), Action: aws.String("events:PutEvents"),
		Principal: aws.String(keyB.AccountID), StatementId: aws.String("allow-b")})
	require.NoError(t, err)
	out, err = b.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entry})
	require.NoError(t, err)
	require.Zero(t, out.FailedEntryCount)
}
