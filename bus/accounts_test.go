package bus_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

const (
	acctA = "111111111111"
	acctB = "222222222222"
	acctC = "333333333333"
)

func as(account, region string) context.Context {
	return switchyard.WithCaller(context.Background(), switchyard.Caller{Account: account, Region: region})
}

// Each account and region has its own default bus and its own resources
// (issue 8 item 2).
func TestAccountsAreSeparate(t *testing.T) {
	b := newBus(t)
	a, bEU := as(acctA, "us-east-1"), as(acctB, "eu-west-1")
	for _, ctx := range []context.Context{a, bEU} {
		_, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders"})
		require.NoError(t, err, "the same name in another account")
	}
	list, err := b.ListEventBuses(bEU, bus.ListEventBusesInput{})
	require.NoError(t, err)
	require.Len(t, list.EventBuses, 2)
	require.Equal(t, "arn:aws:events:eu-west-1:222222222222:event-bus/default", list.EventBuses[0].ARN)
	require.Equal(t, "arn:aws:events:eu-west-1:222222222222:event-bus/orders", list.EventBuses[1].ARN)

	ruleARN, err := ruleARNOf(b.PutRule(a, bus.PutRuleInput{Name: "r", EventPattern: catchAll}))
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:111111111111:rule/r", ruleARN)
	_, err = b.DescribeRule(bEU, bus.DescribeRuleInput{Name: "r"})
	requireCode(t, err, "ResourceNotFoundException", "Rule r does not exist on EventBus default.")
	d, err := b.DescribeRule(a, bus.DescribeRuleInput{Name: "r"})
	require.NoError(t, err)
	require.Equal(t, acctA, d.CreatedBy)

	// The control plane manages only the caller's own buses, even by ARN.
	_, err = b.PutRule(a, bus.PutRuleInput{Name: "r", EventPattern: catchAll, EventBusName: "arn:aws:events:eu-west-1:222222222222:event-bus/orders"})
	requireCode(t, err, "ResourceNotFoundException", "Event bus orders does not exist.")

	// A PutEvents entry is the caller's event: its account and region.
	col := &collector{}
	_, err = b.PutTargets(a, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)
	res, err := b.PutEvents(a, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)
	flush(t, b)
	require.Len(t, col.deliveries(), 1)
	ev := col.deliveries()[0].Event
	require.Equal(t, acctA, ev.Account)
	require.Equal(t, "us-east-1", ev.Region)

	// No Caller: the bus's own account and region.
	def, err := b.DescribeEventBus(context.Background(), bus.DescribeEventBusInput{})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:event-bus/default", def.ARN)
}

