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

// auditDump returns every stored record's (Seq, Data), in store order.
func auditDump(t *testing.T, s archive.Store) []string {
	t.Helper()
	var out []string
	require.NoError(t, s.Scan(context.Background(), time.Time{}, time.Time{}, func(r archive.Record) error {
		out = append(out, fmt.Sprintf("%d %s", r.Seq, r.Data))
		return nil
	}))
	return out
}

// TestAuditSequenceContinues checks that a lake over a store that already
// holds records never reuses their sequence numbers, so it cannot replace
// them (Store.Append replaces a record with the same key).
func TestAuditSequenceContinues(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	eventTime := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC) // the fixture's eventTime
	require.NoError(t, store.Append(ctx, []archive.Record{{Time: eventTime, Seq: 41, Ingested: auditTestNow, Data: []byte(`{}`)}}))
	lake := auditLakeOn(t, store)
	ch := auditCustomChannel(t, lake, "app")
	_, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}, {ID: "2", EventData: auditData(t, nil)}}, "")
	require.NoError(t, err)
	dump := auditDump(t, store)
	require.Len(t, dump, 3)
	require.Equal(t, "41 {}", dump[0])
	require.Regexp(t, `^42 \{"eventVersion"`, dump[1])
	require.Regexp(t, `^43 \{"eventVersion"`, dump[2])
}

// TestAuditDurableBolt closes and reopens a bolt file: accepted events
// survive, and a new lake rebuilt by replaying the same control-plane
// calls with the same ID source and clock (the journal restore the
// package doc describes) gets the same ARNs back and adds events without
// replacing any.
func TestAuditDurableBolt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var store archive.Store
	open := func() (*audit.Lake, audit.CreateChannelOutput) {
		lake, err := audit.New(
			audit.WithDefaultCaller(auditTestAccount, auditTestRegion),
			audit.WithClock(&auditClock{now: auditTestNow}),
			audit.WithIDs(auditIDs()),
			audit.WithStoreFactory(func(id string) (archive.Store, error) {
				s, err := boltstore.Open(filepath.Join(dir, "eds-"+id+".db"))
				store = s
				return s, err
			}))
		require.NoError(t, err)
		eds, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "eds", AdvancedEventSelectors: auditSelectExternal})
		require.NoError(t, err)
		require.Equal(t, auditEDS, eds.EventDataStoreARN)
		ch, err := auditCreateChannel(lake, ctx, audit.CreateChannelInput{Name: "app", Source: "Custom"})
		require.NoError(t, err)
		return lake, ch
	}
	put := func(lake *audit.Lake, ch audit.CreateChannelOutput) {
		var evs []audit.AuditEvent
		for i := range 3 {
			evs = append(evs, audit.AuditEvent{ID: fmt.Sprint(i), EventData: auditData(t, func(m map[string]any) {
				m["eventTime"] = fmt.Sprintf("2024-05-01T10:00:0%dZ", i)
			})})
		}
		out, err := auditPut(lake, ctx, ch.ChannelARN, evs, "")
		require.NoError(t, err)
		require.Len(t, out.Successful, 3)
	}

	lake, ch := open()
	put(lake, ch)
	before := auditDump(t, store)
	require.Len(t, before, 3)
	require.NoError(t, lake.Close(ctx)) // closes the store

	lake, ch2 := open()
	require.Equal(t, ch.ChannelARN, ch2.ChannelARN)
	require.Equal(t, before, auditDump(t, store), "events must survive close and reopen")
	put(lake, ch2)
	after := auditDump(t, store)
	require.Len(t, after, 6)
	for _, rec := range before {
		require.Contains(t, after, rec, "a reopened lake must not replace stored events")
	}
	n := 0
	require.NoError(t, auditQuery(lake, ctx, time.Time{}, time.Time{}, nil, func(r audit.Record) error {
		require.Equal(t, ch.ChannelARN, r.ChannelARN)
		n++
		return nil
	}))
	require.Equal(t, 6, n)
	require.NoError(t, lake.Close(ctx))
}
