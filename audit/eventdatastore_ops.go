package audit

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/paging"
)

// Limits of the event data store calls (CloudTrail API reference,
// CreateEventDataStore, AdvancedEventSelector, Tag).
const (
	maxSelectors      = 5 // "up to five advanced event selectors for each event data store"
	maxFieldLen       = 1000
	maxTags           = 50 // "Currently, the limit is 50" (TagsLimitExceededException)
	maxTagKeyLen      = 128
	maxTagValueLen    = 256
	minRetention      = 7
	maxRetentionExt   = 3653
	maxRetentionFixed = 2557
	defRetentionExt   = 366
	maxKMSKeyIDLen    = 350
	maxListResults    = 1000
)

var (
	resourceNameRE  = regexp.MustCompile(`^[a-zA-Z0-9._\-]{3,128}$`)
	selectorFieldRE = regexp.MustCompile(`^[\w|\d|\.|_]+$`)
)

// CreateEventDataStore creates an event data store in the caller's account
// and region and opens its archive.Store. It fails with
// InvalidParameterException, InvalidEventSelectorsException or
// InvalidTagParameterException for a malformed request,
// EventDataStoreAlreadyExistsException for a name in use (stores pending
// deletion included), and EventDataStoreMaxLimitExceededException past
// WithMaxEventDataStores. A failing store factory is returned wrapped.
func (l *Lake) CreateEventDataStore(ctx context.Context, in CreateEventDataStoreInput) (CreateEventDataStoreOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return CreateEventDataStoreOutput{}, err
	}
	defer l.inflight.Done()
	if err := checkStoreName(in.Name); err != nil {
		return CreateEventDataStoreOutput{}, err
	}
	if err := checkSelectors(in.AdvancedEventSelectors); err != nil {
		return CreateEventDataStoreOutput{}, err
	}
	if err := checkTags(in.TagsList); err != nil {
		return CreateEventDataStoreOutput{}, err
	}
	billing := BillingExtendable
	if in.BillingMode != "" {
		billing = in.BillingMode
	}
	retention, err := checkRetention(billing, in.RetentionPeriod)
	if err != nil {
		return CreateEventDataStoreOutput{}, err
	}
	if len(in.KMSKeyID) > maxKMSKeyIDLen {
		return CreateEventDataStoreOutput{}, errf(CodeInvalidParameter, "KmsKeyId must have at most %d characters.", maxKMSKeyIDLen)
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.cfg.clock.Now().UTC()
	l.purgeLocked(now)
	n := 0
	for _, s := range l.stores {
		if s.account != c.Account || s.region != c.Region {
			continue
		}
		if s.name == in.Name {
			return CreateEventDataStoreOutput{}, errf(CodeEventDataStoreAlreadyExists,
				"An event data store with the name %s already exists.", in.Name)
		}
		n++
	}
	if n >= l.cfg.maxStores {
		return CreateEventDataStoreOutput{}, errf(CodeEventDataStoreMaxLimitExceeded,
			"Your account has used the maximum number of event data stores (%d).", l.cfg.maxStores)
	}
	id, err := l.newUUID("CreateEventDataStore")
	if err != nil {
		return CreateEventDataStoreOutput{}, err
	}
	if _, taken := l.stores[id]; taken {
		return CreateEventDataStoreOutput{}, fmt.Errorf("audit: CreateEventDataStore: the ID generator returned %s twice", id)
	}
	store, err := l.cfg.factory(id)
	if err != nil {
		return CreateEventDataStoreOutput{}, fmt.Errorf("audit: opening the store of event data store %s: %w", in.Name, err)
	}
	if store == nil {
		return CreateEventDataStoreOutput{}, fmt.Errorf("audit: the store factory returned no store for event data store %s", in.Name)
	}
	s := &eventDataStore{
		id: id, arn: makeARN(c, kindEventDataStore, id), account: c.Account, region: c.Region,
		created: now, updated: now, store: store,
		name:         in.Name,
		selectors:    cloneSelectors(in.AdvancedEventSelectors),
		multiRegion:  boolOr(in.MultiRegionEnabled, true),
		organization: boolOr(in.OrganizationEnabled, false),
		retention:    retention,
		protected:    boolOr(in.TerminationProtectionEnabled, true),
		kmsKeyID:     in.KMSKeyID,
		billing:      billing,
		status:       StatusEnabled,
	}
	if !boolOr(in.StartIngestion, true) {
		s.status = StatusStoppedIngestion
	}
	l.stores[id] = s
	return CreateEventDataStoreOutput{EventDataStoreDescription: s.describeLocked(), TagsList: slices.Clone(in.TagsList)}, nil
}

