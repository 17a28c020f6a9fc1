package bus_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// What a scheduled rule delivers, as recorded against EventBridge
// (aws-archive-replay-schedule.md §3): source aws.events, detail-type
// "Scheduled Event", detail {}, the rule ARN as the only resource; a
// rate(1 minute) rule fires every 60 s.
func TestScheduledRuleFires(t *testing.T) {
	b, clk := newFakeBus(t)
	ctx := context.Background()
	col := &collector{}
	arn, err := ruleARNOf(b.PutRule(ctx, bus.PutRuleInput{Name: "tick", ScheduleExpression: "rate(1 minute)"}))
	require.NoError(t, err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "tick", Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)

	clk.Advance(59 * time.Second)
	flush(t, b)
	require.Empty(t, col.deliveries(), "a rate schedule does not fire at its start")
	clk.Advance(time.Second)
	flush(t, b)
	clk.Advance(60 * time.Second)
	flush(t, b)
	got := col.deliveries()
	require.Len(t, got, 2)
	ev := decode(t, got[0].Payload)
	require.Equal(t, "0", ev["version"])
	require.Equal(t, "Scheduled Event", ev["detail-type"])
	require.Equal(t, "aws.events", ev["source"])
	require.Equal(t, "123456789012", ev["account"])
	require.Equal(t, "us-east-1", ev["region"])
	require.Equal(t, []any{arn}, ev["resources"])
	require.Equal(t, map[string]any{}, ev["detail"])
	require.Equal(t, "2026-03-01T12:01:00Z", ev["time"])
	require.Equal(t, "2026-03-01T12:02:00Z", decode(t, got[1].Payload)["time"])
	require.NotEqual(t, got[0].Event.ID, got[1].Event.ID)
	require.EqualValues(t, 2, b.Stats().Scheduled)

	r, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "tick"})
	require.NoError(t, err)
	require.Equal(t, "rate(1 minute)", r.ScheduleExpression)
	require.Empty(t, r.EventPattern)
}

func TestCronScheduleFiresOnCalendar(t *testing.T) {
	b, clk := newFakeBus(t)
	ctx := context.Background()
	col := &collector{}
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "c", ScheduleExpression: "cron(0/15 * * * ? *)"})
	require.NoError(t, err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "c", Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)
	clk.Advance(46 * time.Minute)
	flush(t, b)
	var times []any
	for _, d := range col.deliveries() {
		times = append(times, decode(t, d.Payload)["time"])
	}
	require.ElementsMatch(t, []any{"2026-03-01T12:15:00Z", "2026-03-01T12:30:00Z", "2026-03-01T12:45:00Z"}, times)
}

func TestScheduleFollowsRuleState(t *testing.T) {
	b, clk := newFakeBus(t)
	ctx := context.Background()
	col := &collector{}
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "tick", ScheduleExpression: "rate(5 minutes)"})
	require.NoError(t, err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "tick", Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)

	require.NoError(t, errOf(b.DisableRule(ctx, bus.DisableRuleInput{Name: "tick"})))
	clk.Advance(time.Hour)
	flush(t, b)
	require.Empty(t, col.deliveries(), "a disabled rule does not fire")

	// Enabling restarts the rate from now.
	clk.Advance(2 * time.Minute)
	require.NoError(t, errOf(b.EnableRule(ctx, bus.EnableRuleInput{Name: "tick"})))
	enabledAt := clk.Now()
	clk.Advance(5 * time.Minute)
	flush(t, b)
	require.Len(t, col.deliveries(), 1)
	require.Equal(t, enabledAt.Add(5*time.Minute).Format(switchyard.TimeLayout), decode(t, col.deliveries()[0].Payload)["time"])

	// Replacing the rule with the same schedule keeps its rhythm.
	clk.Advance(2 * time.Minute)
	_, err = b.PutRule(ctx, bus.PutRuleInput{Name: "tick", ScheduleExpression: "rate(5 minutes)", Description: "same"})
	require.NoError(t, err)
	clk.Advance(3 * time.Minute)
	flush(t, b)
	require.Len(t, col.deliveries(), 2)

	_, err = b.RemoveTargets(ctx, bus.RemoveTargetsInput{Rule: "tick", IDs: []string{"c"}})
	require.NoError(t, err)
	require.NoError(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: "tick"})))
	clk.Advance(time.Hour)
	flush(t, b)
	require.Len(t, col.deliveries(), 2, "a deleted rule does not fire")
	require.Zero(t, clk.Pending(), "no timer is left behind")
}

func TestScheduledRuleIgnoresPutEvents(t *testing.T) {
	// aws-archive-replay-schedule.md §3, validated 27-02-2026: a rule with
	// only a schedule does not fire on PutEvents.
	b, _ := newFakeBus(t)
	ctx := context.Background()
	col := &collector{}
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "tick", ScheduleExpression: "rate(10 minutes)"})
	require.NoError(t, err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "tick", Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)
	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("a"), entry("b"), entry("c")})
	require.NoError(t, err)
	flush(t, b)
	require.Empty(t, col.deliveries())
}

func TestScheduledRuleWithPattern(t *testing.T) {
	b, clk := newFakeBus(t)
	ctx := context.Background()
	col := &collector{}
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "both", ScheduleExpression: "rate(1 minute)", EventPattern: `{"source":["a"]}`})
	require.NoError(t, err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "both", Targets: []bus.Target{{ID: "c", Target: col, Input: `{"custom-value": "somecustominput"}`}}})
	require.NoError(t, err)
	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("a")})
	require.NoError(t, err)
	clk.Advance(time.Minute)
	flush(t, b)
	got := col.payloads()
	require.Len(t, got, 2)
	for _, p := range got {
		require.JSONEq(t, `{"custom-value": "somecustominput"}`, p)
	}
}
