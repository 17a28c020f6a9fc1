package bus

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// maxTags is how many tags one resource may have (the tagging quota of
// AWS resources, "Tagging your Amazon EventBridge resources").
const maxTags = 50

// tagSet is a resource's tags, key to value; nil when none. Guarded by
// Bus.mu.
type tagSet map[string]string

// with returns the set with tags added or replaced, as a new map.
func (ts tagSet) with(tags []Tag) tagSet {
	if len(tags) == 0 {
		return ts
	}
	next := maps.Clone(ts)
	if next == nil {
		next = tagSet{}
	}
	for _, t := range tags {
		next[t.Key] = t.Value
	}
	return next
}

// list returns the tags in key order, never nil.
func (ts tagSet) list() []Tag {
	out := make([]Tag, 0, len(ts))
	for _, k := range slices.Sorted(maps.Keys(ts)) {
		out = append(out, Tag{Key: k, Value: ts[k]})
	}
	return out
}

// TagResourceInput is the input of TagResource.
type TagResourceInput struct {
	ResourceARN string `json:"ResourceARN"` // a rule's or an event bus's ARN
	Tags        []Tag  `json:"Tags"`
}

// TagResourceOutput is the (empty) result of TagResource.
type TagResourceOutput struct{}

// TagResource adds tags to a rule or an event bus, replacing the values of
// keys it already has. A resource may have at most 50 tags. The rules
// EventBridge manages (an archive's) refuse with ManagedRuleException.
func (b *Bus) TagResource(ctx context.Context, in TagResourceInput) (TagResourceOutput, error) {
	if b.closed.Load() {
		return TagResourceOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Length(in.ResourceARN, "resourceARN", 1, 1600)
	if len(in.Tags) == 0 {
		v.Required("tags")
	}
	checkTags(&v, in.Tags, "tags")
	if err := v.Err(); err != nil {
		return TagResourceOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	tags, r, err := b.taggableLocked(ctx, in.ResourceARN)
	if err != nil {
		return TagResourceOutput{}, err
	}
	if err := checkManaged(ctx, r, false); err != nil {
		return TagResourceOutput{}, err
	}
	next := tags.with(in.Tags)
	if len(next) > maxTags {
		return TagResourceOutput{}, awsErr(switchyard.CodeLimitExceeded, "The resource would have "+strconv.Itoa(len(next))+" tags; the limit is "+strconv.Itoa(maxTags)+".")
	}
	b.setTagsLocked(in.ResourceARN, next)
	return TagResourceOutput{}, nil
}

// UntagResourceInput is the input of UntagResource.
type UntagResourceInput struct {
	ResourceARN string   `json:"ResourceARN"`
	TagKeys     []string `json:"TagKeys"`
}

// UntagResourceOutput is the (empty) result of UntagResource.
type UntagResourceOutput struct{}

// UntagResource removes tags from a rule or an event bus. Keys the
// resource does not have are ignored.
func (b *Bus) UntagResource(ctx context.Context, in UntagResourceInput) (UntagResourceOutput, error) {
	if b.closed.Load() {
		return UntagResourceOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Length(in.ResourceARN, "resourceARN", 1, 1600)
	if in.TagKeys == nil {
		v.Required("tagKeys")
	}
	for i, k := range in.TagKeys {
		v.Length(k, "tagKeys."+strconv.Itoa(i+1)+".member", 1, 128)
	}
	if err := v.Err(); err != nil {
		return UntagResourceOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	tags, r, err := b.taggableLocked(ctx, in.ResourceARN)
	if err != nil {
		return UntagResourceOutput{}, err
	}
	if err := checkManaged(ctx, r, false); err != nil {
		return UntagResourceOutput{}, err
	}
	next := maps.Clone(tags)
	for _, k := range in.TagKeys {
		delete(next, k)
	}
	b.setTagsLocked(in.ResourceARN, next)
	return UntagResourceOutput{}, nil
}

// ListTagsForResourceInput is the input of ListTagsForResource.
type ListTagsForResourceInput struct {
	ResourceARN string `json:"ResourceARN"`
}

// ListTagsForResourceOutput lists a resource's tags, in key order.
type ListTagsForResourceOutput struct {
	Tags []Tag `json:"Tags"`
}

// ListTagsForResource lists the tags of a rule or an event bus.
func (b *Bus) ListTagsForResource(ctx context.Context, in ListTagsForResourceInput) (ListTagsForResourceOutput, error) {
	var v awsreq.Violations
	v.Length(in.ResourceARN, "resourceARN", 1, 1600)
	if err := v.Err(); err != nil {
		return ListTagsForResourceOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	tags, _, err := b.taggableLocked(ctx, in.ResourceARN)
	if err != nil {
		return ListTagsForResourceOutput{}, err
	}
	return ListTagsForResourceOutput{Tags: tags.list()}, nil
}

// taggableLocked finds the tags of the caller's bus or rule an ARN names,
// and the rule (nil for a bus). Called with Bus.mu held.
func (b *Bus) taggableLocked(ctx context.Context, arn string) (tagSet, *rule, error) {
	notFound := awsErr(switchyard.CodeResourceNotFound, "Resource "+arn+" does not exist.")
	a, ok := parseARN(arn)
	if s := b.scopeOf(ctx); !ok || a.service != "events" || a.account != s.account || a.region != s.region {
		return nil, nil, notFound
	}
	if name, ok := strings.CutPrefix(a.resource, "event-bus/"); ok {
		eb := b.busByARN(arn)
		if eb == nil && name == DefaultBusName {
			eb = b.defaultBusLocked(arn)
		}
		if eb == nil {
			return nil, nil, notFound
		}
		return eb.tags, nil, nil
	}
	if rest, ok := strings.CutPrefix(a.resource, "rule/"); ok {
		busName, ruleName := DefaultBusName, rest
		if i := strings.LastIndexByte(rest, '/'); i >= 0 {
			busName, ruleName = rest[:i], rest[i+1:]
		}
		eb := b.busByARN(busARN(a.region, a.account, busName))
		if eb == nil || eb.rules[ruleName] == nil {
			return nil, nil, awsErr(switchyard.CodeResourceNotFound, "Rule "+ruleName+" does not exist on EventBus "+busName+".")
		}
		r := eb.rules[ruleName]
		return r.tags, r, nil
	}
	return nil, nil, notFound
}

// setTagsLocked stores the tags of the resource taggableLocked found.
func (b *Bus) setTagsLocked(arn string, tags tagSet) {
	if len(tags) == 0 {
		tags = nil
	}
	a, _ := parseARN(arn)
	if _, ok := strings.CutPrefix(a.resource, "event-bus/"); ok {
		b.busByARN(arn).tags = tags
		return
	}
	rest := strings.TrimPrefix(a.resource, "rule/")
	busName, ruleName := DefaultBusName, rest
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		busName, ruleName = rest[:i], rest[i+1:]
	}
	b.busByARN(busARN(a.region, a.account, busName)).rules[ruleName].tags = tags
}
