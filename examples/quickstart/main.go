// Command quickstart is a small order service routed by Switchyard, an
// in-process Amazon EventBridge.
//
// Two rules on the default bus:
//
//   - every OrderPlaced event goes to the fulfilment code, reshaped by an
//     input transformer into the message fulfilment wants;
//   - orders of 500 or more also go to a CRM web hook (an EventBridge API
//     destination named by ARN, authorized by a connection). The hook is
//     down: each delivery is retried, then sent to a dead-letter queue with
//     EventBridge's error attributes.
//
// It prints what each target received and exits 0.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/target"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()

	// A CRM endpoint that is having a bad day: every call fails with 503,
	// which EventBridge treats as retryable.
	var crmCalls atomic.Int32
	crm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		crmCalls.Add(1)
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	defer crm.Close()

	// Short backoff so the demo finishes in a moment; EventBridge's own
	// defaults (185 retries over 24 hours) apply unless you say otherwise.
	// (The demo's CRM is a local http:// server; EventBridge requires https.)
	b, err := bus.New(
		bus.WithLimits(bus.Limits{RetryBaseDelay: 20 * time.Millisecond, RetryMaxDelay: 100 * time.Millisecond}),
		bus.WithAPIDestinationOptions([]target.ConnectionOption{target.WithConnectionAllowPlainHTTP()}, []target.HTTPOption{target.WithHTTPAllowPlainHTTP()}),
	)
	if err != nil {
		return err
	}
	defer b.Close(ctx)

	var mu sync.Mutex
	var out []string
	record := func(who string) switchyard.TargetFunc {
		return func(_ context.Context, d switchyard.Delivery) error {
			line := fmt.Sprintf("%-11s <- %s", who, d.Payload)
			if len(d.Attributes) > 0 {
				keys := make([]string, 0, len(d.Attributes))
				for k := range d.Attributes {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					line += fmt.Sprintf("\n              %s=%s", k, d.Attributes[k])
				}
			}
			mu.Lock()
			out = append(out, line)
			mu.Unlock()
			return nil
		}
	}

	// Rule 1: every order to fulfilment, as the message fulfilment expects.
	if _, err := b.PutRule(ctx, bus.PutRuleInput{
		Name:         "orders-to-fulfilment",
		EventPattern: `{"source":["com.example.orders"],"detail-type":["OrderPlaced"]}`,
	}); err != nil {
		return err
	}
	if _, err := b.PutTargets(ctx, bus.PutTargetsInput{
		Rule: "orders-to-fulfilment",
		Targets: []bus.Target{{
			ID:     "fulfilment",
			Target: record("fulfilment"),
			InputTransformer: &target.InputTransformer{
				InputPathsMap: map[string]string{"id": "$.detail.id", "customer": "$.detail.customer", "items": "$.detail.items"},
				InputTemplate: `{"order": <id>, "items": <items>, "note": "Pack order <id> for <customer>"}`,
			},
		}},
	}); err != nil {
		return err
	}

	// Rule 2: big orders to the CRM web hook, an EventBridge API destination
	// behind a connection that holds its API key, with a dead-letter queue.
	// Targets are named by ARN, as on AWS; the dead-letter "queue" is a Go
	// target registered under an SQS ARN.
	conn, err := b.CreateConnection(ctx, bus.CreateConnectionInput{
		Name:              "crm",
		AuthorizationType: target.AuthorizationAPIKey,
		AuthParameters: target.AuthParameters{
			APIKeyAuthParameters: &target.APIKeyAuthParameters{APIKeyName: "x-api-key", APIKeyValue: "demo-secret"},
		},
	})
	if err != nil {
		return err
	}
	dest, err := b.CreateAPIDestination(ctx, bus.CreateAPIDestinationInput{
		Name: "crm-orders", ConnectionARN: conn.ConnectionARN,
		InvocationEndpoint: crm.URL + "/orders", HTTPMethod: http.MethodPost,
	})
	if err != nil {
		return err
	}
	const dlqARN = "arn:aws:sqs:us-east-1:123456789012:crm-dlq"
	if err := b.RegisterTarget(dlqARN, record("dead-letter")); err != nil {
		return err
	}
	if _, err := b.PutRule(ctx, bus.PutRuleInput{
		Name:         "big-orders-to-crm",
		EventPattern: `{"source":["com.example.orders"],"detail":{"total":[{"numeric":[">=",500]}]}}`,
	}); err != nil {
		return err
	}
	retries := 2
	if _, err := b.PutTargets(ctx, bus.PutTargetsInput{
		Rule: "big-orders-to-crm",
		Targets: []bus.Target{{
			ID:               "crm",
			ARN:              dest.APIDestinationARN,
			RetryPolicy:      &bus.RetryPolicy{MaximumRetryAttempts: &retries},
			DeadLetterConfig: &bus.DeadLetterConfig{ARN: dlqARN},
		}},
	}); err != nil {
		return err
	}

	res, err := b.PutEvents(ctx, []switchyard.Entry{
		{Source: "com.example.orders", DetailType: "OrderPlaced", Detail: `{"id":1001,"customer":"Ada","total":120,"items":["book"]}`},
		{Source: "com.example.orders", DetailType: "OrderPlaced", Detail: `{"id":1002,"customer":"Grace","total":980,"items":["laptop","dock"]}`},
		{Source: "com.example.orders", DetailType: "OrderPlaced", Detail: `not json`},
	})
	if err != nil {
		return err
	}
	fmt.Println("PutEvents:")
	for i, e := range res.Entries {
		if e.Failed() {
			fmt.Printf("  entry %d: %s: %s\n", i, e.ErrorCode, e.ErrorMessage)
		} else {
			fmt.Printf("  entry %d: accepted, event id %s\n", i, e.EventID)
		}
	}

	// Flush waits until every accepted event is delivered or dead-lettered.
	if err := b.Flush(ctx); err != nil {
		return err
	}
	sort.Strings(out)
	fmt.Println("\nTargets received:")
	for _, line := range out {
		fmt.Println("  " + line)
	}
	s := b.Stats()
	fmt.Printf("\nCRM endpoint called %d times (1 attempt + %d retries); delivered %d, retried %d, dead-lettered %d, dropped %d\n",
		crmCalls.Load(), retries, s.Delivered, s.Retried, s.DeadLettered, s.Dropped)
	return b.Close(ctx)
}
