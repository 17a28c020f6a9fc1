package bus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// Event bus operations. Messages recorded against EventBridge in
// LocalStack's AWS-validated snapshot test_events.snapshot.json
// (TestEventBus); the "/" rule follows moto's implementation of
// CreateEventBus.
func TestEventBusLifecycle(t *testing.T) {
	b, clk := newFakeBus(t)
	ctx := context.Background()
	arn, err := busARNOf(b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders", Description: "order events"}))
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:event-bus/orders", arn)

	_, err = b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders"})
	requireCode(t, err, "ResourceAlreadyExistsException", "Event bus orders already exists.")
	_, err = b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "default"})
	requireCode(t, err, "ResourceAlreadyExistsException", "Event bus default already exists.")

	got, err := b.DescribeEventBus(ctx, bus.DescribeEventBusInput{Name: "orders"})
	require.NoError(t, err)
	require.Equal(t, bus.DescribeEventBusOutput{Name: "orders", ARN: arn, Description: "order events", CreationTime: clk.Now(), LastModifiedTime: clk.Now()}, got)
	byARN, err := b.DescribeEventBus(ctx, bus.DescribeEventBusInput{Name: arn})
	require.NoError(t, err)
	require.Equal(t, got, byARN)
	def, err := b.DescribeEventBus(ctx, bus.DescribeEventBusInput{})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:event-bus/default", def.ARN)

	_, err = b.DescribeEventBus(ctx, bus.DescribeEventBusInput{Name: "nope"})
	requireCode(t, err, "ResourceNotFoundException", "Event bus nope does not exist.")

	requireCode(t, errOf(b.DeleteEventBus(ctx, bus.DeleteEventBusInput{Name: "default"})), "ValidationException", "Cannot delete event bus default.")
	require.NoError(t, errOf(b.DeleteEventBus(ctx, bus.DeleteEventBusInput{Name: "nope"})), "deleting a missing bus succeeds")

	addRule(t, b, "orders", "r", catchAll, bus.Target{ID: "c", Target: &collector{}})
	require.NoError(t, errOf(b.DeleteEventBus(ctx, bus.DeleteEventBusInput{Name: "orders"})))
	_, err = b.DescribeEventBus(ctx, bus.DescribeEventBusInput{Name: "orders"})
	requireCode(t, err, "ResourceNotFoundException", "")
	_, err = b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "r", EventBusName: "orders"})
	requireCode(t, err, "ResourceNotFoundException", "Event bus orders does not exist.")

	// A re-created bus starts empty.
	_, err = b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders"})
	require.NoError(t, err)
	rules, err := b.ListRules(ctx, bus.ListRulesInput{EventBusName: "orders"})
	require.NoError(t, err)
	require.Empty(t, rules.Rules)
}

func TestCreateEventBusValidation(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	tests := []struct {
		in        bus.CreateEventBusInput
		code, msg string
	}{
		{bus.CreateEventBusInput{Name: "a/b"}, "ValidationException", "Event bus name must not contain '/'."},
		{bus.CreateEventBusInput{Name: "a b"}, "ValidationException",
			`1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\.\-_A-Za-z0-9]+`},
		{bus.CreateEventBusInput{Name: ""}, "ValidationException",
			"1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{bus.CreateEventBusInput{Name: "not.partner/x", EventSourceName: "not.partner/x"}, "ValidationException",
			`1 validation error detected: Value 'not.partner/x' at 'eventSourceName' failed to satisfy constraint: Member must satisfy regular expression pattern: aws\.partner(/[\.\-_A-Za-z0-9]+){2,}`},
		{bus.CreateEventBusInput{Name: "x", EventSourceName: "aws.partner/p/x"}, "ValidationException", ""},
		// The source must be shared with the caller's account.
		{bus.CreateEventBusInput{Name: "aws.partner/p/y", EventSourceName: "aws.partner/p/y"}, "ResourceNotFoundException", "Event source aws.partner/p/y does not exist."},
	}
	for _, tc := range tests {
		_, err := b.CreateEventBus(ctx, tc.in)
		requireCode(t, err, tc.code, tc.msg)
	}
	partner := switchyard.WithCaller(ctx, switchyard.Caller{Account: "999999999999"})
	_, err := b.CreatePartnerEventSource(partner, bus.CreatePartnerEventSourceInput{Name: "aws.partner/p/x", Account: "123456789012"})
	require.NoError(t, err)
	arn, err := busARNOf(b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "aws.partner/p/x", EventSourceName: "aws.partner/p/x"}))
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:event-bus/aws.partner/p/x", arn)
	got, err := b.DescribeEventBus(ctx, bus.DescribeEventBusInput{Name: arn})
	require.NoError(t, err)
	require.Equal(t, "aws.partner/p/x", got.Name)
}