// GetEventDataStore describes the event data store named by its ARN or
// ID. It fails with EventDataStoreARNInvalidException when the reference
// is neither, and EventDataStoreNotFoundException when the caller has no
// such store.
func (l *Lake) GetEventDataStore(ctx context.Context, in GetEventDataStoreInput) (GetEventDataStoreOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return GetEventDataStoreOutput{}, err
	}
	defer l.inflight.Done()
	var out GetEventDataStoreOutput
	err = l.atStore(c, in.EventDataStore, func(s *eventDataStore, _ time.Time) error {
		out = s.describeLocked()
		return nil
	})
	return out, err
}

// ListEventDataStores lists the caller's event data stores in name order,
// pending deletion included, a page of MaxResults (1 to 1000, default
// 1000) at a time. A NextToken from another listing is an
// InvalidNextTokenException.
func (l *Lake) ListEventDataStores(ctx context.Context, in ListEventDataStoresInput) (ListEventDataStoresOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return ListEventDataStoresOutput{}, err
	}
	defer l.inflight.Done()
	limit, err := checkMaxResults(in.MaxResults)
	if err != nil {
		return ListEventDataStoresOutput{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.purgeLocked(l.cfg.clock.Now())
	byName := map[string]*eventDataStore{}
	for _, s := range l.stores {
		if s.account == c.Account && s.region == c.Region {
			byName[s.name] = s
		}
	}
	names := sortedKeys(byName)
	page, next, ok := paging.Page(names, nil, in.NextToken, "syeds1", limit)
	if !ok {
		return ListEventDataStoresOutput{}, errInvalidNextToken()
	}
	out := ListEventDataStoresOutput{EventDataStores: make([]EventDataStore, len(page)), NextToken: next}
	for i, n := range page {
		out.EventDataStores[i] = EventDataStore{EventDataStoreARN: byName[n].arn, Name: n}
	}
	return out, nil
}

// UpdateEventDataStore changes the members given. At least one must be
// given (InvalidParameterException otherwise). A store pending deletion
// cannot be updated (InactiveEventDataStoreException); its billing mode
// can go from fixed to extendable retention pricing only; a store that a
// channel writes to must keep selecting ActivityAuditLog events
// (InvalidEventSelectorsException); a new name must be free
// (EventDataStoreAlreadyExistsException).
func (l *Lake) UpdateEventDataStore(ctx context.Context, in UpdateEventDataStoreInput) (UpdateEventDataStoreOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return UpdateEventDataStoreOutput{}, err
	}
	defer l.inflight.Done()
	if in.Name == nil && in.AdvancedEventSelectors == nil && in.MultiRegionEnabled == nil && in.OrganizationEnabled == nil &&
		in.RetentionPeriod == nil && in.TerminationProtectionEnabled == nil && in.KMSKeyID == nil && in.BillingMode == nil {
		return UpdateEventDataStoreOutput{}, errf(CodeInvalidParameter,
			"At least one parameter other than EventDataStore must be specified.")
	}
	if in.Name != nil {
		if err := checkStoreName(*in.Name); err != nil {
			return UpdateEventDataStoreOutput{}, err
		}
	}
	if err := checkSelectors(in.AdvancedEventSelectors); err != nil {
		return UpdateEventDataStoreOutput{}, err
	}
	if in.KMSKeyID != nil && len(*in.KMSKeyID) > maxKMSKeyIDLen {
		return UpdateEventDataStoreOutput{}, errf(CodeInvalidParameter, "KmsKeyId must have at most %d characters.", maxKMSKeyIDLen)
	}

	var out UpdateEventDataStoreOutput
	err = l.atStore(c, in.EventDataStore, func(s *eventDataStore, now time.Time) error {
		out, err = l.updateLocked(s, c, &in, now)
		return err
	})
	return out, err
}

