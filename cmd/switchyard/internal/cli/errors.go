package cli

import (
	"errors"
	"fmt"
	"strings"
)

// Exit codes, as the aws CLI (version 2) documents them.
const (
	exitOK      = 0
	exitUsage   = 252 // bad syntax, unknown option, bad parameter value
	exitService = 254 // the service answered with an error
	exitOther   = 255 // anything else: connection, credentials, I/O
)

// UsageError is a command line the CLI cannot run: an unknown command or
// option, a missing required option, or a value that does not parse. It
// exits with 252.
type UsageError struct {
	Msg string
}

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ParamError is an option whose value does not parse (bad JSON, bad
// shorthand, unreadable file). Its message names the option, in the aws
// CLI's words: Error parsing parameter '--entries': ...
type ParamError struct {
	Option string // --entries
	Msg    string
	Err    error // the underlying parse error, if any
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("Error parsing parameter '%s': %s", e.Option, e.Msg)
}

func (e *ParamError) Unwrap() error { return e.Err }

// ValidationError lists every way a request breaks its operation's model,
// in botocore's wording ("Missing required parameter in input: ...").
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	return "Parameter validation failed:\n" + strings.Join(e.Problems, "\n")
}

// ServiceError is an error response from the service (or from the
// in-process API): its AWS error code and message. It exits with 254.
type ServiceError struct {
	Operation string // PutRule
	Code      string // ResourceNotFoundException
	Message   string
}

func (e *ServiceError) Error() string {
	return fmt.Sprintf("An error occurred (%s) when calling the %s operation: %s", e.Code, e.Operation, e.Message)
}

// exitCode maps an error to the aws CLI's exit status.
func exitCode(err error) int {
	var (
		u *UsageError
		p *ParamError
		v *ValidationError
		s *ServiceError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errRulesInvalid):
		return 1
	case errors.As(err, &u), errors.As(err, &p), errors.As(err, &v):
		return exitUsage
	case errors.As(err, &s):
		return exitService
	}
	return exitOther
}
