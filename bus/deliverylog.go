package bus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The durable delivery log
//
// Without a log, everything PutEvents has accepted but not yet delivered
// lives in memory, and a SIGKILL, an OOM kill or a deploy loses it while
// its callers were told it succeeded. With WithDeliveryLog, the Bus keeps
// every delivery PutEvents creates in a bbolt file, and PutEvents
// acknowledges an entry only once the file holds it.
//
// What is stored. Two buckets:
//
//	events  seq (8 bytes, big endian)  ->  ingestion time, hop count, the
//	        deliveries' rule ARN and target ID in order, the event's JSON
//	states  seq + index (2 bytes)      ->  parked (attempts, next attempt
//	        time) or finished
//
// One key per event carries all its deliveries, so accepting an event is
// one write whatever its number of targets. A delivery with no state key
// is queued and has made no attempt.
//
// The state machine of one delivery, as the log sees it:
//
//	 PutEvents ──append──> QUEUED ──attempt fails, retry later──> PARKED(n, t)
//	                          │   <────────── timer fires ────────────┘  │
//	                          │                                          │
//	                          └──delivered / dead-lettered / dropped──> FINISHED
//
// When the last delivery of an event finishes, the event and its state
// keys are deleted (compaction is immediate: bbolt reuses the pages).
// Close leaves parked deliveries parked, parks those that fail while it
// drains (when their policy allows a retry), and leaves deliveries still
// queued when its context ends queued: all resume on the next run
// (Stats.Kept).
//
// Group commit. Every change — an append, a park, a finish — goes into one
// queue, in the order the engine makes it, and one writer goroutine turns
// everything queued into one bbolt transaction: one pair of fsyncs for
// many events, as archive/boltstore does. The busier the Bus, the bigger
// the groups. A PutEvents call, or a Route call of a bus target
// forwarding from another Bus, waits for the transaction that holds its
// append (its ticket); parks and finishes are not waited for, nor are
// replays (their archive holds the events) or forwards between buses of
// the same Bus (the queue's order covers them). Within a
// group, an event appended and finished (delivered to every target)
// before the transaction is written is not written at all: an event an
// in-process target takes at once costs the log nothing but the fsync its
// caller waits for.
//
// Why at-least-once, never at-most-once. The order of the queue is the
// order of the engine: a delivery's finish is queued after its append, so
// the log never finishes a delivery it has not recorded. An acknowledged
// entry's append is on disk; its finish may not be, if the process dies
// first; then the delivery resumes after the restart and the target sees
// it again. Every change of an event is queued before the finish that
// deletes it, and opening the log deletes any state whose event is gone:
// event keys are handed out again from the highest one left in the file,
// and a "finished" state outliving its event would otherwise pass for a
// delivery of the next event given its key, and skip it after a crash.
// The attempt count on disk is the one of the last park written,
// so after a crash a delivery may get one attempt more than its policy
// allows, never fewer.
//
// Resuming. Targets are Go values, so the log cannot store them: it
// stores each delivery's rule ARN and target ID. When the log is opened,
// its unfinished deliveries wait, orphaned, for their target; PutTargets
// that creates a target with that rule ARN and ID (the application, or
// the server's restored state, re-creating its rules) resumes them, with
// their attempt count, their next attempt time and their event's
// ingestion time, so MaximumEventAgeInSeconds still counts from the first
// acceptance: a delivery whose event grew too old while the process was
// down goes to the dead-letter target (EXHAUSTED_RETRY_CONDITION
// MaximumEventAgeInSeconds) or is dropped, reported, without an attempt.
//
// Deliveries whose target never comes back are not silently lost. They
// stay in the log, counted in Stats.Orphaned and listed by Orphans, and
// the logger warns about them when the log is opened. When the log is
// opened and an orphan's event is older than 24 hours — the longest
// MaximumEventAgeInSeconds, so no target could still take it — it is
// dropped with DropTargetGone, reported to the logger and the hooks, and
// deleted.
//
// Memory and disk. With a log the memory budgets of Limits bound memory,
// not acceptance: an event whose deliveries do not fit stays on disk only
// and comes back when they do (see deliverylog_spill.go). The log refuses
// appends while its live events take more than WithDeliveryLogMaxBytes:
// PutEvents then fails those entries with ThrottlingException, as a full
// memory budget does without a log. Deliveries resumed after a restart
// come into memory as the budgets allow, too: a backlog on disk never
// lands in memory all at once. What memory keeps for the log is an index:
// about 24 bytes per spilled event, and about 60 per unfinished delivery
// read at open until its target is re-created and it is taken up.

