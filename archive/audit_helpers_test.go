package archive_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
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
//   - CloudTrail API reference, CreateChannel:
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

// auditTestNow is the fixed ingestion time of the test lakes.
var auditTestNow = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

// auditIDs returns a generator of distinct UUID-shaped IDs: ...-000000000001,
// ...-000000000002 and so on.
func auditIDs() func() string {
	var n atomic.Uint64
	return func() string {
		return fmt.Sprintf("00000000-0000-4000-8000-%012d", n.Add(1))
	}
}

// auditNewLake returns a lake over a fresh memstore with a fixed clock and
// stable IDs.
func auditNewLake(t testing.TB, opts ...archive.AuditOption) (*archive.AuditLake, *memstore.Store) {
	t.Helper()
	store := memstore.New()
	base := []archive.AuditOption{
		archive.WithAuditAccount(auditTestAccount),
		archive.WithAuditRegion(auditTestRegion),
		archive.WithAuditClock(func() time.Time { return auditTestNow }),
		archive.WithAuditIDs(auditIDs()),
	}
	lake, err := archive.NewAuditLake(store, append(base, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, lake.Close(context.Background()))
		require.NoError(t, store.Close())
	})
	return lake, store
}

// auditCustomChannel creates a Custom channel named name.
func auditCustomChannel(t testing.TB, lake *archive.AuditLake, name string) archive.AuditChannel {
	t.Helper()
	ch, err := lake.CreateChannel(context.Background(), archive.AuditChannelInput{Name: name, Source: archive.AuditSourceCustom})
	require.NoError(t, err)
	return ch
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
