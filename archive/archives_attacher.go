package archive

import (
	"context"

	"github.com/switchyard-go/switchyard"
)

// Attacher connects archives to the event buses they record. EventBridge
// feeds an archive through a rule it manages on the archive's bus (named
// "Events-Archive-<archive name>") whose only target is the archive; an
// Attacher creates and removes that rule. *bus.Bus implements it. The
// interface uses root types only, so that this package does not depend on
// package bus.
type Attacher interface {
	// EventBusARN resolves an event bus name or ARN to the ARN of an
	// existing bus, or fails with a ResourceNotFoundException.
	EventBusARN(ctx context.Context, busName string) (string, error)

	// AttachArchive creates or replaces the rule ruleName on busName that
	// delivers to t, under target ARN archiveARN, every event matching
	// eventPattern (every event when it is empty) that was not replayed.
	// t must receive the whole event: the rule has no input
	// transformation. It returns the rule's ARN.
	AttachArchive(ctx context.Context, busName, ruleName, eventPattern, archiveARN string, t switchyard.Target) (ruleARN string, err error)

	// DetachArchive removes the rule AttachArchive made. A rule or bus
	// that no longer exists is not an error.
	DetachArchive(ctx context.Context, busName, ruleName string) error
}

// archiveRulePrefix starts the name of the rule that feeds an archive, as
// on EventBridge.
const archiveRulePrefix = "Events-Archive-"
