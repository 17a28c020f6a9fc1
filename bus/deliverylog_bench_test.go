package bus_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// BenchmarkPutEventsDurable puts batches of 10 events from 1 or 64
// concurrent callers, in memory and with the durable delivery log (fsync
// on every group commit), into one rule with an in-process target. With
// the log a call returns only once its events are on disk; events/s is
// the figure to compare with the 200,000 events/s of issue 12. The
// "failing" target parks every delivery, so every event stays in the log
// (written, not only fsynced).
func BenchmarkPutEventsDurable(b *testing.B) {
	for _, mode := range []string{"memory", "log", "log-failing"} {
		for _, callers := range []int{1, 64} {
			b.Run(fmt.Sprintf("%s/callers=%d", mode, callers), func(b *testing.B) {
				benchDurable(b, mode, callers)
			})
		}
	}
}

func benchDurable(b *testing.B, mode string, callers int) {
	ctx := context.Background()
	opts := []bus.Option{bus.WithBlockOnFull()}
	if mode != "memory" {
		opts = append(opts, bus.WithDeliveryLog(filepath.Join(b.TempDir(), "deliveries.db")))
	}
	if mode == "log-failing" {
		opts = append(opts, bus.WithLimits(bus.Limits{RetryBaseDelay: 1 << 40, RetryMaxDelay: 1 << 40,
			QueueSize: 1 << 30, TargetBudget: 1 << 30, TargetBudgetBytes: 1 << 40, BusBudget: 1 << 30, BusBudgetBytes: 1 << 40}))
	}
	bs, err := bus.New(opts...)
	if err != nil {
		b.Fatal(err)
	}
	var delivered atomic.Int64
	var sink switchyard.Target = switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
		delivered.Add(1)
		return nil
	})
	if mode == "log-failing" {
		sink = switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
			delivered.Add(1)
			return fmt.Errorf("down")
		})
	}
	if _, err := bs.PutRule(ctx, bus.PutRuleInput{Name: "r", EventPattern: `{"source":["app"]}`}); err != nil {
		b.Fatal(err)
	}
	if _, err := bs.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{ID: "sink", Target: sink}}}); err != nil {
		b.Fatal(err)
	}
	batch := make([]switchyard.Entry, 10)
	for j := range batch {
		batch[j] = switchyard.Entry{Source: "app", DetailType: "OrderPlaced",
			Detail: fmt.Sprintf(`{"orderId":"o-%d","total":12.5,"items":[{"sku":"A-1","qty":2}],"customer":{"id":"c-1","tier":"gold"}}`, j)}
	}
	b.ResetTimer()
	cpu0, cpuOK := processCPU()
	var wg sync.WaitGroup
	var next atomic.Int64
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				res, err := bs.PutEvents(ctx, batch)
				if err != nil || res.FailedEntryCount != 0 {
					b.Errorf("PutEvents: %v %+v", err, res.Entries)
					return
				}
			}
		}()
	}
	wg.Wait()
	if mode != "log-failing" {
		if err := bs.Flush(ctx); err != nil {
			b.Fatal(err)
		}
	} else if err := bs.WaitIdle(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	cpu1, _ := processCPU()
	if got := delivered.Load(); got != int64(b.N)*10 {
		b.Fatalf("delivered %d events, want %d", got, b.N*10)
	}
	b.ReportMetric(float64(b.N)*10/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(0, "ns/op")
	if cpuOK {
		// CPU time of the whole process per event: what the machine's
		// load does not change (2e9 / cpu-ns/event is what two idle cores
		// could do, when fsync latency is not the bound).
		b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/float64(b.N*10), "cpu-ns/event")
	}
	cctx, cancel := context.WithCancel(ctx)
	if mode == "log-failing" {
		cancel() // parked deliveries stay in the log
	}
	_ = bs.Close(cctx)
	cancel()
}
