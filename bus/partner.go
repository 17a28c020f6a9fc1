package bus

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// Partner event sources
//
// A SaaS partner sends events to its customers through partner event
// sources. The partner creates a source named
// aws.partner/<partner>/<namespace>/<name> for one customer account
// (CreatePartnerEventSource, in the partner's account); the customer sees
// it (ListEventSources, DescribeEventSource) and creates a partner event
// bus of the same name (CreateEventBus with EventSourceName); from then on
// the partner's PutPartnerEvents entries with that Source reach the
// customer's bus, with the customer's account in the event. Names are
// unique within a region.
//
// States, as DescribeEventSource reports them: PENDING until the customer
// has a bus for the source, ACTIVE while it has one, and DELETED once the
// partner deleted the source. DeactivateEventSource pauses delivery (the
// source reads PENDING) until ActivateEventSource.

// Event source states.
const (
	EventSourcePending = "PENDING"
	EventSourceActive  = "ACTIVE"
	EventSourceDeleted = "DELETED"
)

// sourceKey identifies a partner event source: its region and name.
type sourceKey struct{ region, name string }

// partnerSource is one partner event source. Guarded by Bus.mu.
type partnerSource struct {
	name        string
	arn         string
	partner     string // the partner's account, which created it
	account     string // the customer account it is shared with
	created     time.Time
	deleted     bool
	deactivated bool
	bus         string // the ARN of the customer's partner bus; "" when none
}

func (src *partnerSource) state() string {
	switch {
	case src.deleted:
		return EventSourceDeleted
	case src.bus != "" && !src.deactivated:
		return EventSourceActive
	}
	return EventSourcePending
}

// createdBy is the partner's name, the second part of the source name, as
// EventBridge shows it in CreatedBy.
func (src *partnerSource) createdBy() string {
	rest := strings.TrimPrefix(src.name, partnerPrefix)
	p, _, _ := strings.Cut(rest, "/")
	return p
}

// CreatePartnerEventSourceInput is the input of CreatePartnerEventSource.
type CreatePartnerEventSourceInput struct {
	// Name is aws.partner/<partner>/<namespace>/<name>, 1 to 256
	// characters.
	Name string `json:"Name"`
	// Account is the customer's 12-digit account id.
	Account string `json:"Account"`
}

// CreatePartnerEventSourceOutput is the result of CreatePartnerEventSource.
type CreatePartnerEventSourceOutput struct {
	EventSourceARN string `json:"EventSourceArn,omitempty"`
}

