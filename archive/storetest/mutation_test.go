package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
	"github.com/switchyard-go/switchyard/archive/storetest"
)

// The suite checks itself: each mutant below breaks one clause of the
// contract in a correct store, and the subtest covering that clause must
// fail on it. The suite calls t.Fatal through require, which would fail
// this test too, so each mutant runs in a child process (this binary
// again, selected by mutantEnv) and the parent checks the child failed in
// the expected subtest.
const mutantEnv = "SWITCHYARD_STORETEST_MUTANT"

// mutant wraps a correct store and breaks one clause.
type mutant struct {
	archive.Store
	name string
	held map[[2]int64][]byte // noCopy: the caller's slices
}

func (m *mutant) Append(ctx context.Context, recs []archive.Record) error {
	switch m.name {
	case "ignoresCtx":
		ctx = context.Background()
	case "clampsTime":
		recs = append([]archive.Record(nil), recs...)
		for i := range recs {
			if _, err := archive.UnixNano(recs[i].Time); err != nil {
				recs[i].Time = time.Unix(0, 0)
			}
		}
	case "noCopy":
		for _, r := range recs {
			m.held[[2]int64{r.Time.UnixNano(), int64(r.Seq)}] = r.Data
		}
	case "emptyBatchFails":
		if len(recs) == 0 {
			return errors.New("empty batch")
		}
	}
	return m.Store.Append(ctx, recs)
}

func (m *mutant) Scan(ctx context.Context, from, to time.Time, fn func(archive.Record) error) error {
	switch m.name {
	case "ignoresCtx":
		ctx = context.Background()
	case "ignoresTo":
		to = time.Time{}
	case "wrapsFnError":
		err := m.Store.Scan(ctx, from, to, fn)
		if err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		return nil
	case "reversed":
		var recs []archive.Record
		if err := m.Store.Scan(ctx, from, to, func(r archive.Record) error {
			r.Data = append([]byte(nil), r.Data...)
			recs = append(recs, r)
			return nil
		}); err != nil {
			return err
		}
		for i := len(recs) - 1; i >= 0; i-- {
			if err := fn(recs[i]); err != nil {
				return err
			}
		}
		return nil
	case "noCopy":
		return m.Store.Scan(ctx, from, to, func(r archive.Record) error {
			if held, ok := m.held[[2]int64{r.Time.UnixNano(), int64(r.Seq)}]; ok {
				r.Data = held
			}
			return fn(r)
		})
	}
	return m.Store.Scan(ctx, from, to, fn)
}

func (m *mutant) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	if m.name == "deletesInclusive" {
		t = t.Add(time.Nanosecond)
	}
	return m.Store.DeleteBefore(ctx, t)
}

func (m *mutant) Stats(ctx context.Context) (archive.Stats, error) {
	st, err := m.Store.Stats(ctx)
	if m.name == "statsOffByOne" && st.Count > 0 {
		st.Bytes++
	}
	return st, err
}

func (m *mutant) Close() error {
	if m.name == "neverCloses" {
		return nil
	}
	return m.Store.Close()
}

// TestMutantChild runs one subtest of the suite against one mutant; it is
// started by TestSuiteCatchesMutants and skips otherwise.
func TestMutantChild(t *testing.T) {
	name := os.Getenv(mutantEnv)
	if name == "" {
		t.Skip("run by TestSuiteCatchesMutants as a child process")
	}
	storetest.Run(t, func(t *testing.T) archive.Store {
		return &mutant{Store: memstore.New(), name: name, held: map[[2]int64][]byte{}}
	})
}

func TestSuiteCatchesMutants(t *testing.T) {
	if os.Getenv(mutantEnv) != "" {
		t.Skip("in the child")
	}
	tests := []struct {
		mutant  string
		subtest string
	}{
		{"reversed", "Order"},
		{"ignoresTo", "Window"},
		{"clampsTime", "TimeRange"},
		{"noCopy", "AppendCopiesData"},
		{"wrapsFnError", "ScanStopsOnError"},
		{"ignoresCtx", "ContextDone"},
		{"ignoresCtx", "ContextCancelledDuringScan"},
		{"deletesInclusive", "DeleteBefore"},
		{"statsOffByOne", "Stats"},
		{"neverCloses", "Closed"},
		{"emptyBatchFails", "EmptyBatch"},
	}
	for _, tc := range tests {
		t.Run(tc.mutant+"/"+tc.subtest, func(t *testing.T) {
			t.Parallel()
			// The control: a correct store passes the same subtest.
			out, err := runMutant(t, "none", tc.subtest)
			require.NoError(t, err, "the correct store fails %s:\n%s", tc.subtest, out)

			out, err = runMutant(t, tc.mutant, tc.subtest)
			require.Error(t, err, "mutant %s passes %s:\n%s", tc.mutant, tc.subtest, out)
			require.Contains(t, out, "--- FAIL: TestMutantChild/"+tc.subtest, "the failure is not in the subtest expected")
		})
	}
}

// runMutant runs the child for one mutant and one top-level subtest.
func runMutant(t *testing.T, mutant, subtest string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestMutantChild$/^"+subtest+"$", "-test.count=1", "-test.timeout=1m")
	cmd.Env = append(os.Environ(), mutantEnv+"="+mutant)
	out, err := cmd.CombinedOutput()
	if err == nil && !strings.Contains(string(out), "PASS") {
		return string(out), errors.New("child ran nothing")
	}
	return string(out), err
}
