package bus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/target"
)

// seqIDs is a WithResourceIDs source that counts, so ARNs are known.
func seqIDs() func() string {
	var mu sync.Mutex
	n := 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
	}
}

func apiKeyConn(name string) bus.CreateConnectionInput {
	return bus.CreateConnectionInput{
		Name:              name,
		AuthorizationType: target.AuthorizationAPIKey,
		AuthParameters: target.AuthParameters{
			APIKeyAuthParameters: &target.APIKeyAuthParameters{APIKeyName: "x-api-key", APIKeyValue: "s3cret"},
			InvocationHTTPParameters: &target.ConnectionHTTPParameters{HeaderParameters: []target.ConnectionParameter{
				{Key: "x-team", Value: "orders"}, {Key: "x-token", Value: "hidden", IsValueSecret: true},
			}},
		},
	}
}

// Connections: ARNs, states, secrets never described, listing by state
// (API reference: CreateConnection, DescribeConnection, UpdateConnection,
// DeauthorizeConnection, DeleteConnection, ListConnections).
func TestConnectionLifecycle(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithResourceIDs(seqIDs()))
	ctx := context.Background()
	out, err := b.CreateConnection(ctx, apiKeyConn("c1"))
	require.NoError(t, err)
	require.Equal(t, bus.ConnectionOutput{
		ConnectionARN:   "arn:aws:events:us-east-1:123456789012:connection/c1/00000000-0000-4000-8000-000000000001",
		ConnectionState: bus.ConnectionAuthorized, CreationTime: t0, LastModifiedTime: t0, LastAuthorizedTime: t0,
	}, out)
	_, err = b.CreateConnection(ctx, apiKeyConn("c1"))
	requireCode(t, err, "ResourceAlreadyExistsException", "Connection c1 already exists.")

	d, err := b.DescribeConnection(ctx, bus.DescribeConnectionInput{Name: "c1"})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/c1/00000000-0000-4000-8000-000000000001-000000", d.SecretARN)
	raw, err := json.Marshal(d)
	require.NoError(t, err)
	require.NotContains(t, string(raw), "s3cret", "secrets are never returned")
	require.NotContains(t, string(raw), "hidden")
	require.Contains(t, string(raw), `"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key"}`)
	require.Contains(t, string(raw), `{"Key":"x-team","Value":"orders"}`)

	// Deauthorize answers DEAUTHORIZING and leaves it DEAUTHORIZED.
	clk.Advance(60e9)
	dea, err := b.DeauthorizeConnection(ctx, bus.DeauthorizeConnectionInput{Name: "c1"})
	require.NoError(t, err)
	require.Equal(t, bus.ConnectionDeauthorizing, dea.ConnectionState)
	list, err := b.ListConnections(ctx, bus.ListConnectionsInput{ConnectionState: bus.ConnectionDeauthorized})
	require.NoError(t, err)
	require.Len(t, list.Connections, 1)
	require.Equal(t, "c1", list.Connections[0].Name)

	// Update authorizes again; a secret not sent again is kept.
	upd, err := b.UpdateConnection(ctx, bus.UpdateConnectionInput{Name: "c1", Description: "new",
		AuthParameters: &target.AuthParameters{APIKeyAuthParameters: &target.APIKeyAuthParameters{APIKeyName: "x-key"}}})
	require.NoError(t, err)
	require.Equal(t, bus.ConnectionAuthorized, upd.ConnectionState)
	require.Equal(t, t0.Add(60e9), upd.LastAuthorizedTime)
	d, err = b.DescribeConnection(ctx, bus.DescribeConnectionInput{Name: "c1"})
	require.NoError(t, err)
	require.Equal(t, "x-key", d.AuthParameters.APIKeyAuthParameters.APIKeyName)
	require.Equal(t, "new", d.Description)

	_, err = b.CreateConnection(ctx, bus.CreateConnectionInput{Name: "c2", AuthorizationType: target.AuthorizationBasic,
		AuthParameters: target.AuthParameters{BasicAuthParameters: &target.BasicAuthParameters{Username: "u", Password: "p"}}})
	require.NoError(t, err)
	page, err := b.ListConnections(ctx, bus.ListConnectionsInput{Limit: 1})
	require.NoError(t, err)
	require.Len(t, page.Connections, 1)
	page2, err := b.ListConnections(ctx, bus.ListConnectionsInput{NextToken: page.NextToken})
	require.NoError(t, err)
	require.Equal(t, "c2", page2.Connections[0].Name)

	del, err := b.DeleteConnection(ctx, bus.DeleteConnectionInput{Name: "c2"})
	require.NoError(t, err)
	require.Equal(t, bus.ConnectionDeleting, del.ConnectionState)
	_, err = b.DescribeConnection(ctx, bus.DescribeConnectionInput{Name: "c2"})
	requireCode(t, err, "ResourceNotFoundException", "Failed to describe the connection(s). Connection 'c2' does not exist.")
}

func TestConnectionValidation(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	tests := []struct {
		in  bus.CreateConnectionInput
		msg string
	}{
		{bus.CreateConnectionInput{Name: "a b", AuthorizationType: target.AuthorizationBasic},
			`1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`},
		{bus.CreateConnectionInput{Name: "c", AuthorizationType: "TOKEN"},
			"1 validation error detected: Value 'TOKEN' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]"},
		{bus.CreateConnectionInput{Name: "c", AuthorizationType: target.AuthorizationBasic}, ""},
	}
	for _, tc := range tests {
		_, err := b.CreateConnection(ctx, tc.in)
		requireCode(t, err, "ValidationException", tc.msg)
	}
}

