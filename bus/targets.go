package bus

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/target"
)

// Target is a rule's target, field for field EventBridge's Target: where
// matched events go, how they are shaped on the way, and what happens when
// delivery fails. Its JSON is AWS's, so the targets of `aws events
// put-targets --targets file://...` decode into it and
// ListTargetsByRule's encode back the same.
//
// Where events go is ARN or Target. ARN is resolved when PutTargets runs
// (see TargetResolver): an event bus ARN forwards to that bus, an API
// destination ARN invokes it, and any other ARN must be registered with
// RegisterTarget or known to a resolver (WithTargetResolver; package
// targets/aws resolves SQS, SNS, Lambda and others). Target, a Go value,
// is a Switchyard extension: when set it receives the deliveries and ARN
// only names it (for ListRuleNamesByTarget and dead-letter attributes).
type Target struct {
	// ID identifies the target within its rule: 1 to 64 characters of
	// [\.\-_A-Za-z0-9]. PutTargets with an existing ID replaces that target.
	ID string `json:"Id"`
	// ARN names the target, 1 to 1600 characters. Required unless Target
	// is set.
	ARN string `json:"Arn,omitempty"`
	// RoleARN is the role EventBridge would assume; stored and listed.
	RoleARN string `json:"RoleArn,omitempty"`
	// At most one of Input (constant JSON), InputPath (a JSONPath into the
	// event) and InputTransformer shapes the payload; with none the target
	// gets the whole event. See package target.
	Input            string                   `json:"Input,omitempty"`
	InputPath        string                   `json:"InputPath,omitempty"`
	InputTransformer *target.InputTransformer `json:"InputTransformer,omitempty"`
	// HTTPParameters are the path parameters, headers and query string of
	// an API destination target.
	HTTPParameters *target.HTTPParameters `json:"HttpParameters,omitempty"`
	// KinesisParameters and SqsParameters are read by the resolvers of
	// those services.
	KinesisParameters *KinesisParameters `json:"KinesisParameters,omitempty"`
	SqsParameters     *SqsParameters     `json:"SqsParameters,omitempty"`
	// The parameters of other AWS services' targets, kept as JSON so that
	// they round-trip; a resolver for the service reads them.
	RunCommandParameters        json.RawMessage `json:"RunCommandParameters,omitempty"`
	EcsParameters               json.RawMessage `json:"EcsParameters,omitempty"`
	BatchParameters             json.RawMessage `json:"BatchParameters,omitempty"`
	RedshiftDataParameters      json.RawMessage `json:"RedshiftDataParameters,omitempty"`
	SageMakerPipelineParameters json.RawMessage `json:"SageMakerPipelineParameters,omitempty"`
	AppSyncParameters           json.RawMessage `json:"AppSyncParameters,omitempty"`
	// DeadLetterConfig names, by ARN, the target that receives the events
	// that could not be delivered once retrying is over, with the
	// attributes EventBridge puts on dead-letter messages. Without a
	// dead-letter target such events are dropped (counted, logged and
	// reported to the hooks).
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	// RetryPolicy bounds the retries of failed deliveries; nil means
	// EventBridge's defaults (185 retries over at most 24 hours).
	RetryPolicy *RetryPolicy `json:"RetryPolicy,omitempty"`

	// Target is a Go value that receives the deliveries instead of the
	// one ARN resolves to.
	Target switchyard.Target `json:"-"`
	// DeadLetter is a Go value that receives the dead-lettered deliveries
	// instead of the one DeadLetterConfig's ARN resolves to.
	DeadLetter switchyard.Target `json:"-"`
}

// KinesisParameters is the partition key of a Kinesis stream target.
type KinesisParameters struct {
	PartitionKeyPath string `json:"PartitionKeyPath"`
}

// SqsParameters is the message group of a FIFO queue target.
type SqsParameters struct {
	MessageGroupID string `json:"MessageGroupId,omitempty"`
}

