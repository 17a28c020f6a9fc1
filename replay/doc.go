// Package replay replays the events of an archive's time window into its
// event bus, as EventBridge's StartReplay does.
//
// A Replayer ties a bus (package bus) to its archives (package archive).
// StartReplay checks the request as EventBridge does, with EventBridge's
// error codes and messages, and starts a goroutine that reads the
// archive's events with EventStartTime <= time < EventEndTime in event-time
// order and sends each one, marked with "replay-name", through the bus's
// matcher to the destination rules (Destination.FilterArns, or every rule
// of the bus). DescribeReplay shows the state (STARTING, RUNNING,
// CANCELLING, COMPLETED, CANCELLED or FAILED) and the progress
// (EventLastReplayedTime, which advances a minute of the window at a
// time); CancelReplay stops a replay; ListReplays lists them.
//
// Replays share the bus with live traffic: a replay never fills a target's
// delivery queue beyond half, so PutEvents is not throttled because of it,
// and WithRate bounds its speed in events per second on an injectable
// clock. Replayed events are never archived again.
package replay
