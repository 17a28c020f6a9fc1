package bus

import (
	"errors"

	"github.com/switchyard-go/switchyard"
)

// ErrClosed is returned by every operation on a Bus once Close has been
// called.
var ErrClosed = errors.New("bus: closed")

// Messages EventBridge returns, word for word. Where a message was
// recorded against AWS the source is named in the test that checks it.
const (
	msgNoSource           = "Parameter Source is not valid. Reason: Source is a required argument."
	msgNoDetailType       = "Parameter DetailType is not valid. Reason: DetailType is a required argument."
	msgNoDetail           = "Parameter Detail is not valid. Reason: Detail is a required argument."
	msgMalformedDetail    = "Detail is malformed."
	msgTotalSize          = "Total size of the entries in the request is over the limit."
	msgEventInvalid       = "Parameter Event is not valid."
	msgNoPatternOrSched   = "Parameter(s) EventPattern or ScheduleExpression must be specified."
	msgSchedDefaultOnly   = "ScheduleExpression is supported only on the default event bus."
	msgRuleHasTargets     = "Rule can't be deleted since it has targets."
	msgTooManyTargets     = "The requested resource exceeds the maximum number allowed."
	msgNoPolicy           = "EventBus does not have a policy."
	msgNoStatement        = "Statement with the provided id does not exist."
	msgBadAction          = "Provided value in parameter 'action' is not supported."
	msgNoPrincipal        = "Parameter Principal must be specified."
	msgNoStatementID      = "Parameter StatementId is required."
	msgDeleteDefault      = "Cannot delete event bus default."
	msgSlashInBusName     = "Event bus name must not contain '/'."
	msgBadNextToken       = "The NextToken provided is not valid."
	msgTimeRange          = "Parameter Time is not valid. Reason: the time must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z."
	msgNotAuthSource      = "Not authorized for the source."
	msgPolicyAndStatement = "Parameter Policy cannot be used together with Action, Principal, StatementId or Condition."
	msgPartnerSource      = "Parameter Source is not valid. Reason: a partner event must have a partner event source, aws.partner/<partner>/<name>."
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
