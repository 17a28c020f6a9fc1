package replay

import (
	"errors"
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
