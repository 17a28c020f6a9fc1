package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
	"github.com/switchyard-go/switchyard/audit"
)

func TestAuditPutAcceptsAndStores(t *testing.T) {
	ctx := context.Background()
	lake, store := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app") // channel ID ...0002 (the store has ...0001)
	data := auditData(t, nil)
	out, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{
		{ID: "e1", EventData: data},
		{ID: "e2", EventData: data, EventDataChecksum: auditSum(data)},
	}, "")
	require.NoError(t, err)
	require.Empty(t, out.Failed)
	require.Equal(t, []audit.AuditEventResultEntry{
		{ID: "e1", EventID: "00000000-0000-4000-8000-000000000003"},
		{ID: "e2", EventID: "00000000-0000-4000-8000-000000000004"},
	}, out.Successful)

	// The response marshals as CloudTrail's: both lists always present.
	b, err := json.Marshal(out)
	require.NoError(t, err)
	require.JSONEq(t, `{"failed":[],"successful":[
		{"id":"e1","eventID":"00000000-0000-4000-8000-000000000003"},
		{"id":"e2","eventID":"00000000-0000-4000-8000-000000000004"}]}`, string(b))

	// Each record: Time = eventTime, Ingested = clock, Seq from a counter,
	// Data = the event as CloudTrail Lake presents it.
	var recs []archive.Record
	require.NoError(t, store.Scan(ctx, time.Time{}, time.Time{}, func(r archive.Record) error {
		r.Data = append([]byte(nil), r.Data...)
		recs = append(recs, r)
		return nil
	}))
	require.Len(t, recs, 2)
	eventTime := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	for i, r := range recs {
		require.True(t, r.Time.Equal(eventTime), "record %d time %s", i, r.Time)
		require.True(t, r.Ingested.Equal(auditTestNow))
		require.Equal(t, uint64(i+1), r.Seq)
		want := fmt.Sprintf(`{"eventVersion":"1.0","eventCategory":"ActivityAuditLog","eventType":"ActivityLog",`+
			`"eventID":"%s","eventTime":"2024-05-01T10:00:00Z","awsRegion":"eu-west-1","recipientAccountId":"111122223333",`+
			`"metadata":{"ingestionTime":"2024-05-06T07:08:09Z","channelARN":"%s"},"eventData":%s}`,
			out.Successful[i].EventID, ch.ChannelARN, data)
		require.Equal(t, want, string(r.Data))
		require.True(t, json.Valid(r.Data))
	}

	got, err := lake.GetChannel(ctx, audit.GetChannelInput{Channel: ch.ChannelARN})
	require.NoError(t, err)
	require.Equal(t, audit.IngestionStatus{
		LatestIngestionSuccessTime:    auditTestNow,
		LatestIngestionSuccessEventID: "00000000-0000-4000-8000-000000000004",
		LatestIngestionAttemptTime:    auditTestNow,
		LatestIngestionAttemptEventID: "00000000-0000-4000-8000-000000000004",
	}, got.IngestionStatus)
}

func TestAuditPutByChannelID(t *testing.T) {
	lake, store := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app")
	id := ch.ChannelARN[strings.LastIndexByte(ch.ChannelARN, '/')+1:]
	// "The ARN or ID (the ARN suffix) of a channel."
	out, err := auditPut(lake, context.Background(), id, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}}, "")
	require.NoError(t, err)
	require.Len(t, out.Successful, 1)
	require.EqualValues(t, 1, auditCount(t, store))
}

