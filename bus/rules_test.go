package bus_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/pattern"
)

// PutRule validation. The name messages follow EventBridge's request
// validation, recorded in LocalStack's AWS-validated snapshot
// test_events.snapshot.json (test_create_connection_validations uses the
// same name constraint); the schedule messages are from
// aws-archive-replay-schedule.md §3 (validated 14-05-2024); the rest from
// LocalStack's EventBridge provider, which is validated against AWS.
func TestPutRuleValidation(t *testing.T) {
	long := strings.Repeat("r", 65)
	tests := []struct {
		name      string
		in        bus.PutRuleInput
		code, msg string
	}{
		{"bad name", bus.PutRuleInput{Name: "a b", EventPattern: catchAll}, "ValidationException",
			`1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`},
		{"long name", bus.PutRuleInput{Name: long, EventPattern: catchAll}, "ValidationException",
			"1 validation error detected: Value '" + long + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"long bad name", bus.PutRuleInput{Name: long + "!", EventPattern: catchAll}, "ValidationException",
			"2 validation errors detected: Value '" + long + "!' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64; Value '" + long + "!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"},
		// An empty Go string is the parameter left out: AWS's "must not be
		// null", as for every required name in bus, archive and replay.
		{"empty name", bus.PutRuleInput{EventPattern: catchAll}, "ValidationException",
			"1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"},
		{"bad state", bus.PutRuleInput{Name: "r", EventPattern: catchAll, State: "ON"}, "ValidationException",
			"1 validation error detected: Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]"},
		{"nothing to match", bus.PutRuleInput{Name: "r"}, "ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified."},
		{"schedule on custom bus", bus.PutRuleInput{Name: "r", EventBusName: "custom", ScheduleExpression: "rate(1 minute)"}, "ValidationException",
			"ScheduleExpression is supported only on the default event bus."},
		{"bad schedule", bus.PutRuleInput{Name: "r", ScheduleExpression: "rate(1 minutes)"}, "ValidationException", "Parameter ScheduleExpression is not valid."},
		{"bad cron", bus.PutRuleInput{Name: "r", ScheduleExpression: "cron(0 1 * * * *)"}, "ValidationException", "Parameter ScheduleExpression is not valid."},
		{"unknown bus", bus.PutRuleInput{Name: "r", EventBusName: "nope", EventPattern: catchAll}, "ResourceNotFoundException", "Event bus nope does not exist."},
		{"pattern too big", bus.PutRuleInput{Name: "r", EventPattern: `{"source":["` + strings.Repeat("x", 2040) + `"]}`}, "LimitExceededException", ""},
	}
	b := newBus(t)
	_, err := b.CreateEventBus(context.Background(), bus.CreateEventBusInput{Name: "custom"})
	require.NoError(t, err)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.PutRule(context.Background(), tc.in)
			requireCode(t, err, tc.code, tc.msg)
		})
	}
	out, err := b.ListRules(context.Background(), bus.ListRulesInput{})
	require.NoError(t, err)
	require.Empty(t, out.Rules, "no failed PutRule left a rule behind")
}

func TestPutRuleInvalidPattern(t *testing.T) {
	b := newBus(t)
	_, err := b.PutRule(context.Background(), bus.PutRuleInput{Name: "r", EventPattern: `{"detail":{"state":"on"}}`})
	requireCode(t, err, "InvalidEventPatternException", "")
	require.ErrorIs(t, err, switchyard.ErrInvalidEventPattern)
	var ce *pattern.CompileError
	require.True(t, errors.As(err, &ce), "the compiler's error is wrapped")
	var se *switchyard.Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, "Event pattern is not valid. Reason: "+ce.Error(), se.Message)
}

func TestPatternSizeLimitIsConfigurable(t *testing.T) {
	p := `{"source":["` + strings.Repeat("x", 3000) + `"]}`
	b := newBus(t, bus.WithLimits(bus.Limits{MaxPatternSize: 4096}))
	_, err := b.PutRule(context.Background(), bus.PutRuleInput{Name: "r", EventPattern: p})
	require.NoError(t, err)
}

func TestPutRuleReplaces(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	col := &collector{}
	arn, err := ruleARNOf(b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventPattern: `{"source":["a"]}`, Description: "first", State: bus.RuleDisabled}))
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:rule/r", arn)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)

	arn2, err := ruleARNOf(b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventPattern: `{"source":["b"]}`}))
	require.NoError(t, err)
	require.Equal(t, arn, arn2)
	r, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "r"})
	require.NoError(t, err)
	// Omitted fields become empty; the state defaults to ENABLED.
	require.Equal(t, bus.DescribeRuleOutput{Name: "r", ARN: arn, EventBusName: "default", EventPattern: `{"source":["b"]}`,
		State: bus.RuleEnabled, CreatedBy: "123456789012"}, r)
	// The targets survive (AWS-validated: test_update_rule_with_targets).
	tl, err := b.ListTargetsByRule(ctx, bus.ListTargetsByRuleInput{Rule: "r"})
	require.NoError(t, err)
	require.Len(t, tl.Targets, 1)

	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("a"), entry("b")})
	require.NoError(t, err)
	flush(t, b)
	require.Len(t, col.deliveries(), 1)
	require.Equal(t, "b", col.deliveries()[0].Event.Source, "only the new pattern routes")
}