// CreatePartnerEventSource creates a partner event source, as the partner
// (the caller), shared with one customer account. A name in use in the
// region is a ResourceAlreadyExistsException.
func (b *Bus) CreatePartnerEventSource(ctx context.Context, in CreatePartnerEventSourceInput) (CreatePartnerEventSourceOutput, error) {
	if b.closed.Load() {
		return CreatePartnerEventSourceOutput{}, ErrClosed
	}
	var v awsreq.Violations
	checkSourceName(&v, in.Name, "name")
	checkAccount(&v, in.Account, "account")
	if err := v.Err(); err != nil {
		return CreatePartnerEventSourceOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	k := sourceKey{region: s.region, name: in.Name}
	if src := b.sources[k]; src != nil && !src.deleted {
		return CreatePartnerEventSourceOutput{}, awsErr(switchyard.CodeResourceAlreadyExists, "Event source "+in.Name+" already exists.")
	}
	src := &partnerSource{
		name:    in.Name,
		arn:     eventSourceARN(s.region, in.Name),
		partner: s.account,
		account: in.Account,
		created: b.clock.Now(),
	}
	if b.sources == nil {
		b.sources = map[sourceKey]*partnerSource{}
	}
	b.sources[k] = src
	return CreatePartnerEventSourceOutput{EventSourceARN: src.arn}, nil
}

// DeletePartnerEventSourceInput is the input of DeletePartnerEventSource.
type DeletePartnerEventSourceInput struct {
	Name    string `json:"Name"`
	Account string `json:"Account"` // the customer account it was shared with
}

// DeletePartnerEventSourceOutput is the (empty) result of
// DeletePartnerEventSource.
type DeletePartnerEventSourceOutput struct{}

// DeletePartnerEventSource deletes a partner event source, as the partner
// that created it. The customer sees it DELETED; its partner bus stays but
// receives nothing more. Deleting a source that does not exist succeeds.
func (b *Bus) DeletePartnerEventSource(ctx context.Context, in DeletePartnerEventSourceInput) (DeletePartnerEventSourceOutput, error) {
	if b.closed.Load() {
		return DeletePartnerEventSourceOutput{}, ErrClosed
	}
	var v awsreq.Violations
	checkSourceName(&v, in.Name, "name")
	checkAccount(&v, in.Account, "account")
	if err := v.Err(); err != nil {
		return DeletePartnerEventSourceOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	src := b.sources[sourceKey{region: s.region, name: in.Name}]
	if src == nil || src.partner != s.account || src.account != in.Account {
		return DeletePartnerEventSourceOutput{}, nil
	}
	src.deleted = true
	return DeletePartnerEventSourceOutput{}, nil
}

// DescribePartnerEventSourceInput is the input of DescribePartnerEventSource.
type DescribePartnerEventSourceInput struct {
	Name string `json:"Name"`
}

// DescribePartnerEventSourceOutput describes a partner event source to its
// partner.
type DescribePartnerEventSourceOutput struct {
	ARN  string `json:"Arn,omitempty"`
	Name string `json:"Name,omitempty"`
}

// DescribePartnerEventSource describes a partner event source the caller
// created. Another's, or one that does not exist, is a
// ResourceNotFoundException.
func (b *Bus) DescribePartnerEventSource(ctx context.Context, in DescribePartnerEventSourceInput) (DescribePartnerEventSourceOutput, error) {
	var v awsreq.Violations
	checkSourceName(&v, in.Name, "name")
	if err := v.Err(); err != nil {
		return DescribePartnerEventSourceOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	src := b.sources[sourceKey{region: s.region, name: in.Name}]
	if src == nil || src.deleted || src.partner != s.account {
		return DescribePartnerEventSourceOutput{}, errSourceNotFound(in.Name)
	}
	return DescribePartnerEventSourceOutput{ARN: src.arn, Name: src.name}, nil
}

// PartnerEventSource is a partner event source as its partner lists it.
type PartnerEventSource struct {
	ARN  string `json:"Arn,omitempty"`
	Name string `json:"Name,omitempty"`
}

// ListPartnerEventSourcesInput is the input of ListPartnerEventSources.
type ListPartnerEventSourcesInput struct {
	NamePrefix string `json:"NamePrefix"` // required, 1 to 256 characters: aws.partner/<partner>...
	NextToken  string `json:"NextToken,omitempty"`
	Limit      int    `json:"Limit,omitempty"` // page size, 1 to 100; 0 means 100
}

// ListPartnerEventSourcesOutput is one page of ListPartnerEventSources.
type ListPartnerEventSourcesOutput struct {
	PartnerEventSources []PartnerEventSource `json:"PartnerEventSources"`
	NextToken           string               `json:"NextToken,omitempty"`
}

// ListPartnerEventSources lists, in name order, the partner event sources
// the caller created whose names start with NamePrefix.
func (b *Bus) ListPartnerEventSources(ctx context.Context, in ListPartnerEventSourcesInput) (ListPartnerEventSourcesOutput, error) {
	var v awsreq.Violations
	if in.NamePrefix == "" {
		v.Required("namePrefix")
	} else {
		v.Length(in.NamePrefix, "namePrefix", 1, 256)
	}
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListPartnerEventSourcesOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	byName := b.sourcesLocked(s.region, func(src *partnerSource) bool { return src.partner == s.account })
	page, next, err := paginate(slices.Sorted(maps.Keys(byName)), in.NamePrefix, in.NextToken, in.Limit)
	if err != nil {
		return ListPartnerEventSourcesOutput{}, err
	}
	out := ListPartnerEventSourcesOutput{NextToken: next, PartnerEventSources: make([]PartnerEventSource, 0, len(page))}
	for _, n := range page {
		out.PartnerEventSources = append(out.PartnerEventSources, PartnerEventSource{ARN: byName[n].arn, Name: n})
	}
	return out, nil
}

// PartnerEventSourceAccount is an account a partner event source is shared
// with, as ListPartnerEventSourceAccounts lists it.
type PartnerEventSourceAccount struct {
	Account        string    `json:"Account,omitempty"`
	CreationTime   time.Time `json:"CreationTime,omitzero"`
	ExpirationTime time.Time `json:"ExpirationTime,omitzero"`
	State          string    `json:"State,omitempty"`
}

// ListPartnerEventSourceAccountsInput is the input of
// ListPartnerEventSourceAccounts.
type ListPartnerEventSourceAccountsInput struct {
	EventSourceName string `json:"EventSourceName"`
	NextToken       string `json:"NextToken,omitempty"`
	Limit           int    `json:"Limit,omitempty"`
}

// ListPartnerEventSourceAccountsOutput is one page of
// ListPartnerEventSourceAccounts.
type ListPartnerEventSourceAccountsOutput struct {
	PartnerEventSourceAccounts []PartnerEventSourceAccount `json:"PartnerEventSourceAccounts"`
	NextToken                  string                      `json:"NextToken,omitempty"`
}

// ListPartnerEventSourceAccounts lists the account a partner event source
// of the caller is shared with, and its state there.
func (b *Bus) ListPartnerEventSourceAccounts(ctx context.Context, in ListPartnerEventSourceAccountsInput) (ListPartnerEventSourceAccountsOutput, error) {
	var v awsreq.Violations
	checkSourceName(&v, in.EventSourceName, "eventSourceName")
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListPartnerEventSourceAccountsOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	src := b.sources[sourceKey{region: s.region, name: in.EventSourceName}]
	if src == nil || src.partner != s.account {
		return ListPartnerEventSourceAccountsOutput{}, errSourceNotFound(in.EventSourceName)
	}
	page, next, err := paginate([]string{src.account}, "", in.NextToken, in.Limit)
	if err != nil {
		return ListPartnerEventSourceAccountsOutput{}, err
	}
	out := ListPartnerEventSourceAccountsOutput{NextToken: next, PartnerEventSourceAccounts: []PartnerEventSourceAccount{}}
	if len(page) == 1 {
		out.PartnerEventSourceAccounts = append(out.PartnerEventSourceAccounts,
			PartnerEventSourceAccount{Account: src.account, CreationTime: src.created, State: src.state()})
	}
	return out, nil
}

// EventSource is a partner event source as its customer sees it.
type EventSource struct {
	ARN            string    `json:"Arn,omitempty"`
	CreatedBy      string    `json:"CreatedBy,omitempty"` // the partner's name
	CreationTime   time.Time `json:"CreationTime,omitzero"`
	ExpirationTime time.Time `json:"ExpirationTime,omitzero"`
	Name           string    `json:"Name,omitempty"`
	State          string    `json:"State,omitempty"` // PENDING, ACTIVE or DELETED
}

func (src *partnerSource) describe() EventSource {
	return EventSource{ARN: src.arn, CreatedBy: src.createdBy(), CreationTime: src.created, Name: src.name, State: src.state()}
}

// DescribeEventSourceInput is the input of DescribeEventSource.
type DescribeEventSourceInput struct {
	Name string `json:"Name"`
}

// DescribeEventSourceOutput describes a partner event source shared with
// the caller.
type DescribeEventSourceOutput = EventSource

// DescribeEventSource describes a partner event source shared with the
// caller's account.
func (b *Bus) DescribeEventSource(ctx context.Context, in DescribeEventSourceInput) (DescribeEventSourceOutput, error) {
	var v awsreq.Violations
	checkSourceName(&v, in.Name, "name")
	if err := v.Err(); err != nil {
		return DescribeEventSourceOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	src := b.sources[sourceKey{region: s.region, name: in.Name}]
	if src == nil || src.account != s.account {
		return DescribeEventSourceOutput{}, errSourceNotFound(in.Name)
	}
	return src.describe(), nil
}

// ListEventSourcesInput is the input of ListEventSources.
type ListEventSourcesInput struct {
	NamePrefix string `json:"NamePrefix,omitempty"`
	NextToken  string `json:"NextToken,omitempty"`
	Limit      int    `json:"Limit,omitempty"`
}

// ListEventSourcesOutput is one page of ListEventSources.
type ListEventSourcesOutput struct {
	EventSources []EventSource `json:"EventSources"`
	NextToken    string        `json:"NextToken,omitempty"`
}

// ListEventSources lists, in name order, the partner event sources shared
// with the caller's account.
func (b *Bus) ListEventSources(ctx context.Context, in ListEventSourcesInput) (ListEventSourcesOutput, error) {
	var v awsreq.Violations
	v.Length(in.NamePrefix, "namePrefix", 0, 256)
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListEventSourcesOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	byName := b.sourcesLocked(s.region, func(src *partnerSource) bool { return src.account == s.account })
	page, next, err := paginate(slices.Sorted(maps.Keys(byName)), in.NamePrefix, in.NextToken, in.Limit)
	if err != nil {
		return ListEventSourcesOutput{}, err
	}
	out := ListEventSourcesOutput{NextToken: next, EventSources: make([]EventSource, 0, len(page))}
	for _, n := range page {
		out.EventSources = append(out.EventSources, byName[n].describe())
	}
	return out, nil
}

// ActivateEventSourceInput is the input of ActivateEventSource.
type ActivateEventSourceInput struct {
	Name string `json:"Name"`
}

// ActivateEventSourceOutput is the (empty) result of ActivateEventSource.
type ActivateEventSourceOutput struct{}

// ActivateEventSource resumes delivery from a partner event source the
// caller deactivated. A source that is not deactivated is an
// InvalidStateException.
func (b *Bus) ActivateEventSource(ctx context.Context, in ActivateEventSourceInput) (ActivateEventSourceOutput, error) {
	return ActivateEventSourceOutput{}, b.setSourceActive(ctx, in.Name, true)
}

// DeactivateEventSourceInput is the input of DeactivateEventSource.
type DeactivateEventSourceInput struct {
	Name string `json:"Name"`
}

// DeactivateEventSourceOutput is the (empty) result of
// DeactivateEventSource.
type DeactivateEventSourceOutput struct{}

// DeactivateEventSource stops delivery from a partner event source to the
// caller's partner bus, which is kept; the partner's events are accepted
// and dropped meanwhile. A deactivated source is an
// InvalidStateException.
func (b *Bus) DeactivateEventSource(ctx context.Context, in DeactivateEventSourceInput) (DeactivateEventSourceOutput, error) {
	return DeactivateEventSourceOutput{}, b.setSourceActive(ctx, in.Name, false)
}

func (b *Bus) setSourceActive(ctx context.Context, name string, active bool) error {
	if b.closed.Load() {
		return ErrClosed
	}
	var v awsreq.Violations
	checkSourceName(&v, name, "name")
	if err := v.Err(); err != nil {
		return err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	src := b.sources[sourceKey{region: s.region, name: name}]
	if src == nil || src.account != s.account {
		return errSourceNotFound(name)
	}
	if src.deleted || src.deactivated != active {
		return awsErr(switchyard.CodeInvalidState, "Event source "+name+" is in state "+src.state()+".")
	}
	src.deactivated = !active
	return nil
}

// sourcesLocked returns the live sources of a region that keep accepts,
// by name. Called with Bus.mu held.
func (b *Bus) sourcesLocked(region string, keep func(*partnerSource) bool) map[string]*partnerSource {
	out := map[string]*partnerSource{}
	for k, src := range b.sources {
		if k.region == region && !src.deleted && keep(src) {
			out[k.name] = src
		}
	}
	return out
}

// partnerBus returns the partner bus a partner's entry with that source
// reaches, and the customer scope its event belongs to; nil when the
// source is not the caller's, is deleted or deactivated, or has no bus.
func (b *Bus) partnerBus(caller scope, source string) (*eventBus, scope) {
	b.mu.Lock()
	src := b.sources[sourceKey{region: caller.region, name: source}]
	var arn string
	owner := caller
	if src != nil && src.partner == caller.account && src.state() == EventSourceActive {
		arn = src.bus
		owner = scope{account: src.account, region: caller.region}
	}
	b.mu.Unlock()
	if arn == "" {
		return nil, owner
	}
	return b.busByARN(arn), owner
}

// PutPartnerEvents puts 1 to 20 events (Limits.MaxPartnerEntries) from a
// SaaS partner, as EventBridge's PutPartnerEvents does: the caller is the
// partner, each entry's Source must be one of its partner event sources
// (aws.partner/...; any other source fails the call with a
// ValidationException), and the event goes to the partner bus of the
// account the source is shared with, with that account in the event.
// EventBusName and TraceHeader are ignored. An entry whose source has no
// active bus is accepted and not delivered. Other validation and results
// are those of PutEvents.
func (b *Bus) PutPartnerEvents(ctx context.Context, entries []switchyard.Entry) (switchyard.PutEventsResult, error) {
	return b.put(ctx, entries, true)
}

// checkSourceName validates a required partner event source name.
func checkSourceName(v *awsreq.Violations, name, field string) {
	if name == "" {
		v.Required(field)
		return
	}
	v.Length(name, field, 1, 256)
	if !isPartnerSource(name) {
		v.Add(name, field, `satisfy regular expression pattern: aws\.partner(/[\.\-_A-Za-z0-9]+){2,}`)
	}
}

// checkAccount validates a required 12-digit account id.
func checkAccount(v *awsreq.Violations, account, field string) {
	if account == "" {
		v.Required(field)
		return
	}
	if !accountRE.MatchString(account) {
		v.Add(account, field, `satisfy regular expression pattern: \d{12}`)
	}
}

func errSourceNotFound(name string) error {
	return awsErr(switchyard.CodeResourceNotFound, "Event source "+name+" does not exist.")
}
