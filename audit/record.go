package audit

import (
	"time"
)

// Values CloudTrail sets on every event that arrives through a channel
// (CloudTrail Lake integrations event schema, "Fields that are provided by
// CloudTrail after ingestion").
const (
	// EventCategory is the eventCategory of non-AWS events.
	EventCategory = CategoryActivityAuditLog
	// EventType is the eventType of non-AWS events.
	EventType = "ActivityLog"
	// EventVersion is the eventVersion Switchyard writes; CloudTrail
	// does not document the value it uses for integration events.
	EventVersion = "1.0"
)

// recordData appends to dst the stored form of one event (see "Stored
// records" in the package doc). eventData has been validated as a JSON
// object and is embedded as sent; every other value is made of characters
// that need no JSON escaping (the lake checks IDs, Region and account when
// it makes them).
func recordData(dst []byte, eventID string, eventTime, ingested time.Time, region, account, channelARN, eventData string) []byte {
	dst = append(dst, `{"eventVersion":"`...)
	dst = append(dst, EventVersion...)
	dst = append(dst, `","eventCategory":"`...)
	dst = append(dst, EventCategory...)
	dst = append(dst, `","eventType":"`...)
	dst = append(dst, EventType...)
	dst = append(dst, `","eventID":"`...)
	dst = append(dst, eventID...)
	dst = append(dst, `","eventTime":"`...)
	dst = eventTime.UTC().AppendFormat(dst, eventTimeLayout)
	dst = append(dst, `","awsRegion":"`...)
	dst = append(dst, region...)
	dst = append(dst, `","recipientAccountId":"`...)
	dst = append(dst, account...)
	dst = append(dst, `","metadata":{"ingestionTime":"`...)
	dst = ingested.UTC().AppendFormat(dst, eventTimeLayout)
	dst = append(dst, `","channelARN":"`...)
	dst = append(dst, channelARN...)
	dst = append(dst, `"},"eventData":`...)
	dst = append(dst, eventData...)
	dst = append(dst, '}')
	return dst
}
