package bus

import "strings"

// DefaultBusName is the name of the event bus every account has.
const DefaultBusName = "default"

// busARN returns an event bus's ARN:
// arn:aws:events:<region>:<account>:event-bus/<name>.
func busARN(region, account, name string) string {
	return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name
}

// ruleARN returns a rule's ARN. Rules of the default bus omit the bus name,
// as EventBridge does: arn:aws:events:<region>:<account>:rule/<name>, and
// arn:aws:events:<region>:<account>:rule/<bus>/<name> otherwise.
func ruleARN(region, account, bus, name string) string {
	if bus == DefaultBusName {
		return "arn:aws:events:" + region + ":" + account + ":rule/" + name
	}
	return "arn:aws:events:" + region + ":" + account + ":rule/" + bus + "/" + name
}

// busRef resolves an EventBusName parameter, which may be a name or an
// event bus ARN, to a bus name. An empty reference is the default bus. An
// ARN of another account or region resolves to its name with local false:
// such a bus is never found here, and the caller reports it by that name.
func (b *Bus) busRef(ref string) (name string, local bool) {
	if ref == "" {
		return DefaultBusName, true
	}
	rest, ok := strings.CutPrefix(ref, "arn:")
	if !ok {
		return ref, true
	}
	// partition:service:region:account:event-bus/name
	parts := strings.SplitN(rest, ":", 5)
	if len(parts) != 5 {
		return ref, false
	}
	name, ok = strings.CutPrefix(parts[4], "event-bus/")
	if !ok || name == "" {
		return ref, false
	}
	local = parts[0] == "aws" && parts[1] == "events" && parts[2] == b.cfg.region && parts[3] == b.cfg.account
	return name, local
}
