package audit_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
	"github.com/switchyard-go/switchyard/audit"
)

// References for the audit tests:
//   - CloudTrail Data API reference, PutAuditEvents:
//     https://docs.aws.amazon.com/awscloudtraildata/latest/APIReference/API_PutAuditEvents.html
//     (1-100 events or up to 1 MB per call; AuditEvent.id 1-128 [-_A-Za-z0-9];
//     externalId 2-1224 [\w+=,.@:\/-]; exceptions ChannelInsufficientPermission,
//     ChannelNotFound, InvalidChannelARN, ChannelUnsupportedSchema,
//     DuplicatedAuditEventId, UnsupportedOperationException; per-event codes
//     FieldTooLong, FieldNotFound, InvalidChecksum, InvalidData,
//     InvalidRecipient, InvalidEventSource).
//   - CloudTrail Lake integrations event schema:
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-integration-event-schema.html
//     (required fields, length limits, fields CloudTrail adds on ingestion).
//   - CloudTrail API reference, CreateEventDataStore, GetEventDataStore,
//     UpdateEventDataStore, DeleteEventDataStore, ListEventDataStores,
//     PutResourcePolicy (channel policy rules), CreateChannel:
//     https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateChannel.html
//     (Name 3-128 ^[a-zA-Z0-9._\-]+$, Source 1-256, "Custom" or a partner,
//     one channel per source).
//   - Create, update, and manage CloudTrail Lake integrations with the AWS CLI:
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/lake-integrations-cli.html
//     (checksum = printf %s $eventdata | openssl dgst -binary -sha256 | base64;
//     destination type EVENT_DATA_STORE; external ID in the resource policy).

const (
	auditTestAccount = "111122223333"
	auditTestRegion  = "eu-west-1"
)

// auditTestNow is the fixed time of the test lakes' clock.
var auditTestNow = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

// auditClock is a settable clock.
type auditClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *auditClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *auditClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// auditIDs returns a generator of distinct UUIDs: ...-000000000001,
// ...-000000000002 and so on.
func auditIDs() func() string {
	var n atomic.Uint64
	return func() string {
		return fmt.Sprintf("00000000-0000-4000-8000-%012d", n.Add(1))
	}
}

// auditSelectExternal is the selector of an event data store for events
// from outside AWS, as in the CloudTrail User Guide's CLI walkthrough.
var auditSelectExternal = []audit.AdvancedEventSelector{{
	Name:           "Select all external events",
	FieldSelectors: []audit.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"ActivityAuditLog"}}},
}}

// auditNewLake returns a lake with a fixed clock and stable IDs, whose
// first event data store, "eds" (ID ...0001), the helpers create. The
// store returned is that event data store's archive.Store, a memstore
// (or what the test's WithStoreFactory returns first).
func auditNewLake(t testing.TB, opts ...audit.Option) (*audit.Lake, archive.Store) {
	t.Helper()
	var first archive.Store
	var mu sync.Mutex
	base := []audit.Option{
		audit.WithDefaultCaller(auditTestAccount, auditTestRegion),
		audit.WithClock(&auditClock{now: auditTestNow}),
		audit.WithIDs(auditIDs()),
		audit.WithStoreFactory(func(string) (archive.Store, error) {
			s := memstore.New()
			mu.Lock()
			if first == nil {
				first = s
			}
			mu.Unlock()
			return s, nil
		}),
	}
	lake, err := audit.New(append(base, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, lake.Close(context.Background())) })
	_, err = lake.CreateEventDataStore(context.Background(), audit.CreateEventDataStoreInput{
		Name: "eds", AdvancedEventSelectors: auditSelectExternal,
	})
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	return lake, first
}

// auditEDS is the ARN of the event data store auditNewLake creates.
const auditEDS = "arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/00000000-0000-4000-8000-000000000001"

// auditCreateChannel calls CreateChannel, with the lake's "eds" as the
// destination when in names none.
func auditCreateChannel(lake *audit.Lake, ctx context.Context, in audit.CreateChannelInput) (audit.CreateChannelOutput, error) {
	if in.Destinations == nil {
		in.Destinations = []audit.Destination{{Type: audit.DestinationEventDataStore, Location: auditEDS}}
	}
	return lake.CreateChannel(ctx, in)
}

// auditCustomChannel creates a Custom channel named name logging to "eds".
func auditCustomChannel(t testing.TB, lake *audit.Lake, name string) audit.CreateChannelOutput {
	t.Helper()
	ch, err := auditCreateChannel(lake, context.Background(), audit.CreateChannelInput{Name: name, Source: audit.SourceCustom})
	require.NoError(t, err)
	return ch
}

