package archive

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/switchyard-go/switchyard"
)

// Messages EventBridge returns for archive calls, word for word. The
// recorded ones are cited in the tests that check them.
const (
	archiveMsgNothingToUpdate = "At least one of EventPattern, RetentionDays or Description must be provided."
	archiveMsgOneFilter       = "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix."
	archiveMsgBadNextToken    = "The NextToken provided is not valid."
	archiveMsgConcurrent      = "There is concurrent modification on a rule, event bus, or archive."
	archiveMsgPatternInvalid  = "Event pattern is not valid. Reason: "
)

// archiveErr returns a *switchyard.Error with a fixed message.
func archiveErr(code, msg string) *switchyard.Error {
	return &switchyard.Error{Code: code, Message: msg}
}

func errArchiveNotFound(name string) error {
	return archiveErr(switchyard.CodeResourceNotFound, "Archive "+name+" does not exist.")
}

func errArchiveExists(name string) error {
	return archiveErr(switchyard.CodeResourceAlreadyExists, "Archive "+name+" already exists.")
}

// archiveViolations collects the constraint failures of one request and
// words them as EventBridge's request validation does:
//
//	1 validation error detected: Value 'x y' at 'archiveName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+
type archiveViolations []string

func (v *archiveViolations) add(value, field, constraint string) {
	*v = append(*v, "Value '"+value+"' at '"+field+"' failed to satisfy constraint: Member must "+constraint)
}

// required records a missing required member.
func (v *archiveViolations) required(field string) {
	*v = append(*v, "Value null at '"+field+"' failed to satisfy constraint: Member must not be null")
}

// length checks min <= len(s) <= max in characters.
func (v *archiveViolations) length(s, field string, min, max int) {
	n := len([]rune(s))
	if n < min {
		v.add(s, field, "have length greater than or equal to "+strconv.Itoa(min))
	}
	if n > max {
		v.add(s, field, "have length less than or equal to "+strconv.Itoa(max))
	}
}

// name checks an archive (or replay) name: min to max characters of
// [\.\-_A-Za-z0-9].
func (v *archiveViolations) name(s, field string, max int) {
	if s == "" {
		v.required(field)
		return
	}
	v.length(s, field, 1, max)
	if !archiveIsName(s) {
		v.add(s, field, `satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`)
	}
}

// arn checks an event bus ARN parameter against EventBridge's constraint.
func (v *archiveViolations) arn(s, field string) {
	if s == "" {
		v.required(field)
		return
	}
	v.length(s, field, 1, 1600)
	if !archiveARNPattern.MatchString(s) {
		v.add(s, field, "satisfy regular expression pattern: "+archiveARNPattern.String())
	}
}

// limit checks a page size: 1 to 100 when given.
func (v *archiveViolations) limit(n int) {
	if n < 0 {
		v.add(strconv.Itoa(n), "limit", "have value greater than or equal to 1")
	}
	if n > 100 {
		v.add(strconv.Itoa(n), "limit", "have value less than or equal to 100")
	}
}

func (v archiveViolations) err() error {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return archiveErr(switchyard.CodeValidation, "1 validation error detected: "+v[0])
	}
	return archiveErr(switchyard.CodeValidation, fmt.Sprintf("%d validation errors detected: %s", len(v), strings.Join(v, "; ")))
}

// archiveIsName reports whether s matches [\.\-_A-Za-z0-9]+.
func archiveIsName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '.' || c == '-' || c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// archiveARNPattern is EventBridge's constraint on ARN parameters
// (EventSourceArn in the API reference). A compiled regexp is immutable
// and safe for concurrent use.
var archiveARNPattern = regexp.MustCompile(`^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:.+\/.+$`)

// archiveARNParts splits an ARN of the form arn:<partition>:events:<region>:<account>:<kind>/<name>
// into region, account, kind and name (the name may hold slashes).
func archiveARNParts(arn string) (region, account, kind, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "events" {
		return "", "", "", "", false
	}
	kind, name, ok = strings.Cut(parts[5], "/")
	if !ok || kind == "" || name == "" {
		return "", "", "", "", false
	}
	return parts[3], parts[4], kind, name, true
}
