package audit

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/paging"
)

// Limits of the channel calls (CloudTrail API reference, CreateChannel,
// Destination).
const (
	maxSourceLen    = 256
	maxDestinations = 200
	minLocationLen  = 3
	maxLocationLen  = 1024
)

// CreateChannel creates a channel in the caller's account and region, for
// events from outside AWS, logging to the event data stores Destinations
// name. It fails with InvalidParameterException for a malformed name or
// destination, InvalidSourceException for a bad Source,
// EventDataStoreNotFoundException or EventDataStoreARNInvalidException
// for a destination that is not one of the caller's event data stores,
// InactiveEventDataStoreException for one pending deletion,
// InvalidEventDataStoreCategoryException for one that does not select
// ActivityAuditLog events, ChannelAlreadyExistsException for a name in
// use or a second channel for one partner source, and
// ChannelMaxLimitExceededException past WithMaxChannels.
func (l *Lake) CreateChannel(ctx context.Context, in CreateChannelInput) (CreateChannelOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return CreateChannelOutput{}, err
	}
	defer l.inflight.Done()
	if err := checkChannelName(in.Name); err != nil {
		return CreateChannelOutput{}, err
	}
	if n := utf8.RuneCountInString(in.Source); n < 1 || n > maxSourceLen {
		return CreateChannelOutput{}, errf(CodeInvalidSource, "Source must have 1 to %d characters; it has %d.", maxSourceLen, n)
	}
	if err := checkTags(in.Tags); err != nil {
		return CreateChannelOutput{}, err
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	storeIDs, err := l.resolveDestinationsLocked(in.Destinations, c)
	if err != nil {
		return CreateChannelOutput{}, err
	}
	n := 0
	for _, ch := range l.channels {
		if ch.account != c.Account || ch.region != c.Region {
			continue
		}
		n++
		if ch.name == in.Name {
			return CreateChannelOutput{}, errf(CodeChannelAlreadyExists, "A channel named %s already exists.", in.Name)
		}
		if in.Source != SourceCustom && ch.source == in.Source {
			return CreateChannelOutput{}, errf(CodeChannelAlreadyExists,
				"Channel %s already exists for source %s; a maximum of one channel is allowed per source.", ch.name, in.Source)
		}
	}
	if l.cfg.maxChannels > 0 && n >= l.cfg.maxChannels {
		return CreateChannelOutput{}, errf(CodeChannelMaxLimitExceeded, "The maximum number of channels (%d) is exceeded.", l.cfg.maxChannels)
	}
	id, err := l.newUUID("CreateChannel")
	if err != nil {
		return CreateChannelOutput{}, err
	}
	if _, taken := l.channels[id]; taken {
		return CreateChannelOutput{}, fmt.Errorf("audit: CreateChannel: the ID generator returned %s twice", id)
	}
	ch := &channel{
		id: id, arn: makeARN(c, kindChannel, id), account: c.Account, region: c.Region,
		source: in.Source, name: in.Name,
		destinations: slices.Clone(in.Destinations), storeIDs: storeIDs,
		tags: slices.Clone(in.Tags),
	}
	l.channels[id] = ch
	return CreateChannelOutput{
		ChannelARN: ch.arn, Name: ch.name, Source: ch.source,
		Destinations: slices.Clone(ch.destinations), Tags: slices.Clone(ch.tags),
	}, nil
}

// GetChannel describes the channel named by its ARN or ID, with its
// ingestion status. It fails with ChannelARNInvalidException when the
// reference is neither, and ChannelNotFoundException when the caller has
// no such channel.
func (l *Lake) GetChannel(ctx context.Context, in GetChannelInput) (GetChannelOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return GetChannelOutput{}, err
	}
	defer l.inflight.Done()
	l.mu.RLock()
	defer l.mu.RUnlock()
	ch, err := l.lookupChannelLocked(in.Channel, c)
	if err != nil {
		return GetChannelOutput{}, err
	}
	return ch.getLocked(), nil
}

// ListChannels lists the caller's channels in name order, a page of
// MaxResults (1 to 1000, default 1000) at a time.
func (l *Lake) ListChannels(ctx context.Context, in ListChannelsInput) (ListChannelsOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return ListChannelsOutput{}, err
	}
	defer l.inflight.Done()
	limit, err := checkMaxResults(in.MaxResults)
	if err != nil {
		return ListChannelsOutput{}, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	byName := map[string]*channel{}
	for _, ch := range l.channels {
		if ch.account == c.Account && ch.region == c.Region {
			byName[ch.name] = ch
		}
	}
	page, next, ok := paging.Page(sortedKeys(byName), nil, in.NextToken, "sych1", limit)
	if !ok {
		return ListChannelsOutput{}, errInvalidNextToken()
	}
	out := ListChannelsOutput{Channels: make([]Channel, len(page)), NextToken: next}
	for i, n := range page {
		out.Channels[i] = Channel{ChannelARN: byName[n].arn, Name: n}
	}
	return out, nil
}

