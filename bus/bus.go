package bus

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/switchyard-go/switchyard"
)

// Bus is an in-process EventBridge for one account and region: a set of
// event buses with their rules and targets, and the engine that delivers
// events to the targets. Create it with New and stop it with Close. All
// methods are safe for concurrent use.
type Bus struct {
	cfg   config
	log   *slog.Logger
	hooks Hooks // nil when no hooks were set, to skip building their arguments
	clock Clock

	// mu serialises control-plane changes (buses, rules, targets,
	// permissions, schedules). The data plane never takes it: it reads
	// the snapshots below.
	mu    sync.Mutex
	buses atomic.Pointer[map[string]*eventBus] // copy-on-write, replaced under mu
	jobs  map[*rule]*scheduleJob               // scheduled rules; guarded by mu

	// gate lets Close wait out the PutEvents calls and schedule firings in
	// progress: they hold it shared, Close takes it exclusively once
	// closed is set, after which none can start.
	gate      sync.RWMutex
	closed    atomic.Bool
	closing   chan struct{} // closed when Close starts, to wake blocked producers
	closeOnce sync.Once
	closeErr  error
	done      chan struct{} // closed once every goroutine has stopped

	ids     idSource
	stats   counters
	eng     *engine
	batches sync.Pool // *putBatch
	seq     atomic.Uint64
}

// Bus implements the Publisher interface of the root package.
var _ switchyard.Publisher = (*Bus)(nil)

// New returns a running Bus with its default event bus. It starts the
// delivery workers, which Close stops.
func New(opts ...Option) (*Bus, error) {
	cfg := config{
		account: DefaultAccount,
		region:  DefaultRegion,
		clock:   systemClock{},
		limits:  defaultLimits(),
		maxHops: DefaultMaxHops,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	b := &Bus{
		cfg:     cfg,
		log:     cfg.logger,
		hooks:   cfg.hooks,
		clock:   cfg.clock,
		jobs:    map[*rule]*scheduleJob{},
		closing: make(chan struct{}),
		done:    make(chan struct{}),
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if _, nop := b.hooks.(NopHooks); nop {
		b.hooks = nil
	}
	b.ids.init()
	b.batches.New = func() any { return new(putBatch) }
	now := b.clock.Now()
	def := b.newEventBus(DefaultBusName, "", "", now)
	b.buses.Store(&map[string]*eventBus{DefaultBusName: def})
	b.eng = newEngine(b)
	if err := b.eng.openLog(); err != nil {
		return nil, err
	}
	b.eng.start()
	return b, nil
}

// Account returns the account id that owns the bus's event buses.
func (b *Bus) Account() string { return b.cfg.account }

// Region returns the region of the bus's event buses.
func (b *Bus) Region() string { return b.cfg.region }

// Stats returns the bus's counters. They are read one by one, so while
// events flow they are only roughly consistent with each other; after
// Flush or Close they are exact.
func (b *Bus) Stats() Stats {
	s := &b.stats
	return Stats{
		Accepted:     s.accepted.Load(),
		Scheduled:    s.scheduled.Load(),
		Unroutable:   s.unroutable.Load(),
		Throttled:    s.throttled.Load(),
		Matched:      s.matched.Load(),
		Enqueued:     s.enqueued.Load(),
		Delivered:    s.delivered.Load(),
		Retried:      s.retried.Load(),
		DeadLettered: s.deadLettered.Load(),
		Dropped:      s.dropped.Load(),
		Pending:      b.eng.pending.Load(),
		Resumed:      s.resumed.Load(),
		Kept:         s.kept.Load(),
		Orphaned:     b.eng.orphaned(),
		Parked:       int64(b.eng.timers.len()),
	}
}

// Flush waits until no delivery is pending: every event accepted so far
// has been delivered, dead-lettered or dropped. Under a steady stream of
// new events it waits for a moment when nothing is pending.
//
// Deliveries waiting for a retry are pending, and they wait on the bus's
// Clock: with a fake clock, Flush returns only once the test has advanced
// the clock far enough. Use WaitIdle and advance the clock in a loop (see
// package fakeclock), or give Flush a context with a deadline.
func (b *Bus) Flush(ctx context.Context) error {
	return b.eng.waitFor(ctx, func() bool { return b.eng.pending.Load() == 0 })
}

// WaitIdle waits until no delivery is queued or being attempted: every
// pending delivery, if any, is waiting for a retry timer of the Clock.
// With a fake clock this is the moment to advance it.
func (b *Bus) WaitIdle(ctx context.Context) error {
	return b.eng.waitFor(ctx, func() bool { return b.eng.active.Load() == 0 })
}

// Done returns a channel that is closed once Close has finished and every
// goroutine of the bus has stopped.
func (b *Bus) Done() <-chan struct{} { return b.done }

// Close shuts the bus down. It stops accepting events at once (PutEvents
// and every call that changes the bus then fail with ErrClosed), stops the
// schedules, and drains the queues: queued deliveries are attempted; a
// delivery waiting for a retry is attempted once more right away; and any
// attempt that fails while closing is final — it goes to the dead-letter
// target or is dropped, without further retries. When everything is
// settled the workers stop and Close returns nil.
//
// If ctx ends first, Close cancels the context the targets were given,
// drops what is still queued (counted in Stats.Dropped, reason DropClosed),
// and returns ctx.Err() without waiting for targets that are still busy;
// Done tells when the last worker has returned. Calling Close again waits
// for the first call's outcome.
func (b *Bus) Close(ctx context.Context) error {
	first := false
	b.closeOnce.Do(func() {
		first = true
		b.closed.Store(true)
		close(b.closing)
	})
	if !first {
		select {
		case <-b.done:
			return b.closeErr
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// No PutEvents call or schedule firing can add deliveries after this.
	b.gate.Lock()
	b.gate.Unlock() // an empty critical section: a barrier
	b.stopSchedules()
	b.eng.beginClose()
	err := b.eng.waitFor(ctx, func() bool { return b.eng.pending.Load() == 0 })
	if err != nil {
		b.eng.abort()
	}
	b.eng.stopWorkers()
	b.closeErr = err
	if err != nil {
		go func() {
			b.eng.wg.Wait()
			if err := b.eng.closeLog(); err != nil {
				b.log.Error("bus: closing the delivery log", "error", err)
			}
			close(b.done)
		}()
		return err
	}
	b.eng.wg.Wait()
	b.closeErr = b.eng.closeLog()
	close(b.done)
	return b.closeErr
}

// busByName returns the event bus of that name from the current snapshot.
func (b *Bus) busByName(name string) *eventBus {
	return (*b.buses.Load())[name]
}
