package pattern

// CompileError reports why a pattern was rejected. Path is the dotted path
// of the offending field in the pattern ("detail.state"), empty for the
// pattern as a whole; Msg is a sentence a user can act on.
//
//	pattern: detail.state: "prefix" takes a string, got number
type CompileError struct {
	Path string
	Msg  string
}

// Error returns "pattern: <path>: <msg>", or "pattern: <msg>" without a path.
func (e *CompileError) Error() string {
	if e.Path == "" {
		return "pattern: " + e.Msg
	}
	return "pattern: " + e.Path + ": " + e.Msg
}
