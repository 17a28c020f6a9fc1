// Package awsreq checks API requests the way AWS's request validation
// does, and words the failures as AWS words them: one ValidationException
// listing every constraint a request breaks. bus, archive, replay and
// audit share it.
package awsreq

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/switchyard-go/switchyard"
)

// Violations collects the request-validation failures of one API call and
// reports them the way AWS's request validation does, as one
// ValidationException:
//
//	1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+
//
// The zero value is ready to use; Err returns nil when nothing was added.
type Violations []string

// Add records that value, at the request member field, breaks the
// constraint ("have length less than or equal to 64").
func (v *Violations) Add(value, field, constraint string) {
	*v = append(*v, "Value '"+value+"' at '"+field+"' failed to satisfy constraint: Member must "+constraint)
}

// Required records a missing required member.
func (v *Violations) Required(field string) {
	*v = append(*v, "Value null at '"+field+"' failed to satisfy constraint: Member must not be null")
}

// Length checks min <= length of s <= max, counting characters as AWS
// does.
func (v *Violations) Length(s, field string, min, max int) {
	n := len([]rune(s))
	if n < min {
		v.Add(s, field, "have length greater than or equal to "+strconv.Itoa(min))
	}
	if n > max {
		v.Add(s, field, "have length less than or equal to "+strconv.Itoa(max))
	}
}

// NamePattern is the pattern of EventBridge resource names: rules, target
// ids, archives, replays.
const NamePattern = `[\.\-_A-Za-z0-9]+`

// Name checks a required EventBridge resource name: 1 to maxLen
// characters of NamePattern. An empty name is a missing one, as the Go
// zero value stands for a parameter left out.
func (v *Violations) Name(s, field string, maxLen int) {
	if s == "" {
		v.Required(field)
		return
	}
	v.Length(s, field, 1, maxLen)
	if !IsName(s) {
		v.Add(s, field, "satisfy regular expression pattern: "+NamePattern)
	}
}

// IsName reports whether s is a non-empty string of NamePattern.
func IsName(s string) bool {
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

// eventsARN is the pattern of the EventBridge ARNs that archive and replay
// calls take (the API reference's ArchiveArn / EventSourceArn pattern).
var eventsARN = regexp.MustCompile(`^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:.+\/.+$`)

// ARN checks a required EventBridge resource ARN of at most 1600
// characters.
func (v *Violations) ARN(s, field string) {
	if s == "" {
		v.Required(field)
		return
	}
	v.Length(s, field, 1, 1600)
	if !IsEventsARN(s) {
		v.Add(s, field, "satisfy regular expression pattern: "+eventsARN.String())
	}
}

// Limit checks a page size, 1 to 100; 0 means "not given".
func (v *Violations) Limit(n int) {
	switch {
	case n < 0:
		v.Add(strconv.Itoa(n), "limit", "have value greater than or equal to 1")
	case n > 100:
		v.Add(strconv.Itoa(n), "limit", "have value less than or equal to 100")
	}
}

// Err returns the ValidationException, or nil when nothing was added.
func (v Violations) Err() error {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return &switchyard.Error{Code: switchyard.CodeValidation, Message: "1 validation error detected: " + v[0]}
	}
	return &switchyard.Error{Code: switchyard.CodeValidation, Message: fmt.Sprintf("%d validation errors detected: %s", len(v), strings.Join(v, "; "))}
}

// IsEventsARN reports whether s has the form of the EventBridge ARNs that
// archive and replay calls take.
func IsEventsARN(s string) bool { return eventsARN.MatchString(s) }

// Errorf returns a *switchyard.Error with the code and a formatted message. A %w verb
// in format sets Err, as fmt.Errorf does.
func Errorf(code, format string, args ...any) *switchyard.Error {
	wrapped := fmt.Errorf(format, args...)
	e := &switchyard.Error{Code: code, Message: wrapped.Error()}
	if u, ok := wrapped.(interface{ Unwrap() error }); ok {
		e.Err = u.Unwrap()
	}
	return e
}
