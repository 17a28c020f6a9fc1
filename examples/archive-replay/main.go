// Command archive-replay archives a day of events to a durable archive and
// replays one hour of it into a rule created afterwards, the way an
// EventBridge user backfills a new consumer.
//
// It puts 1,440 synthetic order events, one per minute of 2026-01-01 (their
// times set with Entry.Time), on the default bus; an archive keeps them in
// a bbolt file in a temporary directory. Then it creates the rule
// "new-consumer", replays 12:00 to 13:00 into that rule only, printing the
// replay's progress, and checks the counts.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
)

const ordersPattern = `{"source":["com.example.orders"]}`

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "archive-replay:", err)
		os.Exit(1)
	}
}

// counter is a target that counts its deliveries.
type counter struct{ n atomic.Int64 }

func (c *counter) Deliver(context.Context, switchyard.Delivery) error {
	c.n.Add(1)
	return nil
}

func run() error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "archive-replay-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	// A durable archive acknowledges a delivery only once it is on disk;
	// the bus hands it whole batches (it is a switchyard.BatchTarget), so
	// one fsync covers many events.
	b, err := bus.New()
	if err != nil {
		return err
	}
	archives, err := archive.NewArchives(b, archive.WithStoreFactory(func(_, _, name string) (archive.Store, error) {
		return boltstore.Open(filepath.Join(dir, name+".db"))
	}))
	if err != nil {
		return err
	}
	// At most 100 replayed events a second, so that the progress shows.
	replays, err := replay.New(b, archives, replay.WithRate(100, 10))
	if err != nil {
		return err
	}
	defer func() {
		// The bus first, so that its last deliveries reach the archive.
		_ = replays.Close(ctx)
		_ = b.Close(ctx)
		_ = archives.Close(ctx)
	}()

	busARN, err := b.EventBusARN(ctx, "default")
	if err != nil {
		return err
	}
	created, err := archives.CreateArchive(ctx, archive.CreateArchiveInput{
		ArchiveName:    "orders",
		EventSourceARN: busARN,
		Description:    "every order event",
		EventPattern:   ordersPattern,
	})
	if err != nil {
		return err
	}
	fmt.Println("archive:", created.ArchiveARN, created.State)

	// A live consumer, to show that replayed events do not reach it.
	live := &counter{}
	if err := addRule(ctx, b, "live-consumer", live); err != nil {
		return err
	}

	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	const perDay = 24 * 60
	for i := 0; i < perDay; i += 10 {
		entries := make([]switchyard.Entry, 10)
		for j := range entries {
			m := i + j
			entries[j] = switchyard.Entry{
				Time:       day.Add(time.Duration(m) * time.Minute),
				Source:     "com.example.orders",
				DetailType: "OrderPlaced",
				Detail:     fmt.Sprintf(`{"order":%d,"total":%d}`, m, 10+m%90),
			}
		}
		res, err := b.PutEvents(ctx, entries)
		if err != nil {
			return err
		}
		if res.FailedEntryCount > 0 {
			return fmt.Errorf("PutEvents: %d entries failed: %+v", res.FailedEntryCount, res.Entries)
		}
	}
	if err := b.Flush(ctx); err != nil {
		return err
	}
	desc, err := archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "orders"})
	if err != nil {
		return err
	}
	fmt.Printf("archived %d events (%d bytes) in %v\n", desc.EventCount, desc.SizeBytes, time.Since(start).Round(time.Millisecond))

	// A consumer that did not exist when the events were put.
	fresh := &counter{}
	rule, err := b.PutRule(ctx, bus.PutRuleInput{Name: "new-consumer", EventPattern: ordersPattern})
	ruleARN := rule.RuleARN
	if err != nil {
		return err
	}
	if _, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: "new-consumer", Targets: []bus.Target{{ID: "count", Target: fresh}}}); err != nil {
		return err
	}

	from := day.Add(12 * time.Hour)
	started, err := replays.StartReplay(ctx, replay.StartReplayInput{
		ReplayName:     "backfill-noon",
		EventSourceARN: desc.ArchiveARN,
		EventStartTime: from,
		EventEndTime:   from.Add(time.Hour),
		Destination:    replay.Destination{ARN: busARN, FilterARNs: []string{ruleARN}},
	})
	if err != nil {
		return err
	}
	fmt.Println("replay:", started.ReplayARN, started.State)
	last := time.Time{}
	for {
		r, err := replays.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: "backfill-noon"})
		if err != nil {
			return err
		}
		if !r.EventLastReplayedTime.Equal(last) {
			last = r.EventLastReplayedTime
			fmt.Printf("  %-9s EventLastReplayedTime %s\n", r.State, last.Format(time.RFC3339))
		}
		if r.State != replay.StateStarting && r.State != replay.StateRunning {
			if r.State != replay.StateCompleted {
				return fmt.Errorf("replay ended %s: %s", r.State, r.StateReason)
			}
			fmt.Printf("  %-9s in %v\n", r.State, r.ReplayEndTime.Sub(r.ReplayStartTime).Round(time.Millisecond))
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := b.Flush(ctx); err != nil {
		return err
	}
	after, err := archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "orders"})
	if err != nil {
		return err
	}
	fmt.Printf("events archived: %d (replayed events are not archived again)\n", after.EventCount)
	fmt.Printf("received by live-consumer: %d (replayed events go only to the filtered rule)\n", live.n.Load())
	fmt.Printf("received by new-consumer: %d (one hour of events)\n", fresh.n.Load())
	if after.EventCount != perDay || live.n.Load() != perDay || fresh.n.Load() != 60 {
		return fmt.Errorf("unexpected counts")
	}
	return nil
}

// addRule creates a rule for the order events with one target.
func addRule(ctx context.Context, b *bus.Bus, name string, t switchyard.Target) error {
	if _, err := b.PutRule(ctx, bus.PutRuleInput{Name: name, EventPattern: ordersPattern}); err != nil {
		return err
	}
	_, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: name, Targets: []bus.Target{{ID: "count", Target: t}}})
	return err
}
