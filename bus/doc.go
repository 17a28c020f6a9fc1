// Package bus is Switchyard's in-process Amazon EventBridge: event buses,
// rules, targets, schedules, connections, API destinations, partner event
// sources and the delivery engine behind them, for any number of AWS
// accounts and regions.
//
// # Operations
//
// Every EventBridge operation of these resources is a method
// func (b *Bus) Op(ctx, OpInput) (OpOutput, error) whose input and output
// carry the API reference's fields, with AWS's member names as JSON tags:
// the JSON of the aws CLI and the SDKs decodes into them and encodes back
// the same. Go names spell initialisms Go's way (ARN, ID, HTTP, API):
// CreateAPIDestination is CreateApiDestination on the wire. Times are
// time.Time (epoch seconds on the wire). PutEvents and PutPartnerEvents
// take and return the root package's Entry and PutEventsResult, so that
// *Bus is a switchyard.Publisher.
//
//   - event buses: CreateEventBus, UpdateEventBus, DescribeEventBus,
//     ListEventBuses, DeleteEventBus, PutPermission, RemovePermission
//   - rules and targets: PutRule, DescribeRule, ListRules, EnableRule,
//     DisableRule, DeleteRule, PutTargets, RemoveTargets, ListTargetsByRule,
//     ListRuleNamesByTarget, TestEventPattern (and ExplainEventPattern, a
//     Switchyard addition that says why a pattern does not match)
//   - events: PutEvents, PutPartnerEvents
//   - connections: CreateConnection, DescribeConnection, UpdateConnection,
//     DeauthorizeConnection, DeleteConnection, ListConnections
//   - API destinations: CreateAPIDestination, DescribeAPIDestination,
//     UpdateAPIDestination, DeleteAPIDestination, ListAPIDestinations
//   - partner event sources: CreatePartnerEventSource,
//     DeletePartnerEventSource, DescribePartnerEventSource,
//     ListPartnerEventSources, ListPartnerEventSourceAccounts (the
//     partner's side); ActivateEventSource, DeactivateEventSource,
//     DescribeEventSource, ListEventSources (the customer's)
//   - tags: TagResource, UntagResource, ListTagsForResource
//
// Validation, error codes and messages are EventBridge's, word for word
// where AWS's wording is known; errors are *switchyard.Error values that
// errors.Is compares by code, and whose Error() also gives the reason.
// Archives and replays are packages archive and replay, built on a Bus.
//
// # Accounts and regions
//
// The caller of each operation is the switchyard.Caller in its context
// (switchyard.WithCaller; the server sets it from the request's
// credentials), or the Bus's WithAccount and WithRegion when there is none.
// Each account and region has its own default event bus and its own
// resources. Names resolve in the caller's account and region; the
// control plane manages only the caller's resources. Events put by a
// caller carry its account and region. A bus of another account, named by
// ARN in PutEvents or as a rule target, takes an event only when its
// resource policy (PutPermission) admits the sender's account, and a
// forwarded event keeps its id, account, region and time, as on
// EventBridge.
//
// # Targets
//
// A rule target names where events go by ARN, as on EventBridge: an event
// bus, an API destination, a target registered with RegisterTarget, or
// any ARN a TargetResolver (WithTargetResolver) knows — package
// targets/aws plugs AWS services in that way. A target may instead carry
// a Go value (Target.Target): a function, a channel, an HTTP endpoint,
// another bus, see package target. DeadLetterConfig resolves the same way.
// Input, InputPath and InputTransformer shape the payload; RetryPolicy
// bounds the retries.
//
// # Delivery
//
// PutEvents validates, builds each event's envelope once, matches it
// against every rule of its bus in one pass, and hands one delivery per
// matched target to that target's bounded queue. Delivery is asynchronous
// and at-least-once: workers call the targets, retry failures with
// exponential backoff and jitter under the target's RetryPolicy, and send
// what cannot be delivered to the target's dead-letter target — or count,
// log and report it as dropped, never losing it silently. A full queue
// fails the entry with ThrottlingException (or, with WithBlockOnFull,
// makes PutEvents wait).
//
// Flush waits until every delivery accepted so far is settled; Close stops
// accepting, drains the queues and stops every goroutine. Time comes from
// an injectable Clock: with the fake clock of package fakeclock, Drain
// advances it from retry to retry until everything is delivered or
// dead-lettered, so tests never sleep.
//
// # Extension points for services built on a bus
//
// Route sends an event exactly as given — id, account, region and time
// kept — through a bus: bus-to-bus targets forward with it, package
// replay replays archived events with it (ReplayName set, RuleARNs
// filtering the rules), and tests use it to feed rules the events AWS
// services send. AttachArchive and DetachArchive keep the managed rule
// that feeds an archive (see archive.Attacher), and EventBusARN resolves a
// bus name. Clock gives such services the bus's time.
//
// # Durable state
//
// Generated identifiers (the UUIDs in connection and API destination ARNs,
// secret ARNs) come only from WithResourceIDs, and creation and
// modification times only from the Clock, so a server can rebuild a Bus
// exactly by replaying a journal of its mutating calls with the recorded
// identifiers and times.
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