// A rule target that is another account's bus in another region gets the
// event with the sender's account, region and id kept, and the receiving
// bus's policy decides (issue 8 item 2: AWS keeps 111111111111 / us-east-1
// and refuses without a grant).
func TestCrossAccountBusTarget(t *testing.T) {
	b, clk := newFakeBus(t)
	sender, receiver := as(acctA, "us-east-1"), as(acctB, "eu-west-1")
	receiverBus := "arn:aws:events:eu-west-1:222222222222:event-bus/default"

	dlq := &collector{}
	require.NoError(t, b.RegisterTarget("arn:aws:sqs:us-east-1:111111111111:dlq", dlq))
	_, err := b.PutRule(sender, bus.PutRuleInput{Name: "forward", EventPattern: catchAll})
	require.NoError(t, err)
	_, err = b.PutTargets(sender, bus.PutTargetsInput{Rule: "forward", Targets: []bus.Target{{
		ID: "eu", ARN: receiverBus,
		DeadLetterConfig: &bus.DeadLetterConfig{ARN: "arn:aws:sqs:us-east-1:111111111111:dlq"},
	}}})
	require.NoError(t, err)
	got := &collector{}
	_, err = b.PutRule(receiver, bus.PutRuleInput{Name: "in", EventPattern: catchAll})
	require.NoError(t, err)
	_, err = b.PutTargets(receiver, bus.PutTargetsInput{Rule: "in", Targets: []bus.Target{{ID: "c", Target: got}}})
	require.NoError(t, err)

	// No grant: refused for good, so dead-lettered at once.
	res, err := b.PutEvents(sender, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Empty(t, got.deliveries())
	require.Len(t, dlq.deliveries(), 1)
	require.Contains(t, dlq.deliveries()[0].Attributes["ERROR_MESSAGE"], "AccessDeniedException")

	// With a grant, the event arrives as the sender sent it.
	_, err = b.PutPermission(receiver, bus.PutPermissionInput{Action: "events:PutEvents", Principal: acctA, StatementID: "a"})
	require.NoError(t, err)
	res, err = b.PutEvents(sender, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Len(t, got.deliveries(), 1)
	ev := got.deliveries()[0].Event
	require.Equal(t, res.Entries[0].EventID, ev.ID)
	require.Equal(t, acctA, ev.Account)
	require.Equal(t, "us-east-1", ev.Region)
	require.Equal(t, "arn:aws:events:eu-west-1:222222222222:rule/in", got.deliveries()[0].RuleARN)
}

// An event that came from another bus is not forwarded again: "EventBridge
// can't route events received from a sender event bus to a third event
// bus" (user guide, eb-bus-to-bus).
func TestBusTargetOneHop(t *testing.T) {
	b, clk := newFakeBus(t)
	ctx := context.Background()
	for _, name := range []string{"second", "third"} {
		_, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: name})
		require.NoError(t, err)
	}
	dlq := &collector{}
	addRule(t, b, "", "to-second", catchAll, bus.Target{ID: "t", ARN: "arn:aws:events:us-east-1:123456789012:event-bus/second"})
	addRule(t, b, "second", "to-third", catchAll, bus.Target{ID: "t", ARN: "arn:aws:events:us-east-1:123456789012:event-bus/third", DeadLetter: dlq})
	third := &collector{}
	addRule(t, b, "third", "sink", catchAll, bus.Target{ID: "c", Target: third})
	_, err := b.PutEvents(ctx, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Empty(t, third.deliveries())
	require.Len(t, dlq.deliveries(), 1)
	require.Contains(t, dlq.deliveries()[0].Attributes["ERROR_MESSAGE"], "came from another event bus")
}

// PutPermission's organization Condition and whole Policy documents are
// enforced for events:PutEvents (issue 8 item 1).
func TestPolicyConditionsAndDocuments(t *testing.T) {
	b := newBus(t, bus.WithOrganization("o-abc123", acctA))
	owner := context.Background()
	col := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "c", Target: col})
	put := func(account, source string) string {
		t.Helper()
		e := entry(source)
		e.EventBusName = "arn:aws:events:us-east-1:123456789012:event-bus/default"
		res, err := b.PutEvents(as(account, "us-east-1"), []switchyard.Entry{e})
		require.NoError(t, err)
		return res.Entries[0].ErrorCode
	}

	_, err := b.PutPermission(owner, bus.PutPermissionInput{Action: "events:PutEvents", Principal: "*", StatementID: "org",
		Condition: &bus.Condition{Type: "StringEquals", Key: "aws:PrincipalOrgID", Value: "o-abc123"}})
	require.NoError(t, err)
	require.Empty(t, put(acctA, "shop"), "in the organization")
	require.Equal(t, "AccessDeniedException", put(acctB, "shop"), "outside it")
	desc, err := b.DescribeEventBus(owner, bus.DescribeEventBusInput{})
	require.NoError(t, err)
	require.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"org","Effect":"Allow","Principal":"*","Action":"events:PutEvents",
		"Resource":"arn:aws:events:us-east-1:123456789012:event-bus/default","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`, desc.Policy)

	_, err = b.PutPermission(owner, bus.PutPermissionInput{Action: "events:PutEvents", Principal: "*", StatementID: "x",
		Condition: &bus.Condition{Type: "StringLike", Key: "aws:PrincipalOrgID", Value: "o-*"}})
	requireCode(t, err, "ValidationException", "")

	// A whole policy: B may put events of one source only, C is denied
	// even though "*" is allowed.
	doc := `{"Version":"2012-10-17","Statement":[
		{"Sid":"b","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"events:PutEvents",
		 "Resource":"arn:aws:events:us-east-1:123456789012:event-bus/*","Condition":{"StringEquals":{"events:source":["shop"]}}},
		{"Sid":"all","Effect":"Allow","Principal":"*","Action":"events:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"333333333333"}}},
		{"Sid":"no-c","Effect":"Deny","Principal":{"AWS":["333333333333"]},"Action":"events:PutEvents","Resource":"*"}]}`
	_, err = b.PutPermission(owner, bus.PutPermissionInput{Policy: doc})
	require.NoError(t, err)
	require.Empty(t, put(acctB, "shop"))
	require.Equal(t, "AccessDeniedException", put(acctB, "other"))
	require.Equal(t, "AccessDeniedException", put(acctC, "shop"), "an explicit Deny wins")
	require.Equal(t, "AccessDeniedException", put(acctA, "shop"), "the policy was replaced")

	_, err = b.PutPermission(owner, bus.PutPermissionInput{Policy: doc, StatementID: "s"})
	requireCode(t, err, "ValidationException", "Parameter Policy cannot be used together with Action, Principal, StatementId or Condition.")
	_, err = b.PutPermission(owner, bus.PutPermissionInput{Policy: `{"Statement":[{"Effect":"Maybe"}]}`})
	requireCode(t, err, "ValidationException", "")
	_, err = b.PutPermission(owner, bus.PutPermissionInput{Policy: `not json`})
	requireCode(t, err, "ValidationException", "")

	_, err = b.RemovePermission(owner, bus.RemovePermissionInput{RemoveAllPermissions: true})
	require.NoError(t, err)
	require.Equal(t, "AccessDeniedException", put(acctB, "shop"))
}

