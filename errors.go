package switchyard

import (
	"errors"
	"strings"
)

// EventBridge's error codes. Request-level errors (the whole call fails) use
// the *Exception codes; per-entry PutEvents failures use the others.
const (
	CodeValidation                 = "ValidationException"
	CodeResourceNotFound           = "ResourceNotFoundException"
	CodeResourceAlreadyExists      = "ResourceAlreadyExistsException"
	CodeConcurrentModification     = "ConcurrentModificationException"
	CodeLimitExceeded              = "LimitExceededException"
	CodeInvalidEventPattern        = "InvalidEventPatternException"
	CodeInvalidState               = "InvalidStateException"
	CodeIllegalStatus              = "IllegalStatusException"
	CodeManagedRule                = "ManagedRuleException"
	CodeOperationDisabled          = "OperationDisabledException"
	CodeAccessDenied               = "AccessDeniedException"
	CodeThrottling                 = "ThrottlingException"
	CodeInternal                   = "InternalException"
	CodeInvalidArgument            = "InvalidArgument"
	CodeMalformedDetail            = "MalformedDetail"
	CodeNotAuthorizedForSource     = "NotAuthorizedForSourceException"
	CodeNotAuthorizedForDetailType = "NotAuthorizedForDetailTypeException"
	CodeInternalFailure            = "InternalFailure"
)

// Error is an error with an EventBridge error code. errors.Is(err, sentinel)
// is true when err is an *Error with the sentinel's Code, so callers can test
// for a kind of failure without comparing messages:
//
//	if errors.Is(err, switchyard.ErrResourceNotFound) { ... }
type Error struct {
	Code    string // an EventBridge error code such as "ValidationException"
	Message string // the message, worded as EventBridge words it
	Err     error  // the underlying cause, if any
}

// Error returns "Code: Message", followed by the cause in parentheses
// when Message, which is worded as AWS words it, does not already say it:
// "ValidationException: Parameter ScheduleExpression is not valid. (cron:
// day-of-month: "32" out of range 1-31)".
func (e *Error) Error() string {
	s := e.Code
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		if cause := e.Err.Error(); !strings.Contains(e.Message, cause) {
			s += " (" + cause + ")"
		}
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for errors.Is. Only their codes are compared.
var (
	ErrValidation             = &Error{Code: CodeValidation}
	ErrResourceNotFound       = &Error{Code: CodeResourceNotFound}
	ErrResourceAlreadyExists  = &Error{Code: CodeResourceAlreadyExists}
	ErrConcurrentModification = &Error{Code: CodeConcurrentModification}
	ErrLimitExceeded          = &Error{Code: CodeLimitExceeded}
	ErrInvalidEventPattern    = &Error{Code: CodeInvalidEventPattern}
	ErrInvalidState           = &Error{Code: CodeInvalidState}
	ErrIllegalStatus          = &Error{Code: CodeIllegalStatus}
	ErrAccessDenied           = &Error{Code: CodeAccessDenied}
	ErrThrottling             = &Error{Code: CodeThrottling}
	ErrInternal               = &Error{Code: CodeInternal}
)

// ErrHopLimit is wrapped by the errors of an event refused because it has
// crossed too many event buses: a bus-to-bus target that would forward it
// once more, or a bus whose hop limit it is over. EventBridge forwards an
// event from one bus to another once ("EventBridge can't route events
// received from a sender event bus to a third event bus", user guide,
// eb-bus-to-bus).
var ErrHopLimit = errors.New("switchyard: event bus hop limit reached")
