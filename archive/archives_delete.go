package archive

import (
	"context"
	"errors"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// archiveForever is a time after every time a Store can hold: deleting
// before it empties a store.
var archiveForever = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// DeleteArchive detaches an archive from its bus, deletes its events and
// closes its store. Deliveries the bus had already queued for it are
// acknowledged and discarded. An unknown archive is a
// ResourceNotFoundException ("Archive <name> does not exist.").
func (a *Archives) DeleteArchive(ctx context.Context, in DeleteArchiveInput) (DeleteArchiveOutput, error) {
	return DeleteArchiveOutput{}, a.deleteArchive(ctx, in.ArchiveName)
}

func (a *Archives) deleteArchive(ctx context.Context, name string) error {
	if a.closed.Load() {
		return ErrArchivesClosed
	}
	var v awsreq.Violations
	v.Name(name, "archiveName", 48)
	if err := v.Err(); err != nil {
		return err
	}
	a.mu.Lock()
	e, err := a.lookupLocked(a.key(ctx, name))
	if err == nil && e.busy {
		err = archiveErr(switchyard.CodeConcurrentModification, archiveMsgConcurrent)
	}
	if err != nil {
		a.mu.Unlock()
		return err
	}
	e.busy, e.gone = true, make(chan struct{})
	a.mu.Unlock()

	if err := a.att.DetachArchive(ctx, e.sourceARN, e.ruleName); err != nil {
		a.mu.Lock()
		close(e.gone)
		e.busy, e.gone = false, nil
		a.mu.Unlock()
		return err
	}
	// From here on the archive is gone whatever happens: its events are
	// deleted even if ctx ends, so that a new archive of the same name
	// does not find them in a durable store.
	e.deleted.Store(true)
	e.w.close()
	_, err = e.store.DeleteBefore(context.WithoutCancel(ctx), archiveForever)
	if cerr := e.store.Close(); err == nil && !errors.Is(cerr, ErrClosed) {
		err = cerr
	}
	a.mu.Lock()
	delete(a.byName, e.key)
	close(e.gone)
	a.mu.Unlock()
	return err
}