// Route sends an event exactly as given, for tests that need an event as
// AWS would send it (issue 8 item 5).
func TestRouteAsGiven(t *testing.T) {
	b := newBus(t)
	col := &collector{}
	addRule(t, b, "", "r", `{"source":["aws.ec2"]}`, bus.Target{ID: "c", Target: col})
	var ev switchyard.Event
	require.NoError(t, json.Unmarshal([]byte(`{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification",
		"source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1",
		"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],"detail":{"instance-id":"i-abcd1111","state":"pending"}}`), &ev))
	require.NoError(t, b.Route(context.Background(), bus.RouteInput{Event: ev}))
	flush(t, b)
	require.Len(t, col.deliveries(), 1)
	require.JSONEq(t, `{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification",
		"source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1",
		"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],"detail":{"instance-id":"i-abcd1111","state":"pending"}}`,
		string(col.deliveries()[0].Payload))

	bad := ev
	bad.Detail = []byte(`[1]`)
	requireCode(t, b.Route(context.Background(), bus.RouteInput{Event: bad}), "ValidationException", "")
	other := ev
	other.Account = acctA
	requireCode(t, b.Route(context.Background(), bus.RouteInput{Event: other}), "AccessDeniedException", "")
}

// Target ARNs resolve through RegisterTarget and resolvers, in order, and
// a resolver sees the whole target (issue 8 item 3).
func TestTargetResolvers(t *testing.T) {
	var seen []bus.Target
	sqs := &collector{}
	resolver := func(_ context.Context, tg bus.Target) (switchyard.Target, error) {
		seen = append(seen, tg)
		switch tg.ARN {
		case "arn:aws:sqs:us-east-1:123456789012:q.fifo":
			return sqs, nil
		case "arn:aws:sqs:us-east-1:123456789012:broken":
			return nil, errors.New("queue is not FIFO")
		}
		return nil, nil
	}
	b := newBus(t, bus.WithTargetResolver(resolver))
	ctx := context.Background()
	addRule(t, b, "", "r", catchAll)
	_, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "q", ARN: "arn:aws:sqs:us-east-1:123456789012:q.fifo",
		SqsParameters: &bus.SqsParameters{MessageGroupID: "g"}}}})
	require.NoError(t, err)
	require.Equal(t, "g", seen[0].SqsParameters.MessageGroupID)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "x", ARN: "arn:aws:sqs:us-east-1:123456789012:broken"}}})
	requireCode(t, err, "ValidationException", "Parameter Arn is not valid for target x. Reason: queue is not FIFO")
	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	flush(t, b)
	require.Len(t, sqs.deliveries(), 1)
	require.Equal(t, "arn:aws:sqs:us-east-1:123456789012:q.fifo", sqs.deliveries()[0].TargetARN)

	// A registered target wins over resolvers.
	reg := &collector{}
	require.NoError(t, b.RegisterTarget("arn:aws:sqs:us-east-1:123456789012:q.fifo", reg))
	n := len(seen)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "q", ARN: "arn:aws:sqs:us-east-1:123456789012:q.fifo"}}})
	require.NoError(t, err)
	require.Len(t, seen, n)
	require.Error(t, b.RegisterTarget("", reg))
}

// A bus target whose bus does not exist fails for good.
func TestBusTargetPermanentErrors(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	dlq := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "gone", ARN: "arn:aws:events:us-east-1:123456789012:event-bus/missing", DeadLetter: dlq})
	_, err := b.PutEvents(ctx, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	flush(t, b)
	require.Len(t, dlq.deliveries(), 1)
	require.Contains(t, dlq.deliveries()[0].Attributes["ERROR_MESSAGE"], "ResourceNotFoundException: Event bus missing does not exist.")
	require.Equal(t, "0", dlq.deliveries()[0].Attributes["RETRY_ATTEMPTS"], "a missing bus is not retried")
}
