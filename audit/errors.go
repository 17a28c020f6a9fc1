package audit

import (
	"errors"
	"fmt"

	"github.com/switchyard-go/switchyard"
)

// Request-level error codes of the CloudTrail Data API (PutAuditEvents),
// returned as *switchyard.Error values. The sentences quoted are the
// CloudTrail Data API reference's descriptions of the exceptions.
const (
	// CodeChannelNotFound: "The channel could not be found."
	CodeChannelNotFound = "ChannelNotFound"
	// CodeChannelInsufficientPermission: "The caller's account ID must be
	// the same as the channel owner's account ID." Also returned when the
	// channel's resource policy does not allow a caller of another account,
	// for instance without the external ID its condition names.
	CodeChannelInsufficientPermission = "ChannelInsufficientPermission"
	// CodeInvalidChannelARN: "The specified channel ARN is not a valid
	// channel ARN."
	CodeInvalidChannelARN = "InvalidChannelARN"
	// CodeDuplicatedAuditEventID: "Two or more entries in the request have
	// the same event ID."
	CodeDuplicatedAuditEventID = "DuplicatedAuditEventId"
	// CodeChannelUnsupportedSchema: "The schema type of the event is not
	// supported." CloudTrail has one integration schema; Switchyard never
	// returns this code.
	CodeChannelUnsupportedSchema = "ChannelUnsupportedSchema"
	// CodeUnsupportedOperation: "The operation requested is not supported
	// in this region or account." Switchyard never returns it.
	CodeUnsupportedOperation = "UnsupportedOperationException"
)

// Per-event error codes of PutAuditEvents, reported in
// ResultErrorEntry.ErrorCode (ResultErrorEntry.errorCode in the CloudTrail
// Data API reference).
const (
	// CodeFieldTooLong: a field of eventData is longer than the schema
	// allows.
	CodeFieldTooLong = "FieldTooLong"
	// CodeFieldNotFound: a field the schema requires is missing or null.
	CodeFieldNotFound = "FieldNotFound"
	// CodeInvalidChecksum: eventDataChecksum is not the base64 SHA-256 of
	// eventData.
	CodeInvalidChecksum = "InvalidChecksum"
	// CodeInvalidData: eventData is not a JSON object of the schema's shape
	// (bad JSON, nesting deeper than MaxEventDataDepth, wrong types,
	// unknown or duplicate fields, a bad timestamp or IP address).
	CodeInvalidData = "InvalidData"
	// CodeInvalidRecipient: recipientAccountId is not the account that
	// owns the channel.
	CodeInvalidRecipient = "InvalidRecipient"
	// CodeInvalidEventSource: eventSource is not one the channel accepts.
	CodeInvalidEventSource = "InvalidEventSource"
	// CodeInternalFailure is listed by CloudTrail; Switchyard reports a
	// failed store append as a request-level error with this code instead,
	// so that no event is reported as ingested when it is not.
	CodeInternalFailure = "InternalFailure"
)

