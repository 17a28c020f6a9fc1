package bus

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/switchyard-go/switchyard"
)

// Bus is an in-process EventBridge: the event buses, rules, targets,
// connections, API destinations and partner event sources of any number
// of accounts and regions (see "Accounts and regions"), and the engine
// that delivers events to the targets. Create it with New and stop it with
// Close. All methods are safe for concurrent use.
type Bus struct {
	cfg   config
	log   *slog.Logger
	hooks Hooks // nil when no hooks were set, to skip building their arguments
	clock Clock

	// mu serialises control-plane changes (buses, rules, targets,
	// permissions, schedules). The data plane never takes it: it reads
	// the snapshots below.
	mu         sync.Mutex
	buses      atomic.Pointer[map[string]*eventBus] // by ARN; copy-on-write, replaced under mu
	jobs       map[*rule]*scheduleJob               // scheduled rules; guarded by mu
	sources    map[sourceKey]*partnerSource         // guarded by mu
	conns      map[string]*connection               // by scope and name; guarded by mu
	dests      map[string]*apiDestination           // by scope and name; guarded by mu
	registered map[string]switchyard.Target         // RegisterTarget; guarded by mu
	started    time.Time                            // creation time of every default bus

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
	if b.cfg.resourceIDs == nil {
		b.cfg.resourceIDs = uuid.NewString
	}
	b.ids.init()
	b.batches.New = func() any { return new(putBatch) }
	b.started = b.clock.Now()
	def := b.newEventBus(scope{account: cfg.account, region: cfg.region}, DefaultBusName, b.started)
	b.buses.Store(&map[string]*eventBus{def.arn: def})
	b.eng = newEngine(b)
	if err := b.eng.openLog(); err != nil {
		return nil, err
	}
	b.eng.start()
	return b, nil
}

// Account returns the account calls are made as when their context
// carries no switchyard.Caller (WithAccount).
func (b *Bus) Account() string { return b.cfg.account }

// Region returns the region calls are made in when their context carries
// no switchyard.Caller (WithRegion).
func (b *Bus) Region() string { return b.cfg.region }

// Clock returns the bus's clock, so that services built on the bus
// (archives, replays) can keep the same time.
func (b *Bus) Clock() Clock { return b.clock }

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
		Spilled:      b.eng.spill.count.Load(),
	}
}

// Flush waits until no delivery is pending: every event accepted so far
// has been delivered, dead-lettered or dropped. Under a steady stream of
// new events it waits for a moment when nothing is pending.
//
// Deliveries waiting for a retry are pending, and they wait on the bus's
// Clock: with a fake clock nothing moves them until the clock is advanced.
// If ctx ends while every pending delivery is such a parked retry, Flush
// says so in its error (which wraps ctx.Err()) rather than returning a
// bare deadline. Tests on a fake clock call Drain instead.
func (b *Bus) Flush(ctx context.Context) error {
	err := b.eng.waitFor(ctx, func() bool { return b.eng.pending.Load() == 0 })
	if err != nil && b.eng.active.Load() == 0 {
		if n := b.eng.pending.Load(); n > 0 {
			return fmt.Errorf("bus: Flush: %d deliveries are waiting for retry timers on the bus's Clock; advance the clock (see Drain): %w", n, err)
		}
	}
	return err
}

// Stepper is a clock that tests move by hand: *fakeclock.Clock.
type Stepper interface {
	// AdvanceToNext moves the clock to its next timer and fires it,
	// reporting false when no timer is set.
	AdvanceToNext() (time.Time, bool)
}

// Drain delivers everything on a bus whose Clock is clk, a fake clock: it
// waits until no delivery is queued or being attempted, then advances clk
// to its next timer (a retry's backoff, a schedule), and again, until no
// delivery is pending — every event accepted so far is delivered,
// dead-lettered or dropped — and returns nil. Scheduled rules fire as the
// clock passes them, so a bus whose schedules keep creating deliveries
// that fail may not settle before ctx ends; then Drain returns ctx.Err().
// It fails at once if clk has no timer left while deliveries are pending,
// which means clk is not the bus's clock.
func (b *Bus) Drain(ctx context.Context, clk Stepper) error {
	for {
		if err := b.WaitIdle(ctx); err != nil {
			return err
		}
		if b.eng.pending.Load() == 0 {
			return nil
		}
		if _, ok := clk.AdvanceToNext(); !ok {
			// A timer may be armed just after WaitIdle returned; look once
			// more before giving up.
			if err := b.WaitIdle(ctx); err != nil {
				return err
			}
			if b.eng.pending.Load() == 0 {
				return nil
			}
			if _, ok := clk.AdvanceToNext(); !ok {
				return fmt.Errorf("bus: Drain: %d deliveries are pending but the clock has no timer: is it the bus's Clock?", b.eng.pending.Load())
			}
		}
	}
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
