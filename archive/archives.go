package archive

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchyard-go/switchyard/internal/caller"
)

// Archives is EventBridge's archive service for the event buses of one
// Attacher: CreateArchive, DescribeArchive, UpdateArchive, DeleteArchive
// and ListArchives, with EventBridge's validation and messages. Each
// archive owns a Store (see WithStoreFactory) and is fed by a rule that
// the Attacher manages on its bus; every event the rule delivers is in the
// store when the delivery is acknowledged.
//
// Archive definitions live in memory, like a bus's rules: after a restart
// the application creates its archives again, and a durable store factory
// that reopens the same file per name gives them their events back.
//
// Throughput. The bus treats a nil from a target as "delivered" and never
// delivers again, so an archive acknowledges an event only once its store
// has it (for boltstore, once it is fsynced). Deliveries in flight at the
// same time share one append (see WithAppendBatch), so with a durable
// store throughput grows with how many deliveries of the archive's target
// the bus runs at once: raise bus.Limits.TargetConcurrency and Workers,
// and set DeliveryBatch to 1 so that queued deliveries spread over the
// workers instead of waiting in one worker's batch.
//
// All methods are safe for concurrent use. Close stops the retention
// sweeper, writes out pending events and closes the stores; close the bus
// first, so that its last deliveries reach the archives.
type Archives struct {
	att Attacher
	cfg archivesConfig

	defAccount, defRegion string // who a call without a Caller acts as
	log                   *slog.Logger
	clock                 ArchiveClock
	closed                atomic.Bool

	ctx    context.Context // the writers' context; cancelled when Close gives up
	cancel context.CancelFunc

	mu     sync.Mutex
	byName map[archiveKey]*archiveEntry
	sweep  func() bool // stops the armed retention timer; guarded by mu

	sweeps sync.WaitGroup // retention sweeps in progress
}

// archiveKey names an archive: archive names are unique per account and
// region, as on EventBridge.
type archiveKey struct {
	account, region, name string
}

// archiveEntry is one archive. Its identity fields never change; the
// configuration is guarded by Archives.mu.
type archiveEntry struct {
	key       archiveKey
	name      string
	arn       string
	sourceARN string
	ruleName  string
	created   time.Time
	store     Store
	w         *archiveWriter

	// Guarded by Archives.mu.
	description   string
	eventPattern  string
	retentionDays int
	kmsKey        string
	state         ArchiveState
	busy          bool          // CreateArchive, UpdateArchive or DeleteArchive is at work
	gone          chan struct{} // set while deleting; closed once deleted

	deleted atomic.Bool // deliveries are acknowledged and discarded
}

// NewArchives returns the archive service of the buses att manages
// (usually a *bus.Bus). It starts the retention sweeper, which Close
// stops.
//
// Callers. Each operation acts as the account and region of the
// switchyard.Caller in its context (switchyard.WithCaller); a context
// without one acts as the attacher's own account and region when it has
// Account and Region methods (as *bus.Bus has), else as DefaultAccount in
// DefaultRegion. Archives of different accounts or regions never see each
// other.
//
// Clock. Unless WithArchiveClock says otherwise, archives use the
// attacher's clock when it has a Clock method returning a value with Now
// and AfterFunc (the shape of bus.Clock), so that archives built on a bus
// with a fake clock follow it; otherwise the system clock.
func NewArchives(att Attacher, opts ...ArchivesOption) (*Archives, error) {
	if att == nil {
		return nil, errors.New("archive: NewArchives: attacher is nil")
	}
	cfg := archivesConfig{
		factory:           func(_, _, _ string) (Store, error) { return newArchiveMemStore(), nil },
		clock:             attacherClock(att),
		retentionInterval: DefaultRetentionInterval,
		maxBatch:          DefaultAppendBatch,
		logger:            slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	a := &Archives{
		att:    att,
		cfg:    cfg,
		log:    cfg.logger,
		clock:  cfg.clock,
		byName: map[archiveKey]*archiveEntry{},
	}
	a.defAccount, a.defRegion = attacherIdentity(att)
	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.mu.Lock()
	a.armSweep()
	a.mu.Unlock()
	return a, nil
}

// Close stops the retention sweeper, waits for the events being archived
// to be appended, and closes every archive's store. Deliveries that arrive
// afterwards fail with ErrArchivesClosed, so the bus retries or
// dead-letters them rather than losing them silently; the archives' rules
// stay on their buses.
//
// If ctx ends first, Close cancels the appends still running and returns
// ctx.Err(). Calling Close again returns nil at once.
func (a *Archives) Close(ctx context.Context) error {
	if a.closed.Swap(true) {
		return nil
	}
	a.mu.Lock()
	if a.sweep != nil {
		a.sweep()
		a.sweep = nil
	}
	entries := make([]*archiveEntry, 0, len(a.byName))
	for _, e := range a.byName {
		if e.w != nil { // nil while CreateArchive is still building it
			entries = append(entries, e)
		}
	}
	a.mu.Unlock()

	done := make(chan struct{})
	go func() {
		a.sweeps.Wait()
		for _, e := range entries {
			e.w.close()
		}
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		a.cancel()
		<-done
		err = ctx.Err()
	}
	a.cancel()
	for _, e := range entries {
		if cerr := e.store.Close(); cerr != nil && !errors.Is(cerr, ErrClosed) {
			err = errors.Join(err, cerr)
		}
	}
	return err
}

// ErrArchivesClosed is returned by every operation of a closed Archives,
// and by deliveries to its archives.
var ErrArchivesClosed = errors.New("archive: archives closed")

// lookupLocked returns the archive k names that is not being deleted, or
// a ResourceNotFoundException. Called with mu held.
func (a *Archives) lookupLocked(k archiveKey) (*archiveEntry, error) {
	e := a.byName[k]
	if e == nil || e.gone != nil {
		return nil, errArchiveNotFound(k.name)
	}
	return e, nil
}

// key returns the key of the archive called name for the caller in ctx.
func (a *Archives) key(ctx context.Context, name string) archiveKey {
	c := caller.Resolve(ctx, a.defAccount, a.defRegion)
	return archiveKey{account: c.Account, region: c.Region, name: name}
}