func TestAuditPutRequestErrors(t *testing.T) {
	good := auditData(t, nil)
	one := []audit.AuditEvent{{ID: "1", EventData: good}}
	many := func(n int) []audit.AuditEvent {
		evs := make([]audit.AuditEvent, n)
		for i := range evs {
			evs[i] = audit.AuditEvent{ID: fmt.Sprint(i), EventData: good}
		}
		return evs
	}
	const chID = "00000000-0000-4000-8000-000000000002" // the ID source's second draw
	const arn = "arn:aws:cloudtrail:eu-west-1:111122223333:channel/" + chID
	tests := []struct {
		name       string
		channel    string
		events     []audit.AuditEvent
		externalID string
		code       string
		message    string
		sentinel   error
	}{
		{
			name: "no channel", channel: "", events: one, code: switchyard.CodeValidation,
			message:  "1 validation error detected: Value null at 'channelArn' failed to satisfy constraint: Member must not be null",
			sentinel: switchyard.ErrValidation,
		},
		{
			name: "no events", channel: arn, events: nil, code: switchyard.CodeValidation,
			message: "1 validation error detected: Value '[]' at 'auditEvents' failed to satisfy constraint: " +
				"Member must have length greater than or equal to 1",
		},
		{
			name: "101 events", channel: arn, events: many(101), code: switchyard.CodeValidation,
			message: "1 validation error detected: Value of 101 events at 'auditEvents' failed to satisfy constraint: " +
				"Member must have length less than or equal to 100",
		},
		{
			name: "empty id", channel: arn, events: []audit.AuditEvent{{ID: "", EventData: good}}, code: switchyard.CodeValidation,
			message: "1 validation error detected: Value null at 'auditEvents.1.member.id' failed to satisfy constraint: Member must not be null",
		},
		{
			name: "id with a dot", channel: arn, events: []audit.AuditEvent{{ID: "a", EventData: good}, {ID: "a.b", EventData: good}},
			code: switchyard.CodeValidation,
			message: "1 validation error detected: Value 'a.b' at 'auditEvents.2.member.id' failed to satisfy constraint: " +
				"Member must satisfy regular expression pattern: ^[-_A-Za-z0-9]+$",
		},
		{
			name: "id of 129 characters", channel: arn, events: []audit.AuditEvent{{ID: strings.Repeat("x", 129), EventData: good}},
			code: switchyard.CodeValidation,
		},
		{
			name: "external id too short", channel: arn, events: one, externalID: "x", code: switchyard.CodeValidation,
			message: "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: " +
				"Member must have length greater than or equal to 2",
		},
		{
			name: "external id with a space", channel: arn, events: one, externalID: "a b", code: switchyard.CodeValidation,
		},
		{
			name: "not an arn", channel: "not a channel!", events: one, code: audit.CodeInvalidChannelARN,
			message:  `The specified channel ARN is not a valid channel ARN: "not a channel!".`,
			sentinel: audit.ErrInvalidChannelARN,
		},
		{
			name: "arn of another resource", channel: "arn:aws:s3:::bucket", events: one, code: audit.CodeInvalidChannelARN,
		},
		{
			name: "unknown channel", channel: "arn:aws:cloudtrail:eu-west-1:111122223333:channel/00000000-0000-4000-8000-999999999999",
			events: one, code: audit.CodeChannelNotFound,
			message:  "The channel could not be found: arn:aws:cloudtrail:eu-west-1:111122223333:channel/00000000-0000-4000-8000-999999999999.",
			sentinel: audit.ErrChannelNotFound,
		},
		{
			name: "channel in another region", channel: "arn:aws:cloudtrail:us-west-2:111122223333:channel/" + chID,
			events: one, code: audit.CodeChannelNotFound,
		},
		{
			// An ARN naming another account's channel that does not exist.
			name: "channel of another account", channel: "arn:aws:cloudtrail:eu-west-1:444455556666:channel/" + chID,
			events: one, code: audit.CodeChannelNotFound,
		},
		{
			name: "event data store ARN", channel: auditEDS, events: one, code: audit.CodeInvalidChannelARN,
		},
		{
			name: "duplicate ids", channel: arn, externalID: "UniqueExternalIDFromPartner",
			events:   []audit.AuditEvent{{ID: "a", EventData: good}, {ID: "b", EventData: good}, {ID: "a", EventData: "{}"}},
			code:     audit.CodeDuplicatedAuditEventID,
			message:  "Two or more entries in the request have the same event ID: a.",
			sentinel: audit.ErrDuplicatedAuditEventID,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			lake, store := auditNewLake(t)
			ch := auditCustomChannel(t, lake, "partner")
			require.Equal(t, arn, ch.ChannelARN)
			out, err := auditPut(lake, ctx, tc.channel, tc.events, tc.externalID)
			require.Zero(t, out)
			auditRequireCode(t, err, tc.code, tc.message)
			if tc.sentinel != nil {
				require.ErrorIs(t, err, tc.sentinel)
			}
			require.Zero(t, auditCount(t, store), "a failed request must store nothing")
		})
	}
}

