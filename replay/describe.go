package replay

import (
	"context"
	"slices"
	"strings"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/internal/paging"
)

// DescribeReplay describes the caller's replay called ReplayName: its
// state, progress (EventLastReplayedTime) and parameters. An unknown
// replay is a ResourceNotFoundException ("Replay <name> does not
// exist.").
func (r *Replayer) DescribeReplay(ctx context.Context, in DescribeReplayInput) (DescribeReplayOutput, error) {
	var v awsreq.Violations
	v.Name(in.ReplayName, "replayName", 64)
	if err := v.Err(); err != nil {
		return DescribeReplayOutput{}, err
	}
	k, _ := r.key(ctx, in.ReplayName)
	r.mu.Lock()
	defer r.mu.Unlock()
	rp := r.byName[k]
	if rp == nil {
		return DescribeReplayOutput{}, errReplayNotFound(in.ReplayName)
	}
	return rp.describeLocked(), nil
}

// describeLocked returns rp's description. Called with Replayer.mu held.
func (rp *run) describeLocked() DescribeReplayOutput {
	return DescribeReplayOutput{
		ReplayName:            rp.name,
		ReplayARN:             rp.arn,
		Description:           rp.description,
		State:                 rp.state,
		StateReason:           rp.reason,
		EventSourceARN:        rp.sourceARN,
		Destination:           Destination{ARN: rp.dest.ARN, FilterARNs: slices.Clone(rp.dest.FilterARNs)},
		EventStartTime:        rp.start,
		EventEndTime:          rp.end,
		EventLastReplayedTime: rp.lastReplayed,
		ReplayStartTime:       rp.startedAt,
		ReplayEndTime:         rp.endedAt,
	}
}

// listEntryLocked returns rp's ListReplays entry. Called with
// Replayer.mu held.
func (rp *run) listEntryLocked() Replay {
	return Replay{
		ReplayName:            rp.name,
		EventSourceARN:        rp.sourceARN,
		State:                 rp.state,
		StateReason:           rp.reason,
		EventStartTime:        rp.start,
		EventEndTime:          rp.end,
		EventLastReplayedTime: rp.lastReplayed,
		ReplayStartTime:       rp.startedAt,
		ReplayEndTime:         rp.endedAt,
	}
}

// ListReplays lists replays, finished ones included, in name order, a page
// at a time. At most one filter may be set: NamePrefix, State or
// EventSourceARN (the archive's ARN). Only the caller's replays are
// listed. Entries have no ARN, Description or Destination, as on
// EventBridge.
func (r *Replayer) ListReplays(ctx context.Context, in ListReplaysInput) (ListReplaysOutput, error) {
	var v awsreq.Violations
	v.Limit(in.Limit)
	v.Length(in.NamePrefix, "namePrefix", 0, 64)
	if in.State != "" && !slices.Contains(states[:], in.State) {
		names := make([]string, len(states))
		for i, s := range states {
			names[i] = string(s)
		}
		v.Add(string(in.State), "state", "satisfy enum value set: ["+strings.Join(names, ", ")+"]")
	}
	if in.EventSourceARN != "" {
		v.ARN(in.EventSourceARN, "eventSourceArn")
	}
	if err := v.Err(); err != nil {
		return ListReplaysOutput{}, err
	}
	filters := 0
	for _, set := range []bool{in.NamePrefix != "", in.State != "", in.EventSourceARN != ""} {
		if set {
			filters++
		}
	}
	if filters > 1 {
		return ListReplaysOutput{}, awsErr(switchyard.CodeValidation, msgOneFilter)
	}
	self, _ := r.key(ctx, "")
	r.mu.Lock()
	defer r.mu.Unlock()
	var names []string
	for k := range r.byName {
		if k.account == self.account && k.region == self.region {
			names = append(names, k.name)
		}
	}
	slices.Sort(names)
	get := func(n string) *run { return r.byName[runKey{self.account, self.region, n}] }
	keep := func(n string) bool {
		rp := get(n)
		return strings.HasPrefix(n, in.NamePrefix) && (in.State == "" || rp.state == in.State) &&
			(in.EventSourceARN == "" || rp.sourceARN == in.EventSourceARN)
	}
	page, next, err := paginate(names, keep, in.NextToken, in.Limit)
	if err != nil {
		return ListReplaysOutput{}, err
	}
	out := ListReplaysOutput{Replays: make([]Replay, len(page)), NextToken: next}
	for i, n := range page {
		out.Replays[i] = get(n).listEntryLocked()
	}
	return out, nil
}

// CancelReplay asks a starting or running replay to stop and returns
// State CANCELLING; the replay ends CANCELLED once its goroutine has
// stopped, between two events. An unknown replay is a
// ResourceNotFoundException; one that has already ended, or is already
// cancelling, an IllegalStatusException ("Replay <name> is not in a valid
// state for this operation.").
func (r *Replayer) CancelReplay(ctx context.Context, in CancelReplayInput) (CancelReplayOutput, error) {
	name := in.ReplayName
	var v awsreq.Violations
	v.Name(name, "replayName", 64)
	if err := v.Err(); err != nil {
		return CancelReplayOutput{}, err
	}
	k, _ := r.key(ctx, name)
	r.mu.Lock()
	defer r.mu.Unlock()
	rp := r.byName[k]
	if rp == nil {
		return CancelReplayOutput{}, errReplayNotFound(name)
	}
	if rp.state != StateStarting && rp.state != StateRunning {
		return CancelReplayOutput{}, awsErr(switchyard.CodeIllegalStatus, "Replay "+name+" is not in a valid state for this operation.")
	}
	rp.state, rp.cancelAsked = StateCancelling, true
	rp.cancel()
	return CancelReplayOutput{ReplayARN: rp.arn, State: StateCancelling}, nil
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