func TestListEventBuses(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	for i := range 6 {
		_, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: fmt.Sprintf("bus-%d", i)})
		require.NoError(t, err)
	}
	all, err := b.ListEventBuses(ctx, bus.ListEventBusesInput{})
	require.NoError(t, err)
	require.Len(t, all.EventBuses, 7)
	p1, err := b.ListEventBuses(ctx, bus.ListEventBusesInput{NamePrefix: "bus-", Limit: 3})
	require.NoError(t, err)
	require.Len(t, p1.EventBuses, 3)
	require.Equal(t, "bus-0", p1.EventBuses[0].Name)
	p2, err := b.ListEventBuses(ctx, bus.ListEventBusesInput{NamePrefix: "bus-", Limit: 3, NextToken: p1.NextToken})
	require.NoError(t, err)
	require.Len(t, p2.EventBuses, 3)
	require.Equal(t, "bus-3", p2.EventBuses[0].Name)
	require.Empty(t, p2.NextToken)
	exact, err := b.ListEventBuses(ctx, bus.ListEventBusesInput{NamePrefix: "bus-5"})
	require.NoError(t, err)
	require.Len(t, exact.EventBuses, 1)
}

// Permissions: messages from LocalStack's AWS-validated snapshot
// (test_remove_permission_non_existing_sid, test_put_permission_non_existing_event_bus)
// and moto. The policy document has the shape DescribeEventBus returned in
// the recorded test_put_permission.
func TestPermissions(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	col := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "c", Target: col})
	other := switchyard.WithCaller(ctx, switchyard.Caller{Account: "111111111111"})
	own := switchyard.WithCaller(ctx, switchyard.Caller{Account: "123456789012"})
	// Another account names the owner's bus by ARN; its own "default" is
	// its own bus.
	toOwner := func() []switchyard.Entry {
		e := entry("x")
		e.EventBusName = "arn:aws:events:us-east-1:123456789012:event-bus/default"
		return []switchyard.Entry{e}
	}

	res, err := b.PutEvents(other, toOwner())
	require.NoError(t, err)
	require.Equal(t, 1, res.FailedEntryCount)
	require.Equal(t, "AccessDeniedException", res.Entries[0].ErrorCode)
	require.Equal(t, "User: arn:aws:iam::111111111111:root is not authorized to perform: events:PutEvents on resource: arn:aws:events:us-east-1:123456789012:event-bus/default because no resource-based policy allows the events:PutEvents action",
		res.Entries[0].ErrorMessage)
	res, err = b.PutEvents(own, toOwner())
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount, "the owner needs no grant")

	requireCode(t, errOf(b.RemovePermission(ctx, bus.RemovePermissionInput{StatementID: "s"})), "ResourceNotFoundException", "EventBus does not have a policy.")
	requireCode(t, errOf(b.PutPermission(ctx, bus.PutPermissionInput{EventBusName: "nope", Action: "events:PutEvents", Principal: "111111111111", StatementID: "s"})),
		"ResourceNotFoundException", "Event bus nope does not exist.")
	requireCode(t, errOf(b.PutPermission(ctx, bus.PutPermissionInput{Action: "events:PutRule", Principal: "111111111111", StatementID: "s"})),
		"ValidationException", "Provided value in parameter 'action' is not supported.")
	requireCode(t, errOf(b.PutPermission(ctx, bus.PutPermissionInput{Action: "events:PutEvents", StatementID: "s"})),
		"ValidationException", "Parameter Principal must be specified.")
	requireCode(t, errOf(b.PutPermission(ctx, bus.PutPermissionInput{Action: "events:PutEvents", Principal: "12", StatementID: "s"})),
		"ValidationException", `1 validation error detected: Value '12' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: (\d{12}|\*)`)
	requireCode(t, errOf(b.PutPermission(ctx, bus.PutPermissionInput{Action: "events:PutEvents", Principal: "111111111111", StatementID: "a b"})),
		"ValidationException", "1 validation error detected: Value 'a b' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+")

	require.NoError(t, errOf(b.PutPermission(ctx, bus.PutPermissionInput{Action: "events:PutEvents", Principal: "111111111111", StatementID: "allow-1"})))
	res, err = b.PutEvents(other, toOwner())
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)
	res, err = b.PutEvents(switchyard.WithCaller(ctx, switchyard.Caller{Account: "222222222222"}), toOwner())
	require.NoError(t, err)
	require.Equal(t, "AccessDeniedException", res.Entries[0].ErrorCode)

	require.NoError(t, errOf(b.PutPermission(ctx, bus.PutPermissionInput{Action: "events:PutEvents", Principal: "*", StatementID: "everyone"})))
	desc, err := b.DescribeEventBus(ctx, bus.DescribeEventBusInput{})
	require.NoError(t, err)
	var policy map[string]any
	require.NoError(t, json.Unmarshal([]byte(desc.Policy), &policy))
	require.Equal(t, map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Sid": "allow-1", "Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::111111111111:root"},
			"Action": "events:PutEvents", "Resource": desc.ARN},
		map[string]any{"Sid": "everyone", "Effect": "Allow", "Principal": "*", "Action": "events:PutEvents", "Resource": desc.ARN},
	}}, policy)
	res, err = b.PutEvents(switchyard.WithCaller(ctx, switchyard.Caller{Account: "222222222222"}), toOwner())
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)

	requireCode(t, errOf(b.RemovePermission(ctx, bus.RemovePermissionInput{StatementID: "nope"})), "ResourceNotFoundException", "Statement with the provided id does not exist.")
	requireCode(t, errOf(b.RemovePermission(ctx, bus.RemovePermissionInput{})), "ValidationException", "Parameter StatementId is required.")
	require.NoError(t, errOf(b.RemovePermission(ctx, bus.RemovePermissionInput{StatementID: "everyone"})))
	require.NoError(t, errOf(b.RemovePermission(ctx, bus.RemovePermissionInput{RemoveAllPermissions: true})))
	desc, err = b.DescribeEventBus(ctx, bus.DescribeEventBusInput{})
	require.NoError(t, err)
	require.Empty(t, desc.Policy)
	res, err = b.PutEvents(other, toOwner())
	require.NoError(t, err)
	require.Equal(t, "AccessDeniedException", res.Entries[0].ErrorCode)
}

