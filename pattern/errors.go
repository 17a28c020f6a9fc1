package pattern

import "errors"

// ErrTooComplex is the cause of a CompileError for a rule whose wildcard
// complexity is over Limits.MaxWildcardComplexity (see complexity.go). Its
// text is EventBridge's message, word for word, so a caller answering as
// EventBridge does can use err's Msg (or this error's text) unchanged:
//
//	if errors.Is(err, pattern.ErrTooComplex) { ... }
var ErrTooComplex = errors.New(errTooComplex)

// CompileError reports why a pattern was rejected. Path is the dotted path
// of the offending field in the pattern ("detail.state"), empty for the
// pattern as a whole; Msg is a sentence a user can act on.
//
//	pattern: detail.state: "prefix" takes a string, got number
type CompileError struct {
	Path string
	Msg  string
	// Err is the cause, when it is one a caller may test with errors.Is
	// (ErrTooComplex); nil otherwise.
	Err error
}

// Error returns "pattern: <path>: <msg>", or "pattern: <msg>" without a path.
func (e *CompileError) Error() string {
	if e.Path == "" {
		return "pattern: " + e.Msg
	}
	return "pattern: " + e.Path + ": " + e.Msg
}

// Unwrap returns Err.
func (e *CompileError) Unwrap() error { return e.Err }
