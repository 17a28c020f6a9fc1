package replay

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/internal/caller"
)

// Replayer is EventBridge's replay service for one bus and its archives:
// StartReplay, DescribeReplay, ListReplays and CancelReplay. Each replay
// runs in its own goroutine, which Close stops. All methods are safe for
// concurrent use.
type Replayer struct {
	bus      *bus.Bus
	archives *archive.Archives
	cfg      config
	clock    bus.Clock
	log      *slog.Logger
	limit    *limiter

	ctx    context.Context // parent of every replay's context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	byName map[runKey]*run
	closed bool
}

// runKey names a replay: replay names are unique per account and region,
// as on EventBridge ("Replay names are unique per account and region, not
// per archive", aws-archive-replay-schedule.md, section 2).
type runKey struct {
	account, region, name string
}

// run is one replay. Its identity and parameters never change; its
// progress is guarded by Replayer.mu.
type run struct {
	key         runKey
	name        string
	arn         string
	description string
	sourceARN   string
	archiveName string
	dest        Destination
	start, end  time.Time
	startedAt   time.Time
	cancel      context.CancelFunc

	state        State
	reason       string
	lastReplayed time.Time
	endedAt      time.Time
	cancelAsked  bool
}

// New returns a Replayer that replays the archives of archives into the
// event buses of b.
//
// Each operation acts as the switchyard.Caller in its context; a context
// without one acts as b's account and region. Unless WithClock says
// otherwise, the Replayer uses b's clock, so that replays on a bus with a
// fake clock follow it.
func New(b *bus.Bus, archives *archive.Archives, opts ...Option) (*Replayer, error) {
	if b == nil {
		return nil, errors.New("replay: New: bus is nil")
	}
	if archives == nil {
		return nil, errors.New("replay: New: archives is nil")
	}
	cfg := config{clock: b.Clock(), maxActive: DefaultMaxActiveReplays, logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	r := &Replayer{
		bus:      b,
		archives: archives,
		cfg:      cfg,
		clock:    cfg.clock,
		log:      cfg.logger,
		limit:    newLimiter(cfg.clock, cfg.rate, cfg.burst),
		byName:   map[runKey]*run{},
	}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	return r, nil
}

// Close stops every active replay (they end CANCELLED, with a reason that
// says the replayer was closed) and waits for their goroutines, or for
// ctx. Deliveries the replays had queued on the bus are the bus's to
// make. Calling Close again waits in the same way.
func (r *Replayer) Close(ctx context.Context) error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	done := make(chan struct{})
	go func() {
		r.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// key returns the key of the replay called name for the caller in ctx,
// and that caller (b's account and region when ctx has none).
func (r *Replayer) key(ctx context.Context, name string) (runKey, switchyard.Caller) {
	c := caller.Resolve(ctx, r.bus.Account(), r.bus.Region())
	return runKey{account: c.Account, region: c.Region, name: name}, c
}
