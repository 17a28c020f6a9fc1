package switchyard_test

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/target"
)

// End-to-end benchmarks: PutEvents through matching and the delivery engine
// to an in-process target. Each op is one event; events go in batches of 10
// (PutEvents' maximum), and the clock stops only after Flush, so the
// numbers include delivery.

func orderEntries(n int) []switchyard.Entry {
	es := make([]switchyard.Entry, n)
	for i := range es {
		es[i] = switchyard.Entry{
			Source:     "com.example.orders",
			DetailType: "OrderPlaced",
			Detail:     `{"id":` + strconv.Itoa(i) + `,"customer":"c-` + strconv.Itoa(i%97) + `","total":` + strconv.Itoa(i%1000) + `,"items":["a","b"],"region":"eu-west-1"}`,
		}
	}
	return es
}

// newBenchBus returns a bus with one matching rule and rules-1 rules that
// match nothing (each on its own customer id), all delivering to counter.
func newBenchBus(b *testing.B, rules int, counter *atomic.Int64, tr *target.InputTransformer) *bus.Bus {
	b.Helper()
	bb, err := bus.New(bus.WithLimits(bus.Limits{QueueSize: 1 << 16}), bus.WithBlockOnFull())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = bb.Close(context.Background()) })
	ctx := context.Background()
	count := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
		counter.Add(1)
		return nil
	})
	for i := range rules {
		name := fmt.Sprintf("rule-%d", i)
		pat := fmt.Sprintf(`{"source":["com.example.orders"],"detail":{"customer":["nobody-%d"]}}`, i)
		if i == 0 {
			pat = `{"source":["com.example.orders"],"detail-type":["OrderPlaced"]}`
		}
		if _, err := bb.PutRule(ctx, bus.PutRuleInput{Name: name, EventPattern: pat}); err != nil {
			b.Fatal(err)
		}
		if _, err := bb.PutTargets(ctx, bus.PutTargetsInput{Rule: name, Targets: []bus.Target{{ID: "t", Target: count, InputTransformer: tr}}}); err != nil {
			b.Fatal(err)
		}
	}
	return bb
}

func runPutEvents(b *testing.B, bb *bus.Bus, counter *atomic.Int64) {
	ctx := context.Background()
	entries := orderEntries(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 10 {
		n := min(10, b.N-i)
		off := i % (len(entries) - 10)
		res, err := bb.PutEvents(ctx, entries[off:off+n])
		if err != nil || res.FailedEntryCount != 0 {
			b.Fatalf("PutEvents: %v %+v", err, res)
		}
	}
	if err := bb.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if got := counter.Load(); got != int64(b.N) {
		b.Fatalf("delivered %d of %d", got, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkPutEvents routes events to an in-process target through 1, 100
// and 10,000 rules, exactly one of which matches.
func BenchmarkPutEvents(b *testing.B) {
	for _, rules := range []int{1, 100, 10000} {
		b.Run(fmt.Sprintf("rules=%d", rules), func(b *testing.B) {
			var counter atomic.Int64
			runPutEvents(b, newBenchBus(b, rules, &counter, nil), &counter)
		})
	}
}

// BenchmarkPutEventsTransformed is BenchmarkPutEvents/rules=1 with an input
// transformer of three paths on the target: the difference is the cost of
// input transformation.
func BenchmarkPutEventsTransformed(b *testing.B) {
	var counter atomic.Int64
	tr := &target.InputTransformer{
		InputPathsMap: map[string]string{"id": "$.detail.id", "customer": "$.detail.customer", "items": "$.detail.items"},
		InputTemplate: `{"order": <id>, "items": <items>, "note": "Pack order <id> for <customer>"}`,
	}
	runPutEvents(b, newBenchBus(b, 1, &counter, tr), &counter)
}
