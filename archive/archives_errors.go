package archive

import (
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
