package storetest

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testBigBatch: one batch of 10,000 records in random order is stored whole
// and scanned in order.
func testBigBatch(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	recs := make([]archive.Record, 10000)
	for i := range recs {
		recs[i] = mk(at(i/10).Add(time.Duration(i%10)*time.Microsecond), uint64(i))
	}
	want := sorted(recs)
	rand.New(rand.NewPCG(42, 42)).Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	appendOK(t, s, recs...)
	requireStats(t, s, statsOf(want))
	requireRecords(t, want, scanAll(t, s, time.Time{}, time.Time{}))
	requireRecords(t, want[2500:7500], scanAll(t, s, at(250), at(750)))

	// A second big batch interleaved with the first.
	more := make([]archive.Record, 10000)
	for i := range more {
		more[i] = mk(at(i/10).Add(time.Nanosecond), uint64(i))
	}
	appendOK(t, s, more...)
	all := sorted(append(want, more...))
	require.Len(t, all, 20000)
	requireRecords(t, all, scanAll(t, s, time.Time{}, time.Time{}))
	requireStats(t, s, statsOf(all))
}
