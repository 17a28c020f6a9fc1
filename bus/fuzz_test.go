package bus_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// FuzzPutEvents feeds arbitrary entries to PutEvents: it must never panic,
// must answer with one result per entry (or a request-level error), and an
// accepted event must be delivered with a well-formed envelope.
func FuzzPutEvents(f *testing.F) {
	f.Add("shop", "Order", `{"id":1}`, "", "")
	f.Add("", "", "", "", "")
	f.Add("s", "d", `{"a":`, "default", "arn:x")
	f.Add("s", "d", `[]`, "nope", "")
	f.Add("s\x00", "d\xff", `{"\u2028":"<>"}`, "arn:aws:events:us-east-1:123456789012:event-bus/default", "r")
	f.Add("s", "d", ` {} `, "arn:aws:events:", "")
	b, err := bus.New()
	if err != nil {
		f.Fatal(err)
	}
	defer b.Close(context.Background())
	col := &collector{}
	if _, err := b.PutRule(context.Background(), bus.PutRuleInput{Name: "all", EventPattern: catchAll}); err != nil {
		f.Fatal(err)
	}
	if _, err := b.PutTargets(context.Background(), bus.PutTargetsInput{Rule: "all", Targets: []bus.Target{{ID: "c", Target: col}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, source, detailType, detail, busName, resource string) {
		e := switchyard.Entry{Source: source, DetailType: detailType, Detail: detail, EventBusName: busName}
		if resource != "" {
			e.Resources = []string{resource}
		}
		res, err := b.PutEvents(context.Background(), []switchyard.Entry{e, e})
		if err != nil {
			if !strings.Contains(err.Error(), "ValidationException") {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if len(res.Entries) != 2 {
			t.Fatalf("%d results for 2 entries", len(res.Entries))
		}
		for _, r := range res.Entries {
			if (r.EventID == "") == (r.ErrorCode == "") {
				t.Fatalf("result must have an id or an error: %+v", r)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := b.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		for _, d := range col.deliveries() {
			var ev switchyard.Event
			if err := ev.UnmarshalJSON(d.Payload); err != nil {
				t.Fatalf("delivered envelope is not valid JSON: %v\n%s", err, d.Payload)
			}
		}
		col.mu.Lock()
		col.got = nil
		col.mu.Unlock()
	})
}

// FuzzControlPlaneJSON decodes arbitrary JSON, as the server does, into
// the inputs of the control-plane operations and calls them: whatever the
// input, they answer with a result or a *switchyard.Error, never a panic.
func FuzzControlPlaneJSON(f *testing.F) {
	seeds := []string{
		`{"Rule":"r","Targets":[{"Id":"t","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default","InputPath":"$.detail"}]}`,
		`{"Name":"r","EventPattern":"{\"source\":[\"a\"]}","State":"ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS","Tags":[{"Key":"k"}]}`,
		`{"Policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}`,
		`{"Name":"c","AuthorizationType":"BASIC","AuthParameters":{"BasicAuthParameters":{"Username":"u","Password":"p"}}}`,
		`{"Name":"d","ConnectionArn":"arn:aws:events:us-east-1:123456789012:connection/c/1","InvocationEndpoint":"https://x.example/*","HttpMethod":"GET"}`,
		`{"Name":"aws.partner/p/x","Account":"123456789012"}`,
		`{"ResourceARN":"arn:aws:events:us-east-1:123456789012:rule/r","Tags":[{"Key":"a","Value":"b"}]}`,
		`{"Name":"e","RoutingConfig":{"FailoverConfig":{"Primary":{"HealthCheck":"x"},"Secondary":{"Route":"us-west-2"}}},"EventBuses":[{"EventBusArn":"a"},{"EventBusArn":"b"}]}`,
	}
	for i, s := range seeds {
		f.Add(uint8(i), s)
	}
	b, err := bus.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = b.Close(context.Background()) })
	_, _ = b.PutRule(context.Background(), bus.PutRuleInput{Name: "r", EventPattern: `{"source":["a"]}`})
	f.Fuzz(func(t *testing.T, op uint8, doc string) {
		ctx := context.Background()
		call := func(in any, fn func() error) {
			if json.Unmarshal([]byte(doc), in) != nil {
				return
			}
			if err := fn(); err != nil {
				var se *switchyard.Error
				if !errors.As(err, &se) {
					t.Fatalf("op %d: %T %v", op, err, err)
				}
			}
		}
		switch op % 8 {
		case 0:
			var in bus.PutTargetsInput
			call(&in, func() error { _, err := b.PutTargets(ctx, in); return err })
		case 1:
			var in bus.PutRuleInput
			call(&in, func() error { _, err := b.PutRule(ctx, in); return err })
		case 2:
			var in bus.PutPermissionInput
			call(&in, func() error { _, err := b.PutPermission(ctx, in); return err })
		case 3:
			var in bus.CreateConnectionInput
			call(&in, func() error { _, err := b.CreateConnection(ctx, in); return err })
		case 4:
			var in bus.CreateAPIDestinationInput
			call(&in, func() error { _, err := b.CreateAPIDestination(ctx, in); return err })
		case 5:
			var in bus.CreatePartnerEventSourceInput
			call(&in, func() error { _, err := b.CreatePartnerEventSource(ctx, in); return err })
		case 6:
			var in bus.TagResourceInput
			call(&in, func() error { _, err := b.TagResource(ctx, in); return err })
		case 7:
			var in bus.CreateEndpointInput
			call(&in, func() error { _, err := b.CreateEndpoint(ctx, in); return err })
		}
	})
}
