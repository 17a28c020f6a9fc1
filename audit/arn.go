package audit

import (
	"strings"

	"github.com/switchyard-go/switchyard"
)

// CloudTrail names event data stores and channels by ARN,
//
//	arn:aws:cloudtrail:<region>:<account>:eventdatastore/<uuid>
//	arn:aws:cloudtrail:<region>:<account>:channel/<uuid>
//
// and every call that takes one also takes the ID alone (the UUID after
// the slash), which then means the caller's own resource.

// Resource kinds in CloudTrail ARNs.
const (
	kindEventDataStore = "eventdatastore"
	kindChannel        = "channel"
)

// makeARN returns the ARN of a resource of kind in c's account and region.
func makeARN(c switchyard.Caller, kind, id string) string {
	return "arn:aws:cloudtrail:" + c.Region + ":" + c.Account + ":" + kind + "/" + id
}

// resourceRef is a parsed ARN or bare ID.
type resourceRef struct {
	account, region string // the caller's when ref was a bare ID
	kind, id        string // kind is empty for a bare ID
}

// parseRef parses an ARN of any CloudTrail resource kind, or a bare ID.
// ok is false when ref is neither.
func parseRef(ref string, c switchyard.Caller) (resourceRef, bool) {
	if !strings.HasPrefix(ref, "arn:") {
		if !isUUID(ref) {
			return resourceRef{}, false
		}
		return resourceRef{account: c.Account, region: c.Region, id: ref}, true
	}
	parts := strings.SplitN(ref, ":", 6)
	if len(parts) != 6 || parts[1] != "aws" || parts[2] != "cloudtrail" || parts[3] == "" || !accountRE.MatchString(parts[4]) {
		return resourceRef{}, false
	}
	kind, id, found := strings.Cut(parts[5], "/")
	if !found || kind == "" || !isUUID(id) {
		return resourceRef{}, false
	}
	return resourceRef{account: parts[4], region: parts[3], kind: kind, id: id}, true
}

// isUUID reports whether s is a UUID in its 36-character text form
// (8-4-4-4-12 hexadecimal digits), the shape of CloudTrail's resource IDs.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