// Delivery log buckets and format.
const (
	bucketEvents = "events"
	bucketStates = "states"
	logVersion   = 1

	stateParked   = 1
	stateFinished = 2
)

// DefaultDeliveryLogMaxBytes is the default disk cap of a delivery log.
const DefaultDeliveryLogMaxBytes = 1 << 30

// DropTargetGone: the delivery was read from the delivery log, its target
// was not re-created, and its event is older than any retry policy allows.
const DropTargetGone DropReason = "target not re-created"

// DeliveryLogOption configures a delivery log.
type DeliveryLogOption func(*deliveryLogConfig) error

type deliveryLogConfig struct {
	path     string
	maxBytes int64
	noSync   bool
}

// WithDeliveryLog makes the Bus keep its deliveries in a durable log, the
// bbolt file at path (created if needed; one Bus at a time may hold it).
//
// PutEvents then acknowledges an entry only once its deliveries are on
// disk: group commit makes one fsync cover every call waiting at the
// moment. The log also records each retry (attempt count, next attempt
// time) and each settlement, and forgets events whose deliveries have all
// settled. Close leaves deliveries waiting for a retry in the log instead
// of attempting them one last time (Stats.Kept).
//
// With a log, the budgets of Limits bound memory rather than acceptance:
// an event whose deliveries do not fit in them stays on disk only
// (Stats.Spilled) until settlements make room, and what throttles
// PutEvents is the log's disk cap (WithDeliveryLogMaxBytes).
//
// When the log is opened again — after a clean Close, a crash or a kill —
// its unfinished deliveries wait for their targets, which the log knows
// by rule ARN and target ID: PutTargets that creates a target with that
// rule ARN and ID resumes them (Stats.Resumed) with their attempt counts,
// next attempt times and events' ingestion times, so a delivery whose
// event outlived MaximumEventAgeInSeconds while the process was down goes
// straight to the dead-letter target with EXHAUSTED_RETRY_CONDITION
// MaximumEventAgeInSeconds. Deliveries whose target is not re-created are
// kept, counted in Stats.Orphaned, listed by Orphans and logged; they are
// dropped with DropTargetGone (reported to the hooks and the logger) when
// the log is opened after their event is more than 24 hours old, the
// longest any retry policy allows.
//
// Delivery stays at-least-once: a delivery whose settlement had not
// reached the disk when the process died is made again.
func WithDeliveryLog(path string, opts ...DeliveryLogOption) Option {
	return func(c *config) error {
		if path == "" {
			return errors.New("bus: WithDeliveryLog: path is empty")
		}
		lc := &deliveryLogConfig{path: path, maxBytes: DefaultDeliveryLogMaxBytes}
		for _, o := range opts {
			if o == nil {
				continue
			}
			if err := o(lc); err != nil {
				return err
			}
		}
		c.deliveryLog = lc
		return nil
	}
}

// WithDeliveryLogMaxBytes caps the bytes of unfinished events the
// delivery log holds; beyond it PutEvents throttles. Default
// DefaultDeliveryLogMaxBytes.
func WithDeliveryLogMaxBytes(n int64) DeliveryLogOption {
	return func(c *deliveryLogConfig) error {
		if n <= 0 {
			return fmt.Errorf("bus: WithDeliveryLogMaxBytes: must be positive, got %d", n)
		}
		c.maxBytes = n
		return nil
	}
}

// WithDeliveryLogNoSync skips fsync on commit: faster, and safe against a
// crash of the process but not of the machine. For tests and benchmarks.
func WithDeliveryLogNoSync() DeliveryLogOption {
	return func(c *deliveryLogConfig) error {
		c.noSync = true
		return nil
	}
}

