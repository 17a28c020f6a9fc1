package bus

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/pattern"
)

// partnerPrefix starts the name of every partner event source, and so of
// every partner event bus: aws.partner/<partner>/<namespace>/<name>.
const partnerPrefix = "aws.partner/"

// eventBus is one event bus: its rules, their matcher, and its policy.
type eventBus struct {
	name        string
	arn         string
	description string
	eventSource string // set on partner buses

	// matcher holds the event pattern of every rule of the bus that has
	// one and no custom Filter; rules with a Filter are in filtered.
	// Both are read by PutEvents without locks.
	matcher  *pattern.Matcher[*rule]
	filtered atomic.Pointer[[]*rule]
	policy   atomic.Pointer[busPolicy]

	// Guarded by Bus.mu.
	rules    map[string]*rule
	created  time.Time
	modified time.Time
}

func (b *Bus) newEventBus(name, source, description string, now time.Time) *eventBus {
	return &eventBus{
		name:        name,
		arn:         busARN(b.cfg.region, b.cfg.account, name),
		description: description,
		eventSource: source,
		matcher:     pattern.NewMatcher[*rule](),
		rules:       map[string]*rule{},
		created:     now,
		modified:    now,
	}
}

// EventBus describes an event bus, as DescribeEventBus and ListEventBuses
// return it.
type EventBus struct {
	Name             string
	ARN              string
	Description      string
	EventSourceName  string // the partner event source of a partner bus
	Policy           string // the resource policy as JSON; empty when none
	CreationTime     time.Time
	LastModifiedTime time.Time
}

// CreateEventBusInput is the input of CreateEventBus.
type CreateEventBusInput struct {
	// Name is the new bus's name: 1 to 256 characters of
	// [/\.\-_A-Za-z0-9], without "/" for a custom bus. A partner bus is
	// named after its partner event source.
	Name string
	// EventSourceName makes the bus a partner event bus. It must be a
	// partner event source name, "aws.partner/<partner>/<namespace>/<name>",
	// equal to Name.
	EventSourceName string
	// Description is optional, up to 512 characters.
	Description string
}

// CreateEventBus creates a custom event bus, or a partner event bus when
// EventSourceName is set, and returns its ARN.
func (b *Bus) CreateEventBus(ctx context.Context, in CreateEventBusInput) (string, error) {
	if b.closed.Load() {
		return "", ErrClosed
	}
	var v switchyard.Violations
	v.Length(in.Name, "name", 1, 256)
	if !isBusName(in.Name) && in.Name != "" {
		v.Add(in.Name, "name", `satisfy regular expression pattern: [/\.\-_A-Za-z0-9]+`)
	}
	v.Length(in.Description, "description", 0, 512)
	if err := v.Err(); err != nil {
		return "", err
	}
	if in.EventSourceName == "" && strings.Contains(in.Name, "/") {
		return "", awsErr(switchyard.CodeValidation, msgSlashInBusName)
	}
	if in.EventSourceName != "" {
		// Partner event sources are created by partners, outside this
		// process; any well-formed partner source name is taken to exist.
		if !isPartnerSource(in.EventSourceName) {
			return "", awsErr(switchyard.CodeResourceNotFound, "Event source "+in.EventSourceName+" does not exist.")
		}
		if in.Name != in.EventSourceName {
			return "", awsErr(switchyard.CodeValidation, "Event bus name must be the same as the event source name "+in.EventSourceName+".")
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cur := *b.buses.Load()
	if _, ok := cur[in.Name]; ok {
		return "", awsErr(switchyard.CodeResourceAlreadyExists, "Event bus "+in.Name+" already exists.")
	}
	eb := b.newEventBus(in.Name, in.EventSourceName, in.Description, b.clock.Now())
	next := maps.Clone(cur)
	next[in.Name] = eb
	b.buses.Store(&next)
	return eb.arn, nil
}

// DeleteEventBus deletes a custom or partner event bus with its rules.
// Deleting a bus that does not exist succeeds, as on EventBridge; the
// default bus cannot be deleted. Deliveries already queued for its rules'
// targets are still made.
func (b *Bus) DeleteEventBus(ctx context.Context, name string) error {
	if b.closed.Load() {
		return ErrClosed
	}
	if name == DefaultBusName {
		return awsErr(switchyard.CodeValidation, msgDeleteDefault)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cur := *b.buses.Load()
	eb, ok := cur[name]
	if !ok {
		return nil
	}
	for _, r := range eb.rules {
		b.unscheduleLocked(r)
	}
	next := maps.Clone(cur)
	delete(next, name)
	b.buses.Store(&next)
	return nil
}

// DescribeEventBus describes the bus named by name, a name or an ARN; empty
// means the default bus.
func (b *Bus) DescribeEventBus(ctx context.Context, name string) (EventBus, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(name)
	if err != nil {
		return EventBus{}, err
	}
	return eb.describe(), nil
}

func (eb *eventBus) describe() EventBus {
	return EventBus{
		Name:             eb.name,
		ARN:              eb.arn,
		Description:      eb.description,
		EventSourceName:  eb.eventSource,
		Policy:           eb.policy.Load().json(eb.arn),
		CreationTime:     eb.created,
		LastModifiedTime: eb.modified,
	}
}

// ListEventBusesInput is the input of ListEventBuses.
type ListEventBusesInput struct {
	NamePrefix string
	NextToken  string // from the previous page
	Limit      int    // page size, 1 to 100; 0 means 100
}

// ListEventBusesOutput is one page of ListEventBuses.
type ListEventBusesOutput struct {
	EventBuses []EventBus
	NextToken  string // empty on the last page
}

// ListEventBuses lists the event buses whose names start with NamePrefix,
// in name order, a page at a time.
func (b *Bus) ListEventBuses(ctx context.Context, in ListEventBusesInput) (ListEventBusesOutput, error) {
	var v switchyard.Violations
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListEventBusesOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cur := *b.buses.Load()
	names := slices.Sorted(maps.Keys(cur))
	page, next, err := paginate(names, in.NamePrefix, in.NextToken, in.Limit)
	if err != nil {
		return ListEventBusesOutput{}, err
	}
	out := ListEventBusesOutput{NextToken: next, EventBuses: make([]EventBus, 0, len(page))}
	for _, n := range page {
		out.EventBuses = append(out.EventBuses, cur[n].describe())
	}
	return out, nil
}

// lookupBusLocked resolves a name or ARN to an existing bus.
func (b *Bus) lookupBusLocked(ref string) (*eventBus, error) {
	name, local := b.busRef(ref)
	if local {
		if eb := b.busByName(name); eb != nil {
			return eb, nil
		}
	}
	return nil, errBusNotFound(name)
}

// isBusName reports whether s matches [/\.\-_A-Za-z0-9]+.
func isBusName(s string) bool {
	for _, part := range strings.Split(s, "/") {
		if part != "" && !switchyard.IsName(part) {
			return false
		}
	}
	return s != ""
}

// isPartnerSource reports whether s looks like a partner event source name:
// aws.partner/ followed by at least a partner and a name.
func isPartnerSource(s string) bool {
	rest, ok := strings.CutPrefix(s, partnerPrefix)
	if !ok || !isBusName(rest) {
		return false
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
	}
	return true
}
