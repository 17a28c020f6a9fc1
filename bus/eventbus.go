package bus

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/pattern"
)

// partnerPrefix starts the name of every partner event source, and so of
// every partner event bus: aws.partner/<partner>/<namespace>/<name>.
const partnerPrefix = "aws.partner/"

// eventBus is one event bus: its rules, their matcher, and its policy.
type eventBus struct {
	scope
	name        string
	arn         string
	eventSource string // set on partner buses

	// matcher holds the event pattern of every rule of the bus that has
	// one and no custom Filter; rules with a Filter are in filtered.
	// Both are read by PutEvents without locks.
	matcher  *pattern.Matcher[*rule]
	filtered atomic.Pointer[[]*rule]
	policy   atomic.Pointer[policy]

	// Guarded by Bus.mu.
	description string
	kmsKey      string
	dlc         *DeadLetterConfig
	logConfig   *LogConfig
	tags        tagSet
	rules       map[string]*rule
	created     time.Time
	modified    time.Time
}

func (b *Bus) newEventBus(s scope, name string, now time.Time) *eventBus {
	return &eventBus{
		scope:    s,
		name:     name,
		arn:      busARN(s.region, s.account, name),
		matcher:  pattern.NewMatcher[*rule](),
		rules:    map[string]*rule{},
		created:  now,
		modified: now,
	}
}

// EventBus is an event bus as ListEventBuses lists it.
type EventBus struct {
	Name             string    `json:"Name,omitempty"`
	ARN              string    `json:"Arn,omitempty"`
	Description      string    `json:"Description,omitempty"`
	Policy           string    `json:"Policy,omitempty"` // the resource policy as JSON; empty when none
	CreationTime     time.Time `json:"CreationTime,omitzero"`
	LastModifiedTime time.Time `json:"LastModifiedTime,omitzero"`
}

// CreateEventBusInput is the input of CreateEventBus.
type CreateEventBusInput struct {
	// Name is the new bus's name: 1 to 256 characters of
	// [/\.\-_A-Za-z0-9], without "/" for a custom bus. A partner bus is
	// named after its partner event source.
	Name string `json:"Name"`
	// EventSourceName makes the bus a partner event bus. It must name a
	// partner event source shared with the caller's account (see
	// CreatePartnerEventSource) and equal Name.
	EventSourceName string `json:"EventSourceName,omitempty"`
	// Description is optional, up to 512 characters.
	Description string `json:"Description,omitempty"`
	// KmsKeyIdentifier is stored and described; events are not encrypted
	// at rest by this in-process bus. Up to 2048 characters.
	KmsKeyIdentifier string            `json:"KmsKeyIdentifier,omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        *LogConfig        `json:"LogConfig,omitempty"`
	Tags             []Tag             `json:"Tags,omitempty"`
}

// CreateEventBusOutput is the result of CreateEventBus.
type CreateEventBusOutput struct {
	EventBusARN      string            `json:"EventBusArn,omitempty"`
	Description      string            `json:"Description,omitempty"`
	KmsKeyIdentifier string            `json:"KmsKeyIdentifier,omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        *LogConfig        `json:"LogConfig,omitempty"`
}

