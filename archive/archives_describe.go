package archive

import (
	"context"
	"fmt"
	"github.com/switchyard-go/switchyard/internal/paging"
	"slices"
	"strings"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// DescribeArchive describes the archive called name, with its current
// EventCount and SizeBytes. An unknown archive is a
// ResourceNotFoundException ("Archive <name> does not exist.").
//
// EventCount and SizeBytes come from the store's Stats and include every
// delivery acknowledged so far; unlike on EventBridge, where archiving
// takes minutes, they are not delayed.
func (a *Archives) DescribeArchive(ctx context.Context, in DescribeArchiveInput) (DescribeArchiveOutput, error) {
	if a.closed.Load() {
		return DescribeArchiveOutput{}, ErrArchivesClosed
	}
	var v awsreq.Violations
	v.Name(in.ArchiveName, "archiveName", 48)
	if err := v.Err(); err != nil {
		return DescribeArchiveOutput{}, err
	}
	a.mu.Lock()
	e, err := a.lookupLocked(a.key(ctx, in.ArchiveName))
	if err != nil {
		a.mu.Unlock()
		return DescribeArchiveOutput{}, err
	}
	out, store := e.describeLocked(), e.store
	a.mu.Unlock()
	st, err := archiveStats(ctx, e.name, store)
	if err != nil {
		return DescribeArchiveOutput{}, err
	}
	out.EventCount, out.SizeBytes = st.Count, st.Bytes
	return out, nil
}

// describeLocked returns the archive's description without its stats.
// Called with Archives.mu held.
func (e *archiveEntry) describeLocked() DescribeArchiveOutput {
	return DescribeArchiveOutput{
		ArchiveName:      e.name,
		ArchiveARN:       e.arn,
		EventSourceARN:   e.sourceARN,
		Description:      e.description,
		EventPattern:     e.eventPattern,
		State:            e.state,
		KMSKeyIdentifier: e.kmsKey,
		RetentionDays:    e.retentionDays,
		CreationTime:     e.created,
	}
}

// listEntryLocked returns the archive's ListArchives entry without its
// stats. Called with Archives.mu held.
func (e *archiveEntry) listEntryLocked() Archive {
	return Archive{
		ArchiveName:    e.name,
		EventSourceARN: e.sourceARN,
		State:          e.state,
		RetentionDays:  e.retentionDays,
		CreationTime:   e.created,
	}
}

// archiveStats reads the store's stats; the store is nil while the
// archive is being created.
func archiveStats(ctx context.Context, name string, store Store) (Stats, error) {
	if store == nil {
		return Stats{}, nil
	}
	st, err := store.Stats(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("archive: %s: reading the store's stats: %w", name, err)
	}
	return st, nil
}

// ListArchives lists archives in name order, a page at a time. At most
// one filter may be set: NamePrefix (names that start with it),
// EventSourceARN (archives of that bus, which must exist: otherwise a
// ResourceNotFoundException "Event bus <name> does not exist.") or State.
// Only the caller's archives are listed. Entries have no ARN, Description
// or EventPattern, as on EventBridge.
func (a *Archives) ListArchives(ctx context.Context, in ListArchivesInput) (ListArchivesOutput, error) {
	if a.closed.Load() {
		return ListArchivesOutput{}, ErrArchivesClosed
	}
	var v awsreq.Violations
	v.Limit(in.Limit)
	v.Length(in.NamePrefix, "namePrefix", 0, 48)
	if in.EventSourceARN != "" {
		v.ARN(in.EventSourceARN, "eventSourceArn")
	}
	if in.State != "" && !slices.Contains(archiveStates[:], in.State) {
		names := make([]string, len(archiveStates))
		for i, s := range archiveStates {
			names[i] = string(s)
		}
		v.Add(string(in.State), "state", "satisfy enum value set: ["+strings.Join(names, ", ")+"]")
	}
	if err := v.Err(); err != nil {
		return ListArchivesOutput{}, err
	}
	filters := 0
	for _, set := range []bool{in.NamePrefix != "", in.EventSourceARN != "", in.State != ""} {
		if set {
			filters++
		}
	}
	if filters > 1 {
		return ListArchivesOutput{}, archiveErr(switchyard.CodeValidation, archiveMsgOneFilter)
	}
	source := ""
	if in.EventSourceARN != "" {
		arn, err := a.att.EventBusARN(ctx, in.EventSourceARN)
		if err != nil {
			return ListArchivesOutput{}, err
		}
		source = arn
	}

	self := a.key(ctx, "")
	a.mu.Lock()
	var names []string
	for k := range a.byName {
		if k.account == self.account && k.region == self.region {
			names = append(names, k.name)
		}
	}
	slices.Sort(names)
	keep := func(n string) bool {
		e := a.byName[archiveKey{self.account, self.region, n}]
		return e.gone == nil && strings.HasPrefix(n, in.NamePrefix) &&
			(source == "" || e.sourceARN == source) && (in.State == "" || e.state == in.State)
	}
	page, next, err := archivePaginate(names, keep, in.NextToken, in.Limit)
	if err != nil {
		a.mu.Unlock()
		return ListArchivesOutput{}, err
	}
	out := ListArchivesOutput{Archives: make([]Archive, len(page)), NextToken: next}
	stores := make([]Store, len(page))
	for i, n := range page {
		e := a.byName[archiveKey{self.account, self.region, n}]
		out.Archives[i], stores[i] = e.listEntryLocked(), e.store
	}
	a.mu.Unlock()
	for i := range out.Archives {
		st, err := archiveStats(ctx, out.Archives[i].ArchiveName, stores[i])
		if err != nil {
			return ListArchivesOutput{}, err
		}
		out.Archives[i].EventCount, out.Archives[i].SizeBytes = st.Count, st.Bytes
	}
	return out, nil
}

// ScanArchive calls fn, in event-time order, for every event of the
// caller's archive called name whose time t is in [from, to) (a zero to means no
// upper bound), as Store.Scan does; fn must not retain rec.Data. Package
// replay reads archives through it. An unknown archive is a
// ResourceNotFoundException.
func (a *Archives) ScanArchive(ctx context.Context, name string, from, to time.Time, fn func(rec Record) error) error {
	if a.closed.Load() {
		return ErrArchivesClosed
	}
	a.mu.Lock()
	e, err := a.lookupLocked(a.key(ctx, name))
	var store Store
	if err == nil {
		store = e.store
	}
	a.mu.Unlock()
	if err != nil {
		return err
	}
	if store == nil {
		return nil // still being created: nothing archived yet
	}
	return store.Scan(ctx, from, to, fn)
}

// archivePaginate returns the page of sorted keys that keep accepts after
// the token's key, and the next page's token (see package paging).
func archivePaginate(keys []string, keep func(string) bool, token string, limit int) ([]string, string, error) {
	page, next, ok := paging.Page(keys, keep, token, "sya1", limit)
	if !ok {
		return nil, "", archiveErr(switchyard.CodeValidation, archiveMsgBadNextToken)
	}
	return page, next, nil
}
