package bus

// DefaultBusName is the name of the event bus every account has in every
// region.
const DefaultBusName = "default"

// ARNs, as EventBridge forms them (the "Resource types defined by Amazon
// EventBridge" table of the Service Authorization Reference).

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

// connectionARN returns a connection's ARN:
// arn:aws:events:<region>:<account>:connection/<name>/<uuid>.
func connectionARN(s scope, name, id string) string {
	return "arn:aws:events:" + s.region + ":" + s.account + ":connection/" + name + "/" + id
}

// secretARN returns the ARN of the Secrets Manager secret EventBridge keeps
// a connection's credentials in:
// arn:aws:secretsmanager:<region>:<account>:secret:events!connection/<name>/<uuid>-<6 characters>.
func secretARN(s scope, name, id, suffix string) string {
	return "arn:aws:secretsmanager:" + s.region + ":" + s.account + ":secret:events!connection/" + name + "/" + id + "-" + suffix
}

// apiDestinationARN returns an API destination's ARN:
// arn:aws:events:<region>:<account>:api-destination/<name>/<uuid>.
func apiDestinationARN(s scope, name, id string) string {
	return "arn:aws:events:" + s.region + ":" + s.account + ":api-destination/" + name + "/" + id
}

// eventSourceARN returns a partner event source's ARN. It has no account:
// arn:aws:events:<region>::event-source/aws.partner/<partner>/<name>.
func eventSourceARN(region, name string) string {
	return "arn:aws:events:" + region + "::event-source/" + name
}
