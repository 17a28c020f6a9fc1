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
// # Bounded memory and durable delivery
//
// Every delivery PutEvents creates counts, until it settles, against its
// target's and the Bus's budgets (Limits.TargetBudget, TargetBudgetBytes,
// BusBudget, BusBudgetBytes), retries waiting for their backoff included,
// so a target that always fails cannot make the Bus grow without bound:
// once a budget is full, entries that need it fail with
// ThrottlingException, whose message carries a retry hint (RetryAfter).
// Parked retries share one timer heap per Bus.
//
// WithDeliveryLog keeps deliveries in a bbolt file: PutEvents acknowledges
// an entry only once it is on disk (group commit), and after a crash or a
// restart the unfinished deliveries resume, with their attempt counts and
// event ages, when PutTargets re-creates their targets. With a log the
// budgets bound memory, not acceptance: what does not fit waits on disk.
//
// # Observability
//
// Stats returns counters of what the bus accepted, matched, delivered,
// retried, dead-lettered, dropped and throttled; Hooks receive the same
// events one by one; a *slog.Logger (discarding by default) gets warnings
// about drops.
package bus
