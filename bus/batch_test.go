package bus_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// batchSink is a BatchTarget that fails the first attempt of every event
// whose detail "n" is odd, and records what it saw.
type batchSink struct {
	mu       sync.Mutex
	calls    []int          // batch sizes
	attempts map[string]int // by event id
	stored   map[string]bool
	release  chan struct{} // first call blocks until closed, so a batch queues up
	once     sync.Once
}

func (s *batchSink) Deliver(ctx context.Context, d switchyard.Delivery) error {
	errs := []error{nil}
	s.DeliverBatch(ctx, []switchyard.Delivery{d}, errs)
	return errs[0]
}

func (s *batchSink) DeliverBatch(_ context.Context, ds []switchyard.Delivery, errs []error) {
	s.once.Do(func() { <-s.release })
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, len(ds))
	for i, d := range ds {
		s.attempts[d.Event.ID]++
		n, _ := strconv.Atoi(string(d.Event.Detail[len(`{"n":`) : len(d.Event.Detail)-1]))
		if n%2 == 1 && s.attempts[d.Event.ID] == 1 {
			errs[i] = errors.New("busy")
			continue
		}
		s.stored[d.Event.ID] = true
	}
}

func TestBatchTargetGetsBatchesAndRetriesFailuresAlone(t *testing.T) {
	b, clk := newFakeBus(t, bus.WithLimits(bus.Limits{TargetConcurrency: 1, DeliveryBatch: 16}))
	sink := &batchSink{attempts: map[string]int{}, stored: map[string]bool{}, release: make(chan struct{})}
	addRule(t, b, "", "r", catchAll, bus.Target{ID: "s", Target: sink})
	ctx := context.Background()
	for i := 0; i < 40; i += 10 {
		entries := make([]switchyard.Entry, 10)
		for j := range entries {
			entries[j] = switchyard.Entry{Source: "s", DetailType: "d", Detail: `{"n":` + strconv.Itoa(i+j) + `}`}
		}
		res, err := b.PutEvents(ctx, entries)
		require.NoError(t, err)
		require.Zero(t, res.FailedEntryCount)
	}
	close(sink.release)
	settle(t, b, clk)

	sink.mu.Lock()
	defer sink.mu.Unlock()
	require.Len(t, sink.stored, 40, "every event stored")
	require.Greater(t, len(sink.calls), 1)
	biggest := 0
	for _, n := range sink.calls {
		biggest = max(biggest, n)
		require.LessOrEqual(t, n, 16, "no batch beyond DeliveryBatch")
	}
	require.Greater(t, biggest, 1, "queued deliveries arrive together")
	for id, n := range sink.attempts {
		require.LessOrEqual(t, n, 2, "event %s attempted %d times", id, n)
	}
	st := b.Stats()
	require.EqualValues(t, 40, st.Delivered)
	require.EqualValues(t, 20, st.Retried, "each odd event failed once")
	require.Zero(t, st.Pending)
}