// TestAuditPutLimits checks the 100-event and 1 MB limits at their
// boundaries, with the default limits.
func TestAuditPutLimits(t *testing.T) {
	ctx := context.Background()
	lake, store := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app")

	// Exactly 100 events of exactly 1,048,576 bytes in all (id + eventData).
	const total = 1 << 20
	events := make([]audit.AuditEvent, 100)
	size := 0
	for i := range events {
		id := fmt.Sprintf("e%03d", i)
		events[i] = audit.AuditEvent{ID: id, EventData: auditData(t, func(m map[string]any) {
			m["requestParameters"] = map[string]any{"pad": ""}
		})}
		size += len(id) + len(events[i].EventData)
	}
	// Spread the remaining bytes over the pads (each stays under 100 kB).
	left := total - size
	for i := range events {
		n := left / (len(events) - i)
		left -= n
		events[i].EventData = strings.Replace(events[i].EventData, `"pad":""`, `"pad":"`+strings.Repeat("p", n)+`"`, 1)
	}
	sum := 0
	for _, ev := range events {
		sum += len(ev.ID) + len(ev.EventData)
	}
	require.Equal(t, total, sum)
	out, err := auditPut(lake, ctx, ch.ChannelARN, events, "")
	require.NoError(t, err)
	require.Len(t, out.Successful, 100)
	require.EqualValues(t, 100, auditCount(t, store))

	// One byte more (a checksum counts too) is over the limit.
	events[0].EventDataChecksum = "x"
	_, err = auditPut(lake, ctx, ch.ChannelARN, events, "")
	auditRequireCode(t, err, switchyard.CodeValidation,
		"Total size of the audit events in the request is 1048577 bytes, over the limit of 1048576 bytes.")
	require.EqualValues(t, 100, auditCount(t, store))
}

func TestAuditPutConfiguredLimits(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t, audit.WithMaxEvents(2), audit.WithMaxRequestBytes(10))
	ch := auditCustomChannel(t, lake, "app")
	ev := audit.AuditEvent{ID: "1", EventData: "{}"}
	_, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{ev, ev, ev}, "")
	auditRequireCode(t, err, switchyard.CodeValidation, "")
	_, err = auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: "0123456789"}}, "")
	auditRequireCode(t, err, switchyard.CodeValidation,
		"Total size of the audit events in the request is 11 bytes, over the limit of 10 bytes.")
}