// ruleTarget is a target as the engine uses it: compiled, immutable, with
// its own delivery queue. Replacing or removing a target leaves the old
// ruleTarget to finish the deliveries already queued for it.
type ruleTarget struct {
	spec      Target
	id        string
	arn       string
	ruleName  string
	ruleARN   string
	busName   string
	target    switchyard.Target
	transform *target.Transform // nil: the whole event
	retry     retryLimits
	dlq       switchyard.Target
	dlqARN    string
	q         queue
}

// TargetFailure is a target PutTargets or RemoveTargets could not apply.
type TargetFailure struct {
	TargetID     string `json:"TargetId,omitempty"`
	ErrorCode    string `json:"ErrorCode,omitempty"`
	ErrorMessage string `json:"ErrorMessage,omitempty"`
}

// PutTargetsInput is the input of PutTargets.
type PutTargetsInput struct {
	Rule         string   `json:"Rule"`
	EventBusName string   `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
	Targets      []Target `json:"Targets"`
}

// PutTargetsOutput is the result of PutTargets: the targets that could not
// be added, if any. The others were added.
type PutTargetsOutput struct {
	FailedEntryCount int             `json:"FailedEntryCount"`
	FailedEntries    []TargetFailure `json:"FailedEntries"`
}

// PutTargets adds targets to a rule, or replaces those with the same IDs.
//
// As on EventBridge, malformed input — a bad ID or ARN, an input
// transformation that does not compile, a retry policy out of range, more
// than 10 targets in one call — fails the whole call with
// ValidationException, and a rule that would end up with more targets
// than the limit (5) fails it with LimitExceededException. So does a target
// with neither a Go Target nor an ARN that resolves to one (see
// TargetResolver), naming the target and the ARN: nothing is added then.
func (b *Bus) PutTargets(ctx context.Context, in PutTargetsInput) (PutTargetsOutput, error) {
	if b.closed.Load() {
		return PutTargetsOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Rule, "rule", 64)
	v.Length(in.EventBusName, "eventBusName", 0, 1600)
	if len(in.Targets) == 0 || len(in.Targets) > 10 {
		op := "greater than or equal to 1"
		if len(in.Targets) > 10 {
			op = "less than or equal to 10"
		}
		v.Add(targetList(in.Targets), "targets", "have length "+op)
	}
	compiled := make([]*ruleTarget, len(in.Targets))
	for i, t := range in.Targets {
		field := "targets." + strconv.Itoa(i+1) + ".member."
		v.Name(t.ID, field+"id", 64)
		if t.Target == nil && t.ARN == "" {
			v.Required(field + "arn")
		}
		v.Length(t.ARN, field+"arn", 0, 1600)
		v.Length(t.RoleARN, field+"roleArn", 0, 1600)
		checkDeadLetterConfig(&v, t.DeadLetterConfig, field+"deadLetterConfig")
		compiled[i] = &ruleTarget{spec: t, id: t.ID, arn: t.ARN, target: t.Target, dlq: t.DeadLetter}
		if t.DeadLetterConfig != nil {
			compiled[i].dlqARN = t.DeadLetterConfig.ARN
		}
		compiled[i].retry = t.RetryPolicy.resolve(&v, i+1)
	}
	if err := v.Err(); err != nil {
		return PutTargetsOutput{}, err
	}
	for _, rt := range compiled {
		tr, err := target.CompileInput(rt.id, target.Input{Input: rt.spec.Input, InputPath: rt.spec.InputPath, InputTransformer: rt.spec.InputTransformer})
		if err != nil {
			return PutTargetsOutput{}, err
		}
		rt.transform = tr
	}
	// Resolve ARNs before taking the lock: resolvers are user code.
	for _, rt := range compiled {
		if err := b.resolveTarget(ctx, rt); err != nil {
			return PutTargetsOutput{}, err
		}
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.lookupRuleLocked(ctx, in.Rule, in.EventBusName)
	if err != nil {
		return PutTargetsOutput{}, err
	}
	if err := checkManaged(ctx, r, false); err != nil {
		return PutTargetsOutput{}, err
	}
	out := PutTargetsOutput{FailedEntries: []TargetFailure{}}
	var cur []*ruleTarget
	if p := r.targets.Load(); p != nil {
		cur = slices.Clone(*p)
	}
	for _, rt := range compiled {
		rt.ruleName, rt.ruleARN, rt.busName = r.name, r.arn, r.bus.name
		rt.q.init(b.seq.Add(1), b.cfg.limits.QueueSize, b.cfg.limits.TargetConcurrency, b.cfg.limits.DeliveryBatch)
		rt.q.initBudget(&b.cfg.limits)
		if i := slices.IndexFunc(cur, func(x *ruleTarget) bool { return x.id == rt.id }); i >= 0 {
			cur[i] = rt
		} else {
			cur = append(cur, rt)
		}
	}
	if len(cur) > b.cfg.limits.MaxTargetsPerRule {
		return PutTargetsOutput{}, awsErr(switchyard.CodeLimitExceeded, msgTooManyTargets)
	}
	slices.SortFunc(cur, func(a, b *ruleTarget) int { return strings.Compare(a.id, b.id) })
	r.targets.Store(&cur)
	b.eng.resume(cur) // deliveries of these targets waiting in the delivery log
	out.FailedEntryCount = len(out.FailedEntries)
	return out, nil
}

// targetList renders targets the way EventBridge's validation messages
// render a list value: the IDs in brackets.
func targetList(ts []Target) string {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = "Target(id=" + t.ID + ")"
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

// RemoveTargetsInput is the input of RemoveTargets.
type RemoveTargetsInput struct {
	Rule         string   `json:"Rule"`
	EventBusName string   `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
	IDs          []string `json:"Ids"`                    // 1 to 100 target ids
	Force        bool     `json:"Force,omitempty"`        // needed to remove the targets of a managed rule (an archive's), as on EventBridge
}