// CreateEventBus creates a custom event bus, or a partner event bus when
// EventSourceName is set, in the caller's account and region.
//
// Errors: ValidationException for malformed input; ResourceAlreadyExists
// for a bus that exists; ResourceNotFoundException ("Event source <name>
// does not exist.") for a partner source that is not shared with the
// caller's account or was deleted.
func (b *Bus) CreateEventBus(ctx context.Context, in CreateEventBusInput) (CreateEventBusOutput, error) {
	if b.closed.Load() {
		return CreateEventBusOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Length(in.Name, "name", 1, 256)
	if in.Name != "" && !isBusName(in.Name) {
		v.Add(in.Name, "name", `satisfy regular expression pattern: [/\.\-_A-Za-z0-9]+`)
	}
	if in.EventSourceName != "" {
		v.Length(in.EventSourceName, "eventSourceName", 1, 256)
		if !isPartnerSource(in.EventSourceName) {
			v.Add(in.EventSourceName, "eventSourceName", `satisfy regular expression pattern: aws\.partner(/[\.\-_A-Za-z0-9]+){2,}`)
		}
	}
	v.Length(in.Description, "description", 0, 512)
	v.Length(in.KmsKeyIdentifier, "kmsKeyIdentifier", 0, 2048)
	checkDeadLetterConfig(&v, in.DeadLetterConfig, "deadLetterConfig")
	checkLogConfig(&v, in.LogConfig)
	checkTags(&v, in.Tags, "tags")
	if err := v.Err(); err != nil {
		return CreateEventBusOutput{}, err
	}
	if in.EventSourceName == "" && strings.Contains(in.Name, "/") {
		return CreateEventBusOutput{}, awsErr(switchyard.CodeValidation, msgSlashInBusName)
	}
	if in.EventSourceName != "" && in.Name != in.EventSourceName {
		return CreateEventBusOutput{}, awsErr(switchyard.CodeValidation, "Event bus name must be the same as the event source name "+in.EventSourceName+".")
	}
	if in.Name == DefaultBusName {
		return CreateEventBusOutput{}, awsErr(switchyard.CodeResourceAlreadyExists, "Event bus default already exists.")
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	arn := busARN(s.region, s.account, in.Name)
	if b.busByARN(arn) != nil {
		return CreateEventBusOutput{}, awsErr(switchyard.CodeResourceAlreadyExists, "Event bus "+in.Name+" already exists.")
	}
	var src *partnerSource
	if in.EventSourceName != "" {
		src = b.sources[sourceKey{region: s.region, name: in.EventSourceName}]
		if src == nil || src.deleted || src.account != s.account {
			return CreateEventBusOutput{}, awsErr(switchyard.CodeResourceNotFound, "Event source "+in.EventSourceName+" does not exist.")
		}
	}
	now := b.clock.Now()
	eb := b.newEventBus(s, in.Name, now)
	eb.eventSource = in.EventSourceName
	eb.description = in.Description
	eb.kmsKey = in.KmsKeyIdentifier
	eb.dlc = cloneDLC(in.DeadLetterConfig)
	eb.logConfig = cloneLog(in.LogConfig)
	eb.tags = eb.tags.with(in.Tags)
	b.storeBusLocked(eb)
	if src != nil {
		src.bus = eb.arn
	}
	return CreateEventBusOutput{
		EventBusARN:      eb.arn,
		Description:      eb.description,
		KmsKeyIdentifier: eb.kmsKey,
		DeadLetterConfig: cloneDLC(eb.dlc),
		LogConfig:        cloneLog(eb.logConfig),
	}, nil
}

// UpdateEventBusInput is the input of UpdateEventBus. Fields left empty
// (nil) are cleared, as on EventBridge, which replaces the bus's
// configuration with the request's.
type UpdateEventBusInput struct {
	Name             string            `json:"Name,omitempty"` // name or ARN; empty means the default bus
	KmsKeyIdentifier string            `json:"KmsKeyIdentifier,omitempty"`
	Description      string            `json:"Description,omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        *LogConfig        `json:"LogConfig,omitempty"`
}

// UpdateEventBusOutput is the result of UpdateEventBus.
type UpdateEventBusOutput struct {
	ARN              string            `json:"Arn,omitempty"`
	Name             string            `json:"Name,omitempty"`
	KmsKeyIdentifier string            `json:"KmsKeyIdentifier,omitempty"`
	Description      string            `json:"Description,omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        *LogConfig        `json:"LogConfig,omitempty"`
}

// UpdateEventBus changes an event bus's description, KMS key, dead-letter
// configuration and log configuration.
func (b *Bus) UpdateEventBus(ctx context.Context, in UpdateEventBusInput) (UpdateEventBusOutput, error) {
	if b.closed.Load() {
		return UpdateEventBusOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Length(in.Name, "name", 0, 256)
	v.Length(in.Description, "description", 0, 512)
	v.Length(in.KmsKeyIdentifier, "kmsKeyIdentifier", 0, 2048)
	checkDeadLetterConfig(&v, in.DeadLetterConfig, "deadLetterConfig")
	checkLogConfig(&v, in.LogConfig)
	if err := v.Err(); err != nil {
		return UpdateEventBusOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(ctx, in.Name)
	if err != nil {
		return UpdateEventBusOutput{}, err
	}
	eb.description = in.Description
	eb.kmsKey = in.KmsKeyIdentifier
	eb.dlc = cloneDLC(in.DeadLetterConfig)
	eb.logConfig = cloneLog(in.LogConfig)
	eb.modified = b.clock.Now()
	return UpdateEventBusOutput{
		ARN:              eb.arn,
		Name:             eb.name,
		KmsKeyIdentifier: eb.kmsKey,
		Description:      eb.description,
		DeadLetterConfig: cloneDLC(eb.dlc),
		LogConfig:        cloneLog(eb.logConfig),
	}, nil
}

// DeleteEventBusInput is the input of DeleteEventBus.
type DeleteEventBusInput struct {
	Name string `json:"Name"` // the bus to delete, a name or an ARN
}

// DeleteEventBusOutput is the (empty) result of DeleteEventBus.
type DeleteEventBusOutput struct{}

// DeleteEventBus deletes a custom or partner event bus together with its
// rules: "Deleting an event bus deletes the rules associated with that
// event bus." (user guide, "Deleting an event bus in Amazon EventBridge").
// Deleting a bus that does not exist succeeds, as on EventBridge; the
// default bus cannot be deleted. Deliveries already queued for its rules'
// targets are still made. Deleting a partner bus leaves its event source
// PENDING, ready for a new bus.
func (b *Bus) DeleteEventBus(ctx context.Context, in DeleteEventBusInput) (DeleteEventBusOutput, error) {
	if b.closed.Load() {
		return DeleteEventBusOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Length(in.Name, "name", 1, 256)
	if err := v.Err(); err != nil {
		return DeleteEventBusOutput{}, err
	}
	arn, name, ok := busRef(b.scopeOf(ctx), in.Name)
	if name == DefaultBusName {
		return DeleteEventBusOutput{}, awsErr(switchyard.CodeValidation, msgDeleteDefault)
	}
	if !ok {
		return DeleteEventBusOutput{}, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb := b.busByARN(arn)
	if eb == nil {
		return DeleteEventBusOutput{}, nil
	}
	for _, r := range eb.rules {
		b.unscheduleLocked(r)
	}
	next := maps.Clone(*b.buses.Load())
	delete(next, arn)
	b.buses.Store(&next)
	for _, src := range b.sources {
		if src.bus == arn {
			src.bus = ""
		}
	}
	return DeleteEventBusOutput{}, nil
}

// DescribeEventBusInput is the input of DescribeEventBus.
type DescribeEventBusInput struct {
	Name string `json:"Name,omitempty"` // name or ARN; empty means the default bus
}

// DescribeEventBusOutput describes an event bus.
type DescribeEventBusOutput struct {
	Name             string            `json:"Name,omitempty"`
	ARN              string            `json:"Arn,omitempty"`
	Description      string            `json:"Description,omitempty"`
	KmsKeyIdentifier string            `json:"KmsKeyIdentifier,omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	Policy           string            `json:"Policy,omitempty"` // the resource policy as JSON; empty when none
	LogConfig        *LogConfig        `json:"LogConfig,omitempty"`
	CreationTime     time.Time         `json:"CreationTime,omitzero"`
	LastModifiedTime time.Time         `json:"LastModifiedTime,omitzero"`
}

// DescribeEventBus describes an event bus of the caller's account and
// region. A bus that does not exist is a ResourceNotFoundException
// ("Event bus <name> does not exist.").
func (b *Bus) DescribeEventBus(ctx context.Context, in DescribeEventBusInput) (DescribeEventBusOutput, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(ctx, in.Name)
	if err != nil {
		return DescribeEventBusOutput{}, err
	}
	return DescribeEventBusOutput{
		Name:             eb.name,
		ARN:              eb.arn,
		Description:      eb.description,
		KmsKeyIdentifier: eb.kmsKey,
		DeadLetterConfig: cloneDLC(eb.dlc),
		Policy:           eb.policy.Load().json(),
		LogConfig:        cloneLog(eb.logConfig),
		CreationTime:     eb.created,
		LastModifiedTime: eb.modified,
	}, nil
}

func (eb *eventBus) summary() EventBus {
	return EventBus{
		Name:             eb.name,
		ARN:              eb.arn,
		Description:      eb.description,
		Policy:           eb.policy.Load().json(),
		CreationTime:     eb.created,
		LastModifiedTime: eb.modified,
	}
}

// ListEventBusesInput is the input of ListEventBuses.
type ListEventBusesInput struct {
	NamePrefix string `json:"NamePrefix,omitempty"`
	NextToken  string `json:"NextToken,omitempty"` // from the previous page
	Limit      int    `json:"Limit,omitempty"`     // page size, 1 to 100; 0 means 100
}

// ListEventBusesOutput is one page of ListEventBuses.
type ListEventBusesOutput struct {
	EventBuses []EventBus `json:"EventBuses"`
	NextToken  string     `json:"NextToken,omitempty"` // empty on the last page
}

// ListEventBuses lists the caller's event buses whose names start with
// NamePrefix, in name order, a page at a time.
func (b *Bus) ListEventBuses(ctx context.Context, in ListEventBusesInput) (ListEventBusesOutput, error) {
	var v awsreq.Violations
	v.Length(in.NamePrefix, "namePrefix", 0, 256)
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListEventBusesOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.defaultBusLocked(busARN(s.region, s.account, DefaultBusName))
	cur := *b.buses.Load()
	prefix := busARN(s.region, s.account, "")
	var names []string
	for arn := range cur {
		if n, ok := strings.CutPrefix(arn, prefix); ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	page, next, err := paginate(names, in.NamePrefix, in.NextToken, in.Limit)
	if err != nil {
		return ListEventBusesOutput{}, err
	}
	out := ListEventBusesOutput{NextToken: next, EventBuses: make([]EventBus, 0, len(page))}
	for _, n := range page {
		out.EventBuses = append(out.EventBuses, cur[prefix+n].summary())
	}
	return out, nil
}

// isBusName reports whether s matches [/\.\-_A-Za-z0-9]+.
func isBusName(s string) bool {
	for _, part := range strings.Split(s, "/") {
		if part != "" && !awsreq.IsName(part) {
			return false
		}
	}
	return s != ""
}

// isPartnerSource reports whether s is a partner event source name,
// aws\.partner(/[\.\-_A-Za-z0-9]+){2,} (the EventSourceName pattern of
// the API reference).
func isPartnerSource(s string) bool {
	rest, ok := strings.CutPrefix(s, partnerPrefix)
	if !ok {
		return false
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !awsreq.IsName(p) {
			return false
		}
	}
	return true
}
