package replay_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
)

// counting is a target that counts deliveries.
type counting struct{ n atomic.Int64 }

func (c *counting) Deliver(context.Context, switchyard.Delivery) error {
	c.n.Add(1)
	return nil
}

// BenchmarkReplayThroughput measures a replay end to end: reading the
// archive, decoding each event, routing it through the bus to one rule's
// target, until the target has them all. Each iteration replays the whole
// archive of benchEvents events; the metric is replayed events per second.
func BenchmarkReplayThroughput(b *testing.B) {
	const benchEvents = 20000
	for _, store := range []string{"memory", "bolt"} {
		b.Run(store, func(b *testing.B) {
			ctx := context.Background()
			bs, err := bus.New()
			require.NoError(b, err)
			defer func() { _ = bs.Close(ctx) }()
			var opts []archive.ArchivesOption
			if store == "bolt" {
				dir := b.TempDir()
				opts = append(opts, archive.WithStoreFactory(func(_, _, name string) (archive.Store, error) {
					return boltstore.Open(filepath.Join(dir, name+".db"), boltstore.WithNoSync())
				}))
			}
			a, err := archive.NewArchives(bs, opts...)
			require.NoError(b, err)
			defer func() { _ = a.Close(ctx) }()
			r, err := replay.New(bs, a)
			require.NoError(b, err)
			defer func() { _ = r.Close(ctx) }()

			_, err = a.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "orders", EventSourceARN: defaultBusARN, EventPattern: ordersPattern})
			require.NoError(b, err)
			entries := make([]switchyard.Entry, 10)
			for i := 0; i < benchEvents; i += 10 {
				for j := range entries {
					entries[j] = switchyard.Entry{Source: "orders", DetailType: "OrderPlaced", Time: noon.Add(time.Duration(i+j) * time.Second),
						Detail: fmt.Sprintf(`{"order":%d,"customer":"c-%d","total":%d.5,"items":[{"sku":"a","qty":1},{"sku":"b","qty":2}]}`, i+j, (i+j)%97, (i+j)%500)}
				}
				putAll(b, bs, entries)
			}
			require.NoError(b, bs.Flush(ctx))
			c := &counting{}
			rule, err := bs.PutRule(ctx, bus.PutRuleInput{Name: "sink", EventPattern: ordersPattern})
			arn := rule.RuleARN
			require.NoError(b, err)
			_, err = bs.PutTargets(ctx, bus.PutTargetsInput{Rule: "sink", Targets: []bus.Target{{ID: "t", Target: c}}})
			require.NoError(b, err)

			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				name := fmt.Sprintf("bench-%d", i)
				_, err := r.StartReplay(ctx, replay.StartReplayInput{
					ReplayName: name, EventSourceARN: archiveARN("orders"), EventStartTime: noon, EventEndTime: noon.Add(24 * time.Hour),
					Destination: replay.Destination{ARN: defaultBusARN, FilterARNs: []string{arn}},
				})
				require.NoError(b, err)
				for {
					d, err := r.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: name})
					require.NoError(b, err)
					if d.State == replay.StateCompleted {
						break
					}
					require.Contains(b, []replay.State{replay.StateStarting, replay.StateRunning}, d.State, d.StateReason)
					time.Sleep(50 * time.Microsecond)
				}
				require.NoError(b, bs.Flush(ctx))
			}
			elapsed := time.Since(start)
			b.StopTimer()
			require.EqualValues(b, benchEvents*b.N, c.n.Load())
			b.ReportMetric(float64(benchEvents*b.N)/elapsed.Seconds(), "events/s")
			b.ReportMetric(float64(elapsed.Nanoseconds())/float64(benchEvents*b.N), "ns/event")
		})
	}
}

// putAll puts entries, putting again those a full queue throttled.
func putAll(b *testing.B, bs *bus.Bus, entries []switchyard.Entry) {
	for len(entries) > 0 {
		res, err := bs.PutEvents(context.Background(), entries)
		require.NoError(b, err)
		var again []switchyard.Entry
		for i, e := range res.Entries {
			if e.Failed() {
				require.Equal(b, switchyard.CodeThrottling, e.ErrorCode, e.ErrorMessage)
				again = append(again, entries[i])
			}
		}
		if len(again) > 0 {
			time.Sleep(time.Millisecond)
		}
		entries = again
	}
}
