package archive_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
)

// An archive records the events of a bus that match its pattern. Here it
// keeps the order events in memory; pass WithStoreFactory with a
// boltstore factory to keep them on disk.
func ExampleNewArchives() {
	ctx := context.Background()
	b, _ := bus.New()
	archives, _ := archive.NewArchives(b)
	defer func() {
		_ = b.Close(ctx) // the bus first: its last deliveries reach the archive
		_ = archives.Close(ctx)
	}()

	busARN, _ := b.EventBusARN(ctx, "default")
	out, err := archives.CreateArchive(ctx, archive.CreateArchiveInput{
		ArchiveName:    "orders",
		EventSourceARN: busARN,
		EventPattern:   `{"source":["com.example.orders"]}`,
		RetentionDays:  30,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.ArchiveARN, out.State)

	_, _ = b.PutEvents(ctx, []switchyard.Entry{
		{Source: "com.example.orders", DetailType: "OrderPlaced", Detail: `{"id":1}`, Time: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)},
		{Source: "com.example.orders", DetailType: "OrderPlaced", Detail: `{"id":2}`, Time: time.Date(2026, 1, 1, 9, 5, 0, 0, time.UTC)},
		{Source: "com.example.billing", DetailType: "Invoice", Detail: `{"id":3}`},
	})
	_ = b.Flush(ctx) // deliveries, and so archiving, are asynchronous

	d, _ := archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "orders"})
	fmt.Println("events:", d.EventCount)
	_ = archives.ScanArchive(ctx, "orders", time.Time{}, time.Time{}, func(r archive.Record) error {
		fmt.Println(r.Time.Format(time.RFC3339))
		return nil
	})
	// Output:
	// arn:aws:events:us-east-1:123456789012:archive/orders ENABLED
	// events: 2
	// 2026-01-01T09:00:00Z
	// 2026-01-01T09:05:00Z
}

// Archives are listed in name order; filters are NamePrefix,
// EventSourceArn or State, one at a time.
func ExampleArchives_ListArchives() {
	ctx := context.Background()
	b, _ := bus.New()
	archives, _ := archive.NewArchives(b)
	defer func() {
		_ = b.Close(ctx)
		_ = archives.Close(ctx)
	}()
	busARN, _ := b.EventBusARN(ctx, "default")
	for _, name := range []string{"orders-eu", "orders-us", "billing"} {
		_, _ = archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: name, EventSourceARN: busARN})
	}
	out, _ := archives.ListArchives(ctx, archive.ListArchivesInput{NamePrefix: "orders"})
	for _, a := range out.Archives {
		fmt.Println(a.ArchiveName, a.State, a.EventCount)
	}
	// Output:
	// orders-eu ENABLED 0
	// orders-us ENABLED 0
}

// The inputs and outputs carry EventBridge's JSON member names, so the
// body of an `aws events create-archive` request decodes into
// CreateArchiveInput, and DescribeArchiveOutput encodes to the body AWS
// returns (times aside: the wire writes epoch seconds). Each call acts as
// the caller in its context: here account 111111111111, which has its own
// bus and archives.
func ExampleArchives_CreateArchive() {
	ctx := context.Background()
	b, _ := bus.New(bus.WithAccount("111111111111"))
	archives, _ := archive.NewArchives(b)
	defer func() {
		_ = b.Close(ctx)
		_ = archives.Close(ctx)
	}()

	var in archive.CreateArchiveInput
	_ = json.Unmarshal([]byte(`{"ArchiveName":"orders","EventSourceArn":"arn:aws:events:us-east-1:111111111111:event-bus/default",
		"EventPattern":"{\"source\":[\"com.example.orders\"]}","RetentionDays":7}`), &in)
	ctx = switchyard.WithCaller(ctx, switchyard.Caller{Account: "111111111111", Region: "us-east-1"})
	if _, err := archives.CreateArchive(ctx, in); err != nil {
		fmt.Println(err)
		return
	}
	d, _ := archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "orders"})
	d.CreationTime = time.Time{} // the wall clock; left out of the output
	out, _ := json.Marshal(d)
	fmt.Println(string(out))
	// Output:
	// {"ArchiveArn":"arn:aws:events:us-east-1:111111111111:archive/orders","ArchiveName":"orders","EventSourceArn":"arn:aws:events:us-east-1:111111111111:event-bus/default","EventPattern":"{\"source\":[\"com.example.orders\"]}","State":"ENABLED","RetentionDays":7,"SizeBytes":0,"EventCount":0}
}