// deliveryLog is an open delivery log.
type deliveryLog struct {
	eng      *engine
	db       *bolt.DB
	maxBytes int64
	bytes    atomic.Int64  // encoded size of the unfinished events
	seq      atomic.Uint64 // last event key handed out

	// The writer's queue; see deliverylog_writer.go.
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []logOp
	spare   []logOp
	ticket  uint64 // last ticket handed out
	closed  bool
	done    chan struct{}
	durable atomic.Uint64         // last ticket on disk
	failed  atomic.Pointer[error] // the first write error
	lostMu  sync.Mutex
	lost    [][2]uint64 // (first, last] tickets of each group whose write failed
	waitMu  sync.Mutex
	waitCh  chan struct{}

	// Unfinished deliveries read at open, waiting for their targets.
	orphMu   sync.Mutex
	orphans  map[string][]orphan     // by orphanKey
	events   map[uint64]*eventRecord // events of resumed deliveries, shared by them
	cached   atomic.Int32            // len(events)
	norphans atomic.Int64
	stale    int // states without an event deleted at open
}

// orphan is a delivery read from the log whose target has not been
// re-created yet.
type orphan struct {
	seq      uint64
	idx      uint16
	attempts int
	due      int64 // next attempt, Unix ns; 0 when queued
	ingested time.Time
}

// orphanKey identifies a delivery's target across runs.
func orphanKey(ruleARN, targetID string) string { return ruleARN + "\x00" + targetID }

// openLog opens the delivery log of c and reads its unfinished
// deliveries.
func openLog(e *engine, c *deliveryLogConfig) (*deliveryLog, error) {
	db, err := bolt.Open(c.path, 0o600, &bolt.Options{Timeout: 5 * time.Second, NoSync: c.noSync, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, fmt.Errorf("bus: delivery log %q: %w", c.path, err)
	}
	l := &deliveryLog{eng: e, db: db, maxBytes: c.maxBytes, done: make(chan struct{}), orphans: map[string][]orphan{}, events: map[uint64]*eventRecord{}}
	l.cond = sync.NewCond(&l.mu)
	if err := l.recover(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("bus: delivery log %q: %w", c.path, err)
	}
	go l.writer()
	return l, nil
}

// logHeader is the decoded head of an event's value.
type logHeader struct {
	ingested time.Time
	hops     int
	targets  [][2]string // rule ARN, target ID, per delivery
	json     []byte
}

// encodeEvent encodes rec with the rule ARN and target ID of its
// deliveries ds (in index order).
func encodeEvent(rec *eventRecord, ds []*delivery) []byte {
	n := 13 + len(rec.json)
	for _, d := range ds {
		n += 4 + len(d.t.ruleARN) + len(d.t.id)
	}
	b := make([]byte, 0, n)
	b = append(b, logVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(rec.ingested.UnixNano()))
	b = binary.BigEndian.AppendUint16(b, uint16(rec.hops))
	b = binary.BigEndian.AppendUint16(b, uint16(len(ds)))
	for _, d := range ds {
		b = binary.BigEndian.AppendUint16(b, uint16(len(d.t.ruleARN)))
		b = append(b, d.t.ruleARN...)
		b = binary.BigEndian.AppendUint16(b, uint16(len(d.t.id)))
		b = append(b, d.t.id...)
	}
	return append(b, rec.json...)
}

var errCorrupt = errors.New("corrupt record")

// decodeEvent decodes an event's value; json aliases v.
func decodeEvent(v []byte) (logHeader, error) {
	var h logHeader
	if len(v) < 13 || v[0] != logVersion {
		return h, errCorrupt
	}
	h.ingested = time.Unix(0, int64(binary.BigEndian.Uint64(v[1:]))).UTC()
	h.hops = int(binary.BigEndian.Uint16(v[9:]))
	n := int(binary.BigEndian.Uint16(v[11:]))
	v = v[13:]
	str := func() (string, bool) {
		if len(v) < 2 {
			return "", false
		}
		l := int(binary.BigEndian.Uint16(v))
		if len(v) < 2+l {
			return "", false
		}
		s := string(v[2 : 2+l])
		v = v[2+l:]
		return s, true
	}
	for range n {
		arn, ok1 := str()
		id, ok2 := str()
		if !ok1 || !ok2 {
			return h, errCorrupt
		}
		h.targets = append(h.targets, [2]string{arn, id})
	}
	h.json = v
	return h, nil
}

// encodeState encodes a parked or finished state.
func encodeState(state byte, attempts int, due int64) []byte {
	b := make([]byte, 13)
	b[0] = state
	binary.BigEndian.PutUint32(b[1:], uint32(attempts))
	binary.BigEndian.PutUint64(b[5:], uint64(due))
	return b
}

// recover reads the unfinished deliveries into the orphans.
func (l *deliveryLog) recover() error {
	return l.db.Update(func(tx *bolt.Tx) error {
		evs, err := tx.CreateBucketIfNotExists([]byte(bucketEvents))
		if err != nil {
			return err
		}
		sts, err := tx.CreateBucketIfNotExists([]byte(bucketStates))
		if err != nil {
			return err
		}
		var done []uint64
		sc := sts.Cursor()
		err = evs.ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return errCorrupt
			}
			seq := binary.BigEndian.Uint64(k)
			l.seq.Store(max(l.seq.Load(), seq))
			h, err := decodeEvent(v)
			if err != nil {
				return fmt.Errorf("event %d: %w", seq, err)
			}
			states := make([][]byte, len(h.targets))
			for sk, sv := sc.Seek(k); sk != nil && len(sk) == 10 && string(sk[:8]) == string(k); sk, sv = sc.Next() {
				if idx := int(binary.BigEndian.Uint16(sk[8:])); idx < len(states) && len(sv) == 13 {
					states[idx] = sv
				}
			}
			live := 0
			for idx, tg := range h.targets {
				o := orphan{seq: seq, idx: uint16(idx), ingested: h.ingested}
				if s := states[idx]; s != nil {
					if s[0] == stateFinished {
						continue
					}
					o.attempts = int(binary.BigEndian.Uint32(s[1:]))
					o.due = int64(binary.BigEndian.Uint64(s[5:]))
				}
				live++
				key := orphanKey(tg[0], tg[1])
				l.orphans[key] = append(l.orphans[key], o)
			}
			if live == 0 {
				done = append(done, seq)
				return nil
			}
			l.norphans.Add(int64(live))
			l.bytes.Add(int64(len(v)))
			return nil
		})
		if err != nil {
			return err
		}
		for _, seq := range done {
			if err := deleteEvent(evs, sts, seq); err != nil {
				return err
			}
		}
		return l.deleteStaleStates(evs, sts)
	})
}

