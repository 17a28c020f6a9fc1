package archive

import (
	"time"
)

// Values CloudTrail sets on every event that arrives through a channel
// (CloudTrail Lake integrations event schema, "Fields that are provided by
// CloudTrail after ingestion").
const (
	// AuditEventCategory is the eventCategory of non-AWS events.
	AuditEventCategory = "ActivityAuditLog"
	// AuditEventType is the eventType of non-AWS events.
	AuditEventType = "ActivityLog"
	// AuditEventVersion is the eventVersion Switchyard writes; CloudTrail
	// does not document the value it uses for integration events.
	AuditEventVersion = "1.0"
)

// auditTimeLayout is the schema's timestamp format, yyyy-MM-ddTHH:mm:ss in
// UTC, written with the Z that CloudTrail's examples carry.
const auditTimeLayout = "2006-01-02T15:04:05Z"

// auditRecordData appends to dst the stored form of one event (see the
// AuditLake doc for the shape). eventData has been validated as a JSON
// object and is embedded as sent; every other value is made of characters
// that need no JSON escaping (the lake checks IDs, Region and account when
// it makes them).
func auditRecordData(dst []byte, eventID string, eventTime, ingested time.Time, region, account, channelARN, eventData string) []byte {
	dst = append(dst, `{"eventVersion":"`...)
	dst = append(dst, AuditEventVersion...)
	dst = append(dst, `","eventCategory":"`...)
	dst = append(dst, AuditEventCategory...)
	dst = append(dst, `","eventType":"`...)
	dst = append(dst, AuditEventType...)
	dst = append(dst, `","eventID":"`...)
	dst = append(dst, eventID...)
	dst = append(dst, `","eventTime":"`...)
	dst = eventTime.UTC().AppendFormat(dst, auditTimeLayout)
	dst = append(dst, `","awsRegion":"`...)
	dst = append(dst, region...)
	dst = append(dst, `","recipientAccountId":"`...)
	dst = append(dst, account...)
	dst = append(dst, `","metadata":{"ingestionTime":"`...)
	dst = ingested.UTC().AppendFormat(dst, auditTimeLayout)
	dst = append(dst, `","channelARN":"`...)
	dst = append(dst, channelARN...)
	dst = append(dst, `"},"eventData":`...)
	dst = append(dst, eventData...)
	dst = append(dst, '}')
	return dst
}
