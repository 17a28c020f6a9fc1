package target

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/switchyard-go/switchyard"
)

// ErrChanFull is returned by a non-blocking Chan target whose channel has no
// room. It is not permanent: the bus retries the delivery later.
var ErrChanFull = errors.New("target: channel is full")

// ChanOption configures a Chan target.
type ChanOption func(*chanTarget)

// NonBlocking makes the target fail with ErrChanFull, instead of waiting,
// when the channel cannot take the delivery at once. The bus then retries
// under the target's retry policy, so a slow consumer applies back-pressure
// through retries rather than by holding a delivery worker.
func NonBlocking() ChanOption {
	return func(c *chanTarget) { c.nonBlocking = true }
}

type chanTarget struct {
	ch          chan<- switchyard.Delivery
	nonBlocking bool
}

// Chan returns a Target that sends each delivery to ch. What is sent is a
// copy the receiver owns: Payload and Attributes are copied, so the bus may
// reuse its buffers; Event is shared and must not be modified.
//
// By default Deliver waits until ch takes the delivery or ctx is done, and
// then returns ctx's error (retried by the bus). See NonBlocking for the
// alternative. ch must not be closed while the bus can still deliver to the
// target; if it is, deliveries fail permanently.
func Chan(ch chan<- switchyard.Delivery, opts ...ChanOption) switchyard.Target {
	c := &chanTarget{ch: ch}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Deliver sends a copy of d to the channel.
func (c *chanTarget) Deliver(ctx context.Context, d switchyard.Delivery) (err error) {
	if c.ch == nil {
		return Permanent(errors.New("target: Chan was given a nil channel"))
	}
	// A cancelled context wins even when the channel has room, so that a
	// shutting-down bus does not keep feeding its consumers.
	if err := ctx.Err(); err != nil {
		return err
	}
	cp := d
	cp.Payload = append([]byte(nil), d.Payload...)
	if d.Attributes != nil {
		cp.Attributes = maps.Clone(d.Attributes)
	}
	// Sending on a closed channel panics; the owner closing it early is a
	// mistake, but the bus's worker should report it, not die of it.
	defer func() {
		if r := recover(); r != nil {
			err = Permanent(fmt.Errorf("target: Chan: %v", r))
		}
	}()
	if c.nonBlocking {
		select {
		case c.ch <- cp:
			return nil
		default:
			return ErrChanFull
		}
	}
	select {
	case c.ch <- cp:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
