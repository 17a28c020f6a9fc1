package target

import (
	"context"
	"errors"

	"github.com/switchyard-go/switchyard"
)

// Func returns a Target that calls fn for each delivery. It is
// switchyard.TargetFunc(fn), except that a nil fn yields a target whose
// deliveries fail permanently instead of panicking.
//
// fn is called from the bus's delivery workers, possibly concurrently, and
// must not retain d.Payload after it returns. Returning nil acknowledges the
// delivery; any other error is retried unless wrapped with Permanent.
func Func(fn func(ctx context.Context, d switchyard.Delivery) error) switchyard.Target {
	if fn == nil {
		return switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error {
			return Permanent(errors.New("target: Func was given a nil function"))
		})
	}
	return switchyard.TargetFunc(fn)
}
