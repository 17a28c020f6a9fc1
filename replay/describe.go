package replay

import (
	"context"
	"github.com/switchyard-go/switchyard/internal/paging"
	"maps"
	"slices"
	"strings"

	"github.com/switchyard-go/switchyard"
)

// DescribeReplay describes the replay called name: its state, progress
// (EventLastReplayedTime) and parameters. An unknown replay is a
// ResourceNotFoundException ("Replay <name> does not exist.").
func (r *Replayer) DescribeReplay(ctx context.Context, name string) (Replay, error) {
	var v switchyard.Violations
	v.Name(name, "replayName", 64)
	if err := v.Err(); err != nil {
		return Replay{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	rp := r.byName[name]
	if rp == nil {
		return Replay{}, errReplayNotFound(name)
	}
	return rp.describeLocked(), nil
}

// describeLocked returns rp's description. Called with Replayer.mu held.
func (rp *run) describeLocked() Replay {
	return Replay{
		ReplayName:            rp.name,
		ReplayArn:             rp.arn,
		Description:           rp.description,
		State:                 rp.state,
		StateReason:           rp.reason,
		EventSourceArn:        rp.sourceARN,
		Destination:           Destination{Arn: rp.dest.Arn, FilterArns: slices.Clone(rp.dest.FilterArns)},
		EventStartTime:        rp.start,
		EventEndTime:          rp.end,
		EventLastReplayedTime: rp.lastReplayed,
		ReplayStartTime:       rp.startedAt,
		ReplayEndTime:         rp.endedAt,
	}
}

// ListReplays lists replays, finished ones included, in name order, a page
// at a time. At most one filter may be set: NamePrefix, State or
// EventSourceArn (the archive's ARN). Entries have no ReplayArn,
// Description or Destination, as on EventBridge.
func (r *Replayer) ListReplays(ctx context.Context, in ListReplaysInput) (ListReplaysOutput, error) {
	var v switchyard.Violations
	v.Limit(in.Limit)
	v.Length(in.NamePrefix, "namePrefix", 0, 64)
	if in.State != "" && !slices.Contains(states[:], in.State) {
		names := make([]string, len(states))
		for i, s := range states {
			names[i] = string(s)
		}
		v.Add(string(in.State), "state", "satisfy enum value set: ["+strings.Join(names, ", ")+"]")
	}
	if in.EventSourceArn != "" {
		v.ARN(in.EventSourceArn, "eventSourceArn")
	}
	if err := v.Err(); err != nil {
		return ListReplaysOutput{}, err
	}
	filters := 0
	for _, set := range []bool{in.NamePrefix != "", in.State != "", in.EventSourceArn != ""} {
		if set {
			filters++
		}
	}
	if filters > 1 {
		return ListReplaysOutput{}, awsErr(switchyard.CodeValidation, msgOneFilter)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	names := slices.Sorted(maps.Keys(r.byName))
	keep := func(n string) bool {
		rp := r.byName[n]
		return strings.HasPrefix(n, in.NamePrefix) && (in.State == "" || rp.state == in.State) &&
			(in.EventSourceArn == "" || rp.sourceARN == in.EventSourceArn)
	}
	page, next, err := paginate(names, keep, in.NextToken, in.Limit)
	if err != nil {
		return ListReplaysOutput{}, err
	}
	out := ListReplaysOutput{Replays: make([]Replay, len(page)), NextToken: next}
	for i, n := range page {
		d := r.byName[n].describeLocked()
		d.ReplayArn, d.Description, d.Destination = "", "", Destination{}
		out.Replays[i] = d
	}
	return out, nil
}

// CancelReplay asks a starting or running replay to stop and returns
// State CANCELLING; the replay ends CANCELLED once its goroutine has
// stopped, between two events. An unknown replay is a
// ResourceNotFoundException; one that has already ended, or is already
// cancelling, an IllegalStatusException ("Replay <name> is not in a valid
// state for this operation.").
func (r *Replayer) CancelReplay(ctx context.Context, name string) (CancelReplayOutput, error) {
	var v switchyard.Violations
	v.Name(name, "replayName", 64)
	if err := v.Err(); err != nil {
		return CancelReplayOutput{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	rp := r.byName[name]
	if rp == nil {
		return CancelReplayOutput{}, errReplayNotFound(name)
	}
	if rp.state != StateStarting && rp.state != StateRunning {
		return CancelReplayOutput{}, awsErr(switchyard.CodeIllegalStatus, "Replay "+name+" is not in a valid state for this operation.")
	}
	rp.state, rp.cancelAsked = StateCancelling, true
	rp.cancel()
	return CancelReplayOutput{ReplayArn: rp.arn, State: StateCancelling}, nil
}

// paginate returns the page of sorted keys that keep accepts after the
// token's key, and the next page's token (see package paging).
func paginate(keys []string, keep func(string) bool, token string, limit int) ([]string, string, error) {
	page, next, ok := paging.Page(keys, keep, token, "syr1", limit)
	if !ok {
		return nil, "", awsErr(switchyard.CodeValidation, msgBadNextToken)
	}
	return page, next, nil
}
