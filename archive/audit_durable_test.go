package archive_test

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
	t.Cleanup(func() { require.NoError(t, store.Close()) })
	eventTime := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC) // the fixture's eventTime
	require.NoError(t, store.Append(ctx, []archive.Record{{Time: eventTime, Seq: 41, Ingested: auditTestNow, Data: []byte(`{}`)}}))
	lake, err := archive.NewAuditLake(store, archive.WithAuditAccount(auditTestAccount))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, lake.Close(ctx)) })
	ch := auditCustomChannel(t, lake, "app")
	_, err = lake.PutAuditEvents(ctx, ch.ChannelARN, []archive.AuditEvent{{ID: "1", EventData: auditData(t, nil)}, {ID: "2", EventData: auditData(t, nil)}}, "")
	require.NoError(t, err)
	dump := auditDump(t, store)
	require.Len(t, dump, 3)
	require.Equal(t, "41 {}", dump[0])
	require.Regexp(t, `^42 \{"eventVersion"`, dump[1])
	require.Regexp(t, `^43 \{"eventVersion"`, dump[2])
}

// TestAuditDurableBolt closes and reopens a bolt file: accepted events
// survive, and a new lake over the file (same clock, same event times, the
// channel recreated under its old ARN) adds events without replacing any.
func TestAuditDurableBolt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "audit.db")
	const chID = "5a4b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d"
	open := func() (*archive.AuditLake, *boltstore.Store, archive.AuditChannel) {
		store, err := boltstore.Open(path)
		require.NoError(t, err)
		lake, err := archive.NewAuditLake(store,
			archive.WithAuditAccount(auditTestAccount),
			archive.WithAuditClock(func() time.Time { return auditTestNow }))
		require.NoError(t, err)
		ch, err := lake.CreateChannel(ctx, archive.AuditChannelInput{Name: "app", Source: "Custom", ChannelID: chID})
		require.NoError(t, err)
		return lake, store, ch
	}
	put := func(lake *archive.AuditLake, ch archive.AuditChannel) {
		var evs []archive.AuditEvent
		for i := range 3 {
			evs = append(evs, archive.AuditEvent{ID: fmt.Sprint(i), EventData: auditData(t, func(m map[string]any) {
				m["eventTime"] = fmt.Sprintf("2024-05-01T10:00:0%dZ", i)
			})})
		}
		out, err := lake.PutAuditEvents(ctx, ch.ChannelARN, evs, "")
		require.NoError(t, err)
		require.Len(t, out.Successful, 3)
	}

	lake, store, ch := open()
	put(lake, ch)
	before := auditDump(t, store)
	require.Len(t, before, 3)
	require.NoError(t, lake.Close(ctx))
	require.NoError(t, store.Close())

	lake, store, ch2 := open()
	require.Equal(t, ch.ChannelARN, ch2.ChannelARN)
	require.Equal(t, before, auditDump(t, store), "events must survive close and reopen")
	put(lake, ch2)
	after := auditDump(t, store)
	require.Len(t, after, 6)
	for _, rec := range before {
		require.Contains(t, after, rec, "a reopened lake must not replace stored events")
	}
	n := 0
	require.NoError(t, lake.QueryAuditEvents(ctx, time.Time{}, time.Time{}, nil, func(r archive.AuditRecord) error {
		require.Equal(t, ch.ChannelARN, r.ChannelARN)
		n++
		return nil
	}))
	require.Equal(t, 6, n)
	require.NoError(t, lake.Close(ctx))
	require.NoError(t, store.Close())
}