// TestAuditPutEventErrors checks each per-event error code, one event at a
// time, with the message Switchyard gives (CloudTrail documents the codes
// but not its messages).
func TestAuditPutEventErrors(t *testing.T) {
	set := func(key string, v any) func(map[string]any) {
		return func(m map[string]any) { m[key] = v }
	}
	del := func(key string) func(map[string]any) {
		return func(m map[string]any) { delete(m, key) }
	}
	setID := func(key string, v any) func(map[string]any) {
		return func(m map[string]any) { auditIdentity(m)[key] = v }
	}
	delID := func(key string) func(map[string]any) {
		return func(m map[string]any) { delete(auditIdentity(m), key) }
	}
	pad := func(n int) map[string]any { // an object whose JSON is n bytes
		return map[string]any{"p": strings.Repeat("x", n-len(`{"p":""}`))}
	}
	type tc struct {
		name     string
		data     string // used when edit is nil
		edit     func(map[string]any)
		checksum string // "" none, "ok" the right one, else as given
		code     string // "" = accepted
		message  string
	}
	tests := []tc{
		{name: "all fields", edit: func(map[string]any) {}},
		{name: "only required fields", edit: func(m map[string]any) {
			for _, k := range []string{"userAgent", "requestParameters", "responseElements", "errorCode",
				"errorMessage", "sourceIPAddress", "additionalEventData"} {
				delete(m, k)
			}
			delete(auditIdentity(m), "details")
		}},
		{name: "optional fields null", edit: func(m map[string]any) {
			for _, k := range []string{"userAgent", "requestParameters", "errorCode", "sourceIPAddress", "additionalEventData"} {
				m[k] = nil
			}
			auditIdentity(m)["details"] = nil
		}},
		{name: "checksum ok", edit: func(map[string]any) {}, checksum: "ok"},

		// InvalidChecksum: base64(SHA-256(eventData)) must match.
		{name: "checksum of other data", edit: func(map[string]any) {}, checksum: auditSum("{}"),
			code: audit.CodeInvalidChecksum, message: "eventDataChecksum does not match the base64-encoded SHA-256 digest of eventData."},
		{name: "checksum not base64", edit: func(map[string]any) {}, checksum: "not base64!", code: audit.CodeInvalidChecksum},
		{name: "checksum checked before the schema", data: "not json", checksum: "AAAA", code: audit.CodeInvalidChecksum},

		// InvalidData: the document as a whole.
		{name: "empty", data: "", code: audit.CodeInvalidData, message: "eventData is not valid JSON."},
		{name: "not json", data: `{"version":`, code: audit.CodeInvalidData, message: "eventData is not valid JSON."},
		{name: "not utf-8", data: "{\"version\":\"\xff\"}", code: audit.CodeInvalidData, message: "eventData is not valid UTF-8."},
		{name: "array", data: `[1,2]`, code: audit.CodeInvalidData, message: "eventData must be a JSON object."},
		{name: "string", data: `"event"`, code: audit.CodeInvalidData, message: "eventData must be a JSON object."},
		{name: "unknown field", edit: set("eventVersion", "1.0"), code: audit.CodeInvalidData,
			message: `eventData has the field "eventVersion", which the CloudTrail Lake integrations event schema does not define.`},
		{name: "unknown identity field", edit: setID("arn", "x"), code: audit.CodeInvalidData,
			message: `userIdentity has the field "arn", which the CloudTrail Lake integrations event schema does not define.`},
		{name: "duplicate field", data: `{"version":"1","version":"2"}`, code: audit.CodeInvalidData,
			message: "eventData has the field version more than once."},
		{name: "escaped key is the same key", data: strings.Replace(auditData(t, nil), `"version"`, `"v\u0065rsion"`, 1)},
		{name: "escaped duplicate key", data: strings.Replace(auditData(t, nil), `"version":"1.0"`, `"version":"1.0","v\u0065rsion":"2"`, 1),
			code: audit.CodeInvalidData, message: "eventData has the field version more than once."},

		// FieldNotFound: each required field, missing or null.
		{name: "no version", edit: del("version"), code: audit.CodeFieldNotFound,
			message: "The required field version was not found in eventData."},
		{name: "null version", edit: set("version", nil), code: audit.CodeFieldNotFound},
		{name: "no userIdentity", edit: del("userIdentity"), code: audit.CodeFieldNotFound,
			message: "The required field userIdentity was not found in eventData."},
		{name: "no userIdentity.type", edit: delID("type"), code: audit.CodeFieldNotFound,
			message: "The required field userIdentity.type was not found in eventData."},
		{name: "no userIdentity.principalId", edit: delID("principalId"), code: audit.CodeFieldNotFound,
			message: "The required field userIdentity.principalId was not found in eventData."},
		{name: "no eventSource", edit: del("eventSource"), code: audit.CodeFieldNotFound},
		{name: "no eventName", edit: del("eventName"), code: audit.CodeFieldNotFound},
		{name: "no eventTime", edit: del("eventTime"), code: audit.CodeFieldNotFound},
		{name: "no UID", edit: del("UID"), code: audit.CodeFieldNotFound,
			message: "The required field UID was not found in eventData."},
		{name: "no recipientAccountId", edit: del("recipientAccountId"), code: audit.CodeFieldNotFound},
		{name: "empty object", data: `{}`, code: audit.CodeFieldNotFound,
			message: "The required field version was not found in eventData."},

		// InvalidData: wrong types and formats.
		{name: "version a number", edit: set("version", 1), code: audit.CodeInvalidData,
			message: "Field version must be a string, not a number."},
		{name: "userIdentity a string", edit: set("userIdentity", "alice"), code: audit.CodeInvalidData,
			message: "Field userIdentity must be a JSON object, not a string."},
		{name: "principalId a boolean", edit: setID("principalId", true), code: audit.CodeInvalidData,
			message: "Field userIdentity.principalId must be a string, not a boolean."},
		{name: "details an array", edit: setID("details", []any{1}), code: audit.CodeInvalidData,
			message: "Field userIdentity.details must be a JSON object, not an array."},
		{name: "requestParameters a string", edit: set("requestParameters", "a=b"), code: audit.CodeInvalidData},
		{name: "eventTime a number", edit: set("eventTime", 1714557600), code: audit.CodeInvalidData},
		{name: "eventTime a date", edit: set("eventTime", "2024-05-01"), code: audit.CodeInvalidData,
			message: `eventTime "2024-05-01" is not a timestamp in yyyy-MM-ddTHH:mm:ssZ format (UTC) between the years 1678 and 2262.`},
		{name: "eventTime with a space", edit: set("eventTime", "2024-05-01 10:00:00"), code: audit.CodeInvalidData},
		{name: "eventTime year 3000", edit: set("eventTime", "3000-01-01T00:00:00Z"), code: audit.CodeInvalidData},
		{name: "sourceIPAddress ipv6", edit: set("sourceIPAddress", "2001:db8::1")},
		{name: "sourceIPAddress a name", edit: set("sourceIPAddress", "example.com"), code: audit.CodeInvalidData,
			message: `sourceIPAddress "example.com" is not an IPv4 or IPv6 address.`},

		// FieldTooLong: the schema's limits, at and past each.
		{name: "version 256", edit: set("version", strings.Repeat("v", 256))},
		{name: "version 257", edit: set("version", strings.Repeat("v", 257)), code: audit.CodeFieldTooLong,
			message: "Field version is too long: 257 characters, the maximum is 256."},
		{name: "version 256 two-byte characters", edit: set("version", strings.Repeat("é", 256))},
		{name: "version 257 two-byte characters", edit: set("version", strings.Repeat("é", 257)), code: audit.CodeFieldTooLong},
		{name: "userIdentity.type 128", edit: setID("type", strings.Repeat("t", 128))},
		{name: "userIdentity.type 129", edit: setID("type", strings.Repeat("t", 129)), code: audit.CodeFieldTooLong,
			message: "Field userIdentity.type is too long: 129 characters, the maximum is 128."},
		{name: "principalId 1024", edit: setID("principalId", strings.Repeat("p", 1024))},
		{name: "principalId 1025", edit: setID("principalId", strings.Repeat("p", 1025)), code: audit.CodeFieldTooLong},
		{name: "userAgent 1025", edit: set("userAgent", strings.Repeat("u", 1025)), code: audit.CodeFieldTooLong},
		{name: "eventSource 1025", edit: set("eventSource", strings.Repeat("s", 1025)), code: audit.CodeFieldTooLong},
		{name: "eventName 1024", edit: set("eventName", strings.Repeat("n", 1024))},
		{name: "eventName 1025", edit: set("eventName", strings.Repeat("n", 1025)), code: audit.CodeFieldTooLong},
		{name: "UID 1025", edit: set("UID", strings.Repeat("i", 1025)), code: audit.CodeFieldTooLong},
		{name: "errorCode 256", edit: set("errorCode", strings.Repeat("c", 256))},
		{name: "errorCode 257", edit: set("errorCode", strings.Repeat("c", 257)), code: audit.CodeFieldTooLong},
		{name: "errorMessage 257", edit: set("errorMessage", strings.Repeat("m", 257)), code: audit.CodeFieldTooLong},
		{name: "requestParameters 100 kB", edit: set("requestParameters", pad(100*1024))},
		{name: "requestParameters over 100 kB", edit: set("requestParameters", pad(100*1024+1)), code: audit.CodeFieldTooLong,
			message: "Field requestParameters is too large: 102401 bytes, the maximum is 102400."},
		{name: "responseElements over 100 kB", edit: set("responseElements", pad(100*1024+1)), code: audit.CodeFieldTooLong},
		{name: "additionalEventData 28 kB", edit: set("additionalEventData", pad(28*1024))},
		{name: "additionalEventData over 28 kB", edit: set("additionalEventData", pad(28*1024+1)), code: audit.CodeFieldTooLong,
			message: "Field additionalEventData is too large: 28673 bytes, the maximum is 28672."},

		// InvalidRecipient: "The account ID must be the same as the AWS
		// account ID that owns the channel."
		{name: "other recipient", edit: set("recipientAccountId", "444455556666"), code: audit.CodeInvalidRecipient,
			message: `recipientAccountId "444455556666" is not valid: it must be the ID of the account that owns the channel, 111122223333.`},
		{name: "recipient a number", edit: set("recipientAccountId", 111122223333), code: audit.CodeInvalidData},

		// The first problem in schema order wins.
		{name: "two problems", edit: func(m map[string]any) { delete(m, "UID"); m["version"] = 7 },
			code: audit.CodeInvalidData, message: "Field version must be a string, not a number."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			lake, store := auditNewLake(t)
			ch := auditCustomChannel(t, lake, "app")
			data := tt.data
			if tt.edit != nil {
				data = auditData(t, tt.edit)
			}
			sum := tt.checksum
			if sum == "ok" {
				sum = auditSum(data)
			}
			out, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "ev-1", EventData: data, EventDataChecksum: sum}}, "")
			require.NoError(t, err)
			if tt.code == "" {
				require.Empty(t, out.Failed)
				require.Len(t, out.Successful, 1)
				require.EqualValues(t, 1, auditCount(t, store))
				return
			}
			require.Empty(t, out.Successful)
			require.Len(t, out.Failed, 1)
			f := out.Failed[0]
			require.Equal(t, "ev-1", f.ID)
			require.Equal(t, tt.code, f.ErrorCode, f.ErrorMessage)
			if tt.message != "" {
				require.Equal(t, tt.message, f.ErrorMessage)
			}
			require.NotEmpty(t, f.ErrorMessage)
			require.LessOrEqual(t, len(f.ErrorMessage), 1024) // ErrorMessage: 1-1024
			require.Zero(t, auditCount(t, store))
			got, err := lake.GetChannel(ctx, audit.GetChannelInput{Channel: ch.ChannelARN})
			require.NoError(t, err)
			require.Equal(t, tt.code, got.IngestionStatus.LatestIngestionErrorCode)
			require.True(t, got.IngestionStatus.LatestIngestionSuccessTime.IsZero())
		})
	}
}

