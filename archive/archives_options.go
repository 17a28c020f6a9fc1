package archive

import (
	"fmt"
	"log/slog"
	"time"
)

// ArchiveClock is the time source of Archives: creation times, retention
// cut-offs and the retention sweeper's timer. It has the shape of
// bus.Clock, so a bus's clock (or a *fakeclock.Clock) can be passed as is.
// AfterFunc calls f once d has elapsed and returns a function that cancels
// the call, reporting whether it did so before f started.
type ArchiveClock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// archiveSystemClock is the real clock.
type archiveSystemClock struct{}

func (archiveSystemClock) Now() time.Time { return time.Now() }

func (archiveSystemClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// StoreFactory opens the Store of the archive called name in account and
// region. It is called once per CreateArchive; a durable factory that
// reopens the same file for the same account, region and name gives a
// re-created archive its earlier events back. Archive names are unique
// only within an account and region, so a factory serving several
// accounts must keep them apart.
type StoreFactory func(account, region, name string) (Store, error)

// DefaultRetentionInterval is how often the retention sweeper runs.
const DefaultRetentionInterval = time.Hour

// DefaultAppendBatch is the most records one Store.Append gathers.
const DefaultAppendBatch = 1024

// ArchivesOption configures NewArchives.
type ArchivesOption func(*archivesConfig) error

type archivesConfig struct {
	factory           StoreFactory
	clock             ArchiveClock
	retentionInterval time.Duration
	maxBatch          int
	batchDelay        time.Duration
	logger            *slog.Logger
}

// WithStoreFactory sets how each archive's Store is opened. The default
// keeps every archive in memory; pass a factory that opens a boltstore
// file per archive name for durable archives:
//
//	archive.WithStoreFactory(func(_, _, name string) (archive.Store, error) {
//		return boltstore.Open(filepath.Join(dir, name+".db"))
//	})
func WithStoreFactory(f StoreFactory) ArchivesOption {
	return func(c *archivesConfig) error {
		if f == nil {
			return fmt.Errorf("archive: WithStoreFactory: factory is nil")
		}
		c.factory = f
		return nil
	}
}

// WithArchiveClock sets the clock. The default is the attacher's clock
// when it has one (a *bus.Bus's, see NewArchives), else the system clock.
func WithArchiveClock(clk ArchiveClock) ArchivesOption {
	return func(c *archivesConfig) error {
		if clk == nil {
			return fmt.Errorf("archive: WithArchiveClock: clock is nil")
		}
		c.clock = clk
		return nil
	}
}

// WithRetentionInterval sets how often, on the clock, expired events are
// deleted (default DefaultRetentionInterval). EnforceRetention does it on
// demand.
func WithRetentionInterval(d time.Duration) ArchivesOption {
	return func(c *archivesConfig) error {
		if d <= 0 {
			return fmt.Errorf("archive: WithRetentionInterval: interval %s is not positive", d)
		}
		c.retentionInterval = d
		return nil
	}
}

// WithAppendBatch bounds the group commit of archived events: one
// Store.Append takes at most maxRecords records (default
// DefaultAppendBatch), and the writer waits up to maxDelay (real time,
// default 0) for more records before it appends a batch that is not full.
// With a zero delay a batch holds whatever arrived while the previous
// append ran, which adds no latency.
func WithAppendBatch(maxRecords int, maxDelay time.Duration) ArchivesOption {
	return func(c *archivesConfig) error {
		if maxRecords < 1 {
			return fmt.Errorf("archive: WithAppendBatch: maxRecords %d is not positive", maxRecords)
		}
		if maxDelay < 0 {
			return fmt.Errorf("archive: WithAppendBatch: maxDelay %s is negative", maxDelay)
		}
		c.maxBatch, c.batchDelay = maxRecords, maxDelay
		return nil
	}
}

// WithArchiveLogger sets the logger for store failures and retention
// (default: discard).
func WithArchiveLogger(l *slog.Logger) ArchivesOption {
	return func(c *archivesConfig) error {
		if l == nil {
			return fmt.Errorf("archive: WithArchiveLogger: logger is nil")
		}
		c.logger = l
		return nil
	}
}
