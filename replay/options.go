package replay

import (
	"fmt"
	"log/slog"

	"github.com/switchyard-go/switchyard/bus"
)

// DefaultMaxActiveReplays is how many replays may be starting, running or
// cancelling at once: EventBridge refuses an 11th with
// LimitExceededException.
const DefaultMaxActiveReplays = 10

// Option configures New.
type Option func(*config) error

type config struct {
	clock     bus.Clock
	rate      float64 // events per second over all replays; 0: no limit
	burst     int
	maxActive int
	logger    *slog.Logger
	onEnd     func(DescribeReplayOutput)
}

// WithClock sets the clock of replay start and end times and of the rate
// limit. The default is the bus's clock (see New).
func WithClock(clk bus.Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return fmt.Errorf("replay: WithClock: clock is nil")
		}
		c.clock = clk
		return nil
	}
}

// WithRate bounds how fast replays send events: perSecond events per
// second over all running replays together, with bursts of up to burst
// events (a token bucket on the clock). Default: no bound. Without one a
// replay is still kept from starving live traffic, since it never fills a
// target's delivery queue beyond half (see bus.Bus.Replay); the rate also
// spares the targets themselves.
func WithRate(perSecond float64, burst int) Option {
	return func(c *config) error {
		if !(perSecond > 0) {
			return fmt.Errorf("replay: WithRate: rate %v is not positive", perSecond)
		}
		if burst < 1 {
			return fmt.Errorf("replay: WithRate: burst %d is not positive", burst)
		}
		c.rate, c.burst = perSecond, burst
		return nil
	}
}

// WithMaxActiveReplays sets how many replays may be active (starting,
// running or cancelling) at once; StartReplay beyond that is a
// LimitExceededException. Default DefaultMaxActiveReplays.
func WithMaxActiveReplays(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("replay: WithMaxActiveReplays: %d is not positive", n)
		}
		c.maxActive = n
		return nil
	}
}

// WithLogger sets the logger for replays that fail (default: discard).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("replay: WithLogger: logger is nil")
		}
		c.logger = l
		return nil
	}
}

// WithOnEnd sets a function called once for each replay that ends
// (COMPLETED, CANCELLED or FAILED), with its final description, from the
// replay's goroutine and with no lock held. A durable server journals the
// final state through it, to restore the replay with RestoreReplay after
// a restart. It must not block for long: Close waits for it.
func WithOnEnd(fn func(DescribeReplayOutput)) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("replay: WithOnEnd: nil function")
		}
		c.onEnd = fn
		return nil
	}
}