// Issue 12: eventTime is exactly yyyy-MM-ddTHH:mm:ssZ, as the
// integrations event schema gives it ("yyyy-MM-DDTHH:mm:ss format, in
// Universal Coordinated Time (UTC)", CloudTrail User Guide, "CloudTrail
// Lake integrations event schema") and as the error message says:
// fractional seconds, offsets, a missing Z and short fields are
// InvalidData.
func TestAuditEventTimeStrict(t *testing.T) {
	ctx := context.Background()
	lake, store := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app")
	for _, tc := range []struct {
		time string
		ok   bool
	}{
		{"2024-05-01T10:00:00Z", true},
		{"2024-05-01T12:00:00.5+02:00", false},
		{"2024-05-01T10:00:00.000Z", false},
		{"2024-05-01T10:00:00+00:00", false},
		{"2024-05-01T10:00:00", false},
		{"2024-05-01T10:00:00z", false},
		{"2024-5-01T10:00:00Z", false},
		{"2024-05-01 10:00:00Z", false},
		{"2024-05-01T24:00:00Z", false},
		{"2024-02-30T10:00:00Z", false},
		{"1600-01-01T00:00:00Z", false}, // outside the store's key range
		{"+024-05-01T10:00:00Z", false},
	} {
		t.Run(tc.time, func(t *testing.T) {
			data := auditData(t, func(m map[string]any) { m["eventTime"] = tc.time })
			out, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: data}}, "")
			require.NoError(t, err)
			if tc.ok {
				require.Len(t, out.Successful, 1)
				return
			}
			require.Equal(t, []audit.ResultErrorEntry{{ID: "1", ErrorCode: audit.CodeInvalidData,
				ErrorMessage: `eventTime "` + tc.time + `" is not a timestamp in yyyy-MM-ddTHH:mm:ssZ format (UTC) between the years 1678 and 2262.`}}, out.Failed)
		})
	}
	require.Equal(t, int64(1), auditCount(t, store))
}

