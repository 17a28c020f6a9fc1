package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The operations of the EventBridge API (2015-10-07) the server answers;
// the five global-endpoint operations (Create/Delete/Describe/List/
// UpdateEndpoint) are not in the Go API and answer
// UnknownOperationException.
var eventBridgeOperations = strings.Fields(`ActivateEventSource CancelReplay CreateApiDestination CreateArchive
CreateConnection CreateEventBus CreatePartnerEventSource DeactivateEventSource DeauthorizeConnection
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
	require.Len(t, eventBridgeOperations, 52)
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

	requireError(t, call(t, hs.URL, "CreateEndpoint", `{}`), 400, "UnknownOperationException", "AWSEvents.CreateEndpoint")
}
