package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/netip"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// This file validates eventData against the CloudTrail Lake integrations
// event schema ("Fields that are provided by customer events" in the
// CloudTrail User Guide page "CloudTrail Lake integrations event schema").
//
// The schema, in its own order:
//
//	field                      type         required  limit
//	version                    string       yes       256 characters
//	userIdentity               object       yes
//	  type                     string       yes       128 characters
//	  principalId              string       yes       1024 characters
//	  details                  object       no
//	userAgent                  string       no        1024 characters
//	eventSource                string       yes       1024 characters
//	eventName                  string       yes       1024 characters
//	eventTime                  string       yes       yyyy-MM-ddTHH:mm:ss, UTC
//	UID                        string       yes       1024 characters
//	requestParameters          object       no        100 kB
//	responseElements           object       no        100 kB
//	errorCode                  string       no        256 characters
//	errorMessage               string       no        256 characters
//	sourceIPAddress            string       no        an IPv4 or IPv6 address
//	recipientAccountId         string       yes       the channel owner's account
//	additionalEventData        object       no        28 kB
//
// An event gets one error code, for the first problem found: first the
// checksum (InvalidChecksum), then the document as a whole (InvalidData
// for text that is not UTF-8 JSON, a value that is not an object, a field
// the schema does not define or a field given twice), then each field in
// the order above: FieldNotFound when a required field is missing or null,
// InvalidData when it has the wrong JSON type or, for eventTime and
// sourceIPAddress, the wrong format, FieldTooLong past its limit,
// InvalidRecipient and InvalidEventSource for the values the channel does
// not accept. Optional fields may be null. Lengths count Unicode
// characters after JSON unescaping; object sizes count the bytes of the
// object's JSON text, with kB taken as 1024 bytes.

// auditKind is the JSON type a schema field must have.
type auditKind uint8

const (
	auditString auditKind = iota
	auditObject
)

// auditField is one field of the schema.
type auditField struct {
	name     string
	kind     auditKind
	required bool
	max      int // characters for strings, bytes for objects; 0 = no limit
}

// Positions of the top-level fields in auditSchema.
const (
	auditFVersion = iota
	auditFUserIdentity
	auditFUserAgent
	auditFEventSource
	auditFEventName
	auditFEventTime
	auditFUID
	auditFRequestParameters
	auditFResponseElements
	auditFErrorCode
	auditFErrorMessage
	auditFSourceIPAddress
	auditFRecipientAccountID
	auditFAdditionalEventData
	auditFieldCount
)

const auditKB = 1024

// auditSchema lists the top-level fields of eventData, indexed by the
// constants above.
var auditSchema = [auditFieldCount]auditField{
	auditFVersion:             {"version", auditString, true, 256},
	auditFUserIdentity:        {"userIdentity", auditObject, true, 0},
	auditFUserAgent:           {"userAgent", auditString, false, 1024},
	auditFEventSource:         {"eventSource", auditString, true, 1024},
	auditFEventName:           {"eventName", auditString, true, 1024},
	auditFEventTime:           {"eventTime", auditString, true, 0},
	auditFUID:                 {"UID", auditString, true, 1024},
	auditFRequestParameters:   {"requestParameters", auditObject, false, 100 * auditKB},
	auditFResponseElements:    {"responseElements", auditObject, false, 100 * auditKB},
	auditFErrorCode:           {"errorCode", auditString, false, 256},
	auditFErrorMessage:        {"errorMessage", auditString, false, 256},
	auditFSourceIPAddress:     {"sourceIPAddress", auditString, false, 0},
	auditFRecipientAccountID:  {"recipientAccountId", auditString, true, 0},
	auditFAdditionalEventData: {"additionalEventData", auditObject, false, 28 * auditKB},
}

// auditIdentitySchema lists the fields of eventData.userIdentity.
var auditIdentitySchema = [3]auditField{
	{"type", auditString, true, 128},
	{"principalId", auditString, true, 1024},
	{"details", auditObject, false, 0},
}

// auditFailure is why one event was rejected.
type auditFailure struct {
	code, message string
}

func auditFail(code, format string, args ...any) *auditFailure {
	return &auditFailure{code: code, message: fmt.Sprintf(format, args...)}
}

// auditValid is what ingestion needs from an event that passed validation.
type auditValid struct {
	eventTime time.Time
}

// auditCheckChecksum reports whether sum, when given, is the base64
// SHA-256 digest of data ("printf %s $eventdata | openssl dgst -binary
// -sha256 | base64").
func auditCheckChecksum(data, sum string) *auditFailure {
	if sum == "" {
		return nil
	}
	got, err := base64.StdEncoding.DecodeString(sum)
	want := sha256.Sum256([]byte(data))
	if err != nil || !bytes.Equal(got, want[:]) {
		return auditFail(AuditCodeInvalidChecksum,
			"eventDataChecksum does not match the base64-encoded SHA-256 digest of eventData.")
	}
	return nil
}

