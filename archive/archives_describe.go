package archive

import (
	"context"
	"fmt"
	"github.com/switchyard-go/switchyard/internal/paging"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/switchyard-go/switchyard"
)

// DescribeArchive describes the archive called name, with its current
// EventCount and SizeBytes. An unknown archive is a
// ResourceNotFoundException ("Archive <name> does not exist.").
//
// EventCount and SizeBytes come from the store's Stats and include every
// delivery acknowledged so far; unlike on EventBridge, where archiving
// takes minutes, they are not delayed.
func (a *Archives) DescribeArchive(ctx context.Context, name string) (Archive, error) {
	if a.closed.Load() {
		return Archive{}, ErrArchivesClosed
	}
	var v switchyard.Violations
	v.Name(name, "archiveName", 48)
	if err := v.Err(); err != nil {
		return Archive{}, err
	}
	a.mu.Lock()
	e, err := a.lookupLocked(name)
	if err != nil {
		a.mu.Unlock()
		return Archive{}, err
	}
	out, store := e.describeLocked(), e.store
	a.mu.Unlock()
	if err := out.addStats(ctx, store); err != nil {
		return Archive{}, err
	}
	return out, nil
}

// describeLocked returns the archive's description without its stats.
// Called with Archives.mu held.
func (e *archiveEntry) describeLocked() Archive {
	return Archive{
		ArchiveName:    e.name,
		ArchiveArn:     e.arn,
		EventSourceArn: e.sourceARN,
		Description:    e.description,
		EventPattern:   e.eventPattern,
		State:          e.state,
		RetentionDays:  e.retentionDays,
		CreationTime:   e.created,
	}
}

// addStats fills EventCount and SizeBytes from the store, which is nil
// while the archive is being created.
func (ar *Archive) addStats(ctx context.Context, store Store) error {
	if store == nil {
		return nil
	}
	st, err := store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("archive: %s: reading the store's stats: %w", ar.ArchiveName, err)
	}
	ar.EventCount, ar.SizeBytes = st.Count, st.Bytes
	return nil
}

// ListArchives lists archives in name order, a page at a time. At most
// one filter may be set: NamePrefix (names that start with it),
// EventSourceArn (archives of that bus, which must exist: otherwise a
// ResourceNotFoundException "Event bus <name> does not exist.") or State.
// Entries have no ArchiveArn, Description or EventPattern, as on
// EventBridge.
func (a *Archives) ListArchives(ctx context.Context, in ListArchivesInput) (ListArchivesOutput, error) {
	if a.closed.Load() {
		return ListArchivesOutput{}, ErrArchivesClosed
	}
	var v switchyard.Violations
	v.Limit(in.Limit)
	v.Length(in.NamePrefix, "namePrefix", 0, 48)
	if in.EventSourceArn != "" {
		v.ARN(in.EventSourceArn, "eventSourceArn")
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
	for _, set := range []bool{in.NamePrefix != "", in.EventSourceArn != "", in.State != ""} {
		if set {
			filters++
		}
	}
	if filters > 1 {
		return ListArchivesOutput{}, archiveErr(switchyard.CodeValidation, archiveMsgOneFilter)
	}
	source := ""
	if in.EventSourceArn != "" {
		arn, err := a.att.EventBusARN(ctx, in.EventSourceArn)
		if err != nil {
			return ListArchivesOutput{}, err
		}
		source = arn
	}

	a.mu.Lock()
	names := slices.Sorted(maps.Keys(a.byName))
	keep := func(n string) bool {
		e := a.byName[n]
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
		e := a.byName[n]
		d := e.describeLocked()
		d.ArchiveArn, d.Description, d.EventPattern = "", "", ""
		out.Archives[i], stores[i] = d, e.store
	}
	a.mu.Unlock()
	for i := range out.Archives {
		if err := out.Archives[i].addStats(ctx, stores[i]); err != nil {
			return ListArchivesOutput{}, err
		}
	}
	return out, nil
}

// ScanArchive calls fn, in event-time order, for every event of the
// archive called name whose time t is in [from, to) (a zero to means no
// upper bound), as Store.Scan does; fn must not retain rec.Data. Package
// replay reads archives through it. An unknown archive is a
// ResourceNotFoundException.
func (a *Archives) ScanArchive(ctx context.Context, name string, from, to time.Time, fn func(rec Record) error) error {
	if a.closed.Load() {
		return ErrArchivesClosed
	}
	a.mu.Lock()
	e, err := a.lookupLocked(name)
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
