package storetest

import (
	"testing"

	"github.com/switchyard-go/switchyard/archive"
)

// Run runs the conformance suite against the stores newStore makes. Each
// call of newStore must return a new, empty, open store; Run closes it when
// the subtest ends.
func Run(t *testing.T, newStore func(t *testing.T) archive.Store) {
	t.Helper()
	open := func(t *testing.T) archive.Store {
		t.Helper()
		s := newStore(t)
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, open func(t *testing.T) archive.Store)
	}{
		{"Empty", testEmpty},
		{"EmptyBatch", testEmptyBatch},
		{"Order", testOrder},
		{"Replace", testReplace},
		{"Window", testWindow},
		{"TimesBefore1970", testBefore1970},
		{"TimeRange", testTimeRange},
		{"Ingested", testIngested},
		{"EmptyData", testEmptyData},
		{"AppendCopiesData", testAppendCopies},
		{"ScanFnCopies", testScanFnCopies},
		{"ScanStopsOnError", testScanStops},
		{"ScanReentrant", testScanReentrant},
		{"ContextDone", testContextDone},
		{"ContextCancelledDuringScan", testCancelDuringScan},
		{"DeleteBefore", testDeleteBefore},
		{"DeleteBeforeLarge", testDeleteBeforeLarge},
		{"Stats", testStats},
		{"Closed", testClosed},
		{"Concurrent", testConcurrent},
		{"BigBatch", testBigBatch},
		{"Model", testModel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}