// TestEventPattern's event validation follows LocalStack's provider,
// validated against AWS: "resources" is not required in practice.
func TestTestEventPattern(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	ev := `{"id":"1","account":"123456789012","source":"shop","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"d","detail":{"n":1}}`
	ok, err := resultOf(b.TestEventPattern(ctx, bus.TestEventPatternInput{EventPattern: `{"source":["shop"]}`, Event: ev}))
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = resultOf(b.TestEventPattern(ctx, bus.TestEventPatternInput{EventPattern: `{"source":["other"]}`, Event: ev}))
	require.NoError(t, err)
	require.False(t, ok)

	for _, bad := range []string{`not json`, `[]`, `"x"`, `null`, `{"id":"1","account":"1","source":"s","time":"t","region":"r"}`} {
		_, err = b.TestEventPattern(ctx, bus.TestEventPatternInput{EventPattern: `{"source":["shop"]}`, Event: bad})
		requireCode(t, err, "ValidationException", "Parameter Event is not valid.")
	}
	_, err = b.TestEventPattern(ctx, bus.TestEventPatternInput{EventPattern: `{"source":"shop"}`, Event: ev})
	requireCode(t, err, "InvalidEventPatternException", "")
}

// ExplainEventPattern validates like TestEventPattern and agrees with it.
func TestExplainEventPattern(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	ev := `{"id":"1","account":"123456789012","source":"shop","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"d","detail":{"n":1}}`
	for _, p := range []string{`{"source":["shop"]}`, `{"source":["other"]}`, `{"detail":{"n":[{"numeric":[">",0]}]}}`} {
		test, err := b.TestEventPattern(ctx, bus.TestEventPatternInput{EventPattern: p, Event: ev})
		require.NoError(t, err)
		ex, err := b.ExplainEventPattern(ctx, bus.ExplainEventPatternInput{EventPattern: p, Event: ev})
		require.NoError(t, err)
		require.Equal(t, test.Result, ex.Result, p)
		require.Equal(t, test.Result, ex.Explanation.Matched, p)
	}
	_, err := b.ExplainEventPattern(ctx, bus.ExplainEventPatternInput{EventPattern: `{"source":"shop"}`, Event: ev})
	requireCode(t, err, "InvalidEventPatternException", "")
	_, err = b.ExplainEventPattern(ctx, bus.ExplainEventPatternInput{EventPattern: `{"source":["shop"]}`, Event: `{}`})
	requireCode(t, err, "ValidationException", "Parameter Event is not valid.")
	require.ErrorContains(t, err, `the event has no "id" field`)
}
