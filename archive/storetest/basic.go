package storetest

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// testEmpty: a new store holds nothing.
func testEmpty(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	requireStats(t, s, archive.Stats{})
	require.Empty(t, scanAll(t, s, time.Time{}, time.Time{}))
}

// testEmptyBatch: appending no records succeeds and changes nothing.
func testEmptyBatch(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	require.NoError(t, s.Append(context.Background(), nil))
	require.NoError(t, s.Append(context.Background(), []archive.Record{}))
	requireStats(t, s, archive.Stats{})
	appendOK(t, s, mk(at(1), 1))
	require.NoError(t, s.Append(context.Background(), nil))
	requireRecords(t, []archive.Record{mk(at(1), 1)}, scanAll(t, s, time.Time{}, time.Time{}))
}

// testOrder: Scan delivers (Time, Seq) order whatever the append order and
// batching, and Seq breaks ties between equal times only.
func testOrder(t *testing.T, open func(t *testing.T) archive.Store) {
	// Seq deliberately disagrees with time order across times.
	var recs []archive.Record
	for i := range 40 {
		recs = append(recs, mk(at(i/4), uint64(1000-i%4*7-i)))
	}
	// Two records 1ns apart and records sharing a time with extreme seqs.
	recs = append(recs,
		mk(at(100), 0), mk(at(100).Add(time.Nanosecond), 0),
		mk(at(101), ^uint64(0)), mk(at(101), 1<<63), mk(at(101), 0))
	want := sorted(recs)

	reversed := make([]archive.Record, len(want))
	for i, r := range want {
		reversed[len(want)-1-i] = r
	}
	shuffled := func(seed uint64) []archive.Record {
		out := append([]archive.Record(nil), recs...)
		rng := rand.New(rand.NewPCG(seed, 1))
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	tests := []struct {
		name    string
		recs    []archive.Record
		batches int // split recs into this many consecutive batches
	}{
		{"in order, one batch", want, 1},
		{"in order, one per batch", want, len(want)},
		{"reversed, one batch", reversed, 1},
		{"reversed, one per batch", reversed, len(want)},
		{"shuffled, one batch", shuffled(1), 1},
		{"shuffled, 7 batches", shuffled(2), 7},
		{"shuffled, one per batch", shuffled(3), len(want)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			size := (len(tc.recs) + tc.batches - 1) / tc.batches
			for lo := 0; lo < len(tc.recs); lo += size {
				appendOK(t, s, tc.recs[lo:min(lo+size, len(tc.recs))]...)
			}
			requireRecords(t, want, scanAll(t, s, time.Time{}, time.Time{}))
			requireStats(t, s, statsOf(want))
		})
	}
}

// testReplace: appending a stored key replaces the record, in a later batch
// or later in the same batch, and Stats follows.
func testReplace(t *testing.T, open func(t *testing.T) archive.Store) {
	replacement := func(r archive.Record, data string) archive.Record {
		r.Data = []byte(data)
		r.Ingested = r.Ingested.Add(time.Minute)
		return r
	}
	a, b, c := mk(at(1), 1), mk(at(2), 2), mk(at(3), 3)
	tests := []struct {
		name    string
		batches [][]archive.Record
		want    []archive.Record
	}{
		{
			name:    "same record twice",
			batches: [][]archive.Record{{a, b}, {a, b}},
			want:    []archive.Record{a, b},
		},
		{
			name:    "longer data",
			batches: [][]archive.Record{{a, b, c}, {replacement(b, `{"replaced":"with something much longer than before"}`)}},
			want:    []archive.Record{a, replacement(b, `{"replaced":"with something much longer than before"}`), c},
		},
		{
			name:    "shorter data",
			batches: [][]archive.Record{{a, b, c}, {replacement(a, `{}`)}},
			want:    []archive.Record{replacement(a, `{}`), b, c},
		},
		{
			name:    "within one batch the last wins",
			batches: [][]archive.Record{{a, replacement(a, `{"n":1}`), b, replacement(a, `{"n":2}`)}},
			want:    []archive.Record{replacement(a, `{"n":2}`), b},
		},
		{
			name:    "replace and insert in one batch",
			batches: [][]archive.Record{{c}, {b, replacement(c, `{"c":2}`), a}},
			want:    []archive.Record{a, b, replacement(c, `{"c":2}`)},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			for _, batch := range tc.batches {
				appendOK(t, s, batch...)
			}
			requireRecords(t, tc.want, scanAll(t, s, time.Time{}, time.Time{}))
			requireStats(t, s, statsOf(tc.want))
		})
	}
}

