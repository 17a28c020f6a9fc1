package server

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/replay"
)

// journaled applies a mutating operation and appends it to the State
// before returning, so that the 200 the caller then sends means the change
// is on disk.
//
// Changes are applied one at a time (s.mu). While one is applied the
// Clock is pinned to the instant the record will carry and the IDs source
// records what the backends generate; a restart re-applies the record
// with the same instant and identifiers (restore), so the rebuilt
// resources are the ones the clients saw: same ARNs, same creation times.
//
// A call that fails is not journaled: EventBridge's validation rejects a
// call before it changes anything. A call that partly succeeds (PutTargets
// with FailedEntries) is journaled whole; re-applying it fails the same
// entries again.
//
// If the append itself fails, the change has happened in memory but is
// not durable. The client gets InternalException and the server logs the
// fault; the change is then visible until the next restart, which is the
// best a journal written after the fact can promise without an undo for
// every operation.
func (s *Server) journaled(ctx context.Context, op *operation, target string, body []byte, query string, caller switchyard.Caller) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.base.Now().UTC()
	s.clock.pin(now)
	s.ids.startRecording()
	out, err := op.invoke(ctx, body, parseQuery(query))
	ids := s.ids.stopRecording()
	s.clock.unpin()
	if err != nil {
		return nil, err
	}
	rec := Record{
		Seq:       s.seq + 1,
		Time:      now,
		Caller:    caller,
		Operation: target,
		Input:     body,
		Query:     query,
		IDs:       ids,
	}
	// The client may have gone away; the change has been made, so it is
	// journaled regardless.
	if err := s.state.Append(context.WithoutCancel(ctx), rec); err != nil {
		return nil, fmt.Errorf("server: journaling %s: %w", target, err)
	}
	s.seq = rec.Seq
	return out, nil
}

// restore re-applies every journaled change, in order, with its original
// clock, caller and identifiers. A record that fails to apply is logged
// and skipped: it succeeded once, so a failure now means the backends
// changed behaviour between versions, and refusing to start would lock
// the user out of the rest of their state.
func (s *Server) restore(ctx context.Context) error {
	start := time.Now()
	var applied, failed int
	callers := map[switchyard.Caller]bool{}
	replays, replayOrder := map[string][]byte{}, []string(nil)
	err := s.state.Scan(ctx, func(rec Record) error {
		s.seq = rec.Seq
		if rec.Operation == opReplaySnapshot {
			arn, ended, err := snapshotInfo(rec.Input)
			if err != nil {
				failed++
				s.log.Error("server: restore: unreadable replay record", "seq", rec.Seq, "err", err)
				return nil
			}
			prev, seen := replays[arn]
			if !seen {
				replayOrder = append(replayOrder, arn)
			}
			// The last record wins, except that a replay's end is never
			// overtaken by its start: a short replay may end before the
			// StartReplay call journals its first description.
			if _, prevEnded, _ := snapshotInfo(prev); !seen || ended || !prevEnded {
				replays[arn] = rec.Input
			}
			return nil
		}
		callers[rec.Caller] = true
		op := s.lookup(rec.Operation)
		if op == nil {
			failed++
			s.log.Error("server: restore: unknown operation in journal", "seq", rec.Seq, "op", rec.Operation)
			return nil
		}
		opCtx := switchyard.WithCaller(ctx, rec.Caller)
		s.clock.pin(rec.Time)
		s.ids.feed(rec.IDs)
		_, err := op.invoke(opCtx, rec.Input, parseQuery(rec.Query))
		s.ids.feed(nil)
		s.clock.unpin()
		if err != nil {
			failed++
			s.log.Error("server: restore: journaled change failed to re-apply", "seq", rec.Seq, "op", rec.Operation, "err", err)
			return nil
		}
		applied++
		return nil
	})
	if err != nil {
		return fmt.Errorf("server: restoring state: %w", err)
	}
	restoredReplays, err := s.restoreReplays(ctx, replays, replayOrder)
	if err != nil {
		return fmt.Errorf("server: restoring state: %w", err)
	}
	rearmed := 0
	if s.bus != nil {
		if rearmed, err = rearmSchedules(ctx, s.bus, callers); err != nil {
			return fmt.Errorf("server: restoring state: %w", err)
		}
	}
	s.log.Info("server: control plane restored", "changes", applied, "failed", failed, "schedules", rearmed, "replays", restoredReplays, "took", time.Since(start).String())
	return nil
}

// lookup finds an operation by its journaled name.
func (s *Server) lookup(name string) *operation {
	if op, ok := s.targets[name]; ok {
		return op
	}
	for _, op := range s.paths {
		if op.name == name {
			return op
		}
	}
	return nil
}

// snapshotInfo reads the ReplayArn of a journaled replay description and
// whether the replay had ended.
func snapshotInfo(input []byte) (arn string, ended bool, err error) {
	var d struct {
		ReplayARN string       `json:"ReplayArn"`
		State     replay.State `json:"State"`
	}
	if err := json.Unmarshal(input, &d); err != nil {
		return "", false, err
	}
	if d.ReplayARN == "" {
		return "", false, fmt.Errorf("no ReplayArn")
	}
	switch d.State {
	case replay.StateCompleted, replay.StateCancelled, replay.StateFailed:
		ended = true
	}
	return d.ReplayARN, ended, nil
}
