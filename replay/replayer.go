package replay

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
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
	byName map[string]*run
	closed bool
}

// run is one replay. Its identity and parameters never change; its
// progress is guarded by Replayer.mu.
type run struct {
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
func New(b *bus.Bus, archives *archive.Archives, opts ...Option) (*Replayer, error) {
	if b == nil {
		return nil, errors.New("replay: New: bus is nil")
	}
	if archives == nil {
		return nil, errors.New("replay: New: archives is nil")
	}
	cfg := config{clock: systemClock{}, maxActive: DefaultMaxActiveReplays, logger: slog.New(slog.DiscardHandler)}
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
		byName:   map[string]*run{},
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
