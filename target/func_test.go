package target

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

func TestFunc(t *testing.T) {
	var got switchyard.Delivery
	boom := errors.New("boom")
	tgt := Func(func(_ context.Context, d switchyard.Delivery) error {
		got = d
		if d.Attempt > 1 {
			return boom
		}
		return nil
	})
	d := switchyard.Delivery{Payload: []byte(`{"a":1}`), TargetID: "t1", Attempt: 1}
	require.NoError(t, tgt.Deliver(context.Background(), d))
	require.Equal(t, d, got)

	d.Attempt = 2
	err := tgt.Deliver(context.Background(), d)
	require.ErrorIs(t, err, boom)
	require.False(t, IsPermanent(err), "Func's errors are the function's own")
}

func TestFuncNil(t *testing.T) {
	err := Func(nil).Deliver(context.Background(), switchyard.Delivery{})
	require.Error(t, err)
	require.True(t, IsPermanent(err))
	require.Contains(t, err.Error(), "nil function")
}
