package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/netip"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard/archive"
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
//	eventTime                  string       yes       yyyy-MM-ddTHH:mm:ssZ, UTC
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
// for text that is not UTF-8 JSON, JSON nested deeper than
// MaxEventDataDepth, a value that is not an object, a field the schema
// does not define or a field given twice), then each field in
// the order above: FieldNotFound when a required field is missing or null,
// InvalidData when it has the wrong JSON type or, for eventTime and
// sourceIPAddress, the wrong format, FieldTooLong past its limit,
// InvalidRecipient and InvalidEventSource for the values the channel does
// not accept. Optional fields may be null. Lengths count Unicode
// characters after JSON unescaping; object sizes count the bytes of the
// object's JSON text, with kB taken as 1024 bytes.

// kind is the JSON type a schema field must have.
type kind uint8

const (
	kindString kind = iota
	kindObject
)

// field is one field of the schema.
type field struct {
	name     string
	kind     kind
	required bool
	max      int // characters for strings, bytes for objects; 0 = no limit
}

// Positions of the top-level fields in schema.
const (
	fVersion = iota
	fUserIdentity
	fUserAgent
	fEventSource
	fEventName
	fEventTime
	fUID
	fRequestParameters
	fResponseElements
	fErrorCode
	fErrorMessage
	fSourceIPAddress
	fRecipientAccountID
	fAdditionalEventData
	fieldCount
)

const kB = 1024

// schema lists the top-level fields of eventData, indexed by the
// constants above.
var schema = [fieldCount]field{
	fVersion:             {"version", kindString, true, 256},
	fUserIdentity:        {"userIdentity", kindObject, true, 0},
	fUserAgent:           {"userAgent", kindString, false, 1024},
	fEventSource:         {"eventSource", kindString, true, 1024},
	fEventName:           {"eventName", kindString, true, 1024},
	fEventTime:           {"eventTime", kindString, true, 0},
	fUID:                 {"UID", kindString, true, 1024},
	fRequestParameters:   {"requestParameters", kindObject, false, 100 * kB},
	fResponseElements:    {"responseElements", kindObject, false, 100 * kB},
	fErrorCode:           {"errorCode", kindString, false, 256},
	fErrorMessage:        {"errorMessage", kindString, false, 256},
	fSourceIPAddress:     {"sourceIPAddress", kindString, false, 0},
	fRecipientAccountID:  {"recipientAccountId", kindString, true, 0},
	fAdditionalEventData: {"additionalEventData", kindObject, false, 28 * kB},
}

// identitySchema lists the fields of eventData.userIdentity.
var identitySchema = [3]field{
	{"type", kindString, true, 128},
	{"principalId", kindString, true, 1024},
	{"details", kindObject, false, 0},
}

// failure is why one event was rejected.
type failure struct {
	code, message string
}

func fail(code, format string, args ...any) *failure {
	return &failure{code: code, message: fmt.Sprintf(format, args...)}
}

// validEvent is what ingestion needs from an event that passed validation.
type validEvent struct {
	eventTime time.Time
}

// checkChecksum reports whether sum, when given, is the base64
// SHA-256 digest of data ("printf %s $eventdata | openssl dgst -binary
// -sha256 | base64").
func checkChecksum(data, sum string) *failure {
	if sum == "" {
		return nil
	}
	got, err := base64.StdEncoding.DecodeString(sum)
	want := sha256.Sum256([]byte(data))
	if err != nil || !bytes.Equal(got, want[:]) {
		return fail(CodeInvalidChecksum,
			"eventDataChecksum does not match the base64-encoded SHA-256 digest of eventData.")
	}
	return nil
}

// validate checks eventData against the schema for channel ch. It never
// panics, whatever data holds.
func validate(data string, ch *channel) (validEvent, *failure) {
	var fields [fieldCount]gjson.Result
	if f := collect(data, "eventData", schema[:], fields[:]); f != nil {
		return validEvent{}, f
	}
	var out validEvent
	for i := range schema {
		spec := &schema[i]
		v := fields[i]
		if f := checkField("", spec, v); f != nil {
			return validEvent{}, f
		}
		if !v.Exists() || v.Type == gjson.Null {
			continue
		}
		switch i {
		case fUserIdentity:
			var idf [len(identitySchema)]gjson.Result
			if f := collect(v.Raw, "userIdentity", identitySchema[:], idf[:]); f != nil {
				return validEvent{}, f
			}
			for j := range identitySchema {
				if f := checkField("userIdentity.", &identitySchema[j], idf[j]); f != nil {
					return validEvent{}, f
				}
			}
		case fEventSource:
			if !ch.acceptsSource(v.Str) {
				return validEvent{}, fail(CodeInvalidEventSource,
					"eventSource %q is not valid for this channel: a channel for source %s accepts only events whose eventSource is %s.",
					clip(v.Str), clip(ch.source), clip(ch.source))
			}
		case fEventTime:
			t, ok := parseEventTime(v.Str)
			if !ok {
				return validEvent{}, fail(CodeInvalidData,
					"eventTime %q is not a timestamp in yyyy-MM-ddTHH:mm:ssZ format (UTC) between the years 1678 and 2262.",
					clip(v.Str))
			}
			out.eventTime = t
		case fSourceIPAddress:
			if _, err := netip.ParseAddr(v.Str); err != nil {
				return validEvent{}, fail(CodeInvalidData,
					"sourceIPAddress %q is not an IPv4 or IPv6 address.", clip(v.Str))
			}
		case fRecipientAccountID:
			if v.Str != ch.account {
				return validEvent{}, fail(CodeInvalidRecipient,
					"recipientAccountId %q is not valid: it must be the ID of the account that owns the channel, %s.",
					clip(v.Str), ch.account)
			}
		}
	}
	return out, nil
}