// Issue 12: eventData nested absurdly deep is rejected with a per-event
// InvalidData, never stored as a record that json.Valid refuses. The
// other events of the call are stored, and every stored record decodes.
func TestAuditEventDataDepth(t *testing.T) {
	ctx := context.Background()
	lake, store := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app")
	nest := func(n int) any {
		var v any = "leaf"
		for range n {
			v = []any{v}
		}
		return v
	}
	deepRaw := func(field string, n int) string {
		base := auditData(t, func(m map[string]any) { delete(m, field) })
		return base[:len(base)-1] + `,"` + field + `":{"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}}`
	}
	events := []audit.AuditEvent{
		{ID: "ok", EventData: auditData(t, func(m map[string]any) { m["requestParameters"] = map[string]any{"a": nest(997)} })},
		{ID: "request", EventData: deepRaw("requestParameters", 10000)},
		{ID: "response", EventData: deepRaw("responseElements", 1000)},
		{ID: "details", EventData: auditData(t, func(m map[string]any) { auditIdentity(m)["details"] = map[string]any{"x": nest(1000)} })},
	}
	out, err := auditPut(lake, ctx, ch.ChannelARN, events, "")
	require.NoError(t, err)
	require.Equal(t, []audit.AuditEventResultEntry{{ID: "ok", EventID: "00000000-0000-4000-8000-000000000003"}}, out.Successful)
	require.Len(t, out.Failed, 3)
	for _, f := range out.Failed {
		require.Equal(t, audit.CodeInvalidData, f.ErrorCode, f.ID)
		require.Contains(t, f.ErrorMessage, "eventData is nested more than 1000 levels deep", f.ID)
	}
	require.NoError(t, store.Scan(ctx, time.Time{}, time.Time{}, func(r archive.Record) error {
		var v any
		require.NoError(t, json.Unmarshal(r.Data, &v), "every stored record decodes")
		return nil
	}))
}