func TestDescribeRuleNotFound(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	_, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "nope"})
	// AWS-validated: test_describe_nonexistent_rule.
	requireCode(t, err, "ResourceNotFoundException", "Rule nope does not exist on EventBus default.")
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound)
	_, err = b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "c"})
	require.NoError(t, err)
	_, err = b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "nope", EventBusName: "c"})
	requireCode(t, err, "ResourceNotFoundException", "Rule nope does not exist on EventBus c.")
	requireCode(t, errOf(b.EnableRule(ctx, bus.EnableRuleInput{Name: "nope", EventBusName: "c"})), "ResourceNotFoundException", "Rule nope does not exist on EventBus c.")
	requireCode(t, errOf(b.DisableRule(ctx, bus.DisableRuleInput{Name: "nope", EventBusName: "x"})), "ResourceNotFoundException", "Event bus x does not exist.")
}

func TestListRulesPaging(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	for i := range 6 {
		_, err := b.PutRule(ctx, bus.PutRuleInput{Name: fmt.Sprintf("p-%d", i), EventPattern: catchAll})
		require.NoError(t, err)
	}
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "other", EventPattern: catchAll})
	require.NoError(t, err)

	// As recorded (test_list_rule_with_limit): Limit 3 gives 3 rules and a
	// token; the next call gives the other 3 and no token.
	p1, err := b.ListRules(ctx, bus.ListRulesInput{NamePrefix: "p-", Limit: 3})
	require.NoError(t, err)
	require.Equal(t, []string{"p-0", "p-1", "p-2"}, ruleNames(p1.Rules))
	require.NotEmpty(t, p1.NextToken)
	p2, err := b.ListRules(ctx, bus.ListRulesInput{NamePrefix: "p-", Limit: 5, NextToken: p1.NextToken})
	require.NoError(t, err)
	require.Equal(t, []string{"p-3", "p-4", "p-5"}, ruleNames(p2.Rules))
	require.Empty(t, p2.NextToken)

	all, err := b.ListRules(ctx, bus.ListRulesInput{})
	require.NoError(t, err)
	require.Len(t, all.Rules, 7)

	_, err = b.ListRules(ctx, bus.ListRulesInput{NextToken: "garbage!"})
	requireCode(t, err, "ValidationException", "")
	_, err = b.ListRules(ctx, bus.ListRulesInput{Limit: 101})
	requireCode(t, err, "ValidationException", "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")
}

func ruleNames(rs []bus.Rule) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

func TestDeleteRule(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "c", Target: &collector{}})
	// AWS-validated: test_delete_rule_with_targets.
	requireCode(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: "r"})), "ValidationException", "Rule can't be deleted since it has targets.")
	// Force is for managed rules only; "This parameter is ignored for rules
	// that are not managed rules." (DeleteRule, API reference).
	requireCode(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: "r", Force: true})), "ValidationException", "Rule can't be deleted since it has targets.")
	_, err := b.RemoveTargets(ctx, bus.RemoveTargetsInput{Rule: "r", IDs: []string{"c"}})
	require.NoError(t, err)
	require.NoError(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: "r"})))
	_, err = b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "r"})
	requireCode(t, err, "ResourceNotFoundException", "")
	require.NoError(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: "r"})), "deleting a missing rule succeeds")
	requireCode(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: "r", EventBusName: "nope"})), "ResourceNotFoundException", "Event bus nope does not exist.")

	addRule(t, b, "", "empty", catchAll)
	require.NoError(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: "empty"})), "a rule without targets needs no Force")

	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	flush(t, b)
	require.Zero(t, b.Stats().Matched, "a deleted rule matches nothing")
}

func TestRuleOnCustomBusARN(t *testing.T) {
	b := newBus(t, bus.WithRegion("ap-southeast-2"), bus.WithAccount("210987654321"))
	ctx := context.Background()
	busARN, err := busARNOf(b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "shop"}))
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:ap-southeast-2:210987654321:event-bus/shop", busARN)
	arn, err := ruleARNOf(b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventBusName: busARN, EventPattern: catchAll}))
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:ap-southeast-2:210987654321:rule/shop/r", arn)
	r, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "r", EventBusName: "shop"})
	require.NoError(t, err)
	require.Equal(t, "shop", r.EventBusName)
}
