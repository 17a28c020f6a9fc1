package bus

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"sync/atomic"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/pattern"
)

// RuleState is whether a rule routes events.
type RuleState string

// Rule states.
const (
	RuleEnabled  RuleState = "ENABLED"
	RuleDisabled RuleState = "DISABLED"
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
}

// ruleConfig is what PutRule sets.
type ruleConfig struct {
	eventPattern string
	pat          *pattern.Pattern // nil without an event pattern
	schedule     *Schedule        // nil without a schedule expression
	state        RuleState
	description  string
	filter       switchyard.Filter
}

func (r *rule) enabled() bool { return r.cfg.Load().state == RuleEnabled }

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
	Name         string // 1 to 64 characters of [\.\-_A-Za-z0-9]
	EventBusName string // name or ARN; empty means the default bus
	// EventPattern is the rule's event pattern, as JSON. A rule needs an
	// event pattern, a schedule expression, a Filter, or a mix of them.
	EventPattern string
	// ScheduleExpression makes the rule fire on a schedule: "rate(5
	// minutes)" or "cron(0 12 * * ? *)". Only rules of the default bus
	// may have one, as on EventBridge.
	ScheduleExpression string
	State              RuleState // ENABLED (the default when empty) or DISABLED
	Description        string    // up to 512 characters
	// Filter is custom Go matching logic, a Switchyard extension: when set,
	// an event matches the rule if Filter matches it and EventPattern (if
	// any) matches too. It must be safe for concurrent use and fast.
	Filter switchyard.Filter
}

// Rule describes a rule, as DescribeRule and ListRules return it.
type Rule struct {
	Name               string
	ARN                string
	EventBusName       string
	EventPattern       string // as given to PutRule
	ScheduleExpression string // as given to PutRule
	State              RuleState
	Description        string
	CreatedBy          string // the account that created the rule
	// ManagedBy names the service that manages the rule (an archive's rule
	// is managed by EventBridge); such a rule can only be deleted, or have
	// its targets removed, with Force.
	ManagedBy string
	HasFilter bool // the rule has a custom Go Filter
}

