package bus_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/target"
)

// PutTargets validation. The id messages and the target limit were
// recorded against EventBridge (LocalStack's AWS-validated snapshot
// test_events.snapshot.json: test_put_target_id_validation,
// test_add_exceed_fife_targets_per_rule); the input messages come from
// transformer.jsonl, via target.CompileInput.
func TestPutTargetsValidation(t *testing.T) {
	col := &collector{}
	long := "second-invalid-target-id" + strings.Repeat("x", 41)
	tests := []struct {
		name      string
		targets   []bus.Target
		code, msg string
	}{
		{"bad id", []bus.Target{{ID: "!@#$@!#$", Target: col}}, "ValidationException",
			`1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`},
		{"long id", []bus.Target{{ID: "ok", Target: col}, {ID: long, Target: col}}, "ValidationException",
			"1 validation error detected: Value '" + long + "' at 'targets.2.member.id' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"no targets", nil, "ValidationException",
			"1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"two inputs", []bus.Target{{ID: "t1", Target: col, Input: `{}`, InputPath: "$.detail"}}, "ValidationException",
			"Only one of Input, InputPath, or InputTransformer must be provided for target t1."},
		{"bad placeholder", []bus.Target{{ID: "t1", Target: col, InputTransformer: &target.InputTransformer{
			InputPathsMap: map[string]string{"a": "$.detail"}, InputTemplate: `"<a> <nope>"`}}}, "ValidationException",
			"InputTemplate for target t1 contains invalid placeholder nope."},
		{"retries too many", []bus.Target{{ID: "t1", Target: col, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(186)}}}, "ValidationException",
			"1 validation error detected: Value '186' at 'targets.1.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185"},
		{"negative retries", []bus.Target{{ID: "t1", Target: col, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(-1)}}}, "ValidationException",
			"1 validation error detected: Value '-1' at 'targets.1.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"age too short", []bus.Target{{ID: "t1", Target: col, RetryPolicy: &bus.RetryPolicy{MaximumEventAgeInSeconds: ptr(59)}}}, "ValidationException",
			"1 validation error detected: Value '59' at 'targets.1.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"},
		{"age too long", []bus.Target{{ID: "t1", Target: col, RetryPolicy: &bus.RetryPolicy{MaximumEventAgeInSeconds: ptr(86401)}}}, "ValidationException",
			"1 validation error detected: Value '86401' at 'targets.1.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 86400"},
		{"six targets", []bus.Target{{ID: "1", Target: col}, {ID: "2", Target: col}, {ID: "3", Target: col}, {ID: "4", Target: col}, {ID: "5", Target: col}, {ID: "6", Target: col}},
			"LimitExceededException", "The requested resource exceeds the maximum number allowed."},
	}
	b := newBus(t)
	addRule(t, b, "", "r", catchAll)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.PutTargets(context.Background(), bus.PutTargetsInput{Rule: "r", Targets: tc.targets})
			requireCode(t, err, tc.code, tc.msg)
			out, err := b.ListTargetsByRule(context.Background(), bus.ListTargetsByRuleInput{Rule: "r"})
			require.NoError(t, err)
			require.Empty(t, out.Targets, "a failed call adds nothing")
		})
	}
	_, err := b.PutTargets(context.Background(), bus.PutTargetsInput{Rule: "nope", Targets: []bus.Target{{ID: "a", Target: col}}})
	requireCode(t, err, "ResourceNotFoundException", "Rule nope does not exist on EventBus default.")
}

func TestPutTargetsLimitCountsExistingTargets(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	col := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "1", Target: col}, bus.Target{ID: "2", Target: col}, bus.Target{ID: "3", Target: col})
	_, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "4", Target: col}, {ID: "5", Target: col}, {ID: "6", Target: col}}})
	requireCode(t, err, "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
	// Replacing existing ids does not add to the count.
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "1", Target: col, ARN: "arn:new"}, {ID: "4", Target: col}, {ID: "5", Target: col}}})
	require.NoError(t, err)
	out, err := b.ListTargetsByRule(ctx, bus.ListTargetsByRuleInput{Rule: "r", Limit: 3})
	require.NoError(t, err)
	require.Len(t, out.Targets, 3)
	require.Equal(t, "arn:new", out.Targets[0].ARN)
	require.NotEmpty(t, out.NextToken)
	out2, err := b.ListTargetsByRule(ctx, bus.ListTargetsByRuleInput{Rule: "r", NextToken: out.NextToken})
	require.NoError(t, err)
	require.Len(t, out2.Targets, 2)
	require.Empty(t, out2.NextToken)

	big := newBus(t, bus.WithLimits(bus.Limits{MaxTargetsPerRule: 7}))
	addRule(t, big, "", "r", catchAll)
	_, err = big.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "1", Target: col}, {ID: "2", Target: col}, {ID: "3", Target: col}, {ID: "4", Target: col}, {ID: "5", Target: col}, {ID: "6", Target: col}, {ID: "7", Target: col}}})
	require.NoError(t, err)
}

