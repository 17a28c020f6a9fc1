package storetest

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// modelKey identifies a record in the reference model.
type modelKey struct {
	ns  int64
	seq uint64
}

// testModel drives the store and a map with the same random operations and
// compares them after each one: appends (with many collisions), deletes and
// scans of random windows, times on both sides of 1970.
func testModel(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(2024, 3))
	model := map[modelKey]archive.Record{}
	randTime := func() time.Time {
		// A small range so that keys collide and windows matter.
		return time.Unix(0, 0).Add(time.Duration(rng.IntN(400)-200) * time.Millisecond)
	}
	contents := func(from, to time.Time) []archive.Record {
		var out []archive.Record
		for _, k := range slices.SortedFunc(maps.Keys(model), func(a, b modelKey) int {
			return compareRecords(archive.Record{Time: time.Unix(0, a.ns), Seq: a.seq}, archive.Record{Time: time.Unix(0, b.ns), Seq: b.seq})
		}) {
			r := model[k]
			if !r.Time.Before(from) && (to.IsZero() || r.Time.Before(to)) {
				out = append(out, r)
			}
		}
		return out
	}
	for op := range 300 {
		switch x := rng.IntN(10); {
		case x < 6:
			batch := make([]archive.Record, rng.IntN(30))
			for i := range batch {
				r := mk(randTime(), uint64(rng.IntN(3)))
				r.Ingested = time.Unix(int64(op), int64(i))
				r.Data = append(r.Data, byte('a'+op%26))
				batch[i] = r
			}
			require.NoError(t, s.Append(ctx, batch), "op %d", op)
			for _, r := range batch {
				model[modelKey{r.Time.UnixNano(), r.Seq}] = r
			}
		case x < 7:
			cut := randTime()
			n, err := s.DeleteBefore(ctx, cut)
			require.NoError(t, err, "op %d", op)
			want := 0
			for k, r := range model {
				if r.Time.Before(cut) {
					delete(model, k)
					want++
				}
			}
			require.Equal(t, int64(want), n, "op %d: DeleteBefore(%s)", op, cut)
		default:
			from, to := randTime(), randTime()
			if rng.IntN(4) == 0 {
				to = time.Time{}
			}
			requireRecords(t, contents(from, to), scanAll(t, s, from, to), "op %d: Scan(%s, %s)", op, from, to)
		}
		requireStats(t, s, statsOf(contents(time.Time{}, time.Time{})))
	}
	requireRecords(t, contents(time.Time{}, time.Time{}), scanAll(t, s, time.Time{}, time.Time{}))
}
