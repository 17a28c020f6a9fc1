package archive

import (
	"context"
	"strconv"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// UpdateArchive changes an archive's description, event pattern or
// retention. A new pattern applies to the events put after UpdateArchive
// returns; a shorter retention to the next sweep (or EnforceRetention).
//
// As on EventBridge, a call that sets none of the three fields is a
// ValidationException ("At least one of EventPattern, RetentionDays or
// Description must be provided."), checked before the archive is looked
// up; an unknown archive is a ResourceNotFoundException ("Archive <name>
// does not exist."); an archive that another call is creating, updating or
// deleting is a ConcurrentModificationException.
func (a *Archives) UpdateArchive(ctx context.Context, in UpdateArchiveInput) (UpdateArchiveOutput, error) {
	if a.closed.Load() {
		return UpdateArchiveOutput{}, ErrArchivesClosed
	}
	var v awsreq.Violations
	v.Name(in.ArchiveName, "archiveName", 48)
	if in.Description != nil {
		v.Length(*in.Description, "description", 0, 512)
	}
	if in.EventPattern != nil {
		v.Length(*in.EventPattern, "eventPattern", 0, 4096)
	}
	if in.KMSKeyIdentifier != nil {
		v.Length(*in.KMSKeyIdentifier, "kmsKeyIdentifier", 0, 2048)
	}
	if in.RetentionDays != nil && *in.RetentionDays < 0 {
		v.Add(strconv.Itoa(*in.RetentionDays), "retentionDays", "have value greater than or equal to 0")
	}
	if err := v.Err(); err != nil {
		return UpdateArchiveOutput{}, err
	}
	if in.Description == nil && in.EventPattern == nil && in.RetentionDays == nil {
		return UpdateArchiveOutput{}, archiveErr(switchyard.CodeValidation, archiveMsgNothingToUpdate)
	}
	if in.EventPattern != nil {
		if err := archiveCheckPattern(*in.EventPattern); err != nil {
			return UpdateArchiveOutput{}, err
		}
	}

	a.mu.Lock()
	e, err := a.lookupLocked(a.key(ctx, in.ArchiveName))
	if err == nil && e.busy {
		err = archiveErr(switchyard.CodeConcurrentModification, archiveMsgConcurrent)
	}
	if err != nil {
		a.mu.Unlock()
		return UpdateArchiveOutput{}, err
	}
	e.busy, e.state = true, ArchiveUpdating
	repattern := in.EventPattern != nil && *in.EventPattern != e.eventPattern
	a.mu.Unlock()

	if repattern {
		if _, err := a.att.AttachArchive(ctx, e.sourceARN, e.ruleName, *in.EventPattern, e.arn, archiveTarget{a: a, e: e}); err != nil {
			a.mu.Lock()
			e.busy, e.state = false, ArchiveEnabled
			a.mu.Unlock()
			return UpdateArchiveOutput{}, err
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if in.Description != nil {
		e.description = *in.Description
	}
	if in.EventPattern != nil {
		e.eventPattern = *in.EventPattern
	}
	if in.RetentionDays != nil {
		e.retentionDays = *in.RetentionDays
	}
	if in.KMSKeyIdentifier != nil {
		e.kmsKey = *in.KMSKeyIdentifier
	}
	e.busy, e.state = false, ArchiveEnabled
	return UpdateArchiveOutput{ArchiveARN: e.arn, State: e.state, CreationTime: e.created}, nil
}
