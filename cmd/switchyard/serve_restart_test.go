package main

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/stretchr/testify/require"
)

// After a graceful restart the whole control plane is back: buses,
// archives with their events, replays, event data stores and channels
// under their old ARNs.
func TestServeRestartRestoresEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	c := startChild(t, dir)
	ctx := context.Background()
	eb := eventsClient(c.url, keyA, "us-east-1")
	ct := cloudTrailClient(c.url, keyA, "us-east-1")

	arch, err := eb.CreateArchive(ctx, &eventbridge.CreateArchiveInput{ArchiveName: aws.String("all"),
		EventSourceArn: aws.String("arn:aws:events:us-east-1:123456789012:event-bus/default")})
	require.NoError(t, err)
	putOrders(t, eb, 3)
	var archived *eventbridge.DescribeArchiveOutput
	require.Eventually(t, func() bool {
		archived, err = eb.DescribeArchive(ctx, &eventbridge.DescribeArchiveInput{ArchiveName: aws.String("all")})
		return err == nil && archived.EventCount == 3
	}, 30*time.Second, 20*time.Millisecond)
	_, err = eb.StartReplay(ctx, &eventbridge.StartReplayInput{ReplayName: aws.String("r1"), EventSourceArn: arch.ArchiveArn,
		EventStartTime: aws.Time(time.Now().Add(-time.Hour)), EventEndTime: aws.Time(time.Now().Add(time.Minute)),
		Destination: &ebtypes.ReplayDestination{Arn: aws.String("arn:aws:events:us-east-1:123456789012:event-bus/default")}})
	require.NoError(t, err)
	eds, err := ct.CreateEventDataStore(ctx, &cloudtrail.CreateEventDataStoreInput{Name: aws.String("lake"),
		AdvancedEventSelectors: []types.AdvancedEventSelector{{Name: aws.String("custom"), FieldSelectors: []types.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"ActivityAuditLog"}}}}}})
	require.NoError(t, err)
	ch, err := ct.CreateChannel(ctx, &cloudtrail.CreateChannelInput{Name: aws.String("app"), Source: aws.String("Custom"),
		Destinations: []types.Destination{{Type: types.DestinationTypeEventDataStore, Location: eds.EventDataStoreArn}}})
	require.NoError(t, err)
	status, out := putAuditEvents(t, c.url, keyA, aws.ToString(ch.ChannelArn), "", []map[string]string{auditEvent("e1", "123456789012")})
	require.Equal(t, 200, status, out)
	require.NoError(t, c.stop(t, syscall.SIGTERM))

	c2 := startChild(t, dir)
	eb2 := eventsClient(c2.url, keyA, "us-east-1")
	ct2 := cloudTrailClient(c2.url, keyA, "us-east-1")
	got, err := eb2.DescribeArchive(ctx, &eventbridge.DescribeArchiveInput{ArchiveName: aws.String("all")})
	require.NoError(t, err)
	require.Equal(t, int64(3), got.EventCount, "the archive's events are in its store file")
	require.True(t, aws.ToTime(archived.CreationTime).Equal(aws.ToTime(got.CreationTime)))
	rp, err := eb2.DescribeReplay(ctx, &eventbridge.DescribeReplayInput{ReplayName: aws.String("r1")})
	require.NoError(t, err)
	require.Contains(t, []string{"COMPLETED", "FAILED"}, string(rp.State))
	gc, err := ct2.GetChannel(ctx, &cloudtrail.GetChannelInput{Channel: ch.ChannelArn})
	require.NoError(t, err)
	require.Equal(t, aws.ToString(ch.ChannelArn), aws.ToString(gc.ChannelArn))
	ge, err := ct2.GetEventDataStore(ctx, &cloudtrail.GetEventDataStoreInput{EventDataStore: eds.EventDataStoreArn})
	require.NoError(t, err)
	require.Equal(t, "lake", aws.ToString(ge.Name))
	status, out = putAuditEvents(t, c2.url, keyA, aws.ToString(ch.ChannelArn), "", []map[string]string{auditEvent("e2", "123456789012")})
	require.Equal(t, 200, status, out)
}
