package bus

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"sync/atomic"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/pattern"
)

// RuleState is whether a rule routes events.
type RuleState string

// Rule states.
const (
	RuleEnabled  RuleState = "ENABLED"
	RuleDisabled RuleState = "DISABLED"
	// RuleEnabledWithAllCloudTrailManagementEvents is ENABLED that also
	// receives CloudTrail's read-only management events on EventBridge.
	// Here, where no CloudTrail feeds the bus, it routes like ENABLED.
	RuleEnabledWithAllCloudTrailManagementEvents RuleState = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
)

// rule is one rule of an event bus. Its name, ARN and bus never change;
// PutRule swaps its configuration and PutTargets its targets, each as an
// immutable snapshot, so that PutEvents reads both without locks.
type rule struct {
	bus       *eventBus
	name      string
	arn       string
	createdBy string
	cfg       atomic.Pointer[ruleConfig]
	targets   atomic.Pointer[[]*ruleTarget] // sorted by id; nil when none
	tags      tagSet                        // guarded by Bus.mu
}

// ruleConfig is what PutRule sets.
type ruleConfig struct {
	eventPattern string
	pat          *pattern.Pattern // nil without an event pattern
	schedule     *Schedule        // nil without a schedule expression
	state        RuleState
	description  string
	roleARN      string
	filter       switchyard.Filter
}

func (r *rule) enabled() bool { return r.cfg.Load().state != RuleDisabled }

// matchFilter reports whether a rule with a custom Filter matches an event:
// the Filter must match, and the event pattern too when there is one.
func (r *rule) matchFilter(event []byte) bool {
	c := r.cfg.Load()
	if c.filter == nil || !c.filter.Match(event) {
		return false
	}
	return c.pat == nil || c.pat.Match(event)
}

// PutRuleInput is the input of PutRule. Like EventBridge's PutRule it
// replaces the whole rule: fields left empty become empty.
type PutRuleInput struct {
	Name string `json:"Name"` // 1 to 64 characters of [\.\-_A-Za-z0-9]
	// ScheduleExpression makes the rule fire on a schedule: "rate(5
	// minutes)" or "cron(0 12 * * ? *)". Only rules of the default bus
	// may have one, as on EventBridge.
	ScheduleExpression string `json:"ScheduleExpression,omitempty"`
	// EventPattern is the rule's event pattern, as JSON. A rule needs an
	// event pattern, a schedule expression, a Filter, or a mix of them.
	EventPattern string    `json:"EventPattern,omitempty"`
	State        RuleState `json:"State,omitempty"`       // ENABLED (the default when empty), DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
	Description  string    `json:"Description,omitempty"` // up to 512 characters
	// RoleARN is the IAM role EventBridge would assume to invoke targets;
	// stored and described, 1 to 1600 characters.
	RoleARN string `json:"RoleArn,omitempty"`
	// Tags are attached when the rule is created and ignored when an
	// existing rule is replaced, as EventBridge documents for PutRule; use
	// TagResource to change them.
	Tags         []Tag  `json:"Tags,omitempty"`
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
	// Filter is custom Go matching logic, a Switchyard extension: when set,
	// an event matches the rule if Filter matches it and EventPattern (if
	// any) matches too. It must be safe for concurrent use and fast.
	Filter switchyard.Filter `json:"-"`
}

// PutRuleOutput is the result of PutRule.
type PutRuleOutput struct {
	RuleARN string `json:"RuleArn,omitempty"`
}

// Rule is a rule as ListRules lists it.
type Rule struct {
	Name               string    `json:"Name,omitempty"`
	ARN                string    `json:"Arn,omitempty"`
	EventPattern       string    `json:"EventPattern,omitempty"` // as given to PutRule
	State              RuleState `json:"State,omitempty"`
	Description        string    `json:"Description,omitempty"`
	ScheduleExpression string    `json:"ScheduleExpression,omitempty"` // as given to PutRule
	RoleARN            string    `json:"RoleArn,omitempty"`
	// ManagedBy names the service that manages the rule (an archive's rule
	// is managed by EventBridge); such a rule can only be deleted, or have
	// its targets removed, with Force.
	ManagedBy    string `json:"ManagedBy,omitempty"`
	EventBusName string `json:"EventBusName,omitempty"`
	HasFilter    bool   `json:"-"` // the rule has a custom Go Filter
}

