package target

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

func TestChanCopiesDelivery(t *testing.T) {
	ch := make(chan switchyard.Delivery, 1)
	payload := []byte(`{"a":1}`)
	attrs := map[string]string{"RULE_ARN": "arn"}
	ev := &switchyard.Event{ID: "e1"}
	d := switchyard.Delivery{Event: ev, Payload: payload, Attributes: attrs, TargetID: "t1", Attempt: 3}

	require.NoError(t, Chan(ch).Deliver(context.Background(), d))
	got := <-ch

	// The bus may reuse its buffers once Deliver returns.
	payload[2] = 'X'
	attrs["RULE_ARN"] = "changed"
	require.Equal(t, `{"a":1}`, string(got.Payload))
	require.Equal(t, "arn", got.Attributes["RULE_ARN"])
	require.Same(t, ev, got.Event, "the event is shared, not copied")
	require.Equal(t, "t1", got.TargetID)
	require.Equal(t, 3, got.Attempt)
}

func TestChanBlocksUntilContextDone(t *testing.T) {
	ch := make(chan switchyard.Delivery) // nobody receives
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- Chan(ch).Deliver(ctx, switchyard.Delivery{}) }()
	cancel()
	err := <-errc
	require.ErrorIs(t, err, context.Canceled)
	require.False(t, IsPermanent(err), "a cancelled delivery is retried")
}

func TestChanCancelledContextWins(t *testing.T) {
	ch := make(chan switchyard.Delivery, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, Chan(ch).Deliver(ctx, switchyard.Delivery{}), context.Canceled)
	require.Empty(t, ch, "nothing is sent once ctx is done")
}

func TestChanNonBlocking(t *testing.T) {
	ch := make(chan switchyard.Delivery, 1)
	tgt := Chan(ch, NonBlocking())
	require.NoError(t, tgt.Deliver(context.Background(), switchyard.Delivery{TargetID: "first"}))
	err := tgt.Deliver(context.Background(), switchyard.Delivery{TargetID: "second"})
	require.ErrorIs(t, err, ErrChanFull)
	require.False(t, IsPermanent(err), "a full channel is retryable")
	require.Equal(t, "first", (<-ch).TargetID)
}

func TestChanMisuse(t *testing.T) {
	err := Chan(nil).Deliver(context.Background(), switchyard.Delivery{})
	require.True(t, IsPermanent(err))
	require.Contains(t, err.Error(), "nil channel")

	ch := make(chan switchyard.Delivery, 1)
	close(ch)
	for _, tgt := range []switchyard.Target{Chan(ch), Chan(ch, NonBlocking())} {
		err = tgt.Deliver(context.Background(), switchyard.Delivery{})
		require.True(t, IsPermanent(err), "a closed channel fails the delivery instead of panicking")
		require.Contains(t, err.Error(), "closed channel")
	}
}