// updateLocked applies UpdateEventDataStore to s. Called with Lake.mu
// held.
func (l *Lake) updateLocked(s *eventDataStore, c switchyard.Caller, in *UpdateEventDataStoreInput, now time.Time) (UpdateEventDataStoreOutput, error) {
	var err error
	if s.status == StatusPendingDeletion {
		return UpdateEventDataStoreOutput{}, errInactiveStore(s.arn)
	}
	billing := s.billing
	if in.BillingMode != nil {
		billing = *in.BillingMode
		if billing == BillingFixed && s.billing == BillingExtendable {
			return UpdateEventDataStoreOutput{}, errf(CodeInvalidParameter,
				"The billing mode of an event data store can change from %s to %s only.", BillingFixed, BillingExtendable)
		}
	}
	retention := s.retention
	if in.RetentionPeriod != nil || in.BillingMode != nil {
		r := in.RetentionPeriod
		if r == nil {
			r = &retention
		}
		if retention, err = checkRetention(billing, r); err != nil {
			return UpdateEventDataStoreOutput{}, err
		}
	}
	if in.Name != nil && *in.Name != s.name {
		for _, o := range l.stores {
			if o.account == c.Account && o.region == c.Region && o.name == *in.Name {
				return UpdateEventDataStoreOutput{}, errf(CodeEventDataStoreAlreadyExists,
					"An event data store with the name %s already exists.", *in.Name)
			}
		}
	}
	if in.AdvancedEventSelectors != nil && s.selectsActivityAuditLog() {
		probe := eventDataStore{selectors: in.AdvancedEventSelectors}
		if !probe.selectsActivityAuditLog() && l.channelWritesToLocked(s) {
			return UpdateEventDataStoreOutput{}, errf(CodeInvalidEventSelectors,
				"Event data store %s is the destination of a channel and must keep selecting eventCategory %s.",
				s.arn, CategoryActivityAuditLog)
		}
	}

	if in.Name != nil {
		s.name = *in.Name
	}
	if in.AdvancedEventSelectors != nil {
		s.selectors = cloneSelectors(in.AdvancedEventSelectors)
	}
	if in.MultiRegionEnabled != nil {
		s.multiRegion = *in.MultiRegionEnabled
	}
	if in.OrganizationEnabled != nil {
		s.organization = *in.OrganizationEnabled
	}
	if in.TerminationProtectionEnabled != nil {
		s.protected = *in.TerminationProtectionEnabled
	}
	if in.KMSKeyID != nil {
		s.kmsKeyID = *in.KMSKeyID
	}
	s.billing, s.retention, s.updated = billing, retention, now
	return s.describeLocked(), nil
}

// DeleteEventDataStore puts the event data store in PENDING_DELETION; it
// disappears seven days later on the clock, with its events. It fails
// with EventDataStoreTerminationProtectedException while termination
// protection is on, ChannelExistsForEDSException while a channel writes to
// it, and InactiveEventDataStoreException when it is already pending
// deletion.
func (l *Lake) DeleteEventDataStore(ctx context.Context, in DeleteEventDataStoreInput) (DeleteEventDataStoreOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return DeleteEventDataStoreOutput{}, err
	}
	defer l.inflight.Done()
	err = l.atStore(c, in.EventDataStore, func(s *eventDataStore, now time.Time) error {
		switch {
		case s.status == StatusPendingDeletion:
			return errInactiveStore(s.arn)
		case s.protected:
			return errf(CodeEventDataStoreTerminationProtect,
				"Event data store %s cannot be deleted because termination protection is enabled.", s.arn)
		case l.channelWritesToLocked(s):
			return errf(CodeChannelExistsForEDS,
				"Event data store %s cannot be deleted because it is in use by a channel.", s.arn)
		}
		s.status, s.updated, s.deleteAt = StatusPendingDeletion, now, now.Add(pendingDeletionPeriod)
		return nil
	})
	return DeleteEventDataStoreOutput{}, err
}

// atStore runs fn on the caller's event data store ref names, with
// Lake.mu held and the clock read once: the stores whose deletion period
// has passed are purged first, so that fn never sees one.
func (l *Lake) atStore(c switchyard.Caller, ref string, fn func(s *eventDataStore, now time.Time) error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.cfg.clock.Now().UTC()
	l.purgeLocked(now)
	s, err := l.lookupStoreLocked(ref, c)
	if err != nil {
		return err
	}
	return fn(s, now)
}

// purgeLocked removes the stores whose seven days of PENDING_DELETION
// have passed, deleting their events. Called with Lake.mu held.
func (l *Lake) purgeLocked(now time.Time) {
	for id, s := range l.stores {
		if s.status != StatusPendingDeletion || now.Before(s.deleteAt) {
			continue
		}
		ctx := context.Background()
		if _, err := s.store.DeleteBefore(ctx, forever); err != nil {
			l.cfg.logger.Warn("audit: deleting the events of a deleted event data store", "arn", s.arn, "error", err)
		}
		if err := s.store.Close(); err != nil {
			l.cfg.logger.Warn("audit: closing a deleted event data store", "arn", s.arn, "error", err)
		}
		delete(l.stores, id)
	}
}

// forever is after every time a Store can hold.
var forever = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// lookupStoreLocked resolves an event data store ARN or ID for caller c.
// Called with Lake.mu held.
func (l *Lake) lookupStoreLocked(ref string, c switchyard.Caller) (*eventDataStore, error) {
	r, ok := parseRef(ref, c)
	if !ok || (r.kind != "" && r.kind != kindEventDataStore) {
		return nil, errf(CodeEventDataStoreARNInvalid,
			"The specified event data store ARN is not valid or does not map to an event data store in your account: %q.", clip(ref))
	}
	s := l.stores[r.id]
	if s == nil || s.account != c.Account || s.region != c.Region || r.account != s.account || r.region != s.region {
		return nil, errf(CodeEventDataStoreNotFound, "The specified event data store was not found: %s.", clip(ref))
	}
	return s, nil
}