// PutRule creates or replaces a rule and returns its ARN. Replacing a rule
// keeps its targets. An invalid event pattern is an
// InvalidEventPatternException whose message carries the pattern
// compiler's error (a *pattern.CompileError, reachable with errors.As).
func (b *Bus) PutRule(ctx context.Context, in PutRuleInput) (string, error) {
	if b.closed.Load() {
		return "", ErrClosed
	}
	if in.State == "" {
		in.State = RuleEnabled
	}
	var v switchyard.Violations
	v.Name(in.Name, "name", 64)
	v.Length(in.ScheduleExpression, "scheduleExpression", 0, 256)
	v.Length(in.Description, "description", 0, 512)
	if in.State != RuleEnabled && in.State != RuleDisabled {
		v.Add(string(in.State), "state", "satisfy enum value set: [ENABLED, DISABLED]")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	if in.EventPattern == "" && in.ScheduleExpression == "" && in.Filter == nil {
		return "", awsErr(switchyard.CodeValidation, msgNoPatternOrSched)
	}
	busName, _ := b.busRef(in.EventBusName)
	if in.ScheduleExpression != "" && busName != DefaultBusName {
		return "", awsErr(switchyard.CodeValidation, msgSchedDefaultOnly)
	}
	cfg := &ruleConfig{
		eventPattern: in.EventPattern,
		state:        in.State,
		description:  in.Description,
		filter:       in.Filter,
	}
	if in.EventPattern != "" {
		p, err := b.compilePattern(in.EventPattern)
		if err != nil {
			return "", err
		}
		cfg.pat = p
	}
	if in.ScheduleExpression != "" {
		s, err := ParseSchedule(in.ScheduleExpression)
		if err != nil {
			return "", err
		}
		cfg.schedule = s
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(in.EventBusName)
	if err != nil {
		return "", err
	}
	r := eb.rules[in.Name]
	if err := checkManaged(ctx, r, false); err != nil {
		return "", err
	}
	var old *ruleConfig
	if r == nil {
		r = &rule{
			bus:       eb,
			name:      in.Name,
			arn:       ruleARN(b.cfg.region, b.cfg.account, eb.name, in.Name),
			createdBy: b.cfg.account,
		}
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
			return "", b.patternError(err)
		}
	}
	eb.rules[in.Name] = r
	b.rescheduleLocked(r, old)
	return r.arn, nil
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

// DescribeRule describes a rule of a bus (name or ARN; empty means default).
func (b *Bus) DescribeRule(ctx context.Context, name, eventBusName string) (Rule, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.lookupRuleLocked(name, eventBusName)
	if err != nil {
		return Rule{}, err
	}
	return r.describe(), nil
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
		CreatedBy:    r.createdBy,
		ManagedBy:    r.managedBy(),
		HasFilter:    c.filter != nil,
	}
	if c.schedule != nil {
		out.ScheduleExpression = c.schedule.String()
	}
	return out
}

// lookupRuleLocked finds a rule by name on a bus given by name or ARN.
func (b *Bus) lookupRuleLocked(name, eventBusName string) (*rule, error) {
	eb, err := b.lookupBusLocked(eventBusName)
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
	EventBusName string // name or ARN; empty means the default bus
	NamePrefix   string
	NextToken    string // from the previous page
	Limit        int    // page size, 1 to 100; 0 means 100
}

// ListRulesOutput is one page of ListRules.
type ListRulesOutput struct {
	Rules     []Rule
	NextToken string // empty on the last page
}

// ListRules lists a bus's rules whose names start with NamePrefix, in name
// order, a page at a time.
func (b *Bus) ListRules(ctx context.Context, in ListRulesInput) (ListRulesOutput, error) {
	var v switchyard.Violations
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListRulesOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(in.EventBusName)
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

// EnableRule enables a rule. A rate schedule restarts from now.
func (b *Bus) EnableRule(ctx context.Context, name, eventBusName string) error {
	return b.setState(ctx, name, eventBusName, RuleEnabled)
}

// DisableRule disables a rule: it matches no events and its schedule stops
// until it is enabled again. Deliveries already queued are still made.
func (b *Bus) DisableRule(ctx context.Context, name, eventBusName string) error {
	return b.setState(ctx, name, eventBusName, RuleDisabled)
}

func (b *Bus) setState(ctx context.Context, name, eventBusName string, state RuleState) error {
	if b.closed.Load() {
		return ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.lookupRuleLocked(name, eventBusName)
	if err != nil {
		return err
	}
	if err := checkManaged(ctx, r, false); err != nil {
		return err
	}
	old := r.cfg.Load()
	if old.state == state {
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
	Name         string
	EventBusName string // name or ARN; empty means the default bus
	// Force deletes a rule that still has targets. Without it such a rule
	// is refused, as EventBridge refuses it.
	Force bool
}

// DeleteRule deletes a rule. Deleting a rule that does not exist succeeds,
// as on EventBridge. Deliveries already queued for its targets are still
// made.
func (b *Bus) DeleteRule(ctx context.Context, in DeleteRuleInput) error {
	if b.closed.Load() {
		return ErrClosed
	}
	var v switchyard.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(in.EventBusName)
	if err != nil {
		return err
	}
	r := eb.rules[in.Name]
	if r == nil {
		return nil
	}
	if err := checkManaged(ctx, r, in.Force); err != nil {
		return err
	}
	if ts := r.targets.Load(); ts != nil && len(*ts) > 0 && !in.Force {
		return awsErr(switchyard.CodeValidation, msgRuleHasTargets)
	}
	c := r.cfg.Load()
	if c.filter != nil {
		eb.setFiltered(func(rs []*rule) []*rule { return slices.DeleteFunc(rs, func(x *rule) bool { return x == r }) })
	} else if c.pat != nil {
		eb.matcher.Remove(r)
	}
	b.unscheduleLocked(r)
	delete(eb.rules, in.Name)
	return nil
}