// PutRule creates or replaces a rule in the caller's account and region.
// Replacing a rule keeps its targets and its tags. An invalid event
// pattern is an InvalidEventPatternException whose message carries the
// pattern compiler's reason (a *pattern.CompileError, also reachable with
// errors.As); an invalid schedule a ValidationException whose message
// carries the schedule parser's.
func (b *Bus) PutRule(ctx context.Context, in PutRuleInput) (PutRuleOutput, error) {
	if b.closed.Load() {
		return PutRuleOutput{}, ErrClosed
	}
	if in.State == "" {
		in.State = RuleEnabled
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	v.Length(in.ScheduleExpression, "scheduleExpression", 0, 256)
	v.Length(in.Description, "description", 0, 512)
	v.Length(in.RoleARN, "roleArn", 0, 1600)
	v.Length(in.EventBusName, "eventBusName", 0, 1600)
	switch in.State {
	case RuleEnabled, RuleDisabled, RuleEnabledWithAllCloudTrailManagementEvents:
	default:
		v.Add(string(in.State), "state", "satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]")
	}
	checkTags(&v, in.Tags, "tags")
	if err := v.Err(); err != nil {
		return PutRuleOutput{}, err
	}
	if in.EventPattern == "" && in.ScheduleExpression == "" && in.Filter == nil {
		return PutRuleOutput{}, awsErr(switchyard.CodeValidation, msgNoPatternOrSched)
	}
	cfg := &ruleConfig{
		eventPattern: in.EventPattern,
		state:        in.State,
		description:  in.Description,
		roleARN:      in.RoleARN,
		filter:       in.Filter,
	}
	if in.EventPattern != "" {
		p, err := b.compilePattern(in.EventPattern)
		if err != nil {
			return PutRuleOutput{}, err
		}
		cfg.pat = p
	}
	if in.ScheduleExpression != "" {
		s, err := ParseSchedule(in.ScheduleExpression)
		if err != nil {
			return PutRuleOutput{}, err
		}
		cfg.schedule = s
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(ctx, in.EventBusName)
	if err != nil {
		return PutRuleOutput{}, err
	}
	if in.ScheduleExpression != "" && eb.name != DefaultBusName {
		return PutRuleOutput{}, awsErr(switchyard.CodeValidation, msgSchedDefaultOnly)
	}
	r := eb.rules[in.Name]
	if err := checkManaged(ctx, r, false); err != nil {
		return PutRuleOutput{}, err
	}
	var old *ruleConfig
	if r == nil {
		r = &rule{
			bus:       eb,
			name:      in.Name,
			arn:       ruleARN(eb.region, eb.account, eb.name, in.Name),
			createdBy: b.scopeOf(ctx).account,
		}
		r.tags = r.tags.with(in.Tags)
	} else {
		old = r.cfg.Load()
	}
	// Take the rule out of the routing structures under its old
	// configuration, then put it back under the new one.
	if old != nil {
		if old.filter != nil {
			eb.setFiltered(func(rs []*rule) []*rule { return slices.DeleteFunc(rs, func(x *rule) bool { return x == r }) })
		} else if old.pat != nil {
			eb.matcher.Remove(r)
		}
	}
	r.cfg.Store(cfg)
	switch {
	case cfg.filter != nil:
		eb.setFiltered(func(rs []*rule) []*rule { return append(rs, r) })
	case cfg.pat != nil:
		if err := eb.matcher.Add(r, cfg.pat); err != nil {
			// The matcher refuses only what Compile already refused.
			return PutRuleOutput{}, b.patternError(err)
		}
	}
	eb.rules[in.Name] = r
	b.rescheduleLocked(r, old)
	return PutRuleOutput{RuleARN: r.arn}, nil
}

// compilePattern checks the size limit and compiles an event pattern.
func (b *Bus) compilePattern(src string) (*pattern.Pattern, error) {
	if n := len([]rune(src)); n > b.cfg.limits.MaxPatternSize {
		return nil, awsErr(switchyard.CodeLimitExceeded, "Event pattern is too long: "+strconv.Itoa(n)+" characters, the limit is "+strconv.Itoa(b.cfg.limits.MaxPatternSize)+".")
	}
	p, err := pattern.Compile([]byte(src))
	if err != nil {
		return nil, b.patternError(err)
	}
	return p, nil
}

// patternError turns a pattern compiler error into EventBridge's
// InvalidEventPatternException, keeping the compiler's error wrapped.
func (b *Bus) patternError(err error) error {
	msg := err.Error()
	var ce *pattern.CompileError
	if errors.As(err, &ce) {
		msg = ce.Error()
	}
	return &switchyard.Error{Code: switchyard.CodeInvalidEventPattern, Message: "Event pattern is not valid. Reason: " + msg, Err: err}
}

// setFiltered replaces the bus's list of rules with custom filters. Called
// with Bus.mu held.
func (eb *eventBus) setFiltered(edit func([]*rule) []*rule) {
	var cur []*rule
	if p := eb.filtered.Load(); p != nil {
		cur = slices.Clone(*p)
	}
	next := edit(cur)
	if len(next) == 0 {
		eb.filtered.Store(nil)
		return
	}
	eb.filtered.Store(&next)
}

// DescribeRuleInput is the input of DescribeRule.
type DescribeRuleInput struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
}

// DescribeRuleOutput describes a rule.
type DescribeRuleOutput struct {
	Name               string    `json:"Name,omitempty"`
	ARN                string    `json:"Arn,omitempty"`
	EventPattern       string    `json:"EventPattern,omitempty"`
	ScheduleExpression string    `json:"ScheduleExpression,omitempty"`
	State              RuleState `json:"State,omitempty"`
	Description        string    `json:"Description,omitempty"`
	RoleARN            string    `json:"RoleArn,omitempty"`
	ManagedBy          string    `json:"ManagedBy,omitempty"`
	EventBusName       string    `json:"EventBusName,omitempty"`
	CreatedBy          string    `json:"CreatedBy,omitempty"` // the account that created the rule
	HasFilter          bool      `json:"-"`                   // the rule has a custom Go Filter
}

// DescribeRule describes a rule. A rule or bus that does not exist is a
// ResourceNotFoundException ("Rule <name> does not exist on EventBus
// <bus>.").
func (b *Bus) DescribeRule(ctx context.Context, in DescribeRuleInput) (DescribeRuleOutput, error) {
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DescribeRuleOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.lookupRuleLocked(ctx, in.Name, in.EventBusName)
	if err != nil {
		return DescribeRuleOutput{}, err
	}
	d := r.describe()
	return DescribeRuleOutput{
		Name: d.Name, ARN: d.ARN, EventPattern: d.EventPattern, ScheduleExpression: d.ScheduleExpression,
		State: d.State, Description: d.Description, RoleARN: d.RoleARN, ManagedBy: d.ManagedBy,
		EventBusName: d.EventBusName, CreatedBy: r.createdBy, HasFilter: d.HasFilter,
	}, nil
}

func (r *rule) describe() Rule {
	c := r.cfg.Load()
	out := Rule{
		Name:         r.name,
		ARN:          r.arn,
		EventBusName: r.bus.name,
		EventPattern: c.eventPattern,
		State:        c.state,
		Description:  c.description,
		RoleARN:      c.roleARN,
		ManagedBy:    r.managedBy(),
		HasFilter:    c.filter != nil,
	}
	if c.schedule != nil {
		out.ScheduleExpression = c.schedule.String()
	}
	return out
}

// lookupRuleLocked finds a rule by name on a bus given by name or ARN.
func (b *Bus) lookupRuleLocked(ctx context.Context, name, eventBusName string) (*rule, error) {
	eb, err := b.lookupBusLocked(ctx, eventBusName)
	if err != nil {
		return nil, err
	}
	r := eb.rules[name]
	if r == nil {
		return nil, errRuleNotFound(name, eb.name)
	}
	return r, nil
}

// ListRulesInput is the input of ListRules.
type ListRulesInput struct {
	NamePrefix   string `json:"NamePrefix,omitempty"`
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
	NextToken    string `json:"NextToken,omitempty"`    // from the previous page
	Limit        int    `json:"Limit,omitempty"`        // page size, 1 to 100; 0 means 100
}

// ListRulesOutput is one page of ListRules.
type ListRulesOutput struct {
	Rules     []Rule `json:"Rules"`
	NextToken string `json:"NextToken,omitempty"` // empty on the last page
}

// ListRules lists a bus's rules whose names start with NamePrefix, in name
// order, a page at a time.
func (b *Bus) ListRules(ctx context.Context, in ListRulesInput) (ListRulesOutput, error) {
	var v awsreq.Violations
	v.Length(in.NamePrefix, "namePrefix", 0, 64)
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListRulesOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(ctx, in.EventBusName)
	if err != nil {
		return ListRulesOutput{}, err
	}
	page, next, err := paginate(slices.Sorted(maps.Keys(eb.rules)), in.NamePrefix, in.NextToken, in.Limit)
	if err != nil {
		return ListRulesOutput{}, err
	}
	out := ListRulesOutput{NextToken: next, Rules: make([]Rule, 0, len(page))}
	for _, n := range page {
		out.Rules = append(out.Rules, eb.rules[n].describe())
	}
	return out, nil
}

// EnableRuleInput is the input of EnableRule.
type EnableRuleInput struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
}

