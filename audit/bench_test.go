package audit_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
	"github.com/switchyard-go/switchyard/archive/memstore"
	"github.com/switchyard-go/switchyard/audit"
)

// auditBenchPut measures PutAuditEvents with calls of 100 typical events
// (about 600 bytes of eventData each, checksummed), reporting ns per event.
func auditBenchPut(b *testing.B, store archive.Store) {
	ctx := context.Background()
	lake := auditLakeOn(b, store)
	ch := auditCustomChannel(b, lake, "bench")
	events := make([]audit.AuditEvent, 100)
	for i := range events {
		data := auditData(b, func(m map[string]any) {
			m["UID"] = fmt.Sprint("req-", i)
			m["eventTime"] = time.Date(2024, 5, 1, 10, 0, i, 0, time.UTC).Format(time.RFC3339)
		})
		events[i] = audit.AuditEvent{ID: fmt.Sprint("e", i), EventData: data, EventDataChecksum: auditSum(data)}
	}
	b.SetBytes(int64(len(events[0].EventData) * len(events)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out, err := auditPut(lake, ctx, ch.ChannelARN, events, "")
		if err != nil || len(out.Failed) != 0 {
			b.Fatal(err, out.Failed)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
}

// auditDiscardStore keeps nothing, so that a benchmark measures the lake
// alone: validation, record building and bookkeeping.
type auditDiscardStore struct{ archive.Store }

func (auditDiscardStore) Append(context.Context, []archive.Record) error { return nil }

func BenchmarkAuditPutDiscard(b *testing.B) {
	store := memstore.New() // answers the lake's one Scan; never written
	defer store.Close()
	auditBenchPut(b, auditDiscardStore{store})
}

// Every call repeats the same 100 event times, which memstore must merge
// into its sorted tail: this measures that worst case as much as the lake.
func BenchmarkAuditPutMemstore(b *testing.B) {
	store := memstore.New()
	defer store.Close()
	auditBenchPut(b, store)
}

func BenchmarkAuditPutBoltstore(b *testing.B) {
	store, err := boltstore.Open(filepath.Join(b.TempDir(), "audit.db"))
	require.NoError(b, err)
	defer store.Close()
	auditBenchPut(b, store)
}
