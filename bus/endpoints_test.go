package bus_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/bus"
)

func endpointInput(name string) bus.CreateEndpointInput {
	return bus.CreateEndpointInput{
		Name: name,
		RoutingConfig: &bus.RoutingConfig{FailoverConfig: &bus.FailoverConfig{
			Primary:   &bus.Primary{HealthCheck: "arn:aws:route53:::healthcheck/0a1b2c3d-4e5f"},
			Secondary: &bus.Secondary{Route: "us-west-2"},
		}},
		EventBuses: []bus.EndpointEventBus{
			{EventBusARN: "arn:aws:events:us-east-1:123456789012:event-bus/orders"},
			{EventBusARN: "arn:aws:events:us-west-2:123456789012:event-bus/orders"},
		},
		RoleARN: "arn:aws:iam::123456789012:role/replication",
	}
}

// Global endpoints (API reference: CreateEndpoint, DescribeEndpoint,
// UpdateEndpoint, ListEndpoints, DeleteEndpoint; "The default state is
// ENABLED which means you must supply a RoleArn").
func TestEndpoints(t *testing.T) {
	b := newBus(t, bus.WithResourceIDs(seqIDs()))
	ctx := context.Background()
	out, err := b.CreateEndpoint(ctx, endpointInput("orders-ep"))
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:endpoint/orders-ep", out.ARN)
	require.Equal(t, bus.EndpointActive, out.State)
	require.Equal(t, "ENABLED", out.ReplicationConfig.State)
	_, err = b.CreateEndpoint(ctx, endpointInput("orders-ep"))
	requireCode(t, err, "ResourceAlreadyExistsException", "")

	d, err := b.DescribeEndpoint(ctx, bus.DescribeEndpointInput{Name: "orders-ep"})
	require.NoError(t, err)
	require.Equal(t, "00000.000", d.EndpointID)
	require.Equal(t, "https://00000.000.endpoint.events.amazonaws.com", d.EndpointURL)
	_, err = b.DescribeEndpoint(ctx, bus.DescribeEndpointInput{Name: "orders-ep", HomeRegion: "eu-west-1"})
	requireCode(t, err, "ResourceNotFoundException", "Endpoint orders-ep does not exist.")

	bad := endpointInput("x")
	bad.RoleARN = ""
	_, err = b.CreateEndpoint(ctx, bad)
	requireCode(t, err, "ValidationException", "RoleArn is required when event replication is ENABLED.")
	bad.ReplicationConfig = &bus.ReplicationConfig{State: "DISABLED"}
	_, err = b.CreateEndpoint(ctx, bad)
	require.NoError(t, err, "no role without replication")
	bad = endpointInput("y")
	bad.EventBuses[1].EventBusARN = "arn:aws:events:us-west-2:123456789012:event-bus/other"
	_, err = b.CreateEndpoint(ctx, bad)
	requireCode(t, err, "ValidationException", "The names of the event buses must be identical in each Region.")
	bad = endpointInput("z")
	bad.EventBuses = bad.EventBuses[:1]
	_, err = b.CreateEndpoint(ctx, bad)
	requireCode(t, err, "ValidationException", "1 validation error detected: Value '[1 items]' at 'eventBuses' failed to satisfy constraint: Member must have length 2")

	up, err := b.UpdateEndpoint(ctx, bus.UpdateEndpointInput{Name: "orders-ep", Description: "new", ReplicationConfig: &bus.ReplicationConfig{State: "DISABLED"}})
	require.NoError(t, err)
	require.Equal(t, "DISABLED", up.ReplicationConfig.State)
	list, err := b.ListEndpoints(ctx, bus.ListEndpointsInput{MaxResults: 1})
	require.NoError(t, err)
	require.Len(t, list.Endpoints, 1)
	require.Equal(t, "orders-ep", list.Endpoints[0].Name)
	require.NotEmpty(t, list.NextToken)

	_, err = b.DeleteEndpoint(ctx, bus.DeleteEndpointInput{Name: "orders-ep"})
	require.NoError(t, err)
	_, err = b.DeleteEndpoint(ctx, bus.DeleteEndpointInput{Name: "orders-ep"})
	requireCode(t, err, "ResourceNotFoundException", "")
}

// PutEvents through an endpoint puts events on the primary region's bus
// and replicates them to the secondary region's bus.
func TestPutEventsThroughEndpoint(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	west := as("123456789012", "us-west-2")
	primary, replica := &collector{}, &collector{}
	_, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders"})
	require.NoError(t, err)
	_, err = b.CreateEventBus(west, bus.CreateEventBusInput{Name: "orders"})
	require.NoError(t, err)
	addRule(t, b, "orders", "r", catchAll, bus.Target{ID: "c", Target: primary})
	_, err = b.PutRule(west, bus.PutRuleInput{Name: "r", EventBusName: "orders", EventPattern: catchAll})
	require.NoError(t, err)
	_, err = b.PutTargets(west, bus.PutTargetsInput{Rule: "r", EventBusName: "orders", Targets: []bus.Target{{ID: "c", Target: replica}}})
	require.NoError(t, err)
	ep, err := b.CreateEndpoint(ctx, endpointInput("ep"))
	require.NoError(t, err)
	d, err := b.DescribeEndpoint(ctx, bus.DescribeEndpointInput{Name: ep.Name})
	require.NoError(t, err)

	e := entry("shop")
	e.EventBusName = "orders"
	res, err := b.PutEvents(bus.WithEndpointID(ctx, d.EndpointID), entries(e))
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)
	flush(t, b)
	require.Len(t, primary.deliveries(), 1)
	require.Len(t, replica.deliveries(), 1)
	require.Equal(t, res.Entries[0].EventID, replica.deliveries()[0].Event.ID)

	_, err = b.PutEvents(bus.WithEndpointID(ctx, "nope.nop"), entries(e))
	requireCode(t, err, "ResourceNotFoundException", "Endpoint nope.nop does not exist.")
}

func TestEndpointJSON(t *testing.T) {
	doc := `{"Name":"ep","Description":"d","RoutingConfig":{"FailoverConfig":{"Primary":{"HealthCheck":"arn:aws:route53:::healthcheck/1"},
		"Secondary":{"Route":"us-west-2"}}},"ReplicationConfig":{"State":"ENABLED"},
		"EventBuses":[{"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/b"},{"EventBusArn":"arn:aws:events:us-west-2:123456789012:event-bus/b"}],
		"RoleArn":"arn:aws:iam::123456789012:role/r"}`
	var in bus.CreateEndpointInput
	require.NoError(t, json.Unmarshal([]byte(doc), &in))
	back, err := json.Marshal(in)
	require.NoError(t, err)
	require.JSONEq(t, doc, string(back))
}
