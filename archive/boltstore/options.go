package boltstore

import (
	"fmt"
	"io/fs"
	"log/slog"
	"time"
)

// Option configures Open.
type Option func(*options) error

type options struct {
	maxBatchDelay time.Duration
	maxBatchSize  int
	maxBatchBytes int
	fileMode      fs.FileMode
	noSync        bool
	openTimeout   time.Duration
	logger        *slog.Logger
}

func defaultOptions() options {
	return options{
		maxBatchDelay: 0,
		maxBatchSize:  10000,
		maxBatchBytes: 16 << 20,
		fileMode:      0o600,
		openTimeout:   5 * time.Second,
		logger:        slog.New(slog.DiscardHandler),
	}
}

// WithMaxBatchDelay sets how long the writer waits for more appends before
// it commits a group that is not yet full. The default, 0, adds no latency:
// a group holds whatever queued up while the previous commit was syncing,
// which under load is already many appends. A small delay (say 1ms) trades
// latency for fewer fsyncs when appends trickle in from a few goroutines.
func WithMaxBatchDelay(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("boltstore: WithMaxBatchDelay: delay %s is negative", d)
		}
		o.maxBatchDelay = d
		return nil
	}
}

// WithMaxBatchSize bounds how many records one group commit gathers from
// waiting appends (default 10,000). One Append is never split, so a single
// batch larger than n is committed on its own.
func WithMaxBatchSize(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("boltstore: WithMaxBatchSize: size %d is not positive", n)
		}
		o.maxBatchSize = n
		return nil
	}
}

// WithMaxBatchBytes bounds the event bytes one group commit gathers
// (default 16 MiB), which bounds the memory a transaction takes. As with
// WithMaxBatchSize, a single larger Append is committed on its own.
func WithMaxBatchBytes(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("boltstore: WithMaxBatchBytes: size %d is not positive", n)
		}
		o.maxBatchBytes = n
		return nil
	}
}

// WithFileMode sets the permissions of a newly created file (default
// 0600).
func WithFileMode(mode fs.FileMode) Option {
	return func(o *options) error {
		if mode&^fs.ModePerm != 0 {
			return fmt.Errorf("boltstore: WithFileMode: mode %s has bits other than permissions", mode)
		}
		o.fileMode = mode
		return nil
	}
}

// WithNoSync turns off fsync on commit. UNSAFE: an append that returned
// nil can be lost, and the file corrupted, if the machine (not just the
// process) crashes. It exists to make tests fast; never use it for an
// archive you want to keep.
func WithNoSync() Option {
	return func(o *options) error {
		o.noSync = true
		return nil
	}
}

// WithOpenTimeout sets how long Open waits for the file lock another store
// holds before failing with ErrLocked (default 5s).
func WithOpenTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("boltstore: WithOpenTimeout: timeout %s is not positive", d)
		}
		o.openTimeout = d
		return nil
	}
}

// WithLogger sets the logger for opening, closing and write failures
// (default: discard).
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		if l == nil {
			return fmt.Errorf("boltstore: WithLogger: logger is nil")
		}
		o.logger = l
		return nil
	}
}
