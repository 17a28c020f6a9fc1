package bus_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// Partner event sources, the partner's side and the customer's (API
// reference: CreatePartnerEventSource, ListPartnerEventSourceAccounts,
// DescribeEventSource, ActivateEventSource, DeactivateEventSource; the
// EventSourceState values PENDING, ACTIVE, DELETED).
func TestPartnerEventSources(t *testing.T) {
	b, clk := newFakeBus(t)
	partner, customer, stranger := as(acctA, "us-east-1"), as(acctB, "us-east-1"), as(acctC, "us-east-1")
	const src = "aws.partner/saas.example/222222222222/orders"

	out, err := b.CreatePartnerEventSource(partner, bus.CreatePartnerEventSourceInput{Name: src, Account: acctB})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1::event-source/"+src, out.EventSourceARN)
	_, err = b.CreatePartnerEventSource(partner, bus.CreatePartnerEventSourceInput{Name: src, Account: acctB})
	requireCode(t, err, "ResourceAlreadyExistsException", "")
	_, err = b.CreatePartnerEventSource(partner, bus.CreatePartnerEventSourceInput{Name: "saas.example/x", Account: acctB})
	requireCode(t, err, "ValidationException", `1 validation error detected: Value 'saas.example/x' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: aws\.partner(/[\.\-_A-Za-z0-9]+){2,}`)

	pd, err := b.DescribePartnerEventSource(partner, bus.DescribePartnerEventSourceInput{Name: src})
	require.NoError(t, err)
	require.Equal(t, bus.DescribePartnerEventSourceOutput{ARN: out.EventSourceARN, Name: src}, pd)
	_, err = b.DescribePartnerEventSource(customer, bus.DescribePartnerEventSourceInput{Name: src})
	requireCode(t, err, "ResourceNotFoundException", "Event source "+src+" does not exist.")
	pl, err := b.ListPartnerEventSources(partner, bus.ListPartnerEventSourcesInput{NamePrefix: "aws.partner/saas.example"})
	require.NoError(t, err)
	require.Len(t, pl.PartnerEventSources, 1)
	_, err = b.ListPartnerEventSources(partner, bus.ListPartnerEventSourcesInput{})
	requireCode(t, err, "ValidationException", "1 validation error detected: Value null at 'namePrefix' failed to satisfy constraint: Member must not be null")

	// The customer sees it PENDING until it has a bus.
	ds, err := b.DescribeEventSource(customer, bus.DescribeEventSourceInput{Name: src})
	require.NoError(t, err)
	require.Equal(t, bus.EventSource{ARN: out.EventSourceARN, CreatedBy: "saas.example", CreationTime: t0, Name: src, State: bus.EventSourcePending}, ds)
	_, err = b.DescribeEventSource(stranger, bus.DescribeEventSourceInput{Name: src})
	requireCode(t, err, "ResourceNotFoundException", "")
	_, err = b.CreateEventBus(stranger, bus.CreateEventBusInput{Name: src, EventSourceName: src})
	requireCode(t, err, "ResourceNotFoundException", "Event source "+src+" does not exist.")

	// Events before the bus exists are accepted and dropped.
	res, err := b.PutPartnerEvents(partner, []switchyard.Entry{{Source: src, DetailType: "order", Detail: `{"id":1}`}})
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)

	_, err = b.CreateEventBus(customer, bus.CreateEventBusInput{Name: src, EventSourceName: src})
	require.NoError(t, err)
	col := &collector{}
	_, err = b.PutRule(customer, bus.PutRuleInput{Name: "all", EventBusName: src, EventPattern: catchAll})
	require.NoError(t, err)
	_, err = b.PutTargets(customer, bus.PutTargetsInput{Rule: "all", EventBusName: src, Targets: []bus.Target{{ID: "c", Target: col}}})
	require.NoError(t, err)
	ls, err := b.ListEventSources(customer, bus.ListEventSourcesInput{})
	require.NoError(t, err)
	require.Equal(t, bus.EventSourceActive, ls.EventSources[0].State)
	acc, err := b.ListPartnerEventSourceAccounts(partner, bus.ListPartnerEventSourceAccountsInput{EventSourceName: src})
	require.NoError(t, err)
	require.Equal(t, []bus.PartnerEventSourceAccount{{Account: acctB, CreationTime: t0, State: bus.EventSourceActive}}, acc.PartnerEventSourceAccounts)

	put := func() {
		t.Helper()
		res, err := b.PutPartnerEvents(partner, []switchyard.Entry{{Source: src, DetailType: "order", Detail: `{"id":1}`}})
		require.NoError(t, err)
		require.Zero(t, res.FailedEntryCount)
		settle(t, b, clk)
	}
	put()
	require.Len(t, col.deliveries(), 1)
	require.Equal(t, acctB, col.deliveries()[0].Event.Account, "the customer's account")

	// Another account cannot send as the partner.
	res, err = b.PutPartnerEvents(stranger, []switchyard.Entry{{Source: src, DetailType: "order", Detail: `{}`}})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Len(t, col.deliveries(), 1)

	// Deactivated: paused, reads PENDING; activating again resumes.
	_, err = b.ActivateEventSource(customer, bus.ActivateEventSourceInput{Name: src})
	requireCode(t, err, "InvalidStateException", "")
	_, err = b.DeactivateEventSource(customer, bus.DeactivateEventSourceInput{Name: src})
	require.NoError(t, err)
	ds, err = b.DescribeEventSource(customer, bus.DescribeEventSourceInput{Name: src})
	require.NoError(t, err)
	require.Equal(t, bus.EventSourcePending, ds.State)
	put()
	require.Len(t, col.deliveries(), 1)
	_, err = b.ActivateEventSource(customer, bus.ActivateEventSourceInput{Name: src})
	require.NoError(t, err)
	put()
	require.Len(t, col.deliveries(), 2)

	// Deleted by the partner: DELETED for the customer, nothing delivered.
	clk.Advance(time.Minute)
	_, err = b.DeletePartnerEventSource(partner, bus.DeletePartnerEventSourceInput{Name: src, Account: acctB})
	require.NoError(t, err)
	ds, err = b.DescribeEventSource(customer, bus.DescribeEventSourceInput{Name: src})
	require.NoError(t, err)
	require.Equal(t, bus.EventSourceDeleted, ds.State)
	put()
	require.Len(t, col.deliveries(), 2)
}
