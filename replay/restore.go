package replay

import (
	"context"
	"fmt"
	"slices"

	"github.com/switchyard-go/switchyard"
)

// reasonInterrupted is the StateReason of a replay that was active when
// its process stopped.
const reasonInterrupted = "The replay was interrupted: the process stopped before it finished."

// RestoreReplay puts back the record of a replay that a previous process
// ran, as DescribeReplay described it (for instance as WithOnEnd or a
// snapshot journalled it), without replaying anything. A durable server
// calls it at start-up, before serving calls.
//
// A replay that had ended (COMPLETED, CANCELLED, FAILED) is restored as
// it was. One that was still active (STARTING, RUNNING, CANCELLING)
// cannot be continued where it stopped, since its events may have been
// partly delivered: it is restored FAILED, with a StateReason that says
// so and ReplayEndTime the clock's now, and the caller may start a new
// replay of the rest of the window (from EventLastReplayedTime).
//
// The replay belongs to the account and region of its ReplayARN, which
// must be arn:aws:events:<region>:<account>:replay/<ReplayName>. A name
// already in use is a ResourceAlreadyExistsException, as in StartReplay.
func (r *Replayer) RestoreReplay(ctx context.Context, d DescribeReplayOutput) error {
	region, account, kind, name, ok := splitARN(d.ReplayARN)
	if !ok || kind != "replay" || name != d.ReplayName {
		return fmt.Errorf("replay: RestoreReplay: %q is not the ARN of replay %q", d.ReplayARN, d.ReplayName)
	}
	// The ARN, not ctx, says whose replay it is.
	_, _, _, archiveName, _ := splitARN(d.EventSourceARN)
	k := runKey{account: account, region: region, name: name}
	rp := &run{
		key:          k,
		name:         name,
		arn:          d.ReplayARN,
		description:  d.Description,
		sourceARN:    d.EventSourceARN,
		archiveName:  archiveName,
		dest:         Destination{ARN: d.Destination.ARN, FilterARNs: slices.Clone(d.Destination.FilterARNs)},
		start:        d.EventStartTime,
		end:          d.EventEndTime,
		startedAt:    d.ReplayStartTime,
		cancel:       func() {},
		state:        d.State,
		reason:       d.StateReason,
		lastReplayed: d.EventLastReplayedTime,
		endedAt:      d.ReplayEndTime,
	}
	if d.State.active() {
		rp.state, rp.reason, rp.endedAt = StateFailed, reasonInterrupted, r.clock.Now().UTC()
	} else if !slices.Contains(states[:], d.State) {
		return fmt.Errorf("replay: RestoreReplay: %q is not a replay state", d.State)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	if _, taken := r.byName[k]; taken {
		return awsErr(switchyard.CodeResourceAlreadyExists, "Replay "+name+" already exists.")
	}
	r.byName[k] = rp
	return nil
}
