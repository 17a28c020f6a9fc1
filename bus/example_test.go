package bus_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
	"github.com/switchyard-go/switchyard/target"
)

func ExampleNew() {
	ctx := context.Background()
	b, err := bus.New(bus.WithAccount("111122223333"), bus.WithRegion("eu-west-1"))
	if err != nil {
		panic(err)
	}
	defer b.Close(ctx)

	out, _ := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "orders"})
	fmt.Println(out.EventBusARN)
	// Output: arn:aws:events:eu-west-1:111122223333:event-bus/orders
}

func ExampleBus_PutEvents() {
	ctx := context.Background()
	b, _ := bus.New()
	defer b.Close(ctx)

	_, _ = b.PutRule(ctx, bus.PutRuleInput{
		Name:         "big-orders",
		EventPattern: `{"source":["shop"],"detail":{"total":[{"numeric":[">",100]}]}}`,
	})
	_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "big-orders", Targets: []bus.Target{{
		ID:        "print",
		InputPath: "$.detail",
		Target: switchyard.TargetFunc(func(_ context.Context, d switchyard.Delivery) error {
			fmt.Printf("%s: %s\n", d.RuleName, d.Payload)
			return nil
		}),
	}}})

	res, _ := b.PutEvents(ctx, []switchyard.Entry{
		{Source: "shop", DetailType: "Order Placed", Detail: `{"total":250}`},
		{Source: "shop", DetailType: "Order Placed", Detail: `{"total":20}`},
		{Source: "shop", DetailType: "Order Placed"},
	})
	_ = b.Flush(ctx) // delivery is asynchronous; wait for it
	fmt.Println("failed entries:", res.FailedEntryCount, res.Entries[2].ErrorCode)
	// Output:
	// big-orders: {"total":250}
	// failed entries: 1 InvalidArgument
}

func ExampleBus_PutTargets_deadLetter() {
	ctx := context.Background()
	clk := fakeclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	b, _ := bus.New(bus.WithClock(clk))
	defer b.Close(ctx)

	_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: "all", EventPattern: `{"source":["app"]}`})
	_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "all", Targets: []bus.Target{{
		ID:          "flaky",
		Target:      target.Func(func(context.Context, switchyard.Delivery) error { return errors.New("503") }),
		RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(2)},
		DeadLetter: target.Func(func(_ context.Context, d switchyard.Delivery) error {
			fmt.Println(d.Attributes["EXHAUSTED_RETRY_CONDITION"], d.Attributes["RETRY_ATTEMPTS"], d.Attributes["ERROR_MESSAGE"])
			return nil
		}),
	}}})
	_, _ = b.PutEvents(ctx, []switchyard.Entry{{Source: "app", DetailType: "t", Detail: `{}`}})

	// Drive the retries with the fake clock: wait until every delivery is
	// parked on a timer, then fire the next one.
	for {
		_ = b.WaitIdle(ctx)
		if b.Stats().Pending == 0 {
			break
		}
		clk.AdvanceToNext()
	}
	st := b.Stats()
	fmt.Println("retried:", st.Retried, "dead-lettered:", st.DeadLettered)
	// Output:
	// MaximumRetryAttempts 2 503
	// retried: 2 dead-lettered: 1
}

func ExampleBus_PutRule_schedule() {
	ctx := context.Background()
	clk := fakeclock.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	b, _ := bus.New(bus.WithClock(clk))
	defer b.Close(ctx)

	_, _ = b.PutRule(ctx, bus.PutRuleInput{Name: "nightly", ScheduleExpression: "cron(0 2 * * ? *)"})
	_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "nightly", Targets: []bus.Target{{
		ID: "job",
		Target: switchyard.TargetFunc(func(_ context.Context, d switchyard.Delivery) error {
			fmt.Println(d.Event.DetailType, d.Event.Time.Format(time.RFC3339))
			return nil
		}),
	}}})
	clk.Advance(48 * time.Hour)
	_ = b.Flush(ctx)
	// Unordered output:
	// Scheduled Event 2026-01-01T02:00:00Z
	// Scheduled Event 2026-01-02T02:00:00Z
}

func ExampleBus_TestEventPattern() {
	b, _ := bus.New()
	defer b.Close(context.Background())
	ok, err := resultOf(b.TestEventPattern(context.Background(), bus.TestEventPatternInput{EventPattern: `{"detail":{"state":[{"prefix":"run"}]}}`, Event: `{"id":"1","account":"123456789012","source":"ec2","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"State","detail":{"state":"running"}}`}))
	fmt.Println(ok, err)
	// Output: true <nil>
}
