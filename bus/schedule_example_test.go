package bus_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard/bus"
)

func ExampleParseSchedule() {
	// 09:00 UTC on the first Monday of every month.
	s, err := bus.ParseSchedule("cron(0 9 ? * 2#1 *)")
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2026, 1, 30, 17, 42, 0, 0, time.UTC)
	for range 3 {
		at = s.Next(at)
		fmt.Println(at.Format(time.RFC3339))
	}
	// Output:
	// 2026-02-02T09:00:00Z
	// 2026-03-02T09:00:00Z
	// 2026-04-06T09:00:00Z
}

func ExampleParseSchedule_invalid() {
	_, err := bus.ParseSchedule("cron(0 0 32 * ? *)")
	fmt.Println(err) // what EventBridge says, and why

	var detail *bus.ScheduleError
	if errors.As(err, &detail) {
		fmt.Println(detail.Field) // the reason, as a value
	}
	// Output:
	// ValidationException: Parameter ScheduleExpression is not valid. (cron: day-of-month: "32" out of range 1-31)
	// day-of-month
}

func ExampleSchedule_NextAfter() {
	// A rate schedule counts from when its rule was created.
	s, err := bus.ParseSchedule("rate(5 minutes)")
	if err != nil {
		fmt.Println(err)
		return
	}
	created := time.Date(2026, 3, 10, 9, 0, 30, 0, time.UTC)
	now := time.Date(2026, 3, 10, 9, 12, 0, 0, time.UTC)
	fmt.Println(s.NextAfter(created, now).Format(time.RFC3339))
	// Output:
	// 2026-03-10T09:15:30Z
}
