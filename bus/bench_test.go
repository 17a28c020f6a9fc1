package bus_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// BenchmarkPutEvents puts batches of 10 events, from every core, on a bus
// with 1, 100 or 10,000 rules, each rule matching one source and routing
// to an in-process TargetFunc. The time includes delivery: the benchmark
// flushes before it stops the clock. events/s is the figure to compare
// with the 1M events/s target; cpu-ns/event is the process CPU time spent
// per event, which does not depend on how busy the machine is
// (2e9 / cpu-ns/event is what two idle cores could do).
func BenchmarkPutEvents(b *testing.B) {
	for _, rules := range []int{1, 100, 10000} {
		b.Run(fmt.Sprintf("rules=%d", rules), func(b *testing.B) {
			benchPutEvents(b, rules)
		})
	}
}

func benchPutEvents(b *testing.B, rules int) {
	ctx := context.Background()
	// Blocking on a full queue measures sustained throughput: producers
	// run at the speed delivery keeps up with, instead of being throttled.
	bs, err := bus.New(bus.WithBlockOnFull())
	if err != nil {
		b.Fatal(err)
	}
	defer bs.Close(ctx)
	var delivered atomic.Int64
	sink := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
		delivered.Add(1)
		return nil
	})
	for i := range rules {
		name := fmt.Sprintf("rule-%d", i)
		if _, err := bs.PutRule(ctx, bus.PutRuleInput{Name: name, EventPattern: fmt.Sprintf(`{"source":["src-%d"]}`, i)}); err != nil {
			b.Fatal(err)
		}
		if _, err := bs.PutTargets(ctx, bus.PutTargetsInput{Rule: name, Targets: []bus.Target{{ID: "sink", Target: sink}}}); err != nil {
			b.Fatal(err)
		}
	}
	// 64 distinct batches, cycling through the rules' sources.
	batches := make([][]switchyard.Entry, 64)
	for i := range batches {
		batch := make([]switchyard.Entry, 10)
		for j := range batch {
			src := fmt.Sprintf("src-%d", (i*10+j)%rules)
			batch[j] = switchyard.Entry{Source: src, DetailType: "OrderPlaced",
				Detail: fmt.Sprintf(`{"orderId":"o-%d-%d","total":%d.5,"items":[{"sku":"A-1","qty":2}],"customer":{"id":"c-%d","tier":"gold"}}`, i, j, i*j, j)}
		}
		batches[i] = batch
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, cpuOK := processCPU()
	var next atomic.Uint64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			batch := batches[next.Add(1)%uint64(len(batches))]
			res, err := bs.PutEvents(ctx, batch)
			if err != nil || res.FailedEntryCount != 0 {
				b.Errorf("PutEvents: %v %+v", err, res.Entries)
				return
			}
		}
	})
	if err := bs.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	cpu1, _ := processCPU()
	if got, want := delivered.Load(), int64(b.N)*10; got != want {
		b.Fatalf("delivered %d events, want %d", got, want)
	}
	b.ReportMetric(float64(b.N)*10/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10), "ns/event")
	if cpuOK {
		// CPU time of every thread (producers, workers, GC) per event: the
		// cost on a machine shared with other work, where wall time lies.
		b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/float64(b.N*10), "cpu-ns/event")
	}
}
