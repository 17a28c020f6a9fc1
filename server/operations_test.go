package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The 57 operations of the EventBridge API (2015-10-07), every one of
// which the server answers.
var eventBridgeOperations = strings.Fields(`ActivateEventSource CancelReplay CreateApiDestination CreateArchive
CreateConnection CreateEndpoint CreateEventBus DeleteEndpoint DescribeEndpoint ListEndpoints UpdateEndpoint CreatePartnerEventSource DeactivateEventSource DeauthorizeConnection
DeleteApiDestination DeleteArchive DeleteConnection DeleteEventBus DeletePartnerEventSource DeleteRule
DescribeApiDestination DescribeArchive DescribeConnection DescribeEventBus DescribeEventSource
DescribePartnerEventSource DescribeReplay DescribeRule DisableRule EnableRule ListApiDestinations ListArchives
ListConnections ListEventBuses ListEventSources ListPartnerEventSourceAccounts ListPartnerEventSources
ListReplays ListRuleNamesByTarget ListRules ListTagsForResource ListTargetsByRule PutEvents PutPartnerEvents
PutPermission PutRule PutTargets RemovePermission RemoveTargets StartReplay TagResource TestEventPattern
UntagResource UpdateApiDestination UpdateArchive UpdateConnection UpdateEventBus`)

// CloudTrail's CloudTrail Lake integration operations (event data stores,
// channels, resource policies); trails, queries and dashboards are out of
// scope (issue 9).
var cloudTrailOperations = strings.Fields(`CreateChannel CreateEventDataStore DeleteChannel DeleteEventDataStore
DeleteResourcePolicy GetChannel GetEventDataStore GetResourcePolicy ListChannels ListEventDataStores
PutResourcePolicy UpdateChannel UpdateEventDataStore`)

func TestEveryOperationIsRouted(t *testing.T) {
	hs := newServer(t)
	require.Len(t, eventBridgeOperations, 57)
	for _, op := range eventBridgeOperations {
		r := call(t, hs.URL, op, `{}`)
		require.NotEqual(t, "UnknownOperationException", r.Body["__type"], "%s: %s", op, r.Raw)
		require.NotEqual(t, http.StatusInternalServerError, r.Status, "%s: %s", op, r.Raw)
	}
	for _, prefix := range []string{"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.", "CloudTrail_20131101."} {
		for _, op := range cloudTrailOperations {
			req := eventsRequest(t, hs.URL, op, `{}`)
			req.Header.Set("X-Amz-Target", prefix+op)
			r := do(t, req)
			require.NotEqual(t, "UnknownOperationException", r.Body["__type"], "%s: %s", op, r.Raw)
			require.NotEqual(t, http.StatusInternalServerError, r.Status, "%s: %s", op, r.Raw)
		}
	}
	req, err := http.NewRequest(http.MethodPost, hs.URL+"/PutAuditEvents?channelArn=x", strings.NewReader(`{"auditEvents":[]}`))
	require.NoError(t, err)
	r := do(t, req)
	require.NotEqual(t, "UnknownOperationException", r.Body["__type"], r.Raw)
	require.Equal(t, "application/json", r.Header.Get("Content-Type"), "CloudTrail Data is REST-JSON, errors included")

	requireError(t, call(t, hs.URL, "CreateWidget", `{}`), 400, "UnknownOperationException", "AWSEvents.CreateWidget")
}

// A global endpoint made over the wire answers DescribeEndpoint, and
// PutEvents through it (EndpointId) is accepted; ExplainEventPattern, the
// one operation AWS does not have, explains a miss.
func TestEndpointsAndExplainOverTheWire(t *testing.T) {
	hs := newServer(t)
	r := call(t, hs.URL, "CreateEndpoint", `{"Name":"orders-global",
		"RoutingConfig":{"FailoverConfig":{"Primary":{"HealthCheck":"arn:aws:route53:::healthcheck/abc"},"Secondary":{"Route":"us-west-2"}}},
		"ReplicationConfig":{"State":"DISABLED"},
		"EventBuses":[{"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/default"},{"EventBusArn":"arn:aws:events:us-west-2:123456789012:event-bus/default"}]}`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	r = call(t, hs.URL, "DescribeEndpoint", `{"Name":"orders-global"}`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	require.Equal(t, "orders-global", r.Body["Name"], r.Raw)
	endpointID, _ := r.Body["EndpointId"].(string)
	require.NotEmpty(t, endpointID, r.Raw)
	r = call(t, hs.URL, "PutEvents", `{"EndpointId":"`+endpointID+`","Entries":[{"Source":"a","DetailType":"d","Detail":"{}"}]}`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	require.EqualValues(t, 0, r.Body["FailedEntryCount"], r.Raw)
	r = call(t, hs.URL, "PutEvents", `{"EndpointId":"nope.veo","Entries":[{"Source":"a","DetailType":"d","Detail":"{}"}]}`)
	require.Equal(t, 400, r.Status, r.Raw)

	r = call(t, hs.URL, "ExplainEventPattern", `{"EventPattern":"{\"source\":[\"a\"]}",
		"Event":"{\"id\":\"1\",\"source\":\"b\",\"detail-type\":\"d\",\"account\":\"123456789012\",\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}"}`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	require.Equal(t, false, r.Body["Result"], r.Raw)
	require.Contains(t, r.Raw, "source")
}

// A Detail that is not valid UTF-8 fails its entry with MalformedDetail
// over the wire exactly as through the Go API (API reference, PutEvents:
// Detail is "a valid JSON object"); the decoder does not paper over it
// with U+FFFD.
func TestInvalidUTF8DetailOverTheWire(t *testing.T) {
	hs := newServer(t)
	r := call(t, hs.URL, "PutEvents", "{\"Entries\":[{\"Source\":\"a\",\"DetailType\":\"d\",\"Detail\":\"{\\\"k\\\":\\\"\xff\xfe\\\"}\"},{\"Source\":\"a\",\"DetailType\":\"d\",\"Detail\":\"{}\"}]}")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	require.EqualValues(t, 1, r.Body["FailedEntryCount"], r.Raw)
	entries := r.Body["Entries"].([]any)
	require.Equal(t, "MalformedDetail", entries[0].(map[string]any)["ErrorCode"], r.Raw)
	require.NotEmpty(t, entries[1].(map[string]any)["EventId"], r.Raw)
}
