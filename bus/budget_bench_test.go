package bus_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

// BenchmarkParkedMemory parks b.N deliveries (a target that always fails,
// a fake clock that never moves) and reports the heap each one holds:
// B/parked in all, event JSON included, and engine-B/parked without the
// JSON, the figure DeliveryOverhead stands for.
func BenchmarkParkedMemory(b *testing.B) {
	ctx := context.Background()
	clk := fakeclock.New(t0)
	bs, err := bus.New(bus.WithClock(clk), bus.WithBlockOnFull(), bus.WithLimits(bus.Limits{
		QueueSize: 1 << 30, TargetBudget: 1 << 30, TargetBudgetBytes: 1 << 40, BusBudget: 1 << 30, BusBudgetBytes: 1 << 40,
	}))
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		c, cancel := context.WithCancel(ctx)
		cancel() // drop what is parked: the figure is taken
		_ = bs.Close(c)
	}()
	fail := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { return errors.New("down") })
	if _, err := bs.PutRule(ctx, bus.PutRuleInput{Name: "r", EventPattern: catchAll}); err != nil {
		b.Fatal(err)
	}
	if _, err := bs.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "down", Target: fail}}}); err != nil {
		b.Fatal(err)
	}
	detail := `{"orderId":"o-1","total":12.5,"items":[{"sku":"A-1","qty":2}],"customer":{"id":"c-1","tier":"gold"}}`
	batch := make([]switchyard.Entry, 10)
	for i := range batch {
		batch[i] = switchyard.Entry{Source: "app", DetailType: "OrderPlaced", Detail: detail}
	}
	gcBaseline()
	var before, after runtimeMemStats
	readMemStats(&before)
	b.ResetTimer()
	for n := 0; n < b.N; n += 10 {
		if _, err := bs.PutEvents(ctx, batch[:min(10, b.N-n)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := bs.WaitIdle(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	gcBaseline()
	readMemStats(&after)
	st := bs.Stats()
	if st.Parked != int64(b.N) {
		b.Fatalf("parked %d of %d", st.Parked, b.N)
	}
	per := float64(after.HeapAlloc-before.HeapAlloc) / float64(b.N)
	jsonLen := len(fmt.Sprintf(`{"version":"0","id":"00000000-0000-0000-0000-000000000000","detail-type":"OrderPlaced","source":"app","account":"123456789012","time":"2026-03-01T12:00:00Z","region":"us-east-1","resources":[],"detail":%s}`, detail))
	b.ReportMetric(per, "B/parked")
	b.ReportMetric(per-float64(jsonLen), "engine-B/parked")
}
