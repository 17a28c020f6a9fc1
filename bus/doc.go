// Package bus is Switchyard's in-process Amazon EventBridge: event buses,
// rules, targets, schedules and the delivery engine behind them.
//
// A Bus holds a set of event buses of one account and region. The default
// bus always exists; custom and partner buses are created with
// CreateEventBus. Each operation mirrors the EventBridge API call of the same
// name — PutEvents, PutPartnerEvents, PutRule, DescribeRule, ListRules,
// EnableRule, DisableRule, DeleteRule, PutTargets, RemoveTargets,
// ListTargetsByRule, ListRuleNamesByTarget, CreateEventBus, DeleteEventBus,
// DescribeEventBus, ListEventBuses, PutPermission, RemovePermission and
// TestEventPattern — with EventBridge's validation rules, error codes and
// messages, so code and tests written against EventBridge read the same here.
//
// Targets are Go values: a rule's Target carries a switchyard.Target (a
// function, a channel, an HTTP endpoint, another bus, see package target)
// together with EventBridge's input transformation, retry policy and
// dead-letter settings.
//
// # Delivery
//
// PutEvents validates, builds each event's envelope once, matches it against
// every rule of its bus in one pass, and hands one delivery per matched
// target to that target's bounded queue. Delivery is asynchronous and
// at-least-once: workers call the targets, retry failures with exponential
// backoff and jitter under the target's RetryPolicy, and send what cannot be
// delivered to the target's dead-letter target — or count, log and report it
// as dropped, never losing it silently. A full queue fails the entry with
// ThrottlingException (or, with WithBlockOnFull, makes PutEvents wait).
//
// Flush waits until every delivery accepted so far is settled; Close stops
// accepting, drains the queues and stops every goroutine. Time comes from an
// injectable Clock, so schedules and retry backoff can be driven by the
// fake clock in package fakeclock and tests never sleep.
//
// # Observability
//
// Stats returns counters of what the bus accepted, matched, delivered,
// retried, dead-lettered, dropped and throttled; Hooks receive the same
// events one by one; a *slog.Logger (discarding by default) gets warnings
// about drops.
package bus
