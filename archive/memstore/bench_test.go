package memstore_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
)

// BenchmarkAppend measures appends of ~750-byte events in time order from
// 8 goroutines, in batches of 1 and 100. One op is one Append.
func BenchmarkAppend(b *testing.B) {
	for _, batch := range []int{1, 100} {
		b.Run(fmt.Sprintf("batch=%d/goroutines=8", batch), func(b *testing.B) {
			s := memstore.New()
			defer s.Close()
			data := bytes.Repeat([]byte("x"), 750)
			base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
			var seq atomic.Uint64
			b.SetBytes(int64(batch * len(data)))
			b.ReportAllocs()
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				recs := make([]archive.Record, batch)
				for pb.Next() {
					for i := range recs {
						n := seq.Add(1)
						recs[i] = archive.Record{Time: base.Add(time.Duration(n) * time.Microsecond), Seq: n, Data: data}
					}
					if err := s.Append(context.Background(), recs); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkAppendOutOfOrder measures batches of 100 that reach back into
// the last 10,000 records, the merge path.
func BenchmarkAppendOutOfOrder(b *testing.B) {
	s := memstore.New()
	defer s.Close()
	data := bytes.Repeat([]byte("x"), 750)
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]archive.Record, 100)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		for j := range recs {
			n := i*100 + j
			// Half the batch lands 10,000 records back.
			if j%2 == 0 {
				n -= 10000
			}
			recs[j] = archive.Record{Time: base.Add(time.Duration(n) * time.Microsecond), Seq: uint64(i), Data: data}
		}
		if err := s.Append(context.Background(), recs); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkScan measures reading 100,000 events in order.
func BenchmarkScan(b *testing.B) {
	s := memstore.New()
	defer s.Close()
	const n = 100000
	data := bytes.Repeat([]byte("x"), 750)
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]archive.Record, n)
	for i := range recs {
		recs[i] = archive.Record{Time: base.Add(time.Duration(i) * time.Millisecond), Seq: uint64(i), Data: data}
	}
	if err := s.Append(context.Background(), recs); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n * len(data)))
	b.ReportAllocs()
	for b.Loop() {
		count := 0
		if err := s.Scan(context.Background(), time.Time{}, time.Time{}, func(archive.Record) error {
			count++
			return nil
		}); err != nil || count != n {
			b.Fatal(count, err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
}
