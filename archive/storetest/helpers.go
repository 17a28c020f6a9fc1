package storetest

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
)

// at returns 2024-03-01T12:00:00Z plus n seconds, the time most records of
// the suite are placed around.
func at(n int) time.Time { return time.Date(2024, 3, 1, 12, 0, n, 0, time.UTC) }

// payload is the data a record with key (tm, seq) carries in the suite: it
// names its key, so a scan can check each record is whole and is the one it
// claims to be, and its length varies with seq.
func payload(tm time.Time, seq uint64) []byte {
	return fmt.Appendf(nil, `{"time":%q,"seq":%d,"pad":"%s"}`,
		tm.UTC().Format(time.RFC3339Nano), seq, strings.Repeat("x", int(seq%23)))
}

// mk returns the record with key (tm, seq), its payload, and an ingestion
// time derived from its key.
func mk(tm time.Time, seq uint64) archive.Record {
	return archive.Record{
		Time:     tm,
		Seq:      seq,
		Ingested: tm.Add(time.Duration(seq) * time.Millisecond).Add(time.Hour),
		Data:     payload(tm, seq),
	}
}

// compareRecords orders records by (Time, Seq).
func compareRecords(a, b archive.Record) int {
	return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.Seq, b.Seq))
}

// sorted returns a sorted copy of recs.
func sorted(recs []archive.Record) []archive.Record {
	out := slices.Clone(recs)
	slices.SortStableFunc(out, compareRecords)
	return out
}

// appendOK appends recs and fails the test on error.
func appendOK(t *testing.T, s archive.Store, recs ...archive.Record) {
	t.Helper()
	require.NoError(t, s.Append(context.Background(), recs))
}

// scanAll returns copies of the records Scan delivers for [from, to),
// checking on the way that they come in strictly increasing key order.
func scanAll(t *testing.T, s archive.Store, from, to time.Time) []archive.Record {
	t.Helper()
	var out []archive.Record
	err := s.Scan(context.Background(), from, to, func(rec archive.Record) error {
		if n := len(out); n > 0 && compareRecords(out[n-1], rec) >= 0 {
			return fmt.Errorf("record (%s, %d) delivered after (%s, %d)",
				rec.Time, rec.Seq, out[n-1].Time, out[n-1].Seq)
		}
		rec.Data = bytes.Clone(rec.Data)
		out = append(out, rec)
		return nil
	})
	require.NoError(t, err)
	return out
}

// requireRecords checks got holds exactly want, in order: keys, ingestion
// times and data. It compares in a plain loop and calls require only on a
// mismatch, since it runs on tens of thousands of records.
func requireRecords(t *testing.T, want, got []archive.Record, msgAndArgs ...any) {
	t.Helper()
	if len(want) != len(got) {
		require.Equal(t, describe(want), describe(got), msgAndArgs...)
	}
	for i := range want {
		w, g := &want[i], &got[i]
		if w.Time.Equal(g.Time) && w.Seq == g.Seq && w.Ingested.Equal(g.Ingested) && bytes.Equal(w.Data, g.Data) {
			continue
		}
		require.Equal(t, describe(want), describe(got), msgAndArgs...)
		require.True(t, w.Ingested.Equal(g.Ingested), "record %d: ingested %s, want %s", i, g.Ingested, w.Ingested)
		require.Equal(t, string(w.Data), string(g.Data), "record %d: data", i)
	}
}

// describe renders record keys for readable failure messages.
func describe(recs []archive.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = fmt.Sprintf("%s#%d", r.Time.UTC().Format(time.RFC3339Nano), r.Seq)
	}
	return out
}

// statsOf returns the Stats a store holding recs must report.
func statsOf(recs []archive.Record) archive.Stats {
	st := archive.Stats{Count: int64(len(recs))}
	for _, r := range recs {
		st.Bytes += int64(len(r.Data))
	}
	return st
}

// requireStats checks s reports want.
func requireStats(t *testing.T, s archive.Store, want archive.Stats) {
	t.Helper()
	got, err := s.Stats(context.Background())
	require.NoError(t, err)
	require.Equal(t, want, got)
}

// checkWhole verifies rec carries the payload of its own key.
func checkWhole(rec archive.Record) error {
	if want := payload(rec.Time, rec.Seq); !bytes.Equal(rec.Data, want) {
		return fmt.Errorf("record (%s, %d) has data %q, want %q", rec.Time, rec.Seq, rec.Data, want)
	}
	return nil
}
