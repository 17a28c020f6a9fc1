package bus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/switchyard-go/switchyard"
)

// ErrClosed is returned by every operation on a Bus once Close has been
// called.
var ErrClosed = errors.New("bus: closed")

// ErrHopLimit is wrapped by the ValidationException PutEvents returns for
// a call whose context says the events have crossed more buses than
// WithMaxHops allows.
var ErrHopLimit = errors.New("bus: hop limit exceeded")

// Messages EventBridge returns, word for word. Where a message was
// recorded against AWS the source is named in the test that checks it.
const (
	msgNoSource         = "Parameter Source is not valid. Reason: Source is a required argument."
	msgNoDetailType     = "Parameter DetailType is not valid. Reason: DetailType is a required argument."
	msgNoDetail         = "Parameter Detail is not valid. Reason: Detail is a required argument."
	msgMalformedDetail  = "Detail is malformed."
	msgTotalSize        = "Total size of the entries in the request is over the limit."
	msgEventInvalid     = "Parameter Event is not valid."
	msgNoPatternOrSched = "Parameter(s) EventPattern or ScheduleExpression must be specified."
	msgSchedDefaultOnly = "ScheduleExpression is supported only on the default event bus."
	msgRuleHasTargets   = "Rule can't be deleted since it has targets."
	msgTooManyTargets   = "The requested resource exceeds the maximum number allowed."
	msgNoPolicy         = "EventBus does not have a policy."
	msgNoStatement      = "Statement with the provided id does not exist."
	msgBadAction        = "Provided value in parameter 'action' is not supported."
	msgNoPrincipal      = "Parameter Principal must be specified."
	msgNoStatementID    = "Parameter StatementId is required."
	msgDeleteDefault    = "Cannot delete event bus default."
	msgSlashInBusName   = "Event bus name must not contain '/'."
	msgBadNextToken     = "The NextToken provided is not valid."
)

// awsErr returns a *switchyard.Error with a fixed message.
func awsErr(code, msg string) *switchyard.Error {
	return &switchyard.Error{Code: code, Message: msg}
}

func errBusNotFound(name string) error {
	return awsErr(switchyard.CodeResourceNotFound, "Event bus "+name+" does not exist.")
}

func errRuleNotFound(rule, busName string) error {
	return awsErr(switchyard.CodeResourceNotFound, "Rule "+rule+" does not exist on EventBus "+busName+".")
}

// violations collects the constraint failures of one request and words them
// as EventBridge's request validation does:
//
//	1 validation error detected: Value 'x y' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+
//
// Several failures are joined with "; " under "N validation errors
// detected: ".
type violations []string

// add records that value at field breaks constraint.
func (v *violations) add(value, field, constraint string) {
	*v = append(*v, "Value '"+value+"' at '"+field+"' failed to satisfy constraint: Member must "+constraint)
}

// length checks min <= len(s) <= max, counting characters as AWS does.
func (v *violations) length(s, field string, min, max int) {
	n := len([]rune(s))
	if n < min {
		v.add(s, field, "have length greater than or equal to "+strconv.Itoa(min))
	}
	if n > max {
		v.add(s, field, "have length less than or equal to "+strconv.Itoa(max))
	}
}

// err returns the ValidationException, or nil when nothing was recorded.
func (v violations) err() error {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return awsErr(switchyard.CodeValidation, "1 validation error detected: "+v[0])
	}
	return awsErr(switchyard.CodeValidation, fmt.Sprintf("%d validation errors detected: %s", len(v), strings.Join(v, "; ")))
}

// namePattern is the constraint text of rule names and target ids.
const namePattern = `[\.\-_A-Za-z0-9]+`

// isName reports whether s matches [\.\-_A-Za-z0-9]+.
func isName(s string) bool {
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

// checkName records the violations of a rule name or target id: 1 to 64
// characters of [\.\-_A-Za-z0-9].
func (v *violations) name(s, field string) {
	v.length(s, field, 1, 64)
	if !isName(s) {
		v.add(s, field, "satisfy regular expression pattern: "+namePattern)
	}
}

// limit checks a page size: 1 to 100 when given.
func (v *violations) limit(n int) {
	if n < 0 || n > 100 {
		op, bound := "greater than or equal to", 1
		if n > 100 {
			op, bound = "less than or equal to", 100
		}
		v.add(strconv.Itoa(n), "limit", "have value "+op+" "+strconv.Itoa(bound))
	}
}
