package archive_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
	"github.com/switchyard-go/switchyard/bus"
)

// BenchmarkArchivesIngest measures archiving end to end: PutEvents on a
// bus, the archive rule, and the durable append each delivery waits for.
// Every delivery is acknowledged only once stored, so with a store that
// fsyncs, throughput is the number of events per fsync: the bus hands the
// archive (a switchyard.BatchTarget) up to DeliveryBatch events per call,
// and the writer appends each call's events with one commit.
func BenchmarkArchivesIngest(b *testing.B) {
	tests := []struct {
		name   string
		bolt   bool
		limits bus.Limits
	}{
		{"memory", false, bus.Limits{}},
		{"bolt", true, bus.Limits{}},
		{"bolt-batch-1", true, bus.Limits{DeliveryBatch: 1, TargetConcurrency: 64, Workers: 64}},
	}
	for _, tc := range tests {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			bs, err := bus.New(bus.WithLimits(tc.limits))
			require.NoError(b, err)
			defer func() { _ = bs.Close(ctx) }()
			var opts []archive.ArchivesOption
			if tc.bolt {
				dir := b.TempDir()
				opts = append(opts, archive.WithStoreFactory(func(_, _, name string) (archive.Store, error) {
					return boltstore.Open(filepath.Join(dir, name+".db"))
				}))
			}
			a, err := archive.NewArchives(bs, opts...)
			require.NoError(b, err)
			defer func() { _ = a.Close(ctx) }()
			_, err = a.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "a", EventSourceARN: archivesDefaultBusARN})
			require.NoError(b, err)

			entries := make([]switchyard.Entry, 10)
			for j := range entries {
				entries[j] = switchyard.Entry{Source: "orders", DetailType: "OrderPlaced", Detail: fmt.Sprintf(`{"order":%d,"total":12.5}`, j)}
			}
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i += len(entries) {
				pending := entries[:min(len(entries), b.N-i)]
				for len(pending) > 0 {
					res, err := bs.PutEvents(ctx, pending)
					require.NoError(b, err)
					var again []switchyard.Entry
					for k, e := range res.Entries {
						if e.Failed() {
							again = append(again, pending[k])
						}
					}
					if len(again) > 0 {
						time.Sleep(100 * time.Microsecond) // throttled: the queue is full
					}
					pending = again
				}
			}
			require.NoError(b, bs.Flush(ctx))
			elapsed := time.Since(start)
			b.StopTimer()
			d, err := a.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "a"})
			require.NoError(b, err)
			require.EqualValues(b, b.N, d.EventCount)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
		})
	}
}