// RemoveTargetsOutput lists the targets RemoveTargets could not remove.
type RemoveTargetsOutput struct {
	FailedEntryCount int             `json:"FailedEntryCount"`
	FailedEntries    []TargetFailure `json:"FailedEntries"`
}

// RemoveTargets removes targets from a rule. An ID the rule does not have
// is reported in FailedEntries (ResourceNotFoundException) and the others
// are removed. Deliveries already queued for a removed target are still
// made.
func (b *Bus) RemoveTargets(ctx context.Context, in RemoveTargetsInput) (RemoveTargetsOutput, error) {
	if b.closed.Load() {
		return RemoveTargetsOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Rule, "rule", 64)
	if len(in.IDs) == 0 || len(in.IDs) > 100 {
		op := "greater than or equal to 1"
		if len(in.IDs) > 100 {
			op = "less than or equal to 100"
		}
		v.Add("["+strings.Join(in.IDs, ", ")+"]", "ids", "have length "+op)
	}
	for i, id := range in.IDs {
		v.Name(id, "ids."+strconv.Itoa(i+1)+".member", 64)
	}
	if err := v.Err(); err != nil {
		return RemoveTargetsOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.lookupRuleLocked(ctx, in.Rule, in.EventBusName)
	if err != nil {
		return RemoveTargetsOutput{}, err
	}
	if err := checkManaged(ctx, r, in.Force); err != nil {
		return RemoveTargetsOutput{}, err
	}
	var cur []*ruleTarget
	if p := r.targets.Load(); p != nil {
		cur = slices.Clone(*p)
	}
	out := RemoveTargetsOutput{FailedEntries: []TargetFailure{}}
	for _, id := range in.IDs {
		i := slices.IndexFunc(cur, func(x *ruleTarget) bool { return x.id == id })
		if i < 0 {
			out.FailedEntries = append(out.FailedEntries, TargetFailure{TargetID: id, ErrorCode: switchyard.CodeResourceNotFound,
				ErrorMessage: "Rule '" + r.name + "' does not have a target with the Id '" + id + "'."})
			continue
		}
		cur = slices.Delete(cur, i, i+1)
	}
	if len(cur) == 0 {
		r.targets.Store(nil)
	} else {
		r.targets.Store(&cur)
	}
	out.FailedEntryCount = len(out.FailedEntries)
	return out, nil
}

// ListTargetsByRuleInput is the input of ListTargetsByRule.
type ListTargetsByRuleInput struct {
	Rule         string `json:"Rule"`
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
	NextToken    string `json:"NextToken,omitempty"`
	Limit        int    `json:"Limit,omitempty"` // page size, 1 to 100; 0 means 100
}

// ListTargetsByRuleOutput is one page of ListTargetsByRule.
type ListTargetsByRuleOutput struct {
	Targets   []Target `json:"Targets"`
	NextToken string   `json:"NextToken,omitempty"`
}

// ListTargetsByRule lists a rule's targets in ID order, as they were given
// to PutTargets.
func (b *Bus) ListTargetsByRule(ctx context.Context, in ListTargetsByRuleInput) (ListTargetsByRuleOutput, error) {
	var v awsreq.Violations
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListTargetsByRuleOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.lookupRuleLocked(ctx, in.Rule, in.EventBusName)
	if err != nil {
		return ListTargetsByRuleOutput{}, err
	}
	var cur []*ruleTarget
	if p := r.targets.Load(); p != nil {
		cur = *p
	}
	ids := make([]string, len(cur))
	byID := make(map[string]Target, len(cur))
	for i, t := range cur {
		ids[i] = t.id
		byID[t.id] = t.spec
	}
	page, next, err := paginate(ids, "", in.NextToken, in.Limit)
	if err != nil {
		return ListTargetsByRuleOutput{}, err
	}
	out := ListTargetsByRuleOutput{NextToken: next, Targets: make([]Target, 0, len(page))}
	for _, id := range page {
		out.Targets = append(out.Targets, byID[id])
	}
	return out, nil
}

// ListRuleNamesByTargetInput is the input of ListRuleNamesByTarget.
type ListRuleNamesByTargetInput struct {
	TargetARN    string `json:"TargetArn"`              // matched against Target.ARN
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
	NextToken    string `json:"NextToken,omitempty"`
	Limit        int    `json:"Limit,omitempty"` // page size, 1 to 100; 0 means 100
}

// ListRuleNamesByTargetOutput is one page of ListRuleNamesByTarget.
type ListRuleNamesByTargetOutput struct {
	RuleNames []string `json:"RuleNames"`
	NextToken string   `json:"NextToken,omitempty"`
}

// ListRuleNamesByTarget lists, in name order, the rules of a bus that have
// a target whose ARN is TargetARN. Targets without an ARN are never listed.
func (b *Bus) ListRuleNamesByTarget(ctx context.Context, in ListRuleNamesByTargetInput) (ListRuleNamesByTargetOutput, error) {
	var v awsreq.Violations
	v.Length(in.TargetARN, "targetArn", 1, 1600)
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListRuleNamesByTargetOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(ctx, in.EventBusName)
	if err != nil {
		return ListRuleNamesByTargetOutput{}, err
	}
	names := []string{}
	for name, r := range eb.rules {
		if p := r.targets.Load(); p != nil && slices.ContainsFunc(*p, func(t *ruleTarget) bool { return t.arn == in.TargetARN }) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	page, next, err := paginate(names, "", in.NextToken, in.Limit)
	if err != nil {
		return ListRuleNamesByTargetOutput{}, err
	}
	return ListRuleNamesByTargetOutput{RuleNames: page, NextToken: next}, nil
}
