package server_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/server"
	"github.com/switchyard-go/switchyard/server/boltstate"
)

// durable starts a server whose control plane is journaled in dir.
func durable(t *testing.T, dir string) (*httptest.Server, func()) {
	t.Helper()
	st, err := boltstate.Open(filepath.Join(dir, "control.db"))
	require.NoError(t, err)
	clock, ids := server.NewClock(nil), server.NewIDs()
	b := newBackends(t, bus.WithClock(clock), bus.WithResourceIDs(ids.New))
	s, err := server.New(context.Background(), b, server.WithState(st, clock, ids))
	require.NoError(t, err)
	hs := httptest.NewServer(s)
	return hs, func() {
		hs.Close()
		require.NoError(t, s.Close())
	}
}

// A restarted server has every acknowledged change, with the same
// generated identifiers and times; failed calls were not journaled.
func TestRestoreReproducesTheControlPlane(t *testing.T) {
	dir := t.TempDir()
	hs, stop := durable(t, dir)
	calls := []struct{ op, body string }{
		{"CreateEventBus", `{"Name":"orders","Tags":[{"Key":"team","Value":"shop"}]}`},
		{"PutRule", `{"Name":"big","EventBusName":"orders","EventPattern":"{\"source\":[\"shop\"]}"}`},
		{"PutTargets", `{"Rule":"big","EventBusName":"orders","Targets":[{"Id":"t1","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default"}]}`},
		{"DisableRule", `{"Name":"big","EventBusName":"orders"}`},
		{"CreateConnection", `{"Name":"c","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}}}`},
		{"PutPermission", `{"EventBusName":"orders","Action":"events:PutEvents","Principal":"222222222222","StatementId":"b"}`},
		{"CreatePartnerEventSource", `{"Name":"aws.partner/example.com/123456789012/orders","Account":"123456789012"}`},
	}
	for _, c := range calls {
		r := call(t, hs.URL, c.op, c.body)
		require.Equal(t, 200, r.Status, "%s: %s", c.op, r.Raw)
	}
	// An API destination names its connection by ARN, which has a
	// generated UUID in it.
	conn := call(t, hs.URL, "DescribeConnection", `{"Name":"c"}`)
	r := call(t, hs.URL, "CreateApiDestination", `{"Name":"hook","ConnectionArn":"`+conn.Body["ConnectionArn"].(string)+
		`","InvocationEndpoint":"https://example.com/*","HttpMethod":"POST"}`)
	require.Equal(t, 200, r.Status, r.Raw)
	requireError(t, call(t, hs.URL, "PutRule", `{"Name":"bad name"}`), 400, "ValidationException", "")
	reads := []struct{ op, body string }{
		{"DescribeEventBus", `{"Name":"orders"}`},
		{"DescribeRule", `{"Name":"big","EventBusName":"orders"}`},
		{"ListTargetsByRule", `{"Rule":"big","EventBusName":"orders"}`},
		{"DescribeConnection", `{"Name":"c"}`},
		{"ListTagsForResource", `{"ResourceARN":"arn:aws:events:us-east-1:123456789012:event-bus/orders"}`},
		{"ListRules", `{"EventBusName":"orders"}`},
		{"DescribeApiDestination", `{"Name":"hook"}`},
		{"DescribePartnerEventSource", `{"Name":"aws.partner/example.com/123456789012/orders"}`},
		{"DescribeEventSource", `{"Name":"aws.partner/example.com/123456789012/orders"}`},
	}
	before := map[string]string{}
	for _, r := range reads {
		resp := call(t, hs.URL, r.op, r.body)
		require.Equal(t, 200, resp.Status, resp.Raw)
		before[r.op] = resp.Raw
	}
	stop()

	hs2, stop2 := durable(t, dir)
	defer stop2()
	for _, r := range reads {
		resp := call(t, hs2.URL, r.op, r.body)
		require.Equal(t, 200, resp.Status, resp.Raw)
		require.JSONEq(t, before[r.op], resp.Raw, r.op)
	}
	// The journal continues after a restart.
	require.Equal(t, 200, call(t, hs2.URL, "EnableRule", `{"Name":"big","EventBusName":"orders"}`).Status)
}
