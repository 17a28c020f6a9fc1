package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/target"
)

// TestOrderRule is how a team unit-tests the EventBridge rule it deploys:
// the pattern comes from the same file the deployment uses, the rule gets
// a channel target, and the test asserts which sample events reach it.
func TestOrderRule(t *testing.T) {
	ctx := context.Background()
	eventPattern, err := os.ReadFile("testdata/order-rule.json")
	require.NoError(t, err)

	b, err := bus.New()
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, b.Close(ctx)) })

	_, err = b.PutRule(ctx, bus.PutRuleInput{Name: "big-orders", EventPattern: string(eventPattern)})
	require.NoError(t, err)
	got := make(chan switchyard.Delivery, 16)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "big-orders", Targets: []bus.Target{{
		ID:        "fulfilment",
		Target:    target.Chan(got),
		InputPath: "$.detail", // the target receives the detail only, as deployed
	}}})
	require.NoError(t, err)

	put := func(detailType, detail string) {
		t.Helper()
		res, err := b.PutEvents(ctx, []switchyard.Entry{{Source: "com.example.shop", DetailType: detailType, Detail: detail}})
		require.NoError(t, err)
		require.Zero(t, res.FailedEntryCount, "%+v", res.Entries)
	}
	put("Order Placed", `{"orderId":"o-1","total":250,"country":"DE","customer":{"tier":"gold"}}`)
	put("Order Placed", `{"orderId":"o-2","total":20,"country":"DE","customer":{"tier":"gold"}}`)
	put("Order Cancelled", `{"orderId":"o-3","total":250,"country":"DE","customer":{"tier":"gold"}}`)
	put("Order Placed", `{"orderId":"o-4","total":100,"country":"US","customer":{"tier":"platinum"}}`)

	flushCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, b.Flush(flushCtx))
	close(got)
	var orders []string
	for d := range got {
		var detail struct {
			OrderID string `json:"orderId"`
		}
		require.NoError(t, json.Unmarshal(d.Payload, &detail))
		orders = append(orders, detail.OrderID)
	}
	require.ElementsMatch(t, []string{"o-1", "o-4"}, orders)
}

// TestSamplesFile runs the samples file through Check, as the command
// does, so that adding a sample to testdata/events.json adds a test case.
func TestSamplesFile(t *testing.T) {
	eventPattern, err := os.ReadFile("testdata/order-rule.json")
	require.NoError(t, err)
	samples, err := LoadSamples("testdata/events.json")
	require.NoError(t, err)
	require.NotEmpty(t, samples)
	outcomes, err := Check(context.Background(), string(eventPattern), samples)
	require.NoError(t, err)
	for _, o := range outcomes {
		require.True(t, o.OK(), "%s: expected match=%v, delivered=%v", o.Sample.Name, o.Sample.Match, o.Delivered)
	}
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	ok, err := run(&out, nil)
	require.NoError(t, err)
	require.True(t, ok, out.String())
	require.Contains(t, out.String(), "ok   big gold order")

	// A sample whose expectation is wrong makes the run fail.
	dir := t.TempDir()
	bad := dir + "/events.json"
	require.NoError(t, os.WriteFile(bad, []byte(`[{"name":"wrong","match":true,"source":"x","detail-type":"y","detail":{}}]`), 0o600))
	out.Reset()
	ok, err = run(&out, []string{"-events", bad})
	require.NoError(t, err)
	require.False(t, ok)
	require.Contains(t, out.String(), "FAIL wrong")

	_, err = run(&out, []string{"-pattern", dir + "/missing.json"})
	require.Error(t, err)
	badPattern := dir + "/pattern.json"
	require.NoError(t, os.WriteFile(badPattern, []byte(`{"source":"not-an-array"}`), 0o600))
	_, err = run(&out, []string{"-pattern", badPattern})
	require.ErrorIs(t, err, switchyard.ErrInvalidEventPattern)
}

// A sample the rule misses says which of the pattern's fields it fails.
func TestCheckExplainsMisses(t *testing.T) {
	eventPattern, err := os.ReadFile("testdata/order-rule.json")
	require.NoError(t, err)
	out, err := Check(context.Background(), string(eventPattern), []Sample{{
		Name: "too small", Match: true, Source: "com.example.shop", DetailType: "Order Placed",
		Detail: json.RawMessage(`{"total":20,"country":"DE","customer":{"tier":"gold"}}`),
	}})
	require.NoError(t, err)
	require.False(t, out[0].OK())
	require.Equal(t, []string{"fails detail.total"}, out[0].Why)
}
