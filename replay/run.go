package replay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
)

// How a replay runs
//
// EventBridge replays "using 1 minute intervals": the events of the
// window's first minute, then those of the second, and so on, and
// EventLastReplayedTime tells how far it got (StartReplay in the
// EventBridge API reference). Here one Store.Scan reads the window in
// (time, sequence) order, which is that order with each minute's events
// sorted too, and EventLastReplayedTime moves when a minute is done: when
// the scan reaches an event of a later minute, and at the end. Reading the
// window in one scan, rather than one per minute, keeps a year-long window
// with a few events cheap.
//
// Each event is decoded from the archived envelope, stamped with the
// replay's name and handed to bus.Bus.Replay, which routes it to the
// destination's (filtered) rules and waits while their queues are more
// than half full. Cancelling the replay's context stops the scan between
// two events.

// run replays rp and records how it ended.
func (r *Replayer) run(ctx context.Context, rp *run) {
	defer r.wg.Done()
	defer rp.cancel()
	r.mu.Lock()
	if rp.state == StateStarting {
		rp.state = StateRunning
	}
	r.mu.Unlock()

	var (
		replayed bool
		last     time.Time // event time of the last event replayed
		minute   time.Time // the minute being replayed
	)
	err := r.archives.ScanArchive(ctx, rp.archiveName, rp.start, rp.end, func(rec archive.Record) error {
		if m := rec.Time.Truncate(time.Minute); replayed && m.After(minute) {
			r.progress(rp, last)
		}
		if err := r.limit.wait(ctx); err != nil {
			return err
		}
		var ev switchyard.Event
		if err := decodeEvent(rec.Data, &ev); err != nil {
			return fmt.Errorf("the archived event at %s (sequence %d) cannot be decoded: %w", rec.Time.Format(time.RFC3339Nano), rec.Seq, err)
		}
		ev.ReplayName = rp.name
		if err := r.bus.Route(ctx, bus.RouteInput{EventBusName: rp.dest.ARN, Event: ev, RuleARNs: rp.dest.FilterARNs}); err != nil {
			return err
		}
		replayed, last, minute = true, rec.Time, rec.Time.Truncate(time.Minute)
		return nil
	})
	if replayed {
		r.progress(rp, last)
	}
	r.finish(rp, err)
}

// progress publishes how far rp got.
func (r *Replayer) progress(rp *run, last time.Time) {
	r.mu.Lock()
	rp.lastReplayed = last.UTC()
	r.mu.Unlock()
}

// finish records rp's final state: CANCELLED when it was asked to stop
// (by CancelReplay or Close), whether or not every event had gone out;
// otherwise COMPLETED, or FAILED with the error as reason.
//
// The WithOnEnd hook, if any, is called afterwards, without the lock.
func (r *Replayer) finish(rp *run, err error) {
	r.mu.Lock()
	r.finishLocked(rp, err)
	d := rp.describeLocked()
	r.mu.Unlock()
	if r.cfg.onEnd != nil {
		r.cfg.onEnd(d)
	}
}

func (r *Replayer) finishLocked(rp *run, err error) {
	rp.endedAt = r.clock.Now().UTC()
	switch {
	case rp.cancelAsked:
		rp.state, rp.reason = StateCancelled, reasonCancelled
	case r.closed && errors.Is(err, context.Canceled):
		rp.state, rp.reason = StateCancelled, reasonClosed
	case err == nil:
		rp.state = StateCompleted
	default:
		rp.state, rp.reason = StateFailed, err.Error()
		r.log.Warn("replay: failed", "replay", rp.name, "error", err)
	}
}
