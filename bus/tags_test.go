package bus_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/bus"
)

// Tags on rules and buses (API reference: TagResource, UntagResource,
// ListTagsForResource; PutRule: "If you are updating an existing rule, any
// tags you specify in the PutRule operation are ignored.").
func TestTags(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	busOut, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders", Tags: []bus.Tag{{Key: "team", Value: "shop"}}})
	require.NoError(t, err)
	tags, err := b.ListTagsForResource(ctx, bus.ListTagsForResourceInput{ResourceARN: busOut.EventBusARN})
	require.NoError(t, err)
	require.Equal(t, []bus.Tag{{Key: "team", Value: "shop"}}, tags.Tags)

	rule, err := b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventBusName: "orders", EventPattern: catchAll, Tags: []bus.Tag{{Key: "a", Value: "1"}}})
	require.NoError(t, err)
	_, err = b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventBusName: "orders", EventPattern: catchAll, Tags: []bus.Tag{{Key: "b", Value: "2"}}})
	require.NoError(t, err)
	tags, err = b.ListTagsForResource(ctx, bus.ListTagsForResourceInput{ResourceARN: rule.RuleARN})
	require.NoError(t, err)
	require.Equal(t, []bus.Tag{{Key: "a", Value: "1"}}, tags.Tags, "tags on an update are ignored")

	_, err = b.TagResource(ctx, bus.TagResourceInput{ResourceARN: rule.RuleARN, Tags: []bus.Tag{{Key: "z", Value: ""}, {Key: "a", Value: "one"}}})
	require.NoError(t, err)
	_, err = b.UntagResource(ctx, bus.UntagResourceInput{ResourceARN: rule.RuleARN, TagKeys: []string{"z", "missing"}})
	require.NoError(t, err)
	tags, err = b.ListTagsForResource(ctx, bus.ListTagsForResourceInput{ResourceARN: rule.RuleARN})
	require.NoError(t, err)
	require.Equal(t, []bus.Tag{{Key: "a", Value: "one"}}, tags.Tags)

	def, err := b.ListTagsForResource(ctx, bus.ListTagsForResourceInput{ResourceARN: "arn:aws:events:us-east-1:123456789012:event-bus/default"})
	require.NoError(t, err)
	require.Equal(t, []bus.Tag{}, def.Tags)

	_, err = b.TagResource(ctx, bus.TagResourceInput{ResourceARN: "arn:aws:events:us-east-1:123456789012:rule/nope", Tags: []bus.Tag{{Key: "k"}}})
	requireCode(t, err, "ResourceNotFoundException", "Rule nope does not exist on EventBus default.")
	_, err = b.TagResource(ctx, bus.TagResourceInput{ResourceARN: "arn:aws:events:us-east-1:999999999999:event-bus/default", Tags: []bus.Tag{{Key: "k"}}})
	requireCode(t, err, "ResourceNotFoundException", "")
	_, err = b.TagResource(ctx, bus.TagResourceInput{ResourceARN: rule.RuleARN, Tags: []bus.Tag{{Key: ""}}})
	requireCode(t, err, "ValidationException", "1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null")
	many := make([]bus.Tag, 51)
	for i := range many {
		many[i] = bus.Tag{Key: string(rune('A' + i))}
	}
	_, err = b.TagResource(ctx, bus.TagResourceInput{ResourceARN: busOut.EventBusARN, Tags: many})
	requireCode(t, err, "LimitExceededException", "")

	// A managed rule refuses tags (ManagedRuleException lists TagResource
	// and UntagResource).
	arn, err := b.AttachArchive(ctx, "default", "Events-Archive-a", "", "arn:aws:events:us-east-1:123456789012:archive/a", &collector{})
	require.NoError(t, err)
	_, err = b.TagResource(ctx, bus.TagResourceInput{ResourceARN: arn, Tags: []bus.Tag{{Key: "k"}}})
	requireCode(t, err, "ManagedRuleException", "")
}

// UpdateEventBus and the fields CreateEventBus and DescribeEventBus share
// (API reference: UpdateEventBus).
func TestUpdateEventBus(t *testing.T) {
	b, clk := newFakeBus(t)
	ctx := context.Background()
	created, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders", Description: "d", KmsKeyIdentifier: "alias/k",
		DeadLetterConfig: &bus.DeadLetterConfig{ARN: "arn:aws:sqs:us-east-1:123456789012:dlq"}, LogConfig: &bus.LogConfig{IncludeDetail: "FULL", Level: "INFO"}})
	require.NoError(t, err)
	require.Equal(t, bus.CreateEventBusOutput{EventBusARN: "arn:aws:events:us-east-1:123456789012:event-bus/orders", Description: "d", KmsKeyIdentifier: "alias/k",
		DeadLetterConfig: &bus.DeadLetterConfig{ARN: "arn:aws:sqs:us-east-1:123456789012:dlq"}, LogConfig: &bus.LogConfig{IncludeDetail: "FULL", Level: "INFO"}}, created)

	clk.Advance(60e9)
	up, err := b.UpdateEventBus(ctx, bus.UpdateEventBusInput{Name: "orders", Description: "new", LogConfig: &bus.LogConfig{Level: "ERROR"}})
	require.NoError(t, err)
	require.Equal(t, bus.UpdateEventBusOutput{ARN: created.EventBusARN, Name: "orders", Description: "new", LogConfig: &bus.LogConfig{Level: "ERROR"}}, up)
	d, err := b.DescribeEventBus(ctx, bus.DescribeEventBusInput{Name: "orders"})
	require.NoError(t, err)
	require.Equal(t, bus.DescribeEventBusOutput{Name: "orders", ARN: created.EventBusARN, Description: "new", LogConfig: &bus.LogConfig{Level: "ERROR"},
		CreationTime: t0, LastModifiedTime: t0.Add(60e9)}, d)

	_, err = b.UpdateEventBus(ctx, bus.UpdateEventBusInput{Name: "orders", LogConfig: &bus.LogConfig{Level: "DEBUG"}})
	requireCode(t, err, "ValidationException", "1 validation error detected: Value 'DEBUG' at 'logConfig.level' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ERROR, INFO, TRACE]")
	_, err = b.UpdateEventBus(ctx, bus.UpdateEventBusInput{Name: "nope"})
	requireCode(t, err, "ResourceNotFoundException", "Event bus nope does not exist.")
}

// PutRule's RoleArn and ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (API
// reference: PutRule).
func TestPutRuleRoleAndCloudTrailState(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	col := &collector{}
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventPattern: catchAll, RoleARN: "arn:aws:iam::123456789012:role/events",
		State: bus.RuleEnabledWithAllCloudTrailManagementEvents})
	require.NoError(t, err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)
	d, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "r"})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:iam::123456789012:role/events", d.RoleARN)
	require.Equal(t, bus.RuleEnabledWithAllCloudTrailManagementEvents, d.State)
	_, err = b.PutEvents(ctx, entries(entry("shop")))
	require.NoError(t, err)
	flush(t, b)
	require.Len(t, col.deliveries(), 1, "the state routes like ENABLED")
	_, err = b.EnableRule(ctx, bus.EnableRuleInput{Name: "r"})
	require.NoError(t, err)
	d, err = b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "r"})
	require.NoError(t, err)
	require.Equal(t, bus.RuleEnabledWithAllCloudTrailManagementEvents, d.State, "EnableRule keeps the state")
}
