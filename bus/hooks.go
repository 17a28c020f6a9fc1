package bus

import "time"

// Hooks observe what a bus does with events, one call per step. They are
// called synchronously from the goroutine doing the work (PutEvents' caller
// or a delivery worker), with no lock held, so they must be fast and safe
// for concurrent use; a slow hook slows the bus down.
//
// Embed NopHooks to implement only the methods you need:
//
//	type drops struct{ bus.NopHooks; n atomic.Int64 }
//	func (d *drops) OnDrop(bus.DropInfo) { d.n.Add(1) }
type Hooks interface {
	// OnPut is called for every PutEvents or PutPartnerEvents entry, and
	// for every scheduled event, accepted or not.
	OnPut(PutInfo)
	// OnMatch is called for every rule an accepted event matched.
	OnMatch(MatchInfo)
	// OnDeliver is called when a target acknowledges a delivery.
	OnDeliver(DeliverInfo)
	// OnRetry is called when a failed attempt is scheduled for a retry.
	OnRetry(RetryInfo)
	// OnDeadLetter is called when a delivery is handed to its dead-letter
	// target.
	OnDeadLetter(DeadLetterInfo)
	// OnDrop is called when an accepted event, or one delivery of it, is
	// given up: its bus does not exist, or delivery failed for good and
	// there is no dead-letter target (or that failed too).
	OnDrop(DropInfo)
}

// NopHooks implements Hooks with methods that do nothing. Embed it in a
// hooks type to override only some methods.
type NopHooks struct{}

// OnPut does nothing.
func (NopHooks) OnPut(PutInfo) {}

// OnMatch does nothing.
func (NopHooks) OnMatch(MatchInfo) {}

// OnDeliver does nothing.
func (NopHooks) OnDeliver(DeliverInfo) {}

// OnRetry does nothing.
func (NopHooks) OnRetry(RetryInfo) {}

// OnDeadLetter does nothing.
func (NopHooks) OnDeadLetter(DeadLetterInfo) {}

// OnDrop does nothing.
func (NopHooks) OnDrop(DropInfo) {}

// PutInfo describes one entry offered to the bus.
type PutInfo struct {
	EventBusName string // the bus the entry named (its name, not an ARN)
	EventID      string // set when the entry was accepted
	Source       string
	DetailType   string
	ErrorCode    string // set when the entry was rejected
	ErrorMessage string
}

// MatchInfo describes one rule an event matched.
type MatchInfo struct {
	EventBusName string
	EventID      string
	RuleName     string
	RuleARN      string
	Targets      int // deliveries created, one per target
}

// DeliverInfo describes a delivery a target acknowledged.
type DeliverInfo struct {
	EventID  string
	RuleARN  string
	TargetID string
	Attempt  int // 1 for the first attempt
}

// RetryInfo describes a failed attempt that will be retried.
type RetryInfo struct {
	EventID  string
	RuleARN  string
	TargetID string
	Attempt  int           // the attempt that failed
	Delay    time.Duration // backoff before the next attempt
	Err      error         // the target's error
}

// DeadLetterInfo describes a delivery handed to a dead-letter target.
type DeadLetterInfo struct {
	EventID    string
	RuleARN    string
	TargetID   string
	Attributes map[string]string // as sent to the dead-letter target; do not modify
	Err        error             // the target's last error
}

// DropReason says why an event or a delivery was dropped.
type DropReason string

// Why events and deliveries are dropped.
const (
	// DropNoSuchBus: the entry named an event bus that does not exist.
	// EventBridge accepts such an entry and drops it; see WithStrictBuses.
	DropNoSuchBus DropReason = "no such event bus"
	// DropRetriesExhausted: the retry policy ran out and the target has no
	// dead-letter target.
	DropRetriesExhausted DropReason = "retries exhausted"
	// DropPermanentError: the target reported a permanent error and has no
	// dead-letter target.
	DropPermanentError DropReason = "permanent error"
	// DropDeadLetterFailed: the dead-letter target refused the delivery.
	DropDeadLetterFailed DropReason = "dead-letter target failed"
	// DropClosed: the bus was closing — the delivery failed while Close
	// drained the queues, when no retry is made, or Close's context ended
	// before it could be made.
	DropClosed DropReason = "bus closed"
)

// DropInfo describes an event or a delivery that was given up.
type DropInfo struct {
	Reason       DropReason
	EventBusName string
	EventID      string
	RuleARN      string // empty for DropNoSuchBus
	TargetID     string // empty for DropNoSuchBus
	Attempts     int    // delivery attempts made
	Err          error  // the last error, if any
}