// UpdateChannel renames a channel or replaces its destinations, with the
// checks of CreateChannel. Events already stored stay where they are.
func (l *Lake) UpdateChannel(ctx context.Context, in UpdateChannelInput) (UpdateChannelOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return UpdateChannelOutput{}, err
	}
	defer l.inflight.Done()
	if in.Name == nil && in.Destinations == nil {
		return UpdateChannelOutput{}, errf(CodeInvalidParameter, "At least one of Name and Destinations must be specified.")
	}
	if in.Name != nil {
		if err := checkChannelName(*in.Name); err != nil {
			return UpdateChannelOutput{}, err
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ch, err := l.lookupChannelLocked(in.Channel, c)
	if err != nil {
		return UpdateChannelOutput{}, err
	}
	var storeIDs []string
	if in.Destinations != nil {
		if storeIDs, err = l.resolveDestinationsLocked(in.Destinations, c); err != nil {
			return UpdateChannelOutput{}, err
		}
	}
	if in.Name != nil && *in.Name != ch.name {
		for _, o := range l.channels {
			if o.account == c.Account && o.region == c.Region && o.name == *in.Name {
				return UpdateChannelOutput{}, errf(CodeChannelAlreadyExists, "A channel named %s already exists.", *in.Name)
			}
		}
		ch.name = *in.Name
	}
	if in.Destinations != nil {
		ch.destinations, ch.storeIDs = slices.Clone(in.Destinations), storeIDs
	}
	return UpdateChannelOutput{ChannelARN: ch.arn, Name: ch.name, Source: ch.source, Destinations: slices.Clone(ch.destinations)}, nil
}

// DeleteChannel deletes the channel named by its ARN or ID, and its
// resource policy, with the errors of GetChannel. Events already ingested
// through it stay in their event data stores.
func (l *Lake) DeleteChannel(ctx context.Context, in DeleteChannelInput) (DeleteChannelOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return DeleteChannelOutput{}, err
	}
	defer l.inflight.Done()
	l.mu.Lock()
	defer l.mu.Unlock()
	ch, err := l.lookupChannelLocked(in.Channel, c)
	if err != nil {
		return DeleteChannelOutput{}, err
	}
	delete(l.channels, ch.id)
	return DeleteChannelOutput{}, nil
}

// resolveDestinationsLocked checks a channel's destinations and returns
// their event data store IDs. Called with Lake.mu held.
func (l *Lake) resolveDestinationsLocked(dests []Destination, c switchyard.Caller) ([]string, error) {
	if len(dests) < 1 || len(dests) > maxDestinations {
		return nil, errf(CodeInvalidParameter, "Destinations must have 1 to %d members; it has %d.", maxDestinations, len(dests))
	}
	ids := make([]string, 0, len(dests))
	for i, d := range dests {
		if d.Type != DestinationEventDataStore {
			return nil, errf(CodeInvalidParameter,
				"Destinations[%d].Type %q is not valid; the valid type of destination is %s.", i, clip(string(d.Type)), DestinationEventDataStore)
		}
		if n := utf8.RuneCountInString(d.Location); n < minLocationLen || n > maxLocationLen {
			return nil, errf(CodeInvalidParameter,
				"Destinations[%d].Location must have %d to %d characters; it has %d.", i, minLocationLen, maxLocationLen, n)
		}
		s, err := l.lookupStoreLocked(d.Location, c)
		if err != nil {
			return nil, err
		}
		if s.status == StatusPendingDeletion {
			return nil, errInactiveStore(s.arn)
		}
		if !s.selectsActivityAuditLog() {
			return nil, errf(CodeInvalidEventDataStoreCategory,
				"Event data store %s does not select events of category %s, so a channel cannot log to it.", s.arn, CategoryActivityAuditLog)
		}
		if slices.Contains(ids, s.id) {
			return nil, errf(CodeInvalidParameter, "Destinations[%d] names event data store %s a second time.", i, s.arn)
		}
		ids = append(ids, s.id)
	}
	return ids, nil
}

// lookupChannelLocked resolves a channel ARN or ID for the control plane
// (GetChannel, UpdateChannel, DeleteChannel): only the caller's channels
// are found. Called with Lake.mu held.
func (l *Lake) lookupChannelLocked(ref string, c switchyard.Caller) (*channel, error) {
	r, ok := parseRef(ref, c)
	if !ok || (r.kind != "" && r.kind != kindChannel) {
		return nil, errf(CodeChannelARNInvalid, "The specified value of ChannelARN is not valid: %q.", clip(ref))
	}
	ch := l.channels[r.id]
	if ch == nil || ch.account != c.Account || ch.region != c.Region || r.account != ch.account || r.region != ch.region {
		return nil, errf(CodeChannelNotFoundException, "CloudTrail cannot find the specified channel: %s.", clip(ref))
	}
	return ch, nil
}

func checkChannelName(name string) error {
	if !resourceNameRE.MatchString(name) {
		return errf(CodeInvalidParameter,
			"Name %q is not valid: a channel name has 3 to 128 characters of letters, digits, '.', '_' and '-'.", clip(name))
	}
	return nil
}

// clip shortens a caller's value quoted in an error message, so that
// messages stay within CloudTrail's 1024-character limit.
func clip(s string) string {
	const keep = 128
	if len(s) <= keep {
		return s
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
