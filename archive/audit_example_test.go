package archive_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
	"github.com/switchyard-go/switchyard/pattern"
)

// An application logs its own audit events to a Custom channel, as it
// would to CloudTrail Lake, and queries them back. (Use boltstore.Open
// instead of memstore.New to keep them on disk.)
func ExampleAuditLake() {
	ctx := context.Background()
	store := memstore.New()
	defer store.Close()

	ids := 0
	lake, err := archive.NewAuditLake(store,
		archive.WithAuditAccount("111122223333"),
		archive.WithAuditRegion("us-east-1"),
		// Fixed IDs and clock keep the example's output stable.
		archive.WithAuditIDs(func() string { ids++; return fmt.Sprintf("00000000-0000-4000-8000-%012d", ids) }),
		archive.WithAuditClock(func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) }),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer lake.Close(ctx)

	ch, err := lake.CreateChannel(ctx, archive.AuditChannelInput{Name: "my-app", Source: archive.AuditSourceCustom})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.ChannelARN)

	login := `{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice"},` +
		`"eventSource":"my-app.example.com","eventName":"Login","eventTime":"2024-05-01T10:00:00Z",` +
		`"UID":"req-1","recipientAccountId":"111122223333"}`
	noName := `{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"bob"},` +
		`"eventSource":"my-app.example.com","eventTime":"2024-05-01T10:05:00Z",` +
		`"UID":"req-2","recipientAccountId":"111122223333"}`
	out, err := lake.PutAuditEvents(ctx, ch.ChannelARN, []archive.AuditEvent{
		{ID: "a1", EventData: login},
		{ID: "a2", EventData: noName},
	}, "")
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
	err = lake.QueryAuditEvents(ctx, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), time.Time{}, logins,
		func(r archive.AuditRecord) error {
			fmt.Println(string(r.Data))
			return nil
		})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// arn:aws:cloudtrail:us-east-1:111122223333:channel/00000000-0000-4000-8000-000000000001
	// ok a1 00000000-0000-4000-8000-000000000002
	// failed a2 FieldNotFound: The required field eventName was not found in eventData.
	// {"eventVersion":"1.0","eventCategory":"ActivityAuditLog","eventType":"ActivityLog","eventID":"00000000-0000-4000-8000-000000000002","eventTime":"2024-05-01T10:00:00Z","awsRegion":"us-east-1","recipientAccountId":"111122223333","metadata":{"ingestionTime":"2024-05-01T12:00:00Z","channelARN":"arn:aws:cloudtrail:us-east-1:111122223333:channel/00000000-0000-4000-8000-000000000001"},"eventData":{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice"},"eventSource":"my-app.example.com","eventName":"Login","eventTime":"2024-05-01T10:00:00Z","UID":"req-1","recipientAccountId":"111122223333"}}
}
