package archive

import (
	"errors"

	"github.com/switchyard-go/switchyard"
)

// Request-level error codes of the CloudTrail Data API (PutAuditEvents).
// They are returned as *switchyard.Error values; compare them with
// errors.Is against the ErrAudit* sentinels. The sentences quoted in the
// comments are CloudTrail's own descriptions of the exceptions, and
// Switchyard uses them as the messages.
const (
	// AuditCodeChannelNotFound: "The channel could not be found."
	AuditCodeChannelNotFound = "ChannelNotFound"
	// AuditCodeChannelInsufficientPermission: "The caller's account ID must
	// be the same as the channel owner's account ID." Switchyard also
	// returns it when the channel's resource policy demands an external ID
	// and the call does not carry it.
	AuditCodeChannelInsufficientPermission = "ChannelInsufficientPermission"
	// AuditCodeInvalidChannelARN: "The specified channel ARN is not a valid
	// channel ARN."
	AuditCodeInvalidChannelARN = "InvalidChannelARN"
	// AuditCodeDuplicatedAuditEventID: "Two or more entries in the request
	// have the same event ID."
	AuditCodeDuplicatedAuditEventID = "DuplicatedAuditEventId"
	// AuditCodeChannelUnsupportedSchema: "The schema type of the event is
	// not supported." CloudTrail has one integration schema; Switchyard
	// never returns this code and defines it for completeness.
	AuditCodeChannelUnsupportedSchema = "ChannelUnsupportedSchema"
	// AuditCodeUnsupportedOperation: "The operation requested is not
	// supported in this region or account." Switchyard never returns it.
	AuditCodeUnsupportedOperation = "UnsupportedOperationException"
)

// Per-event error codes of PutAuditEvents, reported in
// AuditResultErrorEntry.ErrorCode. The list is CloudTrail's
// (ResultErrorEntry.errorCode in the CloudTrail Data API reference).
const (
	// AuditCodeFieldTooLong: a field of eventData is longer than the
	// integration event schema allows.
	AuditCodeFieldTooLong = "FieldTooLong"
	// AuditCodeFieldNotFound: a field the schema requires is missing or null.
	AuditCodeFieldNotFound = "FieldNotFound"
	// AuditCodeInvalidChecksum: eventDataChecksum is not the base64 SHA-256
	// of eventData.
	AuditCodeInvalidChecksum = "InvalidChecksum"
	// AuditCodeInvalidData: eventData is not a JSON object of the schema's
	// shape (bad JSON, wrong types, unknown or duplicate fields, a bad
	// timestamp or IP address).
	AuditCodeInvalidData = "InvalidData"
	// AuditCodeInvalidRecipient: recipientAccountId is not the account that
	// owns the channel.
	AuditCodeInvalidRecipient = "InvalidRecipient"
	// AuditCodeInvalidEventSource: eventSource is not one the channel
	// accepts.
	AuditCodeInvalidEventSource = "InvalidEventSource"
	// AuditCodeInternalFailure is listed by CloudTrail; Switchyard reports a
	// failed store append as a request-level error with this code instead,
	// so that no event is reported as ingested when it is not.
	AuditCodeInternalFailure = "InternalFailure"
)

// Error codes of the CloudTrail control-plane channel operations
// (CreateChannel, GetChannel, DeleteChannel). They differ from the
// data-plane codes above because CloudTrail names them differently.
const (
	AuditCodeChannelAlreadyExists     = "ChannelAlreadyExistsException"    // name, partner source or ID taken
	AuditCodeChannelMaxLimitExceeded  = "ChannelMaxLimitExceededException" // past WithAuditMaxChannels
	AuditCodeChannelARNInvalid        = "ChannelARNInvalidException"       // neither a channel ARN nor an ID
	AuditCodeChannelNotFoundException = "ChannelNotFoundException"         // no such channel
	AuditCodeInvalidSource            = "InvalidSourceException"           // Source not 1 to 256 characters
	AuditCodeInvalidParameter         = "InvalidParameterException"        // any other bad CreateChannel input
)

// Sentinels for errors.Is; only their codes are compared.
var (
	ErrAuditChannelNotFound               = &switchyard.Error{Code: AuditCodeChannelNotFound}
	ErrAuditChannelInsufficientPermission = &switchyard.Error{Code: AuditCodeChannelInsufficientPermission}
	ErrAuditInvalidChannelARN             = &switchyard.Error{Code: AuditCodeInvalidChannelARN}
	ErrAuditDuplicatedAuditEventID        = &switchyard.Error{Code: AuditCodeDuplicatedAuditEventID}
	ErrAuditInternalFailure               = &switchyard.Error{Code: AuditCodeInternalFailure}

	ErrAuditChannelAlreadyExists     = &switchyard.Error{Code: AuditCodeChannelAlreadyExists}
	ErrAuditChannelMaxLimitExceeded  = &switchyard.Error{Code: AuditCodeChannelMaxLimitExceeded}
	ErrAuditChannelARNInvalid        = &switchyard.Error{Code: AuditCodeChannelARNInvalid}
	ErrAuditChannelNotFoundException = &switchyard.Error{Code: AuditCodeChannelNotFoundException}
	ErrAuditInvalidSource            = &switchyard.Error{Code: AuditCodeInvalidSource}
	ErrAuditInvalidParameter         = &switchyard.Error{Code: AuditCodeInvalidParameter}
)

// ErrAuditClosed is returned by every method of an AuditLake after Close.
var ErrAuditClosed = errors.New("archive: audit lake is closed")

// ErrAuditCorruptRecord is returned by QueryAuditEvents for a stored record
// that is not an audit record as PutAuditEvents writes them, which happens
// only when the store is shared with something else or damaged.
var ErrAuditCorruptRecord = errors.New("archive: stored record is not an audit event")
