package bus_test

import (
	"context"
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
