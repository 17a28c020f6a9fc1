package target_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
)

// ExampleHTTP sends events to a webhook as an EventBridge API destination:
// a connection holds the credentials, the API destination the endpoint, and
// WithParameters fills the endpoint's path parameter from the event.
func ExampleHTTP() {
	webhook := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path)
		fmt.Println("x-api-key:", r.Header.Get("X-Api-Key"))
		fmt.Println("User-Agent:", r.Header.Get("User-Agent"))
		fmt.Println("body:", string(body))
		w.WriteHeader(http.StatusAccepted)
	}))
	defer webhook.Close()

	conn, err := target.NewConnection(target.ConnectionConfig{
		Name:              "webhook-key",
		AuthorizationType: target.AuthorizationAPIKey,
		AuthParameters: target.AuthParameters{
			APIKeyAuthParameters: &target.APIKeyAuthParameters{APIKeyName: "x-api-key", APIKeyValue: "k-123"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	dest, err := target.HTTP(target.APIDestination{
		Name:                         "orders-webhook",
		Connection:                   conn,
		InvocationEndpoint:           webhook.URL + "/orders/*",
		HTTPMethod:                   http.MethodPost,
		InvocationRateLimitPerSecond: 50,
	}, target.WithHTTPClient(webhook.Client())) // trust the test server's certificate
	if err != nil {
		fmt.Println(err)
		return
	}
	orders, err := dest.WithParameters(target.HTTPParameters{PathParameterValues: []string{"$.detail.id"}})
	if err != nil {
		fmt.Println(err)
		return
	}

	ev := &switchyard.Event{
		ID: "11111111-2222-4333-8444-555555555555", DetailType: "OrderPlaced", Source: "com.example.shop",
		Time: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Detail: json.RawMessage(`{"id":"42"}`),
	}
	// The bus sets Payload after input transformation; here, a constant.
	err = orders.Deliver(context.Background(), switchyard.Delivery{Event: ev, Payload: []byte(`{"order":"42"}`)})
	fmt.Println("error:", err)
	// Output:
	// POST /orders/42
	// x-api-key: k-123
	// User-Agent: Amazon/EventBridge/ApiDestinations
	// body: {"order":"42"}
	// error: <nil>
}

// ExampleNewConnection uses OAuth client credentials: the connection fetches
// an access token once, caches it until shortly before it expires, and
// sends it as a bearer token.
func ExampleNewConnection() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		id, _, _ := r.BasicAuth()
		_ = r.ParseForm()
		fmt.Println("token request:", id, r.PostForm.Get("grant_type"), r.PostForm.Get("audience"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"abc","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("POST /events", func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("event with", r.Header.Get("Authorization"))
	})
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()

	conn, err := target.NewConnection(target.ConnectionConfig{
		Name:              "partner-oauth",
		AuthorizationType: target.AuthorizationOAuthClientCredentials,
		AuthParameters: target.AuthParameters{OAuthParameters: &target.OAuthParameters{
			AuthorizationEndpoint: srv.URL + "/oauth/token",
			HTTPMethod:            http.MethodPost,
			ClientParameters:      target.OAuthClientParameters{ClientID: "my-client", ClientSecret: "my-secret"},
			OAuthHTTPParameters: &target.ConnectionHTTPParameters{
				BodyParameters: []target.ConnectionParameter{{Key: "audience", Value: "events"}},
			},
		}},
	}, target.WithConnectionHTTPClient(srv.Client()))
	if err != nil {
		fmt.Println(err)
		return
	}
	partner, err := target.HTTP(target.APIDestination{
		Name: "partner", Connection: conn, InvocationEndpoint: srv.URL + "/events", HTTPMethod: http.MethodPost,
	}, target.WithHTTPClient(srv.Client()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 3 {
		if err := partner.Deliver(context.Background(), switchyard.Delivery{Payload: []byte(`{}`)}); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// token request: my-client client_credentials events
	// event with Bearer abc
	// event with Bearer abc
	// event with Bearer abc
}