// auditPut is PutAuditEvents with the members as arguments.
func auditPut(lake *audit.Lake, ctx context.Context, channel string, events []audit.AuditEvent, externalID string) (audit.PutAuditEventsOutput, error) {
	return lake.PutAuditEvents(ctx, audit.PutAuditEventsInput{ChannelARN: channel, AuditEvents: events, ExternalID: externalID})
}

// auditQuery queries the lake's "eds".
func auditQuery(lake *audit.Lake, ctx context.Context, from, to time.Time, filter switchyard.Filter, fn func(audit.Record) error) error {
	return lake.Query(ctx, audit.QueryInput{EventDataStore: auditEDS, StartTime: from, EndTime: to, Filter: filter}, fn)
}

// auditDeleteChannel deletes a channel by ARN or ID.
func auditDeleteChannel(lake *audit.Lake, ctx context.Context, ref string) error {
	_, err := lake.DeleteChannel(ctx, audit.DeleteChannelInput{Channel: ref})
	return err
}

// auditListChannels lists every channel of the caller.
func auditListChannels(lake *audit.Lake, ctx context.Context) ([]audit.Channel, error) {
	out, err := lake.ListChannels(ctx, audit.ListChannelsInput{})
	return out.Channels, err
}

// auditBase returns a valid eventData as a map, with every schema field.
func auditBase() map[string]any {
	return map[string]any{
		"version": "1.0",
		"userIdentity": map[string]any{
			"type":        "CustomUserIdentity",
			"principalId": "alice",
			"details":     map[string]any{"team": "payments"},
		},
		"userAgent":           "switchyard-test/1.0",
		"eventSource":         "app.example.com",
		"eventName":           "Login",
		"eventTime":           "2024-05-01T10:00:00Z",
		"UID":                 "req-1",
		"requestParameters":   map[string]any{"user": "alice"},
		"responseElements":    map[string]any{"ok": true},
		"errorCode":           "None",
		"errorMessage":        "no error",
		"sourceIPAddress":     "192.0.2.10",
		"recipientAccountId":  auditTestAccount,
		"additionalEventData": map[string]any{"mfa": true},
	}
}

// auditData marshals auditBase after edit changed it.
func auditData(t testing.TB, edit func(m map[string]any)) string {
	t.Helper()
	m := auditBase()
	if edit != nil {
		edit(m)
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return string(b)
}

// auditIdentity returns the userIdentity map of m, for edits.
func auditIdentity(m map[string]any) map[string]any {
	return m["userIdentity"].(map[string]any)
}

// auditSum is the checksum CloudTrail expects: base64(SHA-256(data)).
func auditSum(data string) string {
	h := sha256.Sum256([]byte(data))
	return base64.StdEncoding.EncodeToString(h[:])
}

// auditRequireCode checks that err is a *switchyard.Error with code and,
// when msg is not empty, that message.
func auditRequireCode(t testing.TB, err error, code, msg string) {
	t.Helper()
	require.Error(t, err)
	var se *switchyard.Error
	require.True(t, errors.As(err, &se), "error %v is not a *switchyard.Error", err)
	require.Equal(t, code, se.Code, "error: %v", err)
	require.ErrorIs(t, err, &switchyard.Error{Code: code})
	if msg != "" {
		require.Equal(t, msg, se.Message)
	}
}

// auditCount returns how many records the store holds.
func auditCount(t testing.TB, s archive.Store) int64 {
	t.Helper()
	st, err := s.Stats(context.Background())
	require.NoError(t, err)
	return st.Count
}

// auditFailingStore is a Store whose Append fails with err.
type auditFailingStore struct {
	archive.Store
	err error
}

func (s auditFailingStore) Append(context.Context, []archive.Record) error { return s.err }

// auditLakeOn returns a lake like auditNewLake's whose "eds" keeps its
// events in store. The lake closes store when the test ends.
func auditLakeOn(t testing.TB, store archive.Store, opts ...audit.Option) *audit.Lake {
	t.Helper()
	base := []audit.Option{
		audit.WithDefaultCaller(auditTestAccount, auditTestRegion),
		audit.WithClock(&auditClock{now: auditTestNow}),
		audit.WithIDs(auditIDs()),
		audit.WithStoreFactory(func(string) (archive.Store, error) { return store, nil }),
	}
	lake, err := audit.New(append(base, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = lake.Close(context.Background()) })
	_, err = lake.CreateEventDataStore(context.Background(), audit.CreateEventDataStoreInput{
		Name: "eds", AdvancedEventSelectors: auditSelectExternal,
	})
	require.NoError(t, err)
	return lake
}
