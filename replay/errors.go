package replay

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/switchyard-go/switchyard"
)

// ErrClosed is returned by every operation of a closed Replayer.
var ErrClosed = errors.New("replay: replayer closed")

// Messages EventBridge returns for replay calls, word for word. The
// recorded ones are cited in the tests that check them.
const (
	msgEndBeforeStart = "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime."
	msgCrossBus       = "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted."
	msgNotBusARN      = "Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN."
	msgTooMany        = "The requested resource exceeds the maximum number allowed."
	msgOneFilter      = "At most one filter is allowed for ListReplays. Use either : State, EventSourceArn, or NamePrefix."
	msgBadNextToken   = "The NextToken provided is not valid."
	reasonClosed      = "The replayer was closed before the replay finished."
	reasonCancelled   = "The replay was cancelled."
)

func awsErr(code, msg string) *switchyard.Error {
	return &switchyard.Error{Code: code, Message: msg}
}

func errReplayNotFound(name string) error {
	return awsErr(switchyard.CodeResourceNotFound, "Replay "+name+" does not exist.")
}

func errArchiveNotFound(name string) error {
	return awsErr(switchyard.CodeValidation, "Parameter EventSourceArn is not valid. Reason: Archive "+name+" does not exist.")
}

// violations collects the constraint failures of one request and words
// them as EventBridge's request validation does.
type violations []string

func (v *violations) add(value, field, constraint string) {
	*v = append(*v, "Value '"+value+"' at '"+field+"' failed to satisfy constraint: Member must "+constraint)
}

func (v *violations) required(field string) {
	*v = append(*v, "Value null at '"+field+"' failed to satisfy constraint: Member must not be null")
}

func (v *violations) length(s, field string, min, max int) {
	n := len([]rune(s))
	if n < min {
		v.add(s, field, "have length greater than or equal to "+strconv.Itoa(min))
	}
	if n > max {
		v.add(s, field, "have length less than or equal to "+strconv.Itoa(max))
	}
}

// name checks a replay name: 1 to 64 characters of [\.\-_A-Za-z0-9].
func (v *violations) name(s, field string) {
	if s == "" {
		v.required(field)
		return
	}
	v.length(s, field, 1, 64)
	if !isName(s) {
		v.add(s, field, `satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`)
	}
}

// arn checks an ARN parameter against EventBridge's constraint.
func (v *violations) arn(s, field string) {
	if s == "" {
		v.required(field)
		return
	}
	v.length(s, field, 1, 1600)
	if !arnPattern.MatchString(s) {
		v.add(s, field, "satisfy regular expression pattern: "+arnPattern.String())
	}
}

func (v *violations) limit(n int) {
	if n < 0 {
		v.add(strconv.Itoa(n), "limit", "have value greater than or equal to 1")
	}
	if n > 100 {
		v.add(strconv.Itoa(n), "limit", "have value less than or equal to 100")
	}
}

func (v violations) err() error {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return awsErr(switchyard.CodeValidation, "1 validation error detected: "+v[0])
	}
	return awsErr(switchyard.CodeValidation, fmt.Sprintf("%d validation errors detected: %s", len(v), strings.Join(v, "; ")))
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '.' || c == '-' || c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// arnPattern is EventBridge's constraint on ARN parameters (Replay,
// EventSourceArn, in the API reference). A compiled regexp is immutable
// and safe for concurrent use.
var arnPattern = regexp.MustCompile(`^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:.+\/.+$`)

// splitARN splits arn:<partition>:events:<region>:<account>:<kind>/<name>
// at the first slash after the account; the name may hold more slashes.
func splitARN(arn string) (region, account, kind, name string, ok bool) {
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
