package boltstore_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
)

// benchEvent is a ~750-byte event, the size of a CityLots2 line.
func benchEvent() []byte {
	head := []byte(`{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Lot","source":"city.lots","account":"123456789012","time":"2024-03-01T12:00:00Z","region":"us-east-1","resources":[],"detail":{"pad":"`)
	body := bytes.Repeat([]byte("x"), 750-len(head)-3)
	return append(append(head, body...), `"}}`...)
}

// BenchmarkAppend measures durable appends (fsync on) from 8 goroutines,
// each appending batches of the given size; group commit turns the
// concurrent appends into shared transactions. One op is one Append.
func BenchmarkAppend(b *testing.B) {
	for _, tc := range []struct {
		batch      int
		goroutines int
		opts       []boltstore.Option
		name       string
	}{
		{1, 1, nil, "sync"},
		{1, 8, nil, "sync"},
		{100, 1, nil, "sync"},
		{100, 8, nil, "sync"},
		{100, 8, []boltstore.Option{boltstore.WithNoSync()}, "nosync"},
	} {
		b.Run(fmt.Sprintf("batch=%d/goroutines=%d/%s", tc.batch, tc.goroutines, tc.name), func(b *testing.B) {
			benchAppend(b, tc.batch, tc.goroutines, tc.opts...)
		})
	}
}

func benchAppend(b *testing.B, batch, goroutines int, opts ...boltstore.Option) {
	s, err := boltstore.Open(filepath.Join(b.TempDir(), "bench.db"), opts...)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	data := benchEvent()
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var seq atomic.Uint64
	b.SetBytes(int64(batch * len(data)))
	b.ReportAllocs()
	// RunParallel starts parallelism*GOMAXPROCS goroutines.
	b.SetParallelism(max(1, goroutines/max(1, testingProcs())))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		recs := make([]archive.Record, batch)
		for pb.Next() {
			for i := range recs {
				n := seq.Add(1)
				recs[i] = archive.Record{Time: base.Add(time.Duration(n) * time.Microsecond), Seq: n, Ingested: base, Data: data}
			}
			if err := s.Append(context.Background(), recs); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkScan measures reading a 20,000-event archive in order.
func BenchmarkScan(b *testing.B) {
	s, err := boltstore.Open(filepath.Join(b.TempDir(), "bench.db"), boltstore.WithNoSync())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n = 20000
	data := benchEvent()
	recs := make([]archive.Record, n)
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range recs {
		recs[i] = archive.Record{Time: base.Add(time.Duration(i) * time.Millisecond), Seq: uint64(i), Data: data}
	}
	if err := s.Append(context.Background(), recs); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n * len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		count := 0
		err := s.Scan(context.Background(), time.Time{}, time.Time{}, func(archive.Record) error {
			count++
			return nil
		})
		if err != nil || count != n {
			b.Fatal(count, err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
}

// testingProcs is GOMAXPROCS, which RunParallel multiplies.
func testingProcs() int { return runtime.GOMAXPROCS(0) }
