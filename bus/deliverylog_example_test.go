package bus_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

// A Bus with a durable delivery log: deliveries a run could not finish
// resume in the next run as soon as it re-creates their rule's target.
func ExampleWithDeliveryLog() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "deliveries")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "deliveries.db")

	// setup creates the application's rule and target: the same in every
	// run, as an application or the server's restored state does.
	setup := func(b *bus.Bus, t switchyard.Target) {
		b.PutRule(ctx, bus.PutRuleInput{Name: "orders", EventPattern: `{"source":["shop"]}`})
		b.PutTargets(ctx, bus.PutTargetsInput{Rule: "orders", Targets: []bus.Target{{ID: "billing", Target: t}}})
	}

	// First run: billing is down; PutEvents returns once the event is on
	// disk, and Close keeps the retry in the log.
	fast := bus.WithLimits(bus.Limits{RetryBaseDelay: 10 * time.Millisecond, RetryMaxDelay: 10 * time.Millisecond})
	// (Its clock stands still, so that the retry waits for the restart.)
	b, _ := bus.New(bus.WithDeliveryLog(path), fast, bus.WithClock(fakeclock.New(time.Now())))
	setup(b, switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { return errors.New("billing is down") }))
	res, _ := b.PutEvents(ctx, []switchyard.Entry{{Source: "shop", DetailType: "OrderPlaced", Detail: `{"id":42}`}})
	b.WaitIdle(ctx)
	b.Close(ctx)
	fmt.Println("failed entries:", res.FailedEntryCount, "kept in the log:", b.Stats().Kept)

	// Second run: re-creating the target resumes the delivery.
	b, _ = bus.New(bus.WithDeliveryLog(path), fast)
	fmt.Println("waiting for their target:", b.Stats().Orphaned)
	setup(b, switchyard.TargetFunc(func(_ context.Context, d switchyard.Delivery) error {
		fmt.Printf("billing got %s, attempt %d\n", d.Event.Detail, d.Attempt)
		return nil
	}))
	b.Flush(ctx)
	b.Close(ctx)
	// Output:
	// failed entries: 0 kept in the log: 1
	// waiting for their target: 1
	// billing got {"id":42}, attempt 2
}
