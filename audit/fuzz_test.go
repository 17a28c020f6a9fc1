package audit

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/switchyard-go/switchyard/archive"
)

// FuzzAuditEventData feeds arbitrary eventData (and checksums) to the
// validator. It must never panic; a rejected event must carry one of
// CloudTrail's per-event codes and a message within CloudTrail's 1024
// characters; an accepted event must be a JSON object whose required fields
// are strings, its eventTime exactly yyyy-MM-ddTHH:mm:ssZ, and the record
// built from it must be valid JSON that encoding/json decodes (issue 12).
func FuzzAuditEventData(f *testing.F) {
	valid := `{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice","details":{"k":"v"}},` +
		`"userAgent":"ua","eventSource":"app.example.com","eventName":"Login","eventTime":"2024-05-01T10:00:00Z",` +
		`"UID":"req-1","requestParameters":{"a":1},"responseElements":null,"errorCode":"E","errorMessage":"m",` +
		`"sourceIPAddress":"2001:db8::1","recipientAccountId":"111122223333","additionalEventData":{}}`
	for _, seed := range []string{
		valid,
		`{}`, `[]`, `null`, `"x"`, ``, `{"version":`, "{\"version\":\"\xff\"}",
		`{"version":"1","version":"2"}`,
		`{"version":"1.0","userIdentity":"alice"}`,
		`{"version":"1.0","userIdentity":{"type":1,"principalId":"p"}}`,
		`{"version":"1.0","userIdentity":{"type":"t","principalId":"p","extra":1}}`,
		`{"version":"1.0","userIdentity":{"type":"t","principalId":"p"},"eventSource":"s","eventName":"n",` +
			`"eventTime":"99999-01-01T00:00:00Z","UID":"u","recipientAccountId":"111122223333"}`,
		`{"version":"1.0","userIdentity":{"type":"t","principalId":"p"},"eventSource":"s","eventName":"n",` +
			`"eventTime":"2024-05-01T10:00:00","UID":"u","recipientAccountId":"999999999999"}`,
		`{"v\u0065rsion":"1.0"}`,
		// Issue 12: an eventTime with fractions or an offset, and eventData
		// nested deeper than encoding/json reads.
		`{"version":"1.0","userIdentity":{"type":"t","principalId":"p"},"eventSource":"s","eventName":"n",` +
			`"eventTime":"2024-05-01T10:00:00.5+02:00","UID":"u","recipientAccountId":"111122223333"}`,
		`{"version":"1.0","userIdentity":{"type":"t","principalId":"p"},"eventSource":"s","eventName":"n",` +
			`"eventTime":"2024-05-01T10:00:00Z","UID":"u","recipientAccountId":"111122223333","requestParameters":{"a":` +
			strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}}`,
	} {
		f.Add(seed, "", true)
		f.Add(seed, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", false) // SHA-256 of ""
	}
	codes := []string{CodeFieldTooLong, CodeFieldNotFound, CodeInvalidChecksum,
		CodeInvalidData, CodeInvalidRecipient, CodeInvalidEventSource}
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data, sum string, custom bool) {
		ch := &channel{id: "c", arn: "arn:aws:cloudtrail:us-east-1:111122223333:channel/c", account: "111122223333", source: "app.example.com"}
		if custom {
			ch.source = SourceCustom
		}
		fail := checkChecksum(data, sum)
		var v validEvent
		if fail == nil {
			v, fail = validate(data, ch)
		}
		if fail != nil {
			if !slices.Contains(codes, fail.code) {
				t.Fatalf("unknown code %q", fail.code)
			}
			if fail.message == "" || utf8.RuneCountInString(fail.message) > 1024 || !utf8.ValidString(fail.message) {
				t.Fatalf("bad message %q", fail.message)
			}
			return
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(data), &doc); err != nil {
			t.Fatalf("accepted eventData that encoding/json rejects: %v", err)
		}
		for _, k := range []string{"version", "eventSource", "eventName", "eventTime", "UID", "recipientAccountId"} {
			if _, ok := doc[k].(string); !ok {
				t.Fatalf("accepted eventData whose %s is %T", k, doc[k])
			}
		}
		id, ok := doc["userIdentity"].(map[string]any)
		if !ok {
			t.Fatalf("accepted eventData whose userIdentity is %T", doc["userIdentity"])
		}
		if _, ok := id["principalId"].(string); !ok {
			t.Fatalf("accepted eventData whose principalId is %T", id["principalId"])
		}
		if _, err := archive.UnixNano(v.eventTime); err != nil {
			t.Fatalf("accepted eventTime out of range: %v", err)
		}
		if et, _ := doc["eventTime"].(string); len(et) != 20 || et[19] != 'Z' {
			t.Fatalf("accepted eventTime %q", et)
		}
		rec := recordData(nil, "00000000-0000-4000-8000-000000000001", v.eventTime, now,
			"us-east-1", "111122223333", ch.arn, data)
		// Decoded with UseNumber, since a number like 1e400 is valid JSON
		// that no float64 holds.
		dec := json.NewDecoder(bytes.NewReader(rec))
		dec.UseNumber()
		var decoded any
		if !json.Valid(rec) || dec.Decode(&decoded) != nil {
			t.Fatalf("record is not valid JSON: %.200s", rec)
		}
	})
}