// deleteStaleStates deletes the states whose event is not in the log. The
// log hands out event keys again from the highest one left in it, so a
// state outliving its event would become the state of a new event given
// its key: a "finished" one would skip that event's delivery after the
// next crash. The writer never stores such a state (see finish); this
// clears any a file written by an older version holds, and counts them
// in l.stale.
func (l *deliveryLog) deleteStaleStates(evs, sts *bolt.Bucket) error {
	var stale [][]byte
	var seq []byte
	live := false
	c := sts.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) < 8 {
			stale = append(stale, slices.Clone(k))
			continue
		}
		if seq == nil || string(k[:8]) != string(seq) {
			seq = slices.Clone(k[:8])
			live = evs.Get(seq) != nil
		}
		if !live {
			stale = append(stale, slices.Clone(k))
		}
	}
	for _, k := range stale {
		if err := sts.Delete(k); err != nil {
			return err
		}
	}
	l.stale = len(stale)
	return nil
}

// deleteEvent deletes an event and its states.
func deleteEvent(evs, sts *bolt.Bucket, seq uint64) error {
	k := binary.BigEndian.AppendUint64(nil, seq)
	if err := evs.Delete(k); err != nil {
		return err
	}
	c := sts.Cursor()
	for sk, _ := c.Seek(k); sk != nil && len(sk) == 10 && string(sk[:8]) == string(k); sk, _ = c.Seek(k) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// full reports whether the log is over its disk cap.
func (l *deliveryLog) full() bool { return l.bytes.Load() > l.maxBytes }

// close stops the writer once it has written everything queued, and
// closes the file.
func (l *deliveryLog) close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		<-l.done
		return nil
	}
	l.closed = true
	l.cond.Broadcast()
	l.mu.Unlock()
	<-l.done
	return l.db.Close()
}