// channelWritesToLocked reports whether a channel has s as a destination.
// Called with Lake.mu held.
func (l *Lake) channelWritesToLocked(s *eventDataStore) bool {
	for _, ch := range l.channels {
		if slices.Contains(ch.storeIDs, s.id) {
			return true
		}
	}
	return false
}

func errInactiveStore(arn string) error {
	return errf(CodeInactiveEventDataStore, "The event data store %s is inactive: it is pending deletion.", arn)
}

func errInvalidNextToken() error {
	return errf(CodeInvalidNextToken, "The NextToken is not valid: it was not issued by this listing.")
}

func checkStoreName(name string) error {
	if !resourceNameRE.MatchString(name) {
		return errf(CodeInvalidParameter,
			"Name %q is not valid: an event data store name has 3 to 128 characters of letters, digits, '.', '_' and '-'.", clip(name))
	}
	return nil
}

// checkSelectors checks AdvancedEventSelectors' shape: at most five, each
// with at least one field selector, each naming a field and at least one
// value to compare.
func checkSelectors(sels []AdvancedEventSelector) error {
	if len(sels) > maxSelectors {
		return errf(CodeInvalidEventSelectors, "AdvancedEventSelectors has %d selectors; the maximum is %d.", len(sels), maxSelectors)
	}
	for i, s := range sels {
		if len(s.Name) > maxFieldLen {
			return errf(CodeInvalidEventSelectors, "AdvancedEventSelectors[%d].Name is longer than %d characters.", i, maxFieldLen)
		}
		if len(s.FieldSelectors) == 0 {
			return errf(CodeInvalidEventSelectors, "AdvancedEventSelectors[%d].FieldSelectors must have at least one member.", i)
		}
		for j, f := range s.FieldSelectors {
			if f.Field == "" || len(f.Field) > maxFieldLen || !selectorFieldRE.MatchString(f.Field) {
				return errf(CodeInvalidEventSelectors, "AdvancedEventSelectors[%d].FieldSelectors[%d].Field %q is not valid.", i, j, clip(f.Field))
			}
			if len(f.Equals)+len(f.StartsWith)+len(f.EndsWith)+len(f.NotEquals)+len(f.NotStartsWith)+len(f.NotEndsWith) == 0 {
				return errf(CodeInvalidEventSelectors,
					"AdvancedEventSelectors[%d].FieldSelectors[%d] (%s) must have at least one of Equals, StartsWith, EndsWith, NotEquals, NotStartsWith or NotEndsWith.",
					i, j, f.Field)
			}
		}
	}
	return nil
}

// checkTags checks a tag list: at most 50 tags (TagsLimitExceededException),
// keys of 1 to 128 and values of up to 256 characters
// (InvalidTagParameterException).
func checkTags(tags []Tag) error {
	if len(tags) > maxTags {
		return errf(CodeTagsLimitExceeded, "The number of tags has exceeded the permitted amount: %d tags, the limit is %d.", len(tags), maxTags)
	}
	for i, t := range tags {
		if n := len([]rune(t.Key)); n < 1 || n > maxTagKeyLen {
			return errf(CodeInvalidTagParameter, "Tag %d: Key must have 1 to %d characters; it has %d.", i, maxTagKeyLen, n)
		}
		if n := len([]rune(t.Value)); n > maxTagValueLen {
			return errf(CodeInvalidTagParameter, "Tag %d: Value must have at most %d characters; it has %d.", i, maxTagValueLen, n)
		}
	}
	return nil
}

// checkRetention checks RetentionPeriod against the billing mode and
// returns it, or the mode's default when it is nil.
func checkRetention(billing BillingMode, days *int) (int, error) {
	var max, def int
	switch billing {
	case BillingExtendable:
		max, def = maxRetentionExt, defRetentionExt
	case BillingFixed:
		max, def = maxRetentionFixed, maxRetentionFixed
	default:
		return 0, errf(CodeInvalidParameter, "BillingMode %q is not valid: use %s or %s.", clip(string(billing)), BillingExtendable, BillingFixed)
	}
	if days == nil {
		return def, nil
	}
	if *days < minRetention || *days > max {
		return 0, errf(CodeInvalidParameter, "RetentionPeriod %d is not valid: with %s it must be %d to %d days.", *days, billing, minRetention, max)
	}
	return *days, nil
}

// checkMaxResults returns the page size for MaxResults (0: the maximum).
func checkMaxResults(n int) (int, error) {
	if n == 0 {
		return maxListResults, nil
	}
	if n < 1 || n > maxListResults {
		return 0, errf(CodeInvalidMaxResults, "MaxResults %d is not valid: it must be 1 to %d.", n, maxListResults)
	}
	return n, nil
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
