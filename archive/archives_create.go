package archive

import (
	"context"
	"fmt"
	"strconv"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/pattern"
)

// CreateArchive creates an archive of the events of the bus EventSourceARN
// names, in the caller's account and region, and returns its ARN, state
// (ENABLED) and creation time (the clock's Now, its only use of the clock). From the
// moment it returns, every event PutEvents accepts on that bus and the
// archive's EventPattern matches is archived, replayed events excepted.
//
// Errors, worded as EventBridge words them: a malformed request is a
// ValidationException naming the field; a name in use,
// ResourceAlreadyExistsException ("Archive <name> already exists."); a bus
// that does not exist, ResourceNotFoundException ("Event bus <name> does
// not exist."; also for a bus of another account or region); a pattern
// that does not compile,
// InvalidEventPatternException. A failure of the store factory is
// returned wrapped.
func (a *Archives) CreateArchive(ctx context.Context, in CreateArchiveInput) (CreateArchiveOutput, error) {
	if a.closed.Load() {
		return CreateArchiveOutput{}, ErrArchivesClosed
	}
	var v awsreq.Violations
	v.Name(in.ArchiveName, "archiveName", 48)
	v.ARN(in.EventSourceARN, "eventSourceArn")
	v.Length(in.Description, "description", 0, 512)
	v.Length(in.EventPattern, "eventPattern", 0, 4096)
	v.Length(in.KMSKeyIdentifier, "kmsKeyIdentifier", 0, 2048)
	if in.RetentionDays < 0 {
		v.Add(strconv.Itoa(in.RetentionDays), "retentionDays", "have value greater than or equal to 0")
	}
	if err := v.Err(); err != nil {
		return CreateArchiveOutput{}, err
	}
	if err := archiveCheckPattern(in.EventPattern); err != nil {
		return CreateArchiveOutput{}, err
	}

	e, err := a.reserveName(ctx, a.key(ctx, in.ArchiveName))
	if err != nil {
		return CreateArchiveOutput{}, err
	}
	if err := a.build(ctx, e, in); err != nil {
		a.mu.Lock()
		delete(a.byName, e.key)
		a.mu.Unlock()
		return CreateArchiveOutput{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	e.state, e.busy = ArchiveEnabled, false
	return CreateArchiveOutput{ArchiveARN: e.arn, State: e.state, CreationTime: e.created}, nil
}

// reserveName puts a CREATING entry for k in the map, so that a second
// CreateArchive of the same name fails while the first is at work. A name
// whose archive is being deleted is waited for.
func (a *Archives) reserveName(ctx context.Context, k archiveKey) (*archiveEntry, error) {
	for {
		a.mu.Lock()
		old := a.byName[k]
		if old == nil {
			e := &archiveEntry{key: k, name: k.name, state: ArchiveCreating, busy: true, created: a.clock.Now().UTC()}
			a.byName[k] = e
			a.mu.Unlock()
			return e, nil
		}
		gone := old.gone
		a.mu.Unlock()
		if gone == nil {
			return nil, errArchiveExists(k.name)
		}
		select {
		case <-gone:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// build resolves the bus, opens the store, starts the writer and attaches
// the archive's rule. On failure it undoes what it did.
func (a *Archives) build(ctx context.Context, e *archiveEntry, in CreateArchiveInput) error {
	busARN, err := a.att.EventBusARN(ctx, in.EventSourceARN)
	if err != nil {
		return err
	}
	region, account, _, busName, ok := archiveARNParts(busARN)
	if !ok {
		return fmt.Errorf("archive: the attacher returned %q, which is not an event bus ARN", busARN)
	}
	if account != e.key.account || region != e.key.region {
		// An archive records a bus of its own account and region.
		return archiveErr(switchyard.CodeResourceNotFound, "Event bus "+busName+" does not exist.")
	}
	store, err := a.cfg.factory(e.key.account, e.key.region, e.name)
	if err != nil {
		return fmt.Errorf("archive: opening the store of archive %s: %w", e.name, err)
	}
	if store == nil {
		return fmt.Errorf("archive: the store factory returned no store for archive %s", e.name)
	}
	w := newArchiveWriter(a.ctx, store, a.cfg.maxBatch, a.cfg.batchDelay)
	a.mu.Lock()
	e.arn = "arn:aws:events:" + region + ":" + account + ":archive/" + e.name
	e.sourceARN = busARN
	e.ruleName = archiveRulePrefix + e.name
	e.store, e.w = store, w
	e.description, e.eventPattern, e.retentionDays = in.Description, in.EventPattern, in.RetentionDays
	e.kmsKey = in.KMSKeyIdentifier
	a.mu.Unlock()

	undo := func() {
		w.close()
		_ = store.Close()
	}
	if _, err := a.att.AttachArchive(ctx, busARN, e.ruleName, in.EventPattern, e.arn, archiveTarget{a: a, e: e}); err != nil {
		undo()
		return err
	}
	if a.closed.Load() {
		// Close ran meanwhile and did not see this writer and store.
		_ = a.att.DetachArchive(ctx, busARN, e.ruleName)
		undo()
		return ErrArchivesClosed
	}
	return nil
}

// archiveCheckPattern compiles an archive's event pattern, so that a bad
// one fails the call before anything is created, with EventBridge's
// InvalidEventPatternException.
func archiveCheckPattern(src string) error {
	if src == "" {
		return nil
	}
	if _, err := pattern.Compile([]byte(src)); err != nil {
		return &switchyard.Error{Code: switchyard.CodeInvalidEventPattern, Message: archiveMsgPatternInvalid + err.Error(), Err: err}
	}
	return nil
}
