package replay

import (
	"context"
	"errors"
	"slices"

	"github.com/switchyard-go/switchyard"
)

// StartReplay starts replaying the archive EventSourceArn names, for the
// events whose time is in [EventStartTime, EventEndTime), into the
// destination bus, and returns at once with State STARTING; the replay
// runs in the background (see DescribeReplay).
//
// Events go out in event-time order, a minute of the window after
// another, each carrying "replay-name": ReplayName, and only to the rules
// in Destination.FilterArns (every rule of the bus when there are none).
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
//   - a Destination.Arn that is not an event bus ARN, or names a bus that
//     does not exist (ResourceNotFoundException "Event bus <name> does
//     not exist."), or a bus other than the archive's (ValidationException
//     "Parameter Destination.Arn is not valid. Reason: Cross event bus
//     replay is not permitted.");
//   - a name already used by a replay, finished or not:
//     ResourceAlreadyExistsException "Replay <name> already exists.";
//   - too many active replays (WithMaxActiveReplays):
//     LimitExceededException.
func (r *Replayer) StartReplay(ctx context.Context, in StartReplayInput) (StartReplayOutput, error) {
	var v switchyard.Violations
	v.Name(in.ReplayName, "replayName", 64)
	v.Length(in.Description, "description", 0, 512)
	v.ARN(in.EventSourceArn, "eventSourceArn")
	if in.EventStartTime.IsZero() {
		v.Required("eventStartTime")
	}
	if in.EventEndTime.IsZero() {
		v.Required("eventEndTime")
	}
	v.ARN(in.Destination.Arn, "destination.arn")
	for _, f := range in.Destination.FilterArns {
		v.Length(f, "destination.filterArns.member", 1, 1600)
	}
	if err := v.Err(); err != nil {
		return StartReplayOutput{}, err
	}
	if !in.EventEndTime.After(in.EventStartTime) {
		return StartReplayOutput{}, awsErr(switchyard.CodeValidation, msgEndBeforeStart)
	}

	_, _, kind, archiveName, _ := splitARN(in.EventSourceArn)
	if kind != "archive" {
		return StartReplayOutput{}, errArchiveNotFound(archiveName)
	}
	ar, err := r.archives.DescribeArchive(ctx, archiveName)
	if err != nil {
		if errors.Is(err, switchyard.ErrResourceNotFound) || errors.Is(err, switchyard.ErrValidation) {
			return StartReplayOutput{}, errArchiveNotFound(archiveName)
		}
		return StartReplayOutput{}, err
	}
	if ar.ArchiveArn != in.EventSourceArn {
		// The same name in another account or region.
		return StartReplayOutput{}, errArchiveNotFound(archiveName)
	}
	if _, _, kind, _, _ := splitARN(in.Destination.Arn); kind != "event-bus" {
		return StartReplayOutput{}, awsErr(switchyard.CodeValidation, msgNotBusARN)
	}
	dest, err := r.bus.EventBusARN(ctx, in.Destination.Arn)
	if err != nil {
		return StartReplayOutput{}, err
	}
	if dest != ar.EventSourceArn {
		return StartReplayOutput{}, awsErr(switchyard.CodeValidation, msgCrossBus)
	}

	now := r.clock.Now().UTC()
	rctx, cancel := context.WithCancel(r.ctx)
	rp := &run{
		name:        in.ReplayName,
		arn:         "arn:aws:events:" + r.bus.Region() + ":" + r.bus.Account() + ":replay/" + in.ReplayName,
		description: in.Description,
		sourceARN:   in.EventSourceArn,
		archiveName: archiveName,
		dest:        Destination{Arn: in.Destination.Arn, FilterArns: slices.Clone(in.Destination.FilterArns)},
		start:       in.EventStartTime,
		end:         in.EventEndTime,
		startedAt:   now,
		cancel:      cancel,
		state:       StateStarting,
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.admitLocked(rp.name); err != nil {
		cancel()
		return StartReplayOutput{}, err
	}
	r.byName[rp.name] = rp
	r.wg.Add(1)
	go r.run(rctx, rp)
	return StartReplayOutput{ReplayArn: rp.arn, State: StateStarting, ReplayStartTime: now}, nil
}

// admitLocked checks that a new replay called name may start. Called with
// mu held.
func (r *Replayer) admitLocked(name string) error {
	if r.closed {
		return ErrClosed
	}
	if _, ok := r.byName[name]; ok {
		return awsErr(switchyard.CodeResourceAlreadyExists, "Replay "+name+" already exists.")
	}
	n := 0
	for _, rp := range r.byName {
		if rp.state.active() {
			n++
		}
	}
	if n >= r.cfg.maxActive {
		return awsErr(switchyard.CodeLimitExceeded, msgTooMany)
	}
	return nil
}
