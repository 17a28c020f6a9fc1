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
//
// Each operation is Op(ctx, OpInput) (OpOutput, error), with EventBridge's
// JSON member names as tags, and acts as the switchyard.Caller in ctx (the
// bus's account and region without one); replay names are unique per
// account and region.
//
// Restoring from a journal. Replays generate no identifiers and read the
// time only from their clock (WithClock, or the bus's): StartReplay reads
// it once, for ReplayStartTime, and a replay reads it again when it ends,
// for ReplayEndTime. A server that journals StartReplay and CancelReplay
// with their caller and time can rebuild the replays' records with the
// clock set to each call's time; a replay that was running when the
// process stopped is the server's to resume or mark FAILED.
package replay
