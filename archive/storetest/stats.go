package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testStats: Count and Bytes follow appends, replacements and deletes.
func testStats(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	rec := func(sec int, seq uint64, size int) archive.Record {
		return archive.Record{Time: at(sec), Seq: seq, Data: make([]byte, size)}
	}
	steps := []struct {
		name   string
		apply  func(t *testing.T)
		count  int64
		nbytes int64
	}{
		{"one record", func(t *testing.T) { appendOK(t, s, rec(1, 1, 100)) }, 1, 100},
		{"a batch", func(t *testing.T) { appendOK(t, s, rec(2, 1, 10), rec(3, 1, 20), rec(4, 1, 0)) }, 4, 130},
		{"replace with larger", func(t *testing.T) { appendOK(t, s, rec(1, 1, 150)) }, 4, 180},
		{"replace with smaller", func(t *testing.T) { appendOK(t, s, rec(2, 1, 1)) }, 4, 171},
		{"replace twice in a batch", func(t *testing.T) { appendOK(t, s, rec(3, 1, 5), rec(3, 1, 7)) }, 4, 158},
		{"same seq other time", func(t *testing.T) { appendOK(t, s, rec(3, 2, 2)) }, 5, 160},
		{"delete", func(t *testing.T) {
			n, err := s.DeleteBefore(context.Background(), at(3))
			require.NoError(t, err)
			require.Equal(t, int64(2), n)
		}, 3, 9},
		{"replace the rest with empty", func(t *testing.T) { appendOK(t, s, rec(3, 1, 0), rec(3, 2, 0), rec(4, 1, 0)) }, 3, 0},
	}
	for _, st := range steps {
		st.apply(t)
		got, err := s.Stats(context.Background())
		require.NoError(t, err)
		require.Equal(t, archive.Stats{Count: st.count, Bytes: st.nbytes}, got, "after %s", st.name)
		require.Equal(t, got, statsOf(scanAll(t, s, time.Time{}, time.Time{})), "after %s: Stats disagrees with a scan", st.name)
	}
}
