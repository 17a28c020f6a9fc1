package awstarget

import (
	"context"
	"errors"
	"fmt"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/switchyard-go/switchyard/target"
)

// The ERROR_CODE values EventBridge writes on the messages of a
// dead-letter queue that this package produces ("Using dead-letter queues to
// process undelivered events in EventBridge", EventBridge user guide).
const (
	CodeThrottling       = "THROTTLING"        // the service throttled the call
	CodeNoPermissions    = "NO_PERMISSIONS"    // access denied, bad credentials
	CodeNoResource       = "NO_RESOURCE"       // the queue, topic, stream... does not exist
	CodeInvalidParameter = "INVALID_PARAMETER" // the service rejected the request's content
	CodeErrorFromTarget  = "ERROR_FROM_TARGET" // any other error answer, including 5xx
	CodeSDKClientError   = "SDK_CLIENT_ERROR"  // no answer: unreachable endpoint, no credentials
	CodeInvalidJSON      = "INVALID_JSON"      // the payload is not the JSON the target needs
)

// Error is a failed call to an AWS service, classified as EventBridge
// classifies delivery failures. It wraps the SDK's error, so errors.As finds
// a smithy.APIError in it when the service answered.
type Error struct {
	// Code is the dead-letter ERROR_CODE (CodeThrottling, CodeNoResource...).
	Code string
	// Service and Operation name the call, e.g. "SQS" and "SendMessageBatch".
	Service, Operation string
	// AWSCode is the service's own error code ("AWS.SimpleQueueService.NonExistentQueue"),
	// empty when the service did not answer.
	AWSCode string
	// Err is the underlying error.
	Err error
}

// Error returns "awstarget: SQS SendMessage: THROTTLING: <SDK error>".
func (e *Error) Error() string {
	return fmt.Sprintf("awstarget: %s %s: %s: %v", e.Service, e.Operation, e.Code, e.Err)
}

// Unwrap returns the SDK's error.
func (e *Error) Unwrap() error { return e.Err }

// DeadLetterCode returns Code. A bus that finds this method on a failed
// delivery's error (with errors.As) can use it as the ERROR_CODE attribute.
func (e *Error) DeadLetterCode() string { return e.Code }

// ErrorCode returns the dead-letter ERROR_CODE of err, or "" when err is not
// (and does not wrap) an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// AWS error codes by class. Services spell the same condition differently
// (SQS's query-protocol codes, SNS's, Kinesis's...), so each class lists
// every spelling the services this package calls are documented to return.
var (
	throttlingCodes = codeSet(
		"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
		"RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
		"RequestLimitExceeded", "BandwidthLimitExceeded", "SlowDown", "PriorRequestNotComplete",
		"EC2ThrottledException", "KMSThrottlingException", "LimitExceededException",
		"ServiceUnavailableException", "ServiceUnavailable", "AWS.SimpleQueueService.RequestThrottled",
	)
	permissionCodes = codeSet(
		"AccessDenied", "AccessDeniedException", "AuthorizationError", "AuthorizationErrorException",
		"UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException",
		"SignatureDoesNotMatch", "MissingAuthenticationToken", "IncompleteSignature",
		"KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException",
		"KMSNotFoundException", "KMS.AccessDeniedException", "KMS.DisabledException",
		"KmsAccessDeniedException", "InvalidSecurity", "OptInRequired",
	)
	missingCodes = codeSet(
		"ResourceNotFoundException", "ResourceNotFound", "NotFound", "NotFoundException",
		"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "NonExistentQueue",
		"StateMachineDoesNotExist", "StateMachineDeleting", "FunctionNotFound",
		"ResourceNotFoundFault", "TopicNotFound",
	)
	invalidCodes = codeSet(
		"ValidationException", "ValidationError", "InvalidParameterValue", "InvalidParameterValueException",
		"InvalidParameterException", "InvalidParameter", "InvalidParameterCombination", "InvalidArgument",
		"InvalidArgumentException", "InvalidMessageContents", "InvalidExecutionInput", "InvalidArn",
		"InvalidName", "InvalidRequestContentException", "RequestTooLargeException",
		"MissingParameter", "MissingRequiredParameter", "InvalidAttributeValue",
		"AWS.SimpleQueueService.BatchRequestTooLong", "BatchRequestTooLong",
		"AWS.SimpleQueueService.InvalidBatchEntryId", "InvalidBatchEntryId",
		"AWS.SimpleQueueService.UnsupportedOperation", "UnsupportedOperation",
		"InvalidSequenceTokenException", "DataAlreadyAcceptedException", "MalformedDetail",
		"UnsupportedMediaTypeException", "InvalidKMSResourceException",
	)
)