// collect checks that doc is a UTF-8 JSON object whose keys are all in
// schema, each once, and puts each key's value at its schema position in
// out. what names the object in messages.
func collect(doc, what string, schema []field, out []gjson.Result) *failure {
	if !utf8.ValidString(doc) {
		return fail(CodeInvalidData, "%s is not valid UTF-8.", what)
	}
	// Valid JSON nested deeper than the limit has more than two bytes per
	// level, so a shorter document needs no scan.
	if len(doc) > 2*MaxEventDataDepth {
		if depth, ok := jsonDepth(doc, MaxEventDataDepth); !ok {
			return fail(CodeInvalidData, "%s is nested more than %d levels deep (at least %d).", what, MaxEventDataDepth, depth)
		}
	}
	if !gjson.Valid(doc) {
		return fail(CodeInvalidData, "%s is not valid JSON.", what)
	}
	root := gjson.Parse(doc)
	if !root.IsObject() {
		return fail(CodeInvalidData, "%s must be a JSON object.", what)
	}
	var bad *failure
	root.ForEach(func(key, value gjson.Result) bool {
		for i := range schema {
			if schema[i].name != key.Str {
				continue
			}
			if out[i].Exists() {
				bad = fail(CodeInvalidData, "%s has the field %s more than once.", what, key.Str)
				return false
			}
			out[i] = value
			return true
		}
		bad = fail(CodeInvalidData,
			"%s has the field %q, which the CloudTrail Lake integrations event schema does not define.",
			what, clip(key.Str))
		return false
	})
	return bad
}

// checkField checks one field's presence, type and length. prefix is
// the path of the enclosing object, for messages.
func checkField(prefix string, spec *field, v gjson.Result) *failure {
	if !v.Exists() || v.Type == gjson.Null {
		if spec.required {
			return fail(CodeFieldNotFound,
				"The required field %s%s was not found in eventData.", prefix, spec.name)
		}
		return nil
	}
	switch spec.kind {
	case kindString:
		if v.Type != gjson.String {
			return fail(CodeInvalidData,
				"Field %s%s must be a string, not %s.", prefix, spec.name, jsonType(v))
		}
		if spec.max > 0 {
			if n := utf8.RuneCountInString(v.Str); n > spec.max {
				return fail(CodeFieldTooLong,
					"Field %s%s is too long: %d characters, the maximum is %d.", prefix, spec.name, n, spec.max)
			}
		}
	case kindObject:
		if !v.IsObject() {
			return fail(CodeInvalidData,
				"Field %s%s must be a JSON object, not %s.", prefix, spec.name, jsonType(v))
		}
		if spec.max > 0 && len(v.Raw) > spec.max {
			return fail(CodeFieldTooLong,
				"Field %s%s is too large: %d bytes, the maximum is %d.", prefix, spec.name, len(v.Raw), spec.max)
		}
	}
	return nil
}

func jsonType(v gjson.Result) string {
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

// eventTimeLayout is the one format eventTime may have. The integrations
// event schema gives it as "yyyy-MM-DDTHH:mm:ss format, in Universal
// Coordinated Time (UTC)" (CloudTrail User Guide, "CloudTrail Lake
// integrations event schema"), and its examples and CloudTrail's own
// error text write it with a trailing Z: exactly
// yyyy-MM-ddTHH:mm:ssZ, with no fractional seconds and no offset.
const eventTimeLayout = "2006-01-02T15:04:05Z"

// parseEventTime parses eventTime in exactly eventTimeLayout. The result
// must also fit an archive.Store key (years 1678 to 2262).
func parseEventTime(s string) (time.Time, bool) {
	// time.Parse would accept a one-digit day or hour for the two-digit
	// fields and fractional seconds after the seconds; the shape is
	// checked first, byte by byte.
	if len(s) != len(eventTimeLayout) {
		return time.Time{}, false
	}
	for i := 0; i < len(s); i++ {
		switch l := eventTimeLayout[i]; {
		case '0' <= l && l <= '9':
			if s[i] < '0' || s[i] > '9' {
				return time.Time{}, false
			}
		case s[i] != l:
			return time.Time{}, false
		}
	}
	t, err := time.Parse(eventTimeLayout, s)
	if err != nil {
		return time.Time{}, false
	}
	if _, err := archive.UnixNano(t); err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
