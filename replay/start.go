package replay

import (
	"context"
	"errors"
	"slices"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// StartReplay starts replaying the archive EventSourceARN names, for the
// events whose time is in [EventStartTime, EventEndTime), into the
// destination bus, and returns at once with State STARTING; the replay
// runs in the background (see DescribeReplay).
//
// Events go out in event-time order, a minute of the window after
// another, each carrying "replay-name": ReplayName, and only to the rules
// in Destination.FilterARNs (every rule of the bus when there are none).
// They are never archived again.
//
// The window may start before the archive was created: events carry
// their own time (Entry.Time), and a durable archive re-created after a
// restart holds events older than itself.
//
// Errors, checked in this order and worded as EventBridge words them:
//   - a malformed request: ValidationException naming the field;
//   - EventEndTime not after EventStartTime: ValidationException
//     "Parameter EventEndTime is not valid. Reason: EventStartTime must be
//     before EventEndTime.";
//   - an unknown archive: ValidationException "Parameter EventSourceArn is
//     not valid. Reason: Archive <name> does not exist.";
//   - a Destination.ARN that is not an event bus ARN, or names a bus that
//     does not exist (ResourceNotFoundException "Event bus <name> does
//     not exist."), or a bus other than the archive's (ValidationException
//     "Parameter Destination.Arn is not valid. Reason: Cross event bus
//     replay is not permitted.");
//   - a name already used by a replay, finished or not:
//     ResourceAlreadyExistsException "Replay <name> already exists.";
//   - too many active replays (WithMaxActiveReplays):
//     LimitExceededException.
func (r *Replayer) StartReplay(ctx context.Context, in StartReplayInput) (StartReplayOutput, error) {
	var v awsreq.Violations
	v.Name(in.ReplayName, "replayName", 64)
	v.Length(in.Description, "description", 0, 512)
	v.ARN(in.EventSourceARN, "eventSourceArn")
	if in.EventStartTime.IsZero() {
		v.Required("eventStartTime")
	}
	if in.EventEndTime.IsZero() {
		v.Required("eventEndTime")
	}
	v.ARN(in.Destination.ARN, "destination.arn")
	for _, f := range in.Destination.FilterARNs {
		v.Length(f, "destination.filterArns.member", 1, 1600)
	}
	if err := v.Err(); err != nil {
		return StartReplayOutput{}, err
	}
	if !in.EventEndTime.After(in.EventStartTime) {
		return StartReplayOutput{}, awsErr(switchyard.CodeValidation, msgEndBeforeStart)
	}

	key, caller := r.key(ctx, in.ReplayName)
	ctx = switchyard.WithCaller(ctx, caller)
	_, _, kind, archiveName, _ := splitARN(in.EventSourceARN)
	if kind != "archive" {
		return StartReplayOutput{}, errArchiveNotFound(archiveName)
	}
	ar, err := r.archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: archiveName})
	if err != nil {
		if errors.Is(err, switchyard.ErrResourceNotFound) || errors.Is(err, switchyard.ErrValidation) {
			return StartReplayOutput{}, errArchiveNotFound(archiveName)
		}
		return StartReplayOutput{}, err
	}
	if ar.ArchiveARN != in.EventSourceARN {
		// The same name in another account or region.
		return StartReplayOutput{}, errArchiveNotFound(archiveName)
	}
	if _, _, kind, _, _ := splitARN(in.Destination.ARN); kind != "event-bus" {
		return StartReplayOutput{}, awsErr(switchyard.CodeValidation, msgNotBusARN)
	}
	dest, err := r.bus.EventBusARN(ctx, in.Destination.ARN)
	if err != nil {
		return StartReplayOutput{}, err
	}
	if dest != ar.EventSourceARN {
		return StartReplayOutput{}, awsErr(switchyard.CodeValidation, msgCrossBus)
	}

	now := r.clock.Now().UTC()
	rctx, cancel := context.WithCancel(switchyard.WithCaller(r.ctx, caller))
	rp := &run{
		key:         key,
		name:        in.ReplayName,
		arn:         "arn:aws:events:" + caller.Region + ":" + caller.Account + ":replay/" + in.ReplayName,
		description: in.Description,
		sourceARN:   in.EventSourceARN,
		archiveName: archiveName,
		dest:        Destination{ARN: in.Destination.ARN, FilterARNs: slices.Clone(in.Destination.FilterARNs)},
		start:       in.EventStartTime,
		end:         in.EventEndTime,
		startedAt:   now,
		cancel:      cancel,
		state:       StateStarting,
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.admitLocked(key); err != nil {
		cancel()
		return StartReplayOutput{}, err
	}
	r.byName[key] = rp
	r.wg.Add(1)
	go r.run(rctx, rp)
	return StartReplayOutput{ReplayARN: rp.arn, State: StateStarting, ReplayStartTime: now}, nil
}

// admitLocked checks that a new replay k may start: its name is free in
// its account and region, and that account and region have fewer than
// the maximum of active replays. Called with mu held.
func (r *Replayer) admitLocked(k runKey) error {
	if r.closed {
		return ErrClosed
	}
	if _, ok := r.byName[k]; ok {
		return awsErr(switchyard.CodeResourceAlreadyExists, "Replay "+k.name+" already exists.")
	}
	n := 0
	for rk, rp := range r.byName {
		if rk.account == k.account && rk.region == k.region && rp.state.active() {
			n++
		}
	}
	if n >= r.cfg.maxActive {
		return awsErr(switchyard.CodeLimitExceeded, msgTooMany)
	}
	return nil
}
