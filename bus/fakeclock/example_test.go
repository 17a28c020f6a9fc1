package fakeclock_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

func ExampleClock() {
	clk := fakeclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	clk.AfterFunc(time.Hour, func() { fmt.Println("an hour later:", clk.Now().Format(time.Kitchen)) })
	clk.AfterFunc(time.Minute, func() { fmt.Println("a minute later:", clk.Now().Format(time.Kitchen)) })
	clk.Advance(2 * time.Hour) // fires both, in deadline order
	fmt.Println("now:", clk.Now().Format(time.Kitchen))
	// Output:
	// a minute later: 12:01AM
	// an hour later: 1:00AM
	// now: 2:00AM
}

// A bus on a fake clock retries only when the clock moves; Drain moves it
// until every delivery is settled, without sleeping.
func ExampleClock_bus() {
	ctx := context.Background()
	clk := fakeclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	b, _ := bus.New(bus.WithClock(clk))
	defer b.Close(ctx)

	attempts := 0
	_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventPattern: `{"source":["shop"]}`})
	_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{{
		ID: "flaky",
		Target: switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
			attempts++
			if attempts < 3 {
				return errors.New("try again")
			}
			return nil
		}),
	}}})
	_, _ = b.PutEvents(ctx, []switchyard.Entry{{Source: "shop", DetailType: "Order Placed", Detail: `{}`}})

	if err := b.Drain(ctx, clk); err != nil {
		fmt.Println(err)
	}
	fmt.Println("attempts:", attempts, "delivered:", b.Stats().Delivered)
	// Output: attempts: 3 delivered: 1
}