// A target nothing can deliver to fails the whole call, naming it (issue
// 8: a nil Target is an error, not a silent failure entry), and nothing is
// added.
func TestPutTargetsUnresolvable(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	addRule(t, b, "", "r", catchAll)
	_, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{
		{ID: "ok", Target: &collector{}},
		{ID: "nil"},
	}})
	requireCode(t, err, "ValidationException", "1 validation error detected: Value null at 'targets.2.member.arn' failed to satisfy constraint: Member must not be null")
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{
		{ID: "ok", Target: &collector{}},
		{ID: "sqs", ARN: "arn:aws:sqs:us-east-1:123456789012:q"},
	}})
	requireCode(t, err, "ValidationException", "Parameter Arn is not valid for target sqs. Reason: no target is registered for ARN arn:aws:sqs:us-east-1:123456789012:q (see bus.RegisterTarget and bus.WithTargetResolver).")
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{
		{ID: "dlq", Target: &collector{}, DeadLetterConfig: &bus.DeadLetterConfig{ARN: "arn:aws:sqs:us-east-1:123456789012:dlq"}},
	}})
	requireCode(t, err, "ValidationException", "")
	list, err := b.ListTargetsByRule(ctx, bus.ListTargetsByRuleInput{Rule: "r"})
	require.NoError(t, err)
	require.Empty(t, list.Targets, "a failed call adds nothing")
}

func TestRemoveTargets(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	col := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "a", Target: col}, bus.Target{ID: "b", Target: col})
	out, err := b.RemoveTargets(ctx, bus.RemoveTargetsInput{Rule: "r", IDs: []string{"a", "zz"}})
	require.NoError(t, err)
	require.Equal(t, 1, out.FailedEntryCount)
	require.Equal(t, bus.TargetFailure{TargetID: "zz", ErrorCode: "ResourceNotFoundException",
		ErrorMessage: "Rule 'r' does not have a target with the Id 'zz'."}, out.FailedEntries[0])
	list, err := b.ListTargetsByRule(ctx, bus.ListTargetsByRuleInput{Rule: "r"})
	require.NoError(t, err)
	require.Len(t, list.Targets, 1)
	require.Equal(t, "b", list.Targets[0].ID)

	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("x")})
	require.NoError(t, err)
	flush(t, b)
	require.Len(t, col.deliveries(), 1)
	require.Equal(t, "b", col.deliveries()[0].TargetID)

	_, err = b.RemoveTargets(ctx, bus.RemoveTargetsInput{Rule: "r"})
	requireCode(t, err, "ValidationException", "")
	_, err = b.RemoveTargets(ctx, bus.RemoveTargetsInput{Rule: "nope", IDs: []string{"a"}})
	requireCode(t, err, "ResourceNotFoundException", "Rule nope does not exist on EventBus default.")
	out, err = b.RemoveTargets(ctx, bus.RemoveTargetsInput{Rule: "r", IDs: []string{"b"}})
	require.NoError(t, err)
	require.Zero(t, out.FailedEntryCount)
	require.NoError(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: "r"})), "no targets left")
}

func TestListRuleNamesByTarget(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	col := &collector{}
	const arn = "arn:aws:sqs:us-east-1:123456789012:orders"
	addRule(t, b, "", "b-rule", catchAll, bus.Target{ID: "q", Target: col, ARN: arn})
	addRule(t, b, "", "a-rule", catchAll, bus.Target{ID: "q", Target: col, ARN: arn}, bus.Target{ID: "x", Target: col})
	addRule(t, b, "", "c-rule", catchAll, bus.Target{ID: "x", Target: col, ARN: "arn:other"})
	out, err := b.ListRuleNamesByTarget(ctx, bus.ListRuleNamesByTargetInput{TargetARN: arn})
	require.NoError(t, err)
	require.Equal(t, []string{"a-rule", "b-rule"}, out.RuleNames)
	page, err := b.ListRuleNamesByTarget(ctx, bus.ListRuleNamesByTargetInput{TargetARN: arn, Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"a-rule"}, page.RuleNames)
	page, err = b.ListRuleNamesByTarget(ctx, bus.ListRuleNamesByTargetInput{TargetARN: arn, NextToken: page.NextToken})
	require.NoError(t, err)
	require.Equal(t, []string{"b-rule"}, page.RuleNames)
	_, err = b.ListRuleNamesByTarget(ctx, bus.ListRuleNamesByTargetInput{})
	requireCode(t, err, "ValidationException", "")
}

func TestTargetInputIsApplied(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	whole, constant, path, tmpl := &collector{}, &collector{}, &collector{}, &collector{}
	arn := addRule(t, b, "", "r", catchAll,
		bus.Target{ID: "whole", Target: whole},
		bus.Target{ID: "constant", Target: constant, Input: `{"fixed": true}`},
		bus.Target{ID: "path", Target: path, InputPath: "$.detail"},
		bus.Target{ID: "tmpl", Target: tmpl, InputTransformer: &target.InputTransformer{
			InputPathsMap: map[string]string{"src": "$.source"},
			InputTemplate: `{"from": <src>, "rule": <aws.events.rule-arn>}`,
		}},
	)
	_, err := b.PutEvents(ctx, []switchyard.Entry{{Source: "shop", DetailType: "d", Detail: `{"n":1}`}})
	require.NoError(t, err)
	flush(t, b)
	require.Equal(t, "shop", decode(t, whole.deliveries()[0].Payload)["source"])
	require.JSONEq(t, `{"fixed": true}`, constant.payloads()[0])
	require.JSONEq(t, `{"n":1}`, path.payloads()[0])
	require.JSONEq(t, `{"from":"shop","rule":"`+arn+`"}`, tmpl.payloads()[0])
	// Every target sees the same event.
	id := whole.deliveries()[0].Event.ID
	for _, c := range []*collector{constant, path, tmpl} {
		require.Equal(t, id, c.deliveries()[0].Event.ID)
	}
}
