package switchyard_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/switchyard-go/switchyard"
)

// An event marshals to exactly EventBridge's JSON, fields in its order.
func ExampleEvent_MarshalJSON() {
	ev := switchyard.Event{
		ID: "6a7e8feb-b491-4cf7-a9f1-bf3703467718", DetailType: "Order Placed", Source: "shop",
		Account: "123456789012", Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Region: "us-east-1",
		Detail: []byte(`{"id":7}`),
	}
	out, _ := ev.MarshalJSON()
	fmt.Println(string(out))
	// Output: {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Order Placed","source":"shop","account":"123456789012","time":"2026-01-02T03:04:05Z","region":"us-east-1","resources":[],"detail":{"id":7}}
}

// The caller of an API call — the account and region it acts as — travels
// in the context.
func ExampleWithCaller() {
	ctx := switchyard.WithCaller(context.Background(), switchyard.Caller{Account: "111122223333", Region: "eu-west-1"})
	c, ok := switchyard.CallerFrom(ctx)
	fmt.Println(c.Account, c.Region, ok)
	// Output: 111122223333 eu-west-1 true
}

// Errors carry EventBridge's codes and compare by code with errors.Is.
func ExampleError() {
	var err error = &switchyard.Error{Code: switchyard.CodeResourceNotFound, Message: "Event bus orders does not exist."}
	wrapped := fmt.Errorf("setting up: %w", err)
	fmt.Println(errors.Is(wrapped, switchyard.ErrResourceNotFound))
	fmt.Println(wrapped)
	// Output:
	// true
	// setting up: ResourceNotFoundException: Event bus orders does not exist.
}

// A PutEvents result has one entry per input entry, in order.
func ExamplePutEventsResult() {
	res := switchyard.PutEventsResult{FailedEntryCount: 1, Entries: []switchyard.ResultEntry{
		{EventID: "11710aed-b79e-4468-a20b-bb3c0c3b4860"},
		{ErrorCode: switchyard.CodeMalformedDetail, ErrorMessage: "Detail is malformed."},
	}}
	for i, e := range res.Entries {
		fmt.Println(i, e.Failed())
	}
	// Output:
	// 0 false
	// 1 true
}
