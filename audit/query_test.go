package audit_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/audit"
	"github.com/switchyard-go/switchyard/pattern"
)

// auditQueryFixture stores six events on two channels, put out of time
// order: hour h of 2024-05-01 for h in 3,1,5 (channel a) and 2,4,0
// (channel b), with eventName "Login" for even hours and "Logout" for odd.
func auditQueryFixture(t *testing.T) (*audit.Lake, audit.CreateChannelOutput, audit.CreateChannelOutput) {
	t.Helper()
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	a := auditCustomChannel(t, lake, "chan-a")
	b := auditCustomChannel(t, lake, "chan-b")
	put := func(ch audit.CreateChannelOutput, hours ...int) {
		var evs []audit.AuditEvent
		for _, h := range hours {
			evs = append(evs, audit.AuditEvent{ID: fmt.Sprint("h", h), EventData: auditData(t, func(m map[string]any) {
				m["eventTime"] = fmt.Sprintf("2024-05-01T%02d:00:00Z", h)
				m["eventName"] = map[bool]string{true: "Login", false: "Logout"}[h%2 == 0]
				m["UID"] = fmt.Sprint("uid-", h)
			})})
		}
		out, err := auditPut(lake, ctx, ch.ChannelARN, evs, "")
		require.NoError(t, err)
		require.Len(t, out.Successful, len(hours))
	}
	put(a, 3, 1, 5)
	put(b, 2, 4, 0)
	return lake, a, b
}

func auditHour(h int) time.Time { return time.Date(2024, 5, 1, h, 0, 0, 0, time.UTC) }

// auditQueryUIDs runs a query and returns the UIDs it delivered, in order.
func auditQueryUIDs(t *testing.T, lake *audit.Lake, from, to time.Time, filter switchyard.Filter) []string {
	t.Helper()
	var uids []string
	err := auditQuery(lake, context.Background(), from, to, filter, func(r audit.Record) error {
		uids = append(uids, gjson.GetBytes(r.EventData(), "UID").Str)
		return nil
	})
	require.NoError(t, err)
	return uids
}

func TestAuditQueryWindowAndPattern(t *testing.T) {
	lake, a, _ := auditQueryFixture(t)
	all := []string{"uid-0", "uid-1", "uid-2", "uid-3", "uid-4", "uid-5"}
	tests := []struct {
		name     string
		from, to time.Time
		pattern  string
		want     []string
	}{
		{name: "everything", want: all},
		{name: "zero to is unbounded", from: auditHour(4), want: []string{"uid-4", "uid-5"}},
		{name: "from inclusive, to exclusive", from: auditHour(1), to: auditHour(3), want: []string{"uid-1", "uid-2"}},
		{name: "empty window", from: auditHour(3), to: auditHour(3), want: nil},
		{name: "by eventName", pattern: `{"eventData":{"eventName":["Login"]}}`, want: []string{"uid-0", "uid-2", "uid-4"}},
		{name: "by channel", pattern: `{"metadata":{"channelARN":["` + a.ChannelARN + `"]}}`, want: []string{"uid-1", "uid-3", "uid-5"}},
		{name: "by principal, dotted", pattern: `{"eventData.userIdentity.principalId":["alice"]}`, want: all},
		{name: "by added field", pattern: `{"eventCategory":["ActivityAuditLog"],"awsRegion":["eu-west-1"]}`, want: all},
		{name: "pattern and window", from: auditHour(2), to: auditHour(5),
			pattern: `{"eventData":{"eventName":[{"prefix":"Logo"}]}}`, want: []string{"uid-3"}},
		{name: "no match", pattern: `{"eventData":{"eventName":["Delete"]}}`, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var filter switchyard.Filter
			if tc.pattern != "" {
				filter = pattern.MustCompile(tc.pattern)
			}
			require.Equal(t, tc.want, auditQueryUIDs(t, lake, tc.from, tc.to, filter))
		})
	}
}

func TestAuditQueryRecordFields(t *testing.T) {
	lake, a, b := auditQueryFixture(t)
	var nilPattern *pattern.Pattern // a typed nil means "all", not a crash
	var recs []audit.Record
	require.NoError(t, auditQuery(lake, context.Background(), time.Time{}, time.Time{}, nilPattern,
		func(r audit.Record) error {
			recs = append(recs, r)
			return nil
		}))
	require.Len(t, recs, 6)
	for i, r := range recs {
		require.True(t, r.EventTime.Equal(auditHour(i)))
		require.True(t, r.IngestionTime.Equal(auditTestNow))
		require.Equal(t, gjson.GetBytes(r.Data, "eventID").Str, r.EventID)
		want := a.ChannelARN
		if i%2 == 0 {
			want = b.ChannelARN
		}
		require.Equal(t, want, r.ChannelARN)
		require.Equal(t, fmt.Sprint("uid-", i), gjson.GetBytes(r.EventData(), "UID").Str)
	}
	// Data belongs to the caller: records stay intact after the query.
	require.Equal(t, "uid-0", gjson.GetBytes(recs[0].Data, "eventData.UID").Str)
	require.NotEqual(t, recs[0].EventID, recs[1].EventID)
}

func TestAuditQueryStopsOnError(t *testing.T) {
	lake, _, _ := auditQueryFixture(t)
	stop := errors.New("enough")
	n := 0
	err := auditQuery(lake, context.Background(), time.Time{}, time.Time{}, nil, func(audit.Record) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	require.ErrorIs(t, err, stop)
	require.Equal(t, 2, n)
	require.Error(t, auditQuery(lake, context.Background(), time.Time{}, time.Time{}, nil, nil))
}

func TestAuditQueryForeignRecord(t *testing.T) {
	ctx := context.Background()
	lake, store := auditNewLake(t)
	require.NoError(t, store.Append(ctx, []archive.Record{{Time: auditHour(1), Seq: 7, Ingested: auditTestNow, Data: []byte(`{"id":"x"}`)}}))
	err := auditQuery(lake, ctx, time.Time{}, time.Time{}, nil, func(audit.Record) error { return nil })
	require.ErrorIs(t, err, audit.ErrCorruptRecord)
	require.ErrorContains(t, err, "sequence 7")
}

// TestAuditQueryCallsBack checks that fn may use the lake while a query
// runs (no lock is held while it runs).
func TestAuditQueryCallsBack(t *testing.T) {
	ctx := context.Background()
	lake, a, _ := auditQueryFixture(t)
	err := auditQuery(lake, ctx, auditHour(0), auditHour(1), nil, func(r audit.Record) error {
		data := auditData(t, func(m map[string]any) { m["eventTime"] = "2024-05-02T00:00:00Z" })
		_, err := auditPut(lake, ctx, a.ChannelARN, []audit.AuditEvent{{ID: "again", EventData: data}}, "")
		return err
	})
	require.NoError(t, err)
	require.Len(t, auditQueryUIDs(t, lake, time.Time{}, time.Time{}, nil), 7)
}
