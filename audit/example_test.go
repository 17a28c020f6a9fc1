package audit_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/audit"
	"github.com/switchyard-go/switchyard/pattern"
)

// exampleClock is a fixed clock, so that the examples' output is stable.
type exampleClock time.Time

func (c exampleClock) Now() time.Time { return time.Time(c) }

// exampleIDs returns a source of stable UUIDs ...0001, ...0002, ...
func exampleIDs() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }
}

// An application logs its own audit events to CloudTrail Lake: an event
// data store that selects events from outside AWS, a Custom channel that
// logs to it, PutAuditEvents, and a query by time window and pattern. Pass
// WithStoreFactory with archive/boltstore to keep the events on disk.
func Example() {
	ctx := context.Background()
	lake, err := audit.New(
		audit.WithDefaultCaller("111122223333", "us-east-1"),
		// A fixed clock and IDs keep the example's output stable.
		audit.WithClock(exampleClock(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))),
		audit.WithIDs(exampleIDs()),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer lake.Close(ctx)

	eds, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{
		Name: "my-app-events",
		AdvancedEventSelectors: []audit.AdvancedEventSelector{{
			Name:           "Select all external events",
			FieldSelectors: []audit.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"ActivityAuditLog"}}},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(eds.EventDataStoreARN, eds.Status)

	ch, err := lake.CreateChannel(ctx, audit.CreateChannelInput{
		Name:         "my-app",
		Source:       audit.SourceCustom,
		Destinations: []audit.Destination{{Type: audit.DestinationEventDataStore, Location: eds.EventDataStoreARN}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.ChannelARN)

	login := `{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice"},` +
		`"eventSource":"my-app.example.com","eventName":"Login","eventTime":"2024-05-01T10:00:00Z",` +
		`"UID":"req-1","recipientAccountId":"111122223333"}`
	fraction := `{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"bob"},` +
		`"eventSource":"my-app.example.com","eventName":"Login","eventTime":"2024-05-01T10:05:00.250Z",` +
		`"UID":"req-2","recipientAccountId":"111122223333"}`
	out, err := lake.PutAuditEvents(ctx, audit.PutAuditEventsInput{
		ChannelARN:  ch.ChannelARN,
		AuditEvents: []audit.AuditEvent{{ID: "a1", EventData: login}, {ID: "a2", EventData: fraction}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range out.Successful {
		fmt.Println("ok", s.ID, s.EventID)
	}
	for _, f := range out.Failed {
		fmt.Println("failed", f.ID, f.ErrorCode+":", f.ErrorMessage)
	}

	logins := pattern.MustCompile(`{"eventData": {"eventName": ["Login"]}}`)
	err = lake.Query(ctx, audit.QueryInput{
		EventDataStore: eds.EventDataStoreARN,
		StartTime:      time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		Filter:         logins,
	}, func(r audit.Record) error {
		fmt.Println(r.EventTime.Format(time.RFC3339), string(r.EventData()))
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/00000000-0000-4000-8000-000000000001 ENABLED
	// arn:aws:cloudtrail:us-east-1:111122223333:channel/00000000-0000-4000-8000-000000000002
	// ok a1 00000000-0000-4000-8000-000000000003
	// failed a2 InvalidData: eventTime "2024-05-01T10:05:00.250Z" is not a timestamp in yyyy-MM-ddTHH:mm:ssZ format (UTC) between the years 1678 and 2262.
	// 2024-05-01T10:00:00Z {"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice"},"eventSource":"my-app.example.com","eventName":"Login","eventTime":"2024-05-01T10:00:00Z","UID":"req-1","recipientAccountId":"111122223333"}
}

// A partner in another account delivers events to your channel. The
// channel's resource policy allows the partner's account, on condition
// that it passes the agreed external ID.
func ExampleLake_PutResourcePolicy() {
	ctx := context.Background()
	lake, _ := audit.New(audit.WithDefaultCaller("111122223333", "us-east-1"), audit.WithIDs(exampleIDs()))
	defer lake.Close(ctx)
	eds, _ := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{
		Name: "partner-events",
		AdvancedEventSelectors: []audit.AdvancedEventSelector{{
			FieldSelectors: []audit.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"ActivityAuditLog"}}},
		}},
	})
	ch, _ := lake.CreateChannel(ctx, audit.CreateChannelInput{
		Name: "partner", Source: "ExamplePartner",
		Destinations: []audit.Destination{{Type: audit.DestinationEventDataStore, Location: eds.EventDataStoreARN}},
	})
	_, err := lake.PutResourcePolicy(ctx, audit.PutResourcePolicyInput{
		ResourceARN: ch.ChannelARN,
		ResourcePolicy: `{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",
			"Principal":{"AWS":"arn:aws:iam::999999999999:root"},
			"Action":"cloudtrail-data:PutAuditEvents",
			"Condition":{"StringEquals":{"cloudtrail:ExternalId":"shared-secret-id"}}}]}`,
	})
	if err != nil {
		log.Fatal(err)
	}

	partner := switchyard.WithCaller(ctx, switchyard.Caller{Account: "999999999999", Region: "us-east-1"})
	event := []audit.AuditEvent{{ID: "p1", EventData: `{"version":"1.0",` +
		`"userIdentity":{"type":"PartnerUser","principalId":"u-1"},"eventSource":"ExamplePartner",` +
		`"eventName":"Export","eventTime":"2024-05-01T10:00:00Z","UID":"x-1","recipientAccountId":"111122223333"}`}}

	_, err = lake.PutAuditEvents(partner, audit.PutAuditEventsInput{ChannelARN: ch.ChannelARN, AuditEvents: event})
	fmt.Println(err != nil, errors.Is(err, audit.ErrChannelInsufficientPermission))
	out, err := lake.PutAuditEvents(partner, audit.PutAuditEventsInput{
		ChannelARN: ch.ChannelARN, ExternalID: "shared-secret-id", AuditEvents: event,
	})
	fmt.Println(err, len(out.Successful))
	// Output:
	// true true
	// <nil> 1
}