func TestAuditPutEventSources(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	partner, err := auditCreateChannel(lake, ctx, audit.CreateChannelInput{Name: "partner", Source: "ExamplePartner"})
	require.NoError(t, err)
	open := auditCustomChannel(t, lake, "open")
	tests := []struct {
		name, channel, source, code, message string
	}{
		{name: "partner source", channel: partner.ChannelARN, source: "ExamplePartner"},
		{name: "partner other", channel: partner.ChannelARN, source: "app.example.com", code: audit.CodeInvalidEventSource,
			message: `eventSource "app.example.com" is not valid for this channel: ` +
				"a channel for source ExamplePartner accepts only events whose eventSource is ExamplePartner."},
		{name: "custom any", channel: open.ChannelARN, source: "eventSource"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := auditData(t, func(m map[string]any) { m["eventSource"] = tc.source })
			out, err := auditPut(lake, ctx, tc.channel, []audit.AuditEvent{{ID: "1", EventData: data}}, "")
			require.NoError(t, err)
			if tc.code == "" {
				require.Len(t, out.Successful, 1)
				return
			}
			require.Equal(t, []audit.ResultErrorEntry{{ID: "1", ErrorCode: tc.code, ErrorMessage: tc.message}}, out.Failed)
		})
	}
}

// TestAuditPutMixed checks that bad events fail alone and the lists keep
// the call's order.
func TestAuditPutMixed(t *testing.T) {
	ctx := context.Background()
	lake, store := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app")
	good := auditData(t, nil)
	out, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{
		{ID: "a", EventData: good},
		{ID: "b", EventData: "{}"},
		{ID: "c", EventData: good, EventDataChecksum: auditSum(good)},
		{ID: "d", EventData: good, EventDataChecksum: auditSum(good + " ")},
		{ID: "e", EventData: good},
	}, "")
	require.NoError(t, err)
	ids := func(n int, f func(int) string) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = f(i)
		}
		return s
	}
	require.Equal(t, []string{"a", "c", "e"}, ids(len(out.Successful), func(i int) string { return out.Successful[i].ID }))
	require.Equal(t, []string{"b", "d"}, ids(len(out.Failed), func(i int) string { return out.Failed[i].ID }))
	require.Equal(t, []string{audit.CodeFieldNotFound, audit.CodeInvalidChecksum},
		ids(len(out.Failed), func(i int) string { return out.Failed[i].ErrorCode }))
	require.EqualValues(t, 3, auditCount(t, store))
	seen := map[string]bool{}
	for _, s := range out.Successful {
		require.False(t, seen[s.EventID], "event IDs must be unique")
		seen[s.EventID] = true
	}
}