// EnableRuleOutput is the (empty) result of EnableRule.
type EnableRuleOutput struct{}

// EnableRule enables a rule. A rate schedule restarts from now.
func (b *Bus) EnableRule(ctx context.Context, in EnableRuleInput) (EnableRuleOutput, error) {
	return EnableRuleOutput{}, b.setState(ctx, in.Name, in.EventBusName, RuleEnabled)
}

// DisableRuleInput is the input of DisableRule.
type DisableRuleInput struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
}

// DisableRuleOutput is the (empty) result of DisableRule.
type DisableRuleOutput struct{}

// DisableRule disables a rule: it matches no events and its schedule stops
// until it is enabled again. Deliveries already queued are still made.
func (b *Bus) DisableRule(ctx context.Context, in DisableRuleInput) (DisableRuleOutput, error) {
	return DisableRuleOutput{}, b.setState(ctx, in.Name, in.EventBusName, RuleDisabled)
}

func (b *Bus) setState(ctx context.Context, name, eventBusName string, state RuleState) error {
	if b.closed.Load() {
		return ErrClosed
	}
	var v awsreq.Violations
	v.Name(name, "name", 64)
	if err := v.Err(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.lookupRuleLocked(ctx, name, eventBusName)
	if err != nil {
		return err
	}
	if err := checkManaged(ctx, r, false); err != nil {
		return err
	}
	old := r.cfg.Load()
	if old.state == state || (state == RuleEnabled && old.state == RuleEnabledWithAllCloudTrailManagementEvents) {
		return nil
	}
	c := *old
	c.state = state
	r.cfg.Store(&c)
	b.rescheduleLocked(r, old)
	return nil
}

// DeleteRuleInput is the input of DeleteRule.
type DeleteRuleInput struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
	// Force deletes a managed rule (an archive's), as on EventBridge,
	// which ignores it for any other rule: a rule the account created
	// must have its targets removed first, Force or not.
	Force bool `json:"Force,omitempty"`
}

