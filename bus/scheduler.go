package bus

import (
	"sync"
	"time"

	"github.com/switchyard-go/switchyard"
)

// Scheduled rules fire from timers on the bus's Clock. Each enabled rule
// with a schedule expression has one scheduleJob, which keeps exactly one
// timer armed for the next firing: when it fires, the job emits the
// scheduled event to the rule's targets and arms the timer for the firing
// after. A rate schedule counts from its anchor, the time the rule was
// created or last enabled (or its schedule changed); a cron schedule fires
// on its UTC calendar minutes.

// scheduleJob drives one scheduled rule.
type scheduleJob struct {
	b      *Bus
	r      *rule
	sched  *Schedule
	anchor time.Time

	mu      sync.Mutex
	stop    func() bool // cancels the armed timer
	stopped bool
}

// rescheduleLocked brings r's job in line with its configuration after a
// change from old (nil for a new rule). Called with Bus.mu held.
func (b *Bus) rescheduleLocked(r *rule, old *ruleConfig) {
	c := r.cfg.Load()
	want := c.schedule != nil && c.state != RuleDisabled
	job := b.jobs[r]
	if job != nil && want && old != nil && old.state != RuleDisabled && old.schedule != nil &&
		old.schedule.String() == c.schedule.String() {
		return // same schedule, still enabled: keep its anchor
	}
	if job != nil {
		job.cancel()
		delete(b.jobs, r)
	}
	if !want || b.closed.Load() {
		return
	}
	job = &scheduleJob{b: b, r: r, sched: c.schedule, anchor: b.clock.Now()}
	b.jobs[r] = job
	job.mu.Lock()
	job.arm(job.anchor)
	job.mu.Unlock()
}

// unscheduleLocked stops r's job, if any. Called with Bus.mu held.
func (b *Bus) unscheduleLocked(r *rule) {
	if job := b.jobs[r]; job != nil {
		job.cancel()
		delete(b.jobs, r)
	}
}

// stopSchedules stops every job, for Close.
func (b *Bus) stopSchedules() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for r, job := range b.jobs {
		job.cancel()
		delete(b.jobs, r)
	}
}

// arm sets the timer for the first firing after `after`. Called with j.mu
// held. A schedule that never fires again arms nothing.
func (j *scheduleJob) arm(after time.Time) {
	next := j.sched.NextAfter(j.anchor, after)
	if next.IsZero() {
		j.stop = nil
		return
	}
	d := next.Sub(j.b.clock.Now())
	j.stop = j.b.clock.AfterFunc(d, func() { j.fire(next) })
}

// cancel stops the job for good.
func (j *scheduleJob) cancel() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.stopped = true
	if j.stop != nil {
		j.stop()
		j.stop = nil
	}
}

// fire emits the event of the firing at `at` and arms the next one.
func (j *scheduleJob) fire(at time.Time) {
	j.mu.Lock()
	if j.stopped {
		j.mu.Unlock()
		return
	}
	j.mu.Unlock()
	j.b.emitScheduled(j.r, at)
	j.mu.Lock()
	if !j.stopped {
		j.arm(at)
	}
	j.mu.Unlock()
}

// emitScheduled sends a scheduled rule's event to the rule's targets, as
// EventBridge does: source "aws.events", detail-type "Scheduled Event",
// detail {}, the rule's ARN as the only resource, and the scheduled time.
// Scheduled events are few; they bypass the queue limits rather than be
// throttled.
func (b *Bus) emitScheduled(r *rule, at time.Time) {
	b.gate.RLock()
	defer b.gate.RUnlock()
	if b.closed.Load() || !r.enabled() {
		return
	}
	now := b.clock.Now()
	rec := marshalRecord(&eventRecord{
		event: switchyard.Event{
			Version:    "0",
			ID:         b.ids.next(),
			DetailType: "Scheduled Event",
			Source:     "aws.events",
			Account:    r.bus.account,
			Time:       at.Truncate(time.Second).UTC(),
			Region:     r.bus.region,
			Resources:  []string{r.arn},
		},
		ingested: now,
	}, "{}", nil)
	b.stats.scheduled.Add(1)
	if h := b.hooks; h != nil {
		h.OnPut(PutInfo{EventBusName: r.bus.name, EventID: rec.event.ID, Source: rec.event.Source, DetailType: rec.event.DetailType})
	}
	ts := r.targets.Load()
	if ts == nil || len(*ts) == 0 {
		return
	}
	b.stats.matched.Add(1)
	if h := b.hooks; h != nil {
		h.OnMatch(MatchInfo{EventBusName: r.bus.name, EventID: rec.event.ID, RuleName: r.name, RuleARN: r.arn, Targets: len(*ts)})
	}
	n := len(*ts)
	ds := make([]delivery, n)
	b.eng.pending.Add(int64(n))
	b.eng.active.Add(int64(n))
	b.stats.enqueued.Add(uint64(n))
	for i, t := range *ts {
		ds[i] = delivery{ev: rec, t: t}
		b.eng.enqueue(t, &ds[i])
	}
}