func TestAuditPutStoreFailure(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("disk full")
	store := memstore.New()
	lake := auditLakeOn(t, auditFailingStore{Store: store, err: boom})
	ch := auditCustomChannel(t, lake, "app")
	out, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}}, "")
	require.Zero(t, out)
	auditRequireCode(t, err, audit.CodeInternalFailure, "Storing 1 accepted events in event data store "+auditEDS+" failed: disk full")
	require.ErrorIs(t, err, boom)
	require.ErrorIs(t, err, audit.ErrInternalFailure)

	// A call whose events all fail never touches the store.
	out, err = auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: "{}"}}, "")
	require.NoError(t, err)
	require.Len(t, out.Failed, 1)
}

func TestAuditPutHonoursContext(t *testing.T) {
	lake, store := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}}, "")
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, auditCount(t, store))
}

// The body of `aws cloudtrail-data put-audit-events` decodes into the
// input (CloudTrail Data API reference, PutAuditEvents: auditEvents of
// {id, eventData, eventDataChecksum}; channelArn and externalId travel in
// the query string).
func TestAuditPutInputJSON(t *testing.T) {
	var in audit.PutAuditEventsInput
	require.NoError(t, json.Unmarshal([]byte(`{"auditEvents":[{"id":"event_ID","eventData":"{\"version\":\"1.0\"}","eventDataChecksum":"abc="}]}`), &in))
	require.Equal(t, []audit.AuditEvent{{ID: "event_ID", EventData: `{"version":"1.0"}`, EventDataChecksum: "abc="}}, in.AuditEvents)
	b, err := json.Marshal(audit.PutAuditEventsOutput{
		Successful: []audit.AuditEventResultEntry{},
		Failed:     []audit.ResultErrorEntry{{ID: "x", ErrorCode: "InvalidData", ErrorMessage: "m"}},
	})
	require.NoError(t, err)
	require.JSONEq(t, `{"successful":[],"failed":[{"id":"x","errorCode":"InvalidData","errorMessage":"m"}]}`, string(b))
}
