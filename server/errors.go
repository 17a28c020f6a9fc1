package server

import (
	"errors"
	"net/http"

	"github.com/switchyard-go/switchyard"
)

// Protocol-level error codes, the ones the server itself raises before an
// operation runs. Sources: the "Common Errors" page of the EventBridge API
// Reference and the AWS JSON 1.1 protocol's error shape.
const (
	codeUnknownOperation = "UnknownOperationException"
	codeSerialization    = "SerializationException"
	codeInternal         = "InternalException"
	codeTooLarge         = "RequestEntityTooLargeException"
	codeUnavailable      = "ServiceUnavailableException"
	codeRequestTimeout   = "RequestTimeoutException"
)

var errPayloadHash = errors.New("server: X-Amz-Content-Sha256 does not match the body")

// apiError is an error as it goes on the wire: {"__type": Code,
// "message": Message} with an HTTP status.
type apiError struct {
	Code    string
	Message string
	Status  int
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func newAPIError(code, msg string) *apiError {
	return &apiError{Code: code, Message: msg, Status: statusFor(code)}
}

// statusFor is the HTTP status AWS returns with an error code. AWS's JSON
// services answer client faults with 400 (including throttling and
// authentication failures other than a missing token) and their own
// faults with 500; the EventBridge API Reference's Common Errors page
// lists them.
func statusFor(code string) int {
	switch code {
	case codeInternal, switchyard.CodeInternalFailure:
		return http.StatusInternalServerError
	case codeUnavailable:
		return http.StatusServiceUnavailable
	case codeMissingToken:
		return http.StatusForbidden
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeRequestTimeout:
		return http.StatusRequestTimeout
	}
	return http.StatusBadRequest
}

// wireError turns an operation's error into its wire form. A
// *switchyard.Error carries its own code and AWS's message; anything else
// is the server's fault, reported as InternalException without its text
// (which may hold internals) and logged by the caller.
func wireError(err error) (*apiError, bool) {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae, true
	}
	var se *switchyard.Error
	if errors.As(err, &se) {
		msg := se.Message
		if msg == "" {
			msg = se.Error()
		}
		return newAPIError(se.Code, msg), true
	}
	return newAPIError(codeInternal, "An internal error occurred."), false
}
