package switchyard

import "fmt"

// EventBridge's error codes. Request-level errors (the whole call fails) use
// the *Exception codes; per-entry PutEvents failures use the others.
const (
	CodeValidation                = "ValidationException"
	CodeResourceNotFound          = "ResourceNotFoundException"
	CodeResourceAlreadyExists     = "ResourceAlreadyExistsException"
	CodeConcurrentModification    = "ConcurrentModificationException"
	CodeLimitExceeded             = "LimitExceededException"
	CodeInvalidEventPattern       = "InvalidEventPatternException"
	CodeInvalidState              = "InvalidStateException"
	CodeIllegalStatus             = "IllegalStatusException"
	CodeManagedRule               = "ManagedRuleException"
	CodeOperationDisabled         = "OperationDisabledException"
	CodeAccessDenied              = "AccessDeniedException"
	CodeThrottling                = "ThrottlingException"
	CodeInternal                  = "InternalException"
	CodeInvalidArgument           = "InvalidArgument"
	CodeMalformedDetail           = "MalformedDetail"
	CodeNotAuthorizedForSource    = "NotAuthorizedForSourceException"
	CodeNotAuthorizedForDetailTyp = "NotAuthorizedForDetailTypeException"
	CodeInternalFailure           = "InternalFailure"
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

// Errorf returns an *Error with the code and a formatted message. A %w verb
// in format sets Err, as fmt.Errorf does.
func Errorf(code, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	e := &Error{Code: code, Message: wrapped.Error()}
	if u, ok := wrapped.(interface{ Unwrap() error }); ok {
		e.Err = u.Unwrap()
	}
	return e
}

// Error returns "Code: Message".
func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
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
