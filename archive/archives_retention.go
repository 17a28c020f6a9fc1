package archive

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Retention
//
// An archive with RetentionDays n keeps the events whose time is less than
// n days old; RetentionDays 0 keeps them forever. Age is measured by event
// time, the key the store is ordered by, so that expiry is one
// DeleteBefore per archive, a range delete. A sweeper armed on the clock
// runs every WithRetentionInterval; EnforceRetention runs the same sweep
// on demand (tests call it after moving a fake clock).

// EnforceRetention deletes, from every archive with a retention period,
// the events older than that period, and returns how many it deleted.
func (a *Archives) EnforceRetention(ctx context.Context) (int64, error) {
	if a.closed.Load() {
		return 0, ErrArchivesClosed
	}
	type job struct {
		name  string
		store Store
		cut   time.Time
	}
	now := a.clock.Now()
	var jobs []job
	a.mu.Lock()
	for _, e := range a.byName {
		if e.retentionDays > 0 && e.gone == nil && e.store != nil {
			jobs = append(jobs, job{e.name, e.store, now.Add(-time.Duration(e.retentionDays) * 24 * time.Hour)})
		}
	}
	a.mu.Unlock()
	var total int64
	var errs []error
	for _, j := range jobs {
		n, err := j.store.DeleteBefore(ctx, j.cut)
		total += n
		if err != nil && !errors.Is(err, ErrClosed) { // ErrClosed: deleted meanwhile
			errs = append(errs, fmt.Errorf("archive: %s: retention: %w", j.name, err))
		}
	}
	return total, errors.Join(errs...)
}

// armSweep arms the retention timer. Called with mu held.
func (a *Archives) armSweep() {
	a.sweep = a.clock.AfterFunc(a.cfg.retentionInterval, a.sweepTick)
}

// sweepTick is the retention timer firing: one sweep, then the next
// timer, unless Close has begun.
func (a *Archives) sweepTick() {
	a.mu.Lock()
	if a.closed.Load() {
		a.mu.Unlock()
		return
	}
	a.sweeps.Add(1)
	a.mu.Unlock()
	n, err := a.EnforceRetention(a.ctx)
	switch {
	case err != nil && !errors.Is(err, ErrArchivesClosed):
		a.log.Warn("archive: retention sweep failed", "deleted", n, "error", err)
	case n > 0:
		a.log.Info("archive: retention sweep", "deleted", n)
	}
	a.sweeps.Done()
	a.mu.Lock()
	if !a.closed.Load() {
		a.armSweep()
	}
	a.mu.Unlock()
}