// DeleteRuleOutput is the (empty) result of DeleteRule.
type DeleteRuleOutput struct{}

// DeleteRule deletes a rule. Deleting a rule that does not exist succeeds,
// as on EventBridge. A rule that still has targets is refused with
// ValidationException ("Rule can't be deleted since it has targets.");
// a managed rule without Force with ManagedRuleException. Deliveries
// already queued for its targets are still made.
func (b *Bus) DeleteRule(ctx context.Context, in DeleteRuleInput) (DeleteRuleOutput, error) {
	if b.closed.Load() {
		return DeleteRuleOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DeleteRuleOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(ctx, in.EventBusName)
	if err != nil {
		return DeleteRuleOutput{}, err
	}
	r := eb.rules[in.Name]
	if r == nil {
		return DeleteRuleOutput{}, nil
	}
	if err := checkManaged(ctx, r, in.Force); err != nil {
		return DeleteRuleOutput{}, err
	}
	managed := r.managedBy() != ""
	if ts := r.targets.Load(); ts != nil && len(*ts) > 0 && !(managed && in.Force) {
		return DeleteRuleOutput{}, awsErr(switchyard.CodeValidation, msgRuleHasTargets)
	}
	b.removeRuleLocked(r)
	return DeleteRuleOutput{}, nil
}

// removeRuleLocked takes r out of its bus. Called with Bus.mu held.
func (b *Bus) removeRuleLocked(r *rule) {
	eb := r.bus
	c := r.cfg.Load()
	if c.filter != nil {
		eb.setFiltered(func(rs []*rule) []*rule { return slices.DeleteFunc(rs, func(x *rule) bool { return x == r }) })
	} else if c.pat != nil {
		eb.matcher.Remove(r)
	}
	b.unscheduleLocked(r)
	delete(eb.rules, r.name)
}
