package bus

import (
	"fmt"
	"time"
)

// Limits are the quotas and sizes a Bus enforces. The zero value of a field
// means its default; WithLimits merges the fields that are set.
type Limits struct {
	// MaxEntrySize bounds the total size of the entries of one PutEvents
	// call, counted as switchyard.Entry.Size does. Default 256 KiB, the
	// EventBridge quota; AWS raised it to 1 MB in 2026.
	MaxEntrySize int
	// MaxEntries bounds the entries of one PutEvents call. Default 10.
	MaxEntries int
	// MaxPartnerEntries bounds the entries of one PutPartnerEvents call.
	// Default 20.
	MaxPartnerEntries int
	// MaxPatternSize bounds an event pattern, in characters. Default 2048,
	// the EventBridge quota (adjustable up to 4096 there).
	MaxPatternSize int
	// MaxTargetsPerRule bounds the targets of one rule. Default 5.
	MaxTargetsPerRule int
	// QueueSize bounds the deliveries waiting in one target's queue; when
	// it is full PutEvents fails the entry with ThrottlingException.
	// Retries waiting for their backoff do not count here; they count
	// against TargetBudget and BusBudget. Default 10,000.
	QueueSize int
	// Workers is the number of delivery goroutines shared by all targets.
	// Default 8.
	Workers int
	// TargetConcurrency bounds how many workers deliver to one target at
	// the same time. Default 4.
	TargetConcurrency int
	// DeliveryBatch is how many deliveries a worker takes from a queue at
	// once. Default 64.
	DeliveryBatch int
	// RetryBaseDelay is the backoff before the first retry; it doubles with
	// every retry, with jitter. Default 1s.
	RetryBaseDelay time.Duration
	// RetryMaxDelay caps the backoff between two attempts. Default 5m.
	RetryMaxDelay time.Duration

	// TargetBudget bounds the deliveries to one target that are not
	// settled yet — queued, being attempted, or parked for a retry; when
	// it is reached PutEvents fails entries for that target with
	// ThrottlingException (or waits, with WithBlockOnFull). Default
	// 100,000.
	TargetBudget int
	// TargetBudgetBytes bounds the same deliveries in bytes: each counts
	// its event's JSON plus DeliveryOverhead. Default 32 MiB.
	TargetBudgetBytes int
	// BusBudget bounds the unsettled deliveries of the whole Bus, all
	// event buses and targets together. Default 1,000,000.
	BusBudget int
	// BusBudgetBytes bounds them in bytes, as TargetBudgetBytes does.
	// Default 128 MiB: the memory a Bus may hold for deliveries whatever
	// its targets do.
	BusBudgetBytes int
}

// Default limits, EventBridge's where EventBridge has one.
const (
	DefaultMaxEntrySize      = 256 * 1024
	DefaultMaxEntries        = 10
	DefaultMaxPartnerEntries = 20
	DefaultMaxPatternSize    = 2048
	DefaultMaxTargetsPerRule = 5
	DefaultQueueSize         = 10000
	DefaultWorkers           = 8
	DefaultTargetConcurrency = 4
	DefaultDeliveryBatch     = 64
	DefaultRetryBaseDelay    = time.Second
	DefaultRetryMaxDelay     = 5 * time.Minute
	DefaultTargetBudget      = 100_000
	DefaultTargetBudgetBytes = 32 << 20
	DefaultBusBudget         = 1_000_000
	DefaultBusBudgetBytes    = 128 << 20
)

