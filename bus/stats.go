package bus

import "sync/atomic"

// Stats are a bus's counters since New. Every delivery the bus creates, or
// resumes from its delivery log, ends in exactly one of Delivered,
// DeadLettered, Dropped and Kept, so at any moment
//
//	Enqueued + Resumed == Delivered + DeadLettered + Dropped + Kept + Pending
//
// and, once Flush or Close has returned, Pending is 0. Without a delivery
// log, Resumed and Kept stay 0.
type Stats struct {
	Accepted     uint64 // entries accepted (an EventID returned), PutEvents and PutPartnerEvents
	Scheduled    uint64 // events emitted by scheduled rules
	Unroutable   uint64 // accepted entries dropped because their event bus does not exist
	Throttled    uint64 // entries rejected with ThrottlingException because a queue was full
	Matched      uint64 // (event, rule) matches of enabled rules
	Enqueued     uint64 // deliveries created, one per target of each matched rule
	Delivered    uint64 // deliveries a target acknowledged
	Retried      uint64 // failed attempts scheduled for a retry
	DeadLettered uint64 // deliveries handed to a dead-letter target
	Dropped      uint64 // deliveries given up without a dead-letter target, or whose dead-letter target failed
	Pending      int64  // deliveries not yet delivered, dead-lettered, dropped or kept
	// Resumed counts deliveries taken up again from the delivery log
	// after a restart, once their rule's target was re-created.
	Resumed uint64
	// Kept counts deliveries left unfinished in the delivery log by
	// Close — parked for a retry, or still queued when Close's context
	// ended — to resume when the log is opened again.
	Kept uint64
	// Orphaned is the number of deliveries read from the delivery log
	// whose rule target has not been re-created (yet); see
	// WithDeliveryLog.
	Orphaned int64
	// Parked is the number of deliveries waiting for a retry timer.
	Parked int64
	// Spilled is the number of deliveries kept in the delivery log only,
	// not in memory, until the budgets have room for them.
	Spilled int64
}

// counters are the live, atomically updated Stats. Hot paths add to them in
// batches (once per PutEvents call, once per worker batch) so that cores
// do not fight over the cache lines.
type counters struct {
	accepted     atomic.Uint64
	scheduled    atomic.Uint64
	unroutable   atomic.Uint64
	throttled    atomic.Uint64
	matched      atomic.Uint64
	enqueued     atomic.Uint64
	delivered    atomic.Uint64
	retried      atomic.Uint64
	deadLettered atomic.Uint64
	dropped      atomic.Uint64
	resumed      atomic.Uint64
	kept         atomic.Uint64
}

// addIf adds n to c unless n is 0, sparing the atomic write.
func addIf(c *atomic.Uint64, n uint64) {
	if n != 0 {
		c.Add(n)
	}
}
