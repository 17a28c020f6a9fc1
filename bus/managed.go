package bus

import (
	"context"
	"errors"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
)

// Archive rules
//
// EventBridge feeds an archive through a rule it manages on the archive's
// event bus: the rule is named "Events-Archive-<archive name>", carries the
// archive's event pattern, never matches a replayed event, and has one
// target, the archive. The bus does the same here. Package archive cannot
// import bus (bus sits below it), so it declares the three methods below in
// an interface of its own (archive.Attacher) using root types only, and
// *Bus satisfies it.
//
// ListRules and DescribeRule show an archive rule with ManagedBy set, as
// EventBridge does. Like EventBridge, the bus refuses to let the account
// change it (ManagedRuleException) except for DeleteRule and RemoveTargets
// with Force; deleting it stops the archive from receiving events until the
// archive is updated.

// ArchiveManagedBy is the ManagedBy principal EventBridge shows on the
// rules it creates for archives (as recorded by moto's EventBridge model,
// moto/events/models.py, create_archive).
const ArchiveManagedBy = "prod.vhs.events.aws.internal"

// notReplayed is the Filter of every archive rule: replayed events, the
// ones with a top-level "replay-name", are never archived ("Replayed
// events are not sent to an archive", CreateArchive in the EventBridge API
// reference).
type notReplayed struct{}

// Match reports whether event has no top-level "replay-name" field.
func (notReplayed) Match(event []byte) bool {
	return !gjson.GetBytes(event, "replay-name").Exists()
}

// managedBy returns the service principal that manages r — ArchiveManagedBy
// for an archive rule — or "" for a rule the account created itself.
func (r *rule) managedBy() string {
	if _, ok := r.cfg.Load().filter.(notReplayed); ok {
		return ArchiveManagedBy
	}
	return ""
}

type managedCallKey struct{}

// managedCall marks the context of the bus's own calls on a managed rule.
func managedCall(ctx context.Context) context.Context {
	return context.WithValue(ctx, managedCallKey{}, true)
}

// msgManagedRule is EventBridge's ManagedRuleException text (the
// ManagedRuleException description in the EventBridge API reference).
const msgManagedRule = "This rule was created by an AWS service on behalf of your account. It is managed by that service. If you see this error in response to DeleteRule or RemoveTargets, you can use the Force parameter in those calls to delete the rule or remove targets from the rule. You cannot modify these managed rules by using DisableRule, EnableRule, PutTargets, PutRule, TagResource, or UntagResource."

// checkManaged refuses a change to a managed rule, as EventBridge does,
// unless the bus itself makes it or the caller forces it (DeleteRule and
// RemoveTargets only). r may be nil (a new rule).
func checkManaged(ctx context.Context, r *rule, force bool) error {
	if r == nil || r.managedBy() == "" || force || ctx.Value(managedCallKey{}) != nil {
		return nil
	}
	return awsErr(switchyard.CodeManagedRule, msgManagedRule)
}

// EventBusARN resolves an event bus name or ARN to the ARN of an existing
// event bus. A bus that does not exist is a ResourceNotFoundException
// worded as EventBridge words it: "Event bus <name> does not exist."
func (b *Bus) EventBusARN(ctx context.Context, busName string) (string, error) {
	eb, err := b.DescribeEventBus(ctx, DescribeEventBusInput{Name: busName})
	if err != nil {
		return "", err
	}
	return eb.ARN, nil
}

// AttachArchive creates or replaces the managed rule ruleName on busName
// (a name or an ARN) that feeds an archive: it matches eventPattern (every
// event when empty) except replayed events, and delivers the whole event
// to t, the archive, under target id ruleName and target ARN archiveARN.
// It returns the rule's ARN. A rule of that name that the account created
// itself is not taken over: that is a ResourceAlreadyExistsException.
//
// Package archive calls it; applications use archive.Archives instead.
func (b *Bus) AttachArchive(ctx context.Context, busName, ruleName, eventPattern, archiveARN string, t switchyard.Target) (string, error) {
	if t == nil {
		return "", awsErr(switchyard.CodeValidation, "Parameter Target is not valid. Reason: the archive target is nil.")
	}
	if r := b.ruleByName(ctx, busName, ruleName); r != nil && r.managedBy() == "" {
		return "", awsErr(switchyard.CodeResourceAlreadyExists, "Rule "+ruleName+" already exists.")
	}
	ctx = managedCall(ctx)
	rule, err := b.PutRule(ctx, PutRuleInput{
		Name:         ruleName,
		EventBusName: busName,
		EventPattern: eventPattern,
		Filter:       notReplayed{},
	})
	if err != nil {
		return "", err
	}
	out, err := b.PutTargets(ctx, PutTargetsInput{
		Rule:         ruleName,
		EventBusName: busName,
		Targets:      []Target{{ID: ruleName, ARN: archiveARN, Target: t}},
	})
	if err == nil && out.FailedEntryCount > 0 {
		f := out.FailedEntries[0]
		err = awsErr(f.ErrorCode, f.ErrorMessage)
	}
	if err != nil {
		// Leave no half-made rule behind.
		_, _ = b.DeleteRule(ctx, DeleteRuleInput{Name: ruleName, EventBusName: busName, Force: true})
		return "", err
	}
	return rule.RuleARN, nil
}

// DetachArchive removes the managed rule ruleName of busName and its
// target. A rule or bus that no longer exists is not an error: the archive
// is detached either way. Deliveries already queued for the archive are
// still made.
func (b *Bus) DetachArchive(ctx context.Context, busName, ruleName string) error {
	r := b.ruleByName(ctx, busName, ruleName)
	if r == nil {
		return nil
	}
	if r.managedBy() == "" {
		return awsErr(switchyard.CodeValidation, "Rule "+ruleName+" is not an archive rule.")
	}
	_, err := b.DeleteRule(ctx, DeleteRuleInput{Name: ruleName, EventBusName: busName, Force: true})
	var se *switchyard.Error
	if errors.As(err, &se) && se.Code == switchyard.CodeResourceNotFound {
		return nil
	}
	return err
}

// ruleByName returns the rule of that name on the bus given by name or
// ARN, or nil.
func (b *Bus) ruleByName(ctx context.Context, busName, ruleName string) *rule {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.lookupRuleLocked(ctx, ruleName, busName)
	if err != nil {
		return nil
	}
	return r
}