// merge returns l with every zero field taken from d.
func (l Limits) merge(d Limits) Limits {
	pick := func(v, def int) int {
		if v == 0 {
			return def
		}
		return v
	}
	pickD := func(v, def time.Duration) time.Duration {
		if v == 0 {
			return def
		}
		return v
	}
	return Limits{
		MaxEntrySize:      pick(l.MaxEntrySize, d.MaxEntrySize),
		MaxEntries:        pick(l.MaxEntries, d.MaxEntries),
		MaxPartnerEntries: pick(l.MaxPartnerEntries, d.MaxPartnerEntries),
		MaxPatternSize:    pick(l.MaxPatternSize, d.MaxPatternSize),
		MaxTargetsPerRule: pick(l.MaxTargetsPerRule, d.MaxTargetsPerRule),
		QueueSize:         pick(l.QueueSize, d.QueueSize),
		Workers:           pick(l.Workers, d.Workers),
		TargetConcurrency: pick(l.TargetConcurrency, d.TargetConcurrency),
		DeliveryBatch:     pick(l.DeliveryBatch, d.DeliveryBatch),
		RetryBaseDelay:    pickD(l.RetryBaseDelay, d.RetryBaseDelay),
		RetryMaxDelay:     pickD(l.RetryMaxDelay, d.RetryMaxDelay),
		TargetBudget:      pick(l.TargetBudget, d.TargetBudget),
		TargetBudgetBytes: pick(l.TargetBudgetBytes, d.TargetBudgetBytes),
		BusBudget:         pick(l.BusBudget, d.BusBudget),
		BusBudgetBytes:    pick(l.BusBudgetBytes, d.BusBudgetBytes),
	}
}

// defaultLimits returns the defaults.
func defaultLimits() Limits {
	return Limits{
		MaxEntrySize:      DefaultMaxEntrySize,
		MaxEntries:        DefaultMaxEntries,
		MaxPartnerEntries: DefaultMaxPartnerEntries,
		MaxPatternSize:    DefaultMaxPatternSize,
		MaxTargetsPerRule: DefaultMaxTargetsPerRule,
		QueueSize:         DefaultQueueSize,
		Workers:           DefaultWorkers,
		TargetConcurrency: DefaultTargetConcurrency,
		DeliveryBatch:     DefaultDeliveryBatch,
		RetryBaseDelay:    DefaultRetryBaseDelay,
		RetryMaxDelay:     DefaultRetryMaxDelay,
		TargetBudget:      DefaultTargetBudget,
		TargetBudgetBytes: DefaultTargetBudgetBytes,
		BusBudget:         DefaultBusBudget,
		BusBudgetBytes:    DefaultBusBudgetBytes,
	}
}

// validate reports the first field that is negative or inconsistent.
func (l Limits) validate() error {
	fields := []struct {
		name string
		v    int64
	}{
		{"MaxEntrySize", int64(l.MaxEntrySize)},
		{"MaxEntries", int64(l.MaxEntries)},
		{"MaxPartnerEntries", int64(l.MaxPartnerEntries)},
		{"MaxPatternSize", int64(l.MaxPatternSize)},
		{"MaxTargetsPerRule", int64(l.MaxTargetsPerRule)},
		{"QueueSize", int64(l.QueueSize)},
		{"Workers", int64(l.Workers)},
		{"TargetConcurrency", int64(l.TargetConcurrency)},
		{"DeliveryBatch", int64(l.DeliveryBatch)},
		{"RetryBaseDelay", int64(l.RetryBaseDelay)},
		{"RetryMaxDelay", int64(l.RetryMaxDelay)},
		{"TargetBudget", int64(l.TargetBudget)},
		{"TargetBudgetBytes", int64(l.TargetBudgetBytes)},
		{"BusBudget", int64(l.BusBudget)},
		{"BusBudgetBytes", int64(l.BusBudgetBytes)},
	}
	for _, f := range fields {
		if f.v < 0 {
			return fmt.Errorf("bus: Limits.%s: must not be negative, got %d", f.name, f.v)
		}
	}
	if l.RetryMaxDelay < l.RetryBaseDelay {
		return fmt.Errorf("bus: Limits.RetryMaxDelay (%v) is below RetryBaseDelay (%v)", l.RetryMaxDelay, l.RetryBaseDelay)
	}
	return nil
}
