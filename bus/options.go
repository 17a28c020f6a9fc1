package bus

import (
	"fmt"
	"log/slog"
	"regexp"

	"github.com/switchyard-go/switchyard/target"
)

// Default account and region of a bus created without WithAccount and
// WithRegion.
const (
	DefaultAccount = "123456789012"
	DefaultRegion  = "us-east-1"
	// DefaultMaxHops is how many buses an event may have crossed (see
	// switchyard.WithHops) and still be accepted. It is a loop breaker
	// behind the per-target limit of package target, whose default is
	// EventBridge's single hop.
	DefaultMaxHops = 16
)

// Option configures a Bus. Options are applied in order by New.
type Option func(*config) error

type config struct {
	account     string
	region      string
	logger      *slog.Logger
	hooks       Hooks
	clock       Clock
	limits      Limits
	strictBuses bool
	blockOnFull bool
	maxHops     int
	deliveryLog *deliveryLogConfig // set by WithDeliveryLog
	orgs        map[string]string  // account -> organization id
	resourceIDs func() string
	resolvers   []TargetResolver
	connOpts    []target.ConnectionOption
	httpOpts    []target.HTTPOption
}

var (
	accountRE = regexp.MustCompile(`^\d{12}$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
)

// WithAccount sets the 12-digit account id that owns the bus's event buses:
// it appears in ARNs and in every event's "account" field. Default
// DefaultAccount.
func WithAccount(id string) Option {
	return func(c *config) error {
		if !accountRE.MatchString(id) {
			return fmt.Errorf("bus: WithAccount: %q is not a 12-digit account id", id)
		}
		c.account = id
		return nil
	}
}

// WithRegion sets the region of the bus's event buses, as in "eu-west-1":
// it appears in ARNs and in every event's "region" field. Default
// DefaultRegion.
func WithRegion(region string) Option {
	return func(c *config) error {
		if !regionRE.MatchString(region) {
			return fmt.Errorf("bus: WithRegion: %q is not a region name such as us-east-1", region)
		}
		c.region = region
		return nil
	}
}

// WithLogger sets the logger that receives warnings about dropped events
// and deliveries and information about dead-lettered ones. Default: a
// logger that discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("bus: WithLogger: logger is nil")
		}
		c.logger = l
		return nil
	}
}

// WithHooks sets the hooks that observe puts, matches, deliveries, retries,
// dead-letters and drops.
func WithHooks(h Hooks) Option {
	return func(c *config) error {
		if h == nil {
			return fmt.Errorf("bus: WithHooks: hooks are nil")
		}
		c.hooks = h
		return nil
	}
}

// WithClock sets the clock behind event times, schedules and retry
// backoff. Default: the system clock. Tests pass a *fakeclock.Clock.
func WithClock(clk Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return fmt.Errorf("bus: WithClock: clock is nil")
		}
		c.clock = clk
		return nil
	}
}

// WithLimits overrides quotas and engine sizes; zero fields keep their
// defaults (see Limits).
func WithLimits(l Limits) Option {
	return func(c *config) error {
		if err := l.validate(); err != nil {
			return err
		}
		c.limits = l.merge(c.limits)
		return c.limits.validate()
	}
}

// WithStrictBuses makes PutEvents and PutPartnerEvents fail an entry whose
// event bus does not exist, with ResourceNotFoundException. By default the
// bus does what EventBridge does: it accepts the entry, returns an EventId,
// and drops the event (reporting the drop to the hooks and the logger).
func WithStrictBuses() Option {
	return func(c *config) error {
		c.strictBuses = true
		return nil
	}
}

// WithBlockOnFull makes PutEvents wait for room, until its context is done,
// when a target's queue is full, instead of failing the entry with
// ThrottlingException.
func WithBlockOnFull() Option {
	return func(c *config) error {
		c.blockOnFull = true
		return nil
	}
}

// WithMaxHops sets how many buses an event may have crossed
// (switchyard.HopsFrom of the PutEvents context) and still be accepted;
// a call over the limit fails with ValidationException. Default
// DefaultMaxHops.
func WithMaxHops(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("bus: WithMaxHops: must be at least 1, got %d", n)
		}
		c.maxHops = n
		return nil
	}
}

// WithOrganization puts accounts in the AWS organization orgID, for the
// aws:PrincipalOrgID conditions of bus policies (PutPermission's
// Condition). It may be given several times.
func WithOrganization(orgID string, accounts ...string) Option {
	return func(c *config) error {
		if orgID == "" {
			return fmt.Errorf("bus: WithOrganization: organization id is empty")
		}
		for _, a := range accounts {
			if !accountRE.MatchString(a) {
				return fmt.Errorf("bus: WithOrganization: %q is not a 12-digit account id", a)
			}
			if c.orgs == nil {
				c.orgs = map[string]string{}
			}
			c.orgs[a] = orgID
		}
		return nil
	}
}

// WithResourceIDs sets the source of the random part of generated resource
// identifiers: the UUIDs in connection and API destination ARNs and the
// secret ARNs of connections. Default: random UUIDs.
//
// Generated identifiers come only from here, and creation and modification
// times only from the Clock, so a durable server can rebuild a Bus exactly
// by replaying a journal of its mutating calls with the identifiers and
// times it recorded.
func WithResourceIDs(next func() string) Option {
	return func(c *config) error {
		if next == nil {
			return fmt.Errorf("bus: WithResourceIDs: func is nil")
		}
		c.resourceIDs = next
		return nil
	}
}

// WithTargetResolver adds a resolver of target ARNs (see TargetResolver).
// Resolvers are asked in the order they were added, after the targets
// registered with RegisterTarget and the bus's own event buses and API
// destinations.
func WithTargetResolver(r TargetResolver) Option {
	return func(c *config) error {
		if r == nil {
			return fmt.Errorf("bus: WithTargetResolver: resolver is nil")
		}
		c.resolvers = append(c.resolvers, r)
		return nil
	}
}

// WithAPIDestinationOptions sets options of the connections and HTTP
// targets behind API destinations: an HTTP client, timeouts, or, for
// local endpoints in tests, target.WithConnectionAllowPlainHTTP and
// target.WithHTTPAllowPlainHTTP.
func WithAPIDestinationOptions(conn []target.ConnectionOption, http []target.HTTPOption) Option {
	return func(c *config) error {
		c.connOpts = append(c.connOpts, conn...)
		c.httpOpts = append(c.httpOpts, http...)
		return nil
	}
}