// A rule target names an API destination by ARN, with HttpParameters; the
// destination follows its connection's state (API reference:
// CreateApiDestination, Target.HttpParameters).
func TestAPIDestinationTarget(t *testing.T) {
	type call struct{ path, key, team, query, body string }
	calls := make(chan call, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		calls <- call{r.URL.Path, r.Header.Get("x-api-key"), r.Header.Get("x-team"), r.URL.RawQuery, string(body)}
	}))
	t.Cleanup(srv.Close)
	b, clk := newFakeBus(t, bus.WithResourceIDs(seqIDs()),
		bus.WithAPIDestinationOptions([]target.ConnectionOption{target.WithConnectionAllowPlainHTTP()}, []target.HTTPOption{target.WithHTTPAllowPlainHTTP()}))
	ctx := context.Background()
	conn, err := b.CreateConnection(ctx, apiKeyConn("c"))
	require.NoError(t, err)
	dest, err := b.CreateAPIDestination(ctx, bus.CreateAPIDestinationInput{Name: "orders", ConnectionARN: conn.ConnectionARN,
		InvocationEndpoint: srv.URL + "/orders/*", HTTPMethod: "POST", InvocationRateLimitPerSecond: 10})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:api-destination/orders/00000000-0000-4000-8000-000000000003", dest.APIDestinationARN)
	require.Equal(t, bus.APIDestinationActive, dest.APIDestinationState)
	_, err = b.CreateAPIDestination(ctx, bus.CreateAPIDestinationInput{Name: "x", ConnectionARN: conn.ConnectionARN + "0",
		InvocationEndpoint: srv.URL, HTTPMethod: "POST"})
	requireCode(t, err, "ResourceNotFoundException", "")
	_, err = b.CreateAPIDestination(ctx, bus.CreateAPIDestinationInput{Name: "x", ConnectionARN: conn.ConnectionARN,
		InvocationEndpoint: srv.URL, HTTPMethod: "FETCH"})
	requireCode(t, err, "ValidationException", "1 validation error detected: Value 'FETCH' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE]")

	dlq := &collector{}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "api", ARN: dest.APIDestinationARN, DeadLetter: dlq,
		InputPath:      "$.detail",
		HTTPParameters: &target.HTTPParameters{PathParameterValues: []string{"$.detail.n"}, QueryStringParameters: map[string]string{"src": "$.source"}}})
	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	settle(t, b, clk)
	next := func() call {
		t.Helper()
		select {
		case c := <-calls:
			return c
		default:
			t.Fatal("the API destination was not invoked")
			return call{}
		}
	}
	got := next()
	require.Equal(t, call{path: "/orders/1", key: "s3cret", team: "orders", query: "src=shop", body: `{"n":1}`}, got)

	// A deauthorized connection makes the destination INACTIVE and its
	// deliveries fail for good.
	_, err = b.DeauthorizeConnection(ctx, bus.DeauthorizeConnectionInput{Name: "c"})
	require.NoError(t, err)
	d, err := b.DescribeAPIDestination(ctx, bus.DescribeAPIDestinationInput{Name: "orders"})
	require.NoError(t, err)
	require.Equal(t, bus.APIDestinationInactive, d.APIDestinationState)
	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Len(t, dlq.deliveries(), 1)
	require.Contains(t, dlq.deliveries()[0].Attributes["ERROR_MESSAGE"], "DEAUTHORIZED")

	// Updating the destination takes effect on the rule that names it.
	_, err = b.UpdateConnection(ctx, bus.UpdateConnectionInput{Name: "c"})
	require.NoError(t, err)
	_, err = b.UpdateAPIDestination(ctx, bus.UpdateAPIDestinationInput{Name: "orders", InvocationEndpoint: srv.URL + "/v2/*"})
	require.NoError(t, err)
	_, err = b.PutEvents(ctx, []switchyard.Entry{entry("shop")})
	require.NoError(t, err)
	settle(t, b, clk)
	require.Equal(t, "/v2/1", next().path)

	list, err := b.ListAPIDestinations(ctx, bus.ListAPIDestinationsInput{ConnectionARN: conn.ConnectionARN})
	require.NoError(t, err)
	require.Len(t, list.APIDestinations, 1)
	require.Equal(t, 10, list.APIDestinations[0].InvocationRateLimitPerSecond)

	// HttpParameters that do not fit the endpoint fail PutTargets.
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "bad", ARN: dest.APIDestinationARN,
		HTTPParameters: &target.HTTPParameters{PathParameterValues: []string{"a", "b"}}}}})
	requireCode(t, err, "ValidationException", "")

	_, err = b.DeleteAPIDestination(ctx, bus.DeleteAPIDestinationInput{Name: "orders"})
	require.NoError(t, err)
	_, err = b.DescribeAPIDestination(ctx, bus.DescribeAPIDestinationInput{Name: "orders"})
	requireCode(t, err, "ResourceNotFoundException", "")
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "api", ARN: dest.APIDestinationARN}}})
	requireCode(t, err, "ValidationException", "")
}