// Error codes of the CloudTrail API operations on event data stores,
// channels and resource policies (CloudTrail API reference, the Errors
// section of each operation).
const (
	CodeInvalidParameter                 = "InvalidParameterException"                   // a malformed request member
	CodeInvalidParameterCombination      = "InvalidParameterCombinationException"        // members that cannot go together
	CodeInvalidSource                    = "InvalidSourceException"                      // CreateChannel Source not 1 to 256 characters
	CodeInvalidEventSelectors            = "InvalidEventSelectorsException"              // malformed AdvancedEventSelectors
	CodeInvalidTagParameter              = "InvalidTagParameterException"                // a malformed tag
	CodeTagsLimitExceeded                = "TagsLimitExceededException"                  // more than 50 tags
	CodeInvalidNextToken                 = "InvalidNextTokenException"                   // a NextToken this listing did not issue
	CodeInvalidMaxResults                = "InvalidMaxResultsException"                  // MaxResults out of range
	CodeEventDataStoreAlreadyExists      = "EventDataStoreAlreadyExistsException"        // the name is taken
	CodeEventDataStoreMaxLimitExceeded   = "EventDataStoreMaxLimitExceededException"     // past WithMaxEventDataStores
	CodeEventDataStoreARNInvalid         = "EventDataStoreARNInvalidException"           // neither an event data store ARN nor an ID
	CodeEventDataStoreNotFound           = "EventDataStoreNotFoundException"             // no such event data store
	CodeEventDataStoreTerminationProtect = "EventDataStoreTerminationProtectedException" // delete with termination protection on
	CodeInactiveEventDataStore           = "InactiveEventDataStoreException"             // the store is pending deletion
	CodeInvalidEventDataStoreCategory    = "InvalidEventDataStoreCategoryException"      // a channel destination that does not collect ActivityAuditLog
	CodeChannelExistsForEDS              = "ChannelExistsForEDSException"                // delete of a store a channel writes to
	CodeChannelAlreadyExists             = "ChannelAlreadyExistsException"               // name or partner source taken
	CodeChannelMaxLimitExceeded          = "ChannelMaxLimitExceededException"            // past WithMaxChannels
	CodeChannelARNInvalid                = "ChannelARNInvalidException"                  // neither a channel ARN nor an ID
	CodeChannelNotFoundException         = "ChannelNotFoundException"                    // no such channel
	CodeResourceNotFound                 = "ResourceNotFoundException"                   // a policy call on a channel that does not exist
	CodeResourceARNNotValid              = "ResourceARNNotValidException"                // a policy call with a malformed ARN
	CodeResourceTypeNotSupported         = "ResourceTypeNotSupportedException"           // a policy call on something other than a channel
	CodeResourcePolicyNotFound           = "ResourcePolicyNotFoundException"             // Get/DeleteResourcePolicy with none set
	CodeResourcePolicyNotValid           = "ResourcePolicyNotValidException"             // a policy that breaks CloudTrail's rules
)

// Sentinels for errors.Is; only their codes are compared.
var (
	ErrChannelNotFound               = &switchyard.Error{Code: CodeChannelNotFound}
	ErrChannelInsufficientPermission = &switchyard.Error{Code: CodeChannelInsufficientPermission}
	ErrInvalidChannelARN             = &switchyard.Error{Code: CodeInvalidChannelARN}
	ErrDuplicatedAuditEventID        = &switchyard.Error{Code: CodeDuplicatedAuditEventID}
	ErrInternalFailure               = &switchyard.Error{Code: CodeInternalFailure}

	ErrInvalidParameter              = &switchyard.Error{Code: CodeInvalidParameter}
	ErrEventDataStoreAlreadyExists   = &switchyard.Error{Code: CodeEventDataStoreAlreadyExists}
	ErrEventDataStoreNotFound        = &switchyard.Error{Code: CodeEventDataStoreNotFound}
	ErrEventDataStoreARNInvalid      = &switchyard.Error{Code: CodeEventDataStoreARNInvalid}
	ErrChannelAlreadyExists          = &switchyard.Error{Code: CodeChannelAlreadyExists}
	ErrChannelMaxLimitExceeded       = &switchyard.Error{Code: CodeChannelMaxLimitExceeded}
	ErrChannelARNInvalid             = &switchyard.Error{Code: CodeChannelARNInvalid}
	ErrChannelNotFoundException      = &switchyard.Error{Code: CodeChannelNotFoundException}
	ErrInvalidSource                 = &switchyard.Error{Code: CodeInvalidSource}
	ErrResourcePolicyNotValid        = &switchyard.Error{Code: CodeResourcePolicyNotValid}
	ErrResourcePolicyNotFound        = &switchyard.Error{Code: CodeResourcePolicyNotFound}
	ErrEventDataStoreTerminationProt = &switchyard.Error{Code: CodeEventDataStoreTerminationProtect}
	ErrChannelExistsForEDS           = &switchyard.Error{Code: CodeChannelExistsForEDS}
)

// ErrClosed is returned by every method of a Lake after Close.
var ErrClosed = errors.New("audit: lake is closed")

// ErrCorruptRecord is returned by Query for a stored record that is not an
// audit record as PutAuditEvents writes them, which happens only when the
// store is shared with something else or damaged.
var ErrCorruptRecord = errors.New("audit: stored record is not an audit event")

// errf returns a *switchyard.Error with code and a formatted message.
func errf(code, format string, args ...any) *switchyard.Error {
	return &switchyard.Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