// testWindow: Scan covers the half-open window [from, to); a zero to is
// unbounded; an empty or reversed window delivers nothing.
func testWindow(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	var all []archive.Record
	for i := range 10 {
		all = append(all, mk(at(i), 1), mk(at(i), 2))
	}
	// A record one nanosecond after at(5) tells whether bounds are exact.
	all = append(all, mk(at(5).Add(time.Nanosecond), 0))
	all = sorted(all)
	appendOK(t, s, all...)

	between := func(from, to time.Time) []archive.Record {
		var out []archive.Record
		for _, r := range all {
			if !r.Time.Before(from) && (to.IsZero() || r.Time.Before(to)) {
				out = append(out, r)
			}
		}
		return out
	}
	far := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		from, to time.Time
		count    int
	}{
		{"everything", time.Time{}, time.Time{}, 21},
		{"from the start", time.Time{}, at(3), 6},
		{"bounded", at(2), at(5), 6},
		{"to is exclusive", at(5), at(5).Add(time.Nanosecond), 2},
		{"from is inclusive", at(5).Add(time.Nanosecond), at(6), 1},
		{"unbounded above", at(8), time.Time{}, 4},
		{"between records", at(2).Add(time.Millisecond), at(4).Add(-time.Millisecond), 2},
		{"empty", at(4), at(4), 0},
		{"reversed", at(6), at(3), 0},
		{"after everything", at(10), time.Time{}, 0},
		{"before everything", time.Time{}, at(0), 0},
		{"far future bound", at(9), far, 2},
		{"epoch to base", time.Unix(0, 0), at(1), 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := scanAll(t, s, tc.from, tc.to)
			require.Len(t, got, tc.count)
			requireRecords(t, between(tc.from, tc.to), got)
		})
	}
}

// testIngested: Ingested is returned as appended, to the nanosecond, in any
// location, and a zero Ingested stays zero.
func testIngested(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	zone := time.FixedZone("UTC+5:30", 5*3600+1800)
	recs := []archive.Record{
		{Time: at(1), Seq: 1, Ingested: time.Time{}, Data: []byte(`{"a":1}`)},
		{Time: at(2), Seq: 1, Ingested: time.Date(2024, 3, 1, 12, 0, 2, 123456789, time.UTC), Data: []byte(`{"a":2}`)},
		{Time: at(3), Seq: 1, Ingested: time.Date(2024, 3, 1, 17, 30, 3, 1, zone), Data: []byte(`{"a":3}`)},
		{Time: at(4), Seq: 1, Ingested: time.Date(1960, 1, 1, 0, 0, 0, 999, time.UTC), Data: []byte(`{"a":4}`)},
		{Time: at(5), Seq: 1, Ingested: time.Now(), Data: []byte(`{"a":5}`)}, // monotonic reading
	}
	appendOK(t, s, recs...)
	got := scanAll(t, s, time.Time{}, time.Time{})
	requireRecords(t, recs, got)
	require.True(t, got[0].Ingested.IsZero(), "zero Ingested came back as %s", got[0].Ingested)
}

// testEmptyData: records with nil or empty Data are stored and count zero
// bytes.
func testEmptyData(t *testing.T, open func(t *testing.T) archive.Store) {
	s := open(t)
	recs := []archive.Record{
		{Time: at(1), Seq: 1, Data: nil},
		{Time: at(2), Seq: 1, Data: []byte{}},
		{Time: at(3), Seq: 1, Data: []byte(`{}`)},
	}
	appendOK(t, s, recs...)
	got := scanAll(t, s, time.Time{}, time.Time{})
	requireRecords(t, recs, got)
	requireStats(t, s, archive.Stats{Count: 3, Bytes: 2})
}
