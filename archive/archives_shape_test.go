package archive_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

// The request and response bodies of the archive operations decode into
// and encode from the Go types with AWS's member names (EventBridge API
// Reference: CreateArchive, DescribeArchive, UpdateArchive, ListArchives;
// the list entry has no ArchiveArn, Description or EventPattern, as
// recorded in aws-archive-replay-schedule.md, section 1).
func TestArchivesJSONShape(t *testing.T) {
	var in archive.CreateArchiveInput
	require.NoError(t, json.Unmarshal([]byte(`{"ArchiveName":"orders","EventSourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/default",
		"Description":"d","EventPattern":"{\"source\":[\"a\"]}","RetentionDays":7,"KmsKeyIdentifier":"alias/k"}`), &in))
	require.Equal(t, archive.CreateArchiveInput{
		ArchiveName: "orders", EventSourceARN: "arn:aws:events:us-east-1:123456789012:event-bus/default",
		Description: "d", EventPattern: `{"source":["a"]}`, RetentionDays: 7, KMSKeyIdentifier: "alias/k",
	}, in)

	var up archive.UpdateArchiveInput
	require.NoError(t, json.Unmarshal([]byte(`{"ArchiveName":"orders","EventPattern":""}`), &up))
	require.NotNil(t, up.EventPattern, "an explicit empty pattern removes it")
	require.Nil(t, up.Description)

	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	b, err := json.Marshal(archive.DescribeArchiveOutput{ArchiveARN: "arn:a", ArchiveName: "orders", EventSourceARN: "arn:b",
		State: archive.ArchiveEnabled, CreationTime: t0})
	require.NoError(t, err)
	require.JSONEq(t, `{"ArchiveArn":"arn:a","ArchiveName":"orders","EventSourceArn":"arn:b","State":"ENABLED",
		"RetentionDays":0,"SizeBytes":0,"EventCount":0,"CreationTime":"2026-01-02T03:04:05Z"}`, string(b),
		"no EventPattern key when there is none")

	b, err = json.Marshal(archive.ListArchivesOutput{Archives: []archive.Archive{{ArchiveName: "orders", EventSourceARN: "arn:b", State: archive.ArchiveEnabled}}})
	require.NoError(t, err)
	require.JSONEq(t, `{"Archives":[{"ArchiveName":"orders","EventSourceArn":"arn:b","State":"ENABLED","RetentionDays":0,"SizeBytes":0,"EventCount":0}]}`, string(b))

	b, err = json.Marshal(archive.DeleteArchiveOutput{})
	require.NoError(t, err)
	require.Equal(t, `{}`, string(b), "DeleteArchive returns an empty body")
}

// Archives are scoped to the caller's account and region (issue 8, item
// 2): the same name in two accounts is two archives, each sees only its
// own, and an archive cannot record another account's bus.
func TestArchivesCallers(t *testing.T) {
	f := archivesNew(t)
	ctx := context.Background()
	other := switchyard.WithCaller(ctx, switchyard.Caller{Account: "222222222222", Region: "us-east-1"})

	f.create(t, "orders", "", 0)
	_, err := f.archives.DescribeArchive(other, archive.DescribeArchiveInput{ArchiveName: "orders"})
	archivesRequireCode(t, err, switchyard.CodeResourceNotFound, "Archive orders does not exist.")
	list, err := f.archives.ListArchives(other, archive.ListArchivesInput{})
	require.NoError(t, err)
	require.Empty(t, list.Archives)

	// The default bus ARN is account 123456789012's: not the other
	// caller's bus.
	_, err = f.archives.CreateArchive(other, archive.CreateArchiveInput{ArchiveName: "orders", EventSourceARN: archivesDefaultBusARN})
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound)

	// The explicit default caller is the bus's own account and region.
	self := switchyard.WithCaller(ctx, switchyard.Caller{Account: "123456789012", Region: "us-east-1"})
	d, err := f.archives.DescribeArchive(self, archive.DescribeArchiveInput{ArchiveName: "orders"})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:archive/orders", d.ArchiveARN)
}

// "Archives and replays built on a bus use that bus's clock unless told
// otherwise" (issue 8, item 5): CreationTime comes from the bus's fake
// clock when no WithArchiveClock is given.
func TestArchivesUseBusClock(t *testing.T) {
	t0 := time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)
	b, err := bus.New(bus.WithClock(fakeclock.New(t0)))
	require.NoError(t, err)
	a, err := archive.NewArchives(b)
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = b.Close(context.Background())
		_ = a.Close(context.Background())
	})
	out, err := a.CreateArchive(context.Background(), archive.CreateArchiveInput{ArchiveName: "x", EventSourceARN: archivesDefaultBusARN})
	require.NoError(t, err)
	require.Equal(t, t0, out.CreationTime)
}

// Another account's archive records that account's bus, in the same
// process (issue 8, item 2).
func TestArchivesOtherAccountBus(t *testing.T) {
	f := archivesNew(t)
	other := switchyard.WithCaller(context.Background(), switchyard.Caller{Account: "222222222222", Region: "eu-west-1"})
	const busARN = "arn:aws:events:eu-west-1:222222222222:event-bus/default"
	out, err := f.archives.CreateArchive(other, archive.CreateArchiveInput{ArchiveName: "orders", EventSourceARN: busARN})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:eu-west-1:222222222222:archive/orders", out.ArchiveARN)

	_, err = f.bus.PutEvents(other, []switchyard.Entry{{Source: "a", DetailType: "t", Detail: `{}`}})
	require.NoError(t, err)
	require.NoError(t, f.bus.Flush(context.Background()))
	d, err := f.archives.DescribeArchive(other, archive.DescribeArchiveInput{ArchiveName: "orders"})
	require.NoError(t, err)
	require.Equal(t, int64(1), d.EventCount)
	_, err = f.archives.DescribeArchive(context.Background(), archive.DescribeArchiveInput{ArchiveName: "orders"})
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound, "the default account has no archive orders")
}
