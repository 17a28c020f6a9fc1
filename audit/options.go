package audit

import (
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/google/uuid"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
)

// Defaults of a Lake.
const (
	// DefaultAccount is the account a call without a Caller acts as,
	// unless WithDefaultCaller says otherwise (AWS's documentation
	// account).
	DefaultAccount = "123456789012"
	// DefaultRegion is the region of a call without a Caller.
	DefaultRegion = "us-east-1"
	// MaxEventsPerCall is CloudTrail's limit on the events of one
	// PutAuditEvents call.
	MaxEventsPerCall = 100
	// MaxRequestBytes is CloudTrail's limit on the size of one
	// PutAuditEvents call ("up to 100 of these events (or up to 1 MB)").
	MaxRequestBytes = 1 << 20
	// DefaultMaxEventDataStores is how many event data stores one account
	// may have in a region, as in CloudTrail's quotas.
	DefaultMaxEventDataStores = 10
)

// Clock is the Lake's time source. It has the Now of bus.Clock, so a bus's
// clock or a *fakeclock.Clock can be passed as is.
type Clock interface {
	Now() time.Time
}

// systemClock is the real clock.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// StoreFactory opens the archive.Store of the event data store whose ID
// (the UUID at the end of its ARN) is id. It is called once per
// CreateEventDataStore; a durable factory that reopens the same file for
// the same ID gives a restored event data store its events back.
type StoreFactory func(id string) (archive.Store, error)

// Option configures New.
type Option func(*config) error

type config struct {
	account, region string
	clock           Clock
	newID           func() string
	factory         StoreFactory
	maxEvents       int
	maxRequestBytes int
	maxChannels     int
	maxStores       int
	logger          *slog.Logger
}

func defaults() config {
	return config{
		account:         DefaultAccount,
		region:          DefaultRegion,
		clock:           systemClock{},
		newID:           uuid.NewString,
		factory:         func(string) (archive.Store, error) { return memstore.New(), nil },
		maxEvents:       MaxEventsPerCall,
		maxRequestBytes: MaxRequestBytes,
		maxStores:       DefaultMaxEventDataStores,
		logger:          slog.New(slog.DiscardHandler),
	}
}

var (
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

// WithDefaultCaller sets the account (12 digits) and region (such as
// "eu-west-1") of calls whose context carries no switchyard.Caller.
func WithDefaultCaller(account, region string) Option {
	return func(c *config) error {
		if !accountRE.MatchString(account) {
			return fmt.Errorf("audit: WithDefaultCaller: account %q is not 12 digits", account)
		}
		if !regionRE.MatchString(region) {
			return fmt.Errorf("audit: WithDefaultCaller: %q is not a region name like us-east-1", region)
		}
		c.account, c.region = account, region
		return nil
	}
}

// WithClock sets the clock of creation, update, ingestion and deletion
// times (default: the system clock). See the package doc for when it is
// read.
func WithClock(clk Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return fmt.Errorf("audit: WithClock: nil clock")
		}
		c.clock = clk
		return nil
	}
}

// WithIDs sets the source of the UUIDs in event data store and channel
// ARNs and of the event IDs PutAuditEvents assigns (default: random
// UUIDs). It must return a different 36-character UUID on every call. See
// the package doc for when it is called.
func WithIDs(newID func() string) Option {
	return func(c *config) error {
		if newID == nil {
			return fmt.Errorf("audit: WithIDs: nil generator")
		}
		c.newID = newID
		return nil
	}
}

// WithStoreFactory sets how each event data store's archive.Store is
// opened (default: in memory). A durable factory:
//
//	audit.WithStoreFactory(func(id string) (archive.Store, error) {
//		return boltstore.Open(filepath.Join(dir, "eds-"+id+".db"))
//	})
func WithStoreFactory(f StoreFactory) Option {
	return func(c *config) error {
		if f == nil {
			return fmt.Errorf("audit: WithStoreFactory: nil factory")
		}
		c.factory = f
		return nil
	}
}

// WithMaxEvents sets how many events one PutAuditEvents call may hold
// (default and CloudTrail's: 100).
func WithMaxEvents(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("audit: WithMaxEvents: %d is not positive", n)
		}
		c.maxEvents = n
		return nil
	}
}

// WithMaxRequestBytes sets the size limit of one PutAuditEvents call
// (default and CloudTrail's: 1 MB, 1,048,576 bytes). The size of a call is
// the sum over its events of the lengths of id, eventData and
// eventDataChecksum.
func WithMaxRequestBytes(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("audit: WithMaxRequestBytes: %d is not positive", n)
		}
		c.maxRequestBytes = n
		return nil
	}
}

// WithMaxChannels caps the channels of one account in one region;
// CreateChannel beyond it fails with ChannelMaxLimitExceededException.
// The default, 0, sets no cap (CloudTrail has one, but its value is not
// documented).
func WithMaxChannels(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("audit: WithMaxChannels: %d is negative", n)
		}
		c.maxChannels = n
		return nil
	}
}

// WithMaxEventDataStores caps the event data stores of one account in one
// region (default DefaultMaxEventDataStores); CreateEventDataStore beyond
// it fails with EventDataStoreMaxLimitExceededException. Stores pending
// deletion count, as on CloudTrail.
func WithMaxEventDataStores(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("audit: WithMaxEventDataStores: %d is not positive", n)
		}
		c.maxStores = n
		return nil
	}
}

// WithLogger sets the logger (default: discard). The Lake logs failed
// store appends, and events it rejects at debug level.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("audit: WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}
