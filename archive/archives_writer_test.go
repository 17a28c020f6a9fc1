package archive

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// archiveGatedStore is a default store whose first Append waits for gate,
// and which records the size of every Append.
type archiveGatedStore struct {
	*archiveMemStore
	gate    chan struct{}
	entered chan struct{}
	once    sync.Once

	mu    sync.Mutex
	sizes []int
}

func (s *archiveGatedStore) Append(ctx context.Context, recs []Record) error {
	s.mu.Lock()
	s.sizes = append(s.sizes, len(recs))
	s.mu.Unlock()
	s.once.Do(func() {
		close(s.entered)
		<-s.gate
	})
	return s.archiveMemStore.Append(ctx, recs)
}

func (w *archiveWriter) queued() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, b := range w.queue {
		n += len(b.recs)
	}
	return n
}

// Records that arrive while an Append runs are appended together, in
// batches of at most maxBatch, each Deliver returning once its own record
// is stored; sequence numbers are unique.
func TestArchiveWriterGroupCommit(t *testing.T) {
	tests := []struct {
		maxBatch int
		want     []int
	}{
		{1024, []int{1, 10}},
		{4, []int{1, 4, 4, 2}},
	}
	for _, tc := range tests {
		t.Run("", func(t *testing.T) {
			ctx := context.Background()
			st := &archiveGatedStore{archiveMemStore: newArchiveMemStore(), gate: make(chan struct{}), entered: make(chan struct{})}
			w := newArchiveWriter(ctx, st, tc.maxBatch, 0)
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			errs := make(chan error, 11)
			go func() { errs <- w.add(ctx, Record{Time: at, Data: []byte(`{}`)}) }()
			<-st.entered // the first record is being appended directly
			for range 10 {
				go func() { errs <- w.add(ctx, Record{Time: at, Data: []byte(`{}`)}) }()
			}
			require.Eventually(t, func() bool { return w.queued() == 10 }, 10*time.Second, time.Millisecond)
			close(st.gate)
			for range 11 {
				require.NoError(t, <-errs)
			}
			w.close()
			require.Equal(t, tc.want, st.sizes)
			seqs := map[uint64]bool{}
			require.NoError(t, st.Scan(ctx, time.Time{}, time.Time{}, func(r Record) error {
				seqs[r.Seq] = true
				return nil
			}))
			require.Len(t, seqs, 11)
			require.ErrorIs(t, w.add(ctx, Record{Time: at}), ErrArchivesClosed)
		})
	}
}

// A Deliver whose context ends while it waits returns ctx's error.
func TestArchiveWriterContext(t *testing.T) {
	st := &archiveGatedStore{archiveMemStore: newArchiveMemStore(), gate: make(chan struct{}), entered: make(chan struct{})}
	w := newArchiveWriter(context.Background(), st, 16, 0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	first := make(chan error, 1)
	go func() { first <- w.add(context.Background(), Record{Time: at}) }()
	<-st.entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, w.add(ctx, Record{Time: at}), context.Canceled)
	close(st.gate)
	require.NoError(t, <-first)
	w.close()
}

// With a delay the writer gathers a batch instead of appending at once.
func TestArchiveWriterDelay(t *testing.T) {
	ctx := context.Background()
	st := &archiveGatedStore{archiveMemStore: newArchiveMemStore(), gate: make(chan struct{}), entered: make(chan struct{})}
	close(st.gate)
	w := newArchiveWriter(ctx, st, 3, time.Hour)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	errs := make(chan error, 3)
	for range 3 {
		go func() { errs <- w.add(ctx, Record{Time: at}) }()
	}
	for range 3 {
		require.NoError(t, <-errs) // a full batch does not wait for the delay
	}
	w.close()
	st.mu.Lock()
	defer st.mu.Unlock()
	total := 0
	for _, n := range st.sizes {
		total += n
	}
	require.Equal(t, 3, total)
}
