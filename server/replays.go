package server

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/replay"
)

// opReplaySnapshot is the journal's name for a replay's description. It
// is no wire operation: the server writes one when a replay starts and
// one when it ends (ReplayEnded), and a restart restores each replay from
// its last one.
//
// Why not journal StartReplay like the other calls: re-applying it would
// replay the archive's events into the bus a second time. A replay's
// record is put back with replay.RestoreReplay instead, which replays
// nothing; one that was still running when the process stopped comes
// back FAILED, with a reason saying so, and can be started again from
// EventLastReplayedTime.
const opReplaySnapshot = "switchyard.ReplaySnapshot"

func (s *Server) replayOps(r *replay.Replayer) []operation {
	return []operation{
		call("StartReplay", false, func(ctx context.Context, in replay.StartReplayInput) (replay.StartReplayOutput, error) {
			out, err := r.StartReplay(ctx, in)
			if err != nil || s.state == nil {
				return out, err
			}
			d, err := r.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: in.ReplayName})
			if err != nil {
				return out, fmt.Errorf("server: describing the new replay %s: %w", in.ReplayName, err)
			}
			if err := s.journalReplay(ctx, d); err != nil {
				return out, err
			}
			return out, nil
		}),
		call("DescribeReplay", false, r.DescribeReplay),
		call("ListReplays", false, r.ListReplays),
		// CancelReplay needs no record of its own: the replay's end is
		// journaled by ReplayEnded.
		call("CancelReplay", false, r.CancelReplay),
	}
}

// ReplayEnded journals the final state of a replay. Pass it to the
// Replayer as replay.WithOnEnd so that a durable server restores finished
// replays as they ended; failures are logged.
func (s *Server) ReplayEnded(d replay.DescribeReplayOutput) {
	if s.state == nil {
		return
	}
	if err := s.journalReplay(context.Background(), d); err != nil {
		s.log.Error("server: journaling the end of a replay", "replay", d.ReplayARN, "err", err)
	}
}

// journalReplay appends a replay's description to the journal.
func (s *Server) journalReplay(ctx context.Context, d replay.DescribeReplayOutput) error {
	input, err := json.Marshal(d)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := Record{Seq: s.seq + 1, Time: s.clock.base.Now().UTC(), Operation: opReplaySnapshot, Input: input}
	if c, ok := switchyard.CallerFrom(ctx); ok {
		rec.Caller = c
	}
	if err := s.state.Append(context.WithoutCancel(ctx), rec); err != nil {
		return fmt.Errorf("server: journaling replay %s: %w", d.ReplayARN, err)
	}
	s.seq = rec.Seq
	return nil
}

// restoreReplays puts back the last journaled description of each replay.
func (s *Server) restoreReplays(ctx context.Context, snapshots map[string][]byte, order []string) (int, error) {
	if s.replays == nil {
		return 0, nil
	}
	n := 0
	for _, arn := range order {
		var d replay.DescribeReplayOutput
		if err := json.Unmarshal(snapshots[arn], &d); err != nil {
			return n, fmt.Errorf("replay %s: %w", arn, err)
		}
		if err := s.replays.RestoreReplay(ctx, d); err != nil {
			s.log.Error("server: restore: replay could not be put back", "replay", arn, "err", err)
			continue
		}
		n++
	}
	return n, nil
}
