package server

import (
	"context"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// putEventsRequest is the request of PutEvents and PutPartnerEvents, whose
// Go API takes the entries themselves.
type putEventsRequest struct {
	Entries    []switchyard.Entry `json:"Entries"`
	EndpointID string             `json:"EndpointId,omitempty"` // PutEvents through a global endpoint
}

// busOps are EventBridge's operations on buses, rules, targets,
// permissions, connections, API destinations, partner event sources, tags
// and global endpoints, in the order of the API Reference's action list,
// plus Switchyard's own ExplainEventPattern.
func busOps(b *bus.Bus) []operation {
	return []operation{
		call("ActivateEventSource", true, b.ActivateEventSource),
		call("CreateApiDestination", true, b.CreateAPIDestination),
		call("CreateConnection", true, b.CreateConnection),
		call("CreateEndpoint", true, b.CreateEndpoint),
		call("CreateEventBus", true, b.CreateEventBus),
		call("CreatePartnerEventSource", true, b.CreatePartnerEventSource),
		call("DeactivateEventSource", true, b.DeactivateEventSource),
		call("DeauthorizeConnection", true, b.DeauthorizeConnection),
		call("DeleteApiDestination", true, b.DeleteAPIDestination),
		call("DeleteConnection", true, b.DeleteConnection),
		call("DeleteEndpoint", true, b.DeleteEndpoint),
		call("DeleteEventBus", true, b.DeleteEventBus),
		call("DeletePartnerEventSource", true, b.DeletePartnerEventSource),
		call("DeleteRule", true, b.DeleteRule),
		call("DescribeApiDestination", false, b.DescribeAPIDestination),
		call("DescribeConnection", false, b.DescribeConnection),
		call("DescribeEndpoint", false, b.DescribeEndpoint),
		call("DescribeEventBus", false, b.DescribeEventBus),
		call("DescribeEventSource", false, b.DescribeEventSource),
		call("DescribePartnerEventSource", false, b.DescribePartnerEventSource),
		call("DescribeRule", false, b.DescribeRule),
		call("DisableRule", true, b.DisableRule),
		call("EnableRule", true, b.EnableRule),
		call("ListApiDestinations", false, b.ListAPIDestinations),
		call("ListConnections", false, b.ListConnections),
		call("ListEndpoints", false, b.ListEndpoints),
		call("ListEventBuses", false, b.ListEventBuses),
		call("ListEventSources", false, b.ListEventSources),
		call("ListPartnerEventSourceAccounts", false, b.ListPartnerEventSourceAccounts),
		call("ListPartnerEventSources", false, b.ListPartnerEventSources),
		call("ListRuleNamesByTarget", false, b.ListRuleNamesByTarget),
		call("ListRules", false, b.ListRules),
		call("ListTagsForResource", false, b.ListTagsForResource),
		call("ListTargetsByRule", false, b.ListTargetsByRule),
		call("PutEvents", false, func(ctx context.Context, in putEventsRequest) (switchyard.PutEventsResult, error) {
			if in.EndpointID != "" {
				ctx = bus.WithEndpointID(ctx, in.EndpointID)
			}
			return b.PutEvents(ctx, in.Entries)
		}),
		call("PutPartnerEvents", false, func(ctx context.Context, in putEventsRequest) (switchyard.PutEventsResult, error) {
			return b.PutPartnerEvents(ctx, in.Entries)
		}),
		call("PutPermission", true, b.PutPermission),
		call("PutRule", true, b.PutRule),
		call("PutTargets", true, b.PutTargets),
		call("RemovePermission", true, b.RemovePermission),
		call("RemoveTargets", true, b.RemoveTargets),
		call("TagResource", true, b.TagResource),
		call("TestEventPattern", false, b.TestEventPattern),
		call("UntagResource", true, b.UntagResource),
		call("UpdateApiDestination", true, b.UpdateAPIDestination),
		call("UpdateConnection", true, b.UpdateConnection),
		call("UpdateEndpoint", true, b.UpdateEndpoint),
		call("UpdateEventBus", true, b.UpdateEventBus),
		// Not an AWS operation: why an event does or does not match a
		// pattern (pattern.Explain), for tools built on this endpoint.
		call("ExplainEventPattern", false, b.ExplainEventPattern),
	}
}