func codeSet(codes ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(codes))
	for _, c := range codes {
		m[c] = struct{}{}
	}
	return m
}

// classify wraps an SDK error in an *Error and marks it permanent when
// retrying cannot help. It returns nil for nil, and leaves the context's own
// errors (cancellation, deadline) as they are so the bus reports a timeout
// as TIMEOUT.
//
// The rule (EventBridge user guide, "Event retry policy and using
// dead-letter queues"): EventBridge retries throttling and errors that may
// be transient (5xx, no answer), and does not retry when the target
// resource is missing or EventBridge lacks permission to it; those go to
// the dead-letter queue at once. Invalid requests cannot succeed on a retry
// either, so they are permanent too. Unknown 4xx codes are retried: a retry
// costs little, a wrongly permanent error may lose an event.
func classify(service, op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	e := &Error{Service: service, Operation: op, Err: err}
	status := 0
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		e.AWSCode = api.ErrorCode()
	}
	if e.AWSCode == "" && status == 0 {
		// No answer from the service: DNS, connection refused, TLS, or
		// credentials that could not be loaded. Retried: the endpoint may
		// come back, credentials may be fixed.
		e.Code = CodeSDKClientError
		return e
	}
	// An answer without a readable error body (a proxy's bare 502, say)
	// is classified by its HTTP status alone.
	e.Code = classifyCode(e.AWSCode, status)
	if permanentCode(e.Code) {
		return target.Permanent(e)
	}
	return e
}

// classifyCode returns the dead-letter code for an AWS error code and the
// HTTP status (0 when unknown). 5xx answers and unknown codes are
// CodeErrorFromTarget, which is retried.
func classifyCode(awsCode string, status int) string {
	switch {
	case has(throttlingCodes, awsCode), status == 429:
		return CodeThrottling
	case has(permissionCodes, awsCode), status == 401, status == 403:
		return CodeNoPermissions
	case has(missingCodes, awsCode), status == 404:
		return CodeNoResource
	case has(invalidCodes, awsCode):
		return CodeInvalidParameter
	}
	return CodeErrorFromTarget
}

func has(set map[string]struct{}, code string) bool {
	_, ok := set[code]
	return ok
}

// permanentCode reports whether a delivery that failed with this code
// must not be retried.
func permanentCode(code string) bool {
	switch code {
	case CodeNoPermissions, CodeNoResource, CodeInvalidParameter, CodeInvalidJSON:
		return true
	}
	return false
}

// entryError classifies the failure of one entry of a batch call
// (SendMessageBatch, PutRecords, PutRecordBatch, PutEvents), which the
// service reports as a code and a message in the answer rather than as an
// error. senderFault is SQS's flag: false means the service was at fault,
// which is retried whatever the code.
func entryError(service, op, awsCode, message string, senderFault bool) error {
	fault := smithy.FaultClient
	if !senderFault {
		fault = smithy.FaultServer
	}
	e := &Error{
		Service: service, Operation: op, AWSCode: awsCode,
		Err: &smithy.GenericAPIError{Code: awsCode, Message: message, Fault: fault},
	}
	e.Code = classifyCode(awsCode, 0)
	if !senderFault {
		if e.Code != CodeThrottling {
			e.Code = CodeErrorFromTarget
		}
		return e
	}
	if permanentCode(e.Code) {
		return target.Permanent(e)
	}
	return e
}

// invalidJSON is the permanent error of a payload a target cannot send.
func invalidJSON(service, op string, err error) error {
	return target.Permanent(&Error{Code: CodeInvalidJSON, Service: service, Operation: op, Err: err})
}

// invalidParameter is the permanent error of a delivery that cannot be
// turned into a request (a partition key path that matches nothing).
func invalidParameter(service, op string, err error) error {
	return target.Permanent(&Error{Code: CodeInvalidParameter, Service: service, Operation: op, Err: err})
}