// auditValidate checks eventData against the schema for a channel owned by
// account. It never panics, whatever data holds.
func auditValidate(data, account string, ch *auditChannel) (auditValid, *auditFailure) {
	var fields [auditFieldCount]gjson.Result
	if f := auditCollect(data, "eventData", auditSchema[:], fields[:]); f != nil {
		return auditValid{}, f
	}
	var out auditValid
	for i := range auditSchema {
		spec := &auditSchema[i]
		v := fields[i]
		if f := auditCheckField("", spec, v); f != nil {
			return auditValid{}, f
		}
		if !v.Exists() || v.Type == gjson.Null {
			continue
		}
		switch i {
		case auditFUserIdentity:
			var idf [len(auditIdentitySchema)]gjson.Result
			if f := auditCollect(v.Raw, "userIdentity", auditIdentitySchema[:], idf[:]); f != nil {
				return auditValid{}, f
			}
			for j := range auditIdentitySchema {
				if f := auditCheckField("userIdentity.", &auditIdentitySchema[j], idf[j]); f != nil {
					return auditValid{}, f
				}
			}
		case auditFEventSource:
			if !ch.acceptsSource(v.Str) {
				if ch.source != AuditSourceCustom {
					return auditValid{}, auditFail(AuditCodeInvalidEventSource,
						"eventSource %q is not valid for this channel: a channel for source %s accepts only events whose eventSource is %s.",
						auditClip(v.Str), auditClip(ch.source), auditClip(ch.source))
				}
				return auditValid{}, auditFail(AuditCodeInvalidEventSource,
					"eventSource %q is not one of the event sources this channel accepts.", auditClip(v.Str))
			}
		case auditFEventTime:
			t, ok := auditParseTime(v.Str)
			if !ok {
				return auditValid{}, auditFail(AuditCodeInvalidData,
					"eventTime %q is not a timestamp in yyyy-MM-ddTHH:mm:ssZ format (UTC) between the years 1678 and 2262.",
					auditClip(v.Str))
			}
			out.eventTime = t
		case auditFSourceIPAddress:
			if _, err := netip.ParseAddr(v.Str); err != nil {
				return auditValid{}, auditFail(AuditCodeInvalidData,
					"sourceIPAddress %q is not an IPv4 or IPv6 address.", auditClip(v.Str))
			}
		case auditFRecipientAccountID:
			if v.Str != account {
				return auditValid{}, auditFail(AuditCodeInvalidRecipient,
					"recipientAccountId %q is not valid: it must be the ID of the account that owns the channel, %s.",
					auditClip(v.Str), account)
			}
		}
	}
	return out, nil
}

// auditCollect checks that doc is a UTF-8 JSON object whose keys are all in
// schema, each once, and puts each key's value at its schema position in
// out. what names the object in messages.
func auditCollect(doc, what string, schema []auditField, out []gjson.Result) *auditFailure {
	if !utf8.ValidString(doc) {
		return auditFail(AuditCodeInvalidData, "%s is not valid UTF-8.", what)
	}
	if !gjson.Valid(doc) {
		return auditFail(AuditCodeInvalidData, "%s is not valid JSON.", what)
	}
	root := gjson.Parse(doc)
	if !root.IsObject() {
		return auditFail(AuditCodeInvalidData, "%s must be a JSON object.", what)
	}
	var fail *auditFailure
	root.ForEach(func(key, value gjson.Result) bool {
		for i := range schema {
			if schema[i].name != key.Str {
				continue
			}
			if out[i].Exists() {
				fail = auditFail(AuditCodeInvalidData, "%s has the field %s more than once.", what, key.Str)
				return false
			}
			out[i] = value
			return true
		}
		fail = auditFail(AuditCodeInvalidData,
			"%s has the field %q, which the CloudTrail Lake integrations event schema does not define.",
			what, auditClip(key.Str))
		return false
	})
	return fail
}

// auditCheckField checks one field's presence, type and length. prefix is
// the path of the enclosing object, for messages.
func auditCheckField(prefix string, spec *auditField, v gjson.Result) *auditFailure {
	if !v.Exists() || v.Type == gjson.Null {
		if spec.required {
			return auditFail(AuditCodeFieldNotFound,
				"The required field %s%s was not found in eventData.", prefix, spec.name)
		}
		return nil
	}
	switch spec.kind {
	case auditString:
		if v.Type != gjson.String {
			return auditFail(AuditCodeInvalidData,
				"Field %s%s must be a string, not %s.", prefix, spec.name, auditJSONType(v))
		}
		if spec.max > 0 {
			if n := utf8.RuneCountInString(v.Str); n > spec.max {
				return auditFail(AuditCodeFieldTooLong,
					"Field %s%s is too long: %d characters, the maximum is %d.", prefix, spec.name, n, spec.max)
			}
		}
	case auditObject:
		if !v.IsObject() {
			return auditFail(AuditCodeInvalidData,
				"Field %s%s must be a JSON object, not %s.", prefix, spec.name, auditJSONType(v))
		}
		if spec.max > 0 && len(v.Raw) > spec.max {
			return auditFail(AuditCodeFieldTooLong,
				"Field %s%s is too large: %d bytes, the maximum is %d.", prefix, spec.name, len(v.Raw), spec.max)
		}
	}
	return nil
}

func auditJSONType(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return "a string"
	case gjson.Number:
		return "a number"
	case gjson.True, gjson.False:
		return "a boolean"
	case gjson.Null:
		return "null"
	}
	if v.IsArray() {
		return "an array"
	}
	return "an object"
}

// auditParseTime parses eventTime: RFC 3339 ("2021-10-27T12:13:14Z",
// fractional seconds and offsets allowed) or the schema's bare
// yyyy-MM-ddTHH:mm:ss, read as UTC. The result must fit a Store key.
func auditParseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse("2006-01-02T15:04:05", s)
		if err != nil {
			return time.Time{}, false
		}
	}
	if _, err := UnixNano(t); err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
