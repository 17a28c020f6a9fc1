package archive_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

// Events the archive's pattern matches are archived, whole, under their
// event time; the others are not. EventCount and SizeBytes follow
// (aws-archive-replay-schedule.md, section 1, "Event counting": 10
// matching events give EventCount 10, with and without a pattern).
func TestArchivesRecordEvents(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		want    int // of the 10 "test" and 5 "other" events
	}{
		{"with a pattern", `{"source":["test"]}`, 10},
		{"without a pattern", "", 15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := archivesNew(t)
			f.create(t, "a", tc.pattern, 0)
			live := archivesRule(t, f.bus, "everything", `{"source":[{"prefix":""}]}`)
			var entries []switchyard.Entry
			for i := range 10 {
				entries = append(entries, archivesEntry("test", archivesT0.Add(time.Duration(i)*time.Minute), fmt.Sprintf(`{"n":%d}`, i)))
			}
			for i := range 5 {
				entries = append(entries, archivesEntry("other", archivesT0.Add(time.Duration(i)*time.Second), `{}`))
			}
			f.put(t, entries...)

			d, err := f.archives.DescribeArchive(context.Background(), archive.DescribeArchiveInput{ArchiveName: "a"})
			require.NoError(t, err)
			require.EqualValues(t, tc.want, d.EventCount)

			// Each record is what a rule without transformation receives.
			byID := map[string]switchyard.Delivery{}
			for _, del := range live.all() {
				byID[del.Event.ID] = del
			}
			recs := f.records(t, "a")
			require.Len(t, recs, tc.want)
			var size int64
			for i, r := range recs {
				var ev switchyard.Event
				require.NoError(t, json.Unmarshal(r.Data, &ev))
				del, ok := byID[ev.ID]
				require.True(t, ok, "archived event %s was not put", ev.ID)
				require.JSONEq(t, string(del.Payload), string(r.Data))
				require.True(t, r.Time.Equal(ev.Time), "record time %v, event time %v", r.Time, ev.Time)
				require.True(t, r.Ingested.Equal(archivesT0), "ingestion time from the bus's clock")
				if tc.pattern != "" {
					require.Equal(t, "test", ev.Source)
				}
				if i > 0 {
					require.False(t, r.Time.Before(recs[i-1].Time), "scan is in time order")
				}
				size += int64(len(r.Data))
			}
			require.Equal(t, size, d.SizeBytes)
		})
	}
}

// "Replayed events are not sent to an archive" (CreateArchive, EventBridge
// API reference): an event the bus routes as replayed never reaches the
// archive, even when the replay names the archive's own rule.
func TestArchivesSkipReplayed(t *testing.T) {
	ctx := context.Background()
	f := archivesNew(t)
	f.create(t, "a", "", 0)
	ids := f.put(t, archivesEntry("test", archivesT0, `{"n":1}`))
	ev := switchyard.Event{ID: ids[0], Source: "test", DetailType: "Order", Account: "123456789012", Region: "us-east-1",
		Time: archivesT0, Detail: json.RawMessage(`{"n":1}`), ReplayName: "r"}
	rule, err := f.bus.DescribeRule(ctx, bus.DescribeRuleInput{Name: "Events-Archive-a"})
	require.NoError(t, err)
	for _, filter := range [][]string{nil, {rule.ARN}} {
		require.NoError(t, f.bus.Route(ctx, bus.RouteInput{EventBusName: "default", Event: ev, RuleARNs: filter}))
	}
	require.NoError(t, f.bus.Flush(ctx))
	require.EqualValues(t, 1, f.count(t, "a"))
}

// Retention by event time with a fake clock: the sweeper (every hour by
// default) and EnforceRetention delete what is older than RetentionDays;
// RetentionDays 0 keeps everything ("If set to 0, events are retained
// indefinitely", CreateArchive, EventBridge API reference).
func TestArchivesRetention(t *testing.T) {
	ctx := context.Background()
	f := archivesNew(t)
	f.create(t, "day", "", 1)
	f.create(t, "forever", "", 0)
	f.put(t,
		archivesEntry("s", archivesT0.Add(-72*time.Hour), `{}`),
		archivesEntry("s", archivesT0.Add(-25*time.Hour), `{}`),
		archivesEntry("s", archivesT0.Add(-2*time.Hour), `{}`),
		archivesEntry("s", archivesT0, `{}`),
	)
	require.EqualValues(t, 4, f.count(t, "day"))

	n, err := f.archives.EnforceRetention(ctx)
	require.NoError(t, err)
	require.EqualValues(t, 2, n, "the events older than a day")
	require.EqualValues(t, 2, f.count(t, "day"))
	require.EqualValues(t, 4, f.count(t, "forever"))

	// A day and an hour later the sweeper has removed the rest on its own
	// (an event exactly RetentionDays old is still kept).
	f.clk.Advance(25 * time.Hour)
	require.EqualValues(t, 0, f.count(t, "day"))
	require.EqualValues(t, 4, f.count(t, "forever"))

	// Shortening nothing to keep forever stops the deletions.
	_, err = f.archives.UpdateArchive(ctx, archive.UpdateArchiveInput{ArchiveName: "day", RetentionDays: archivesPtr(0)})
	require.NoError(t, err)
	f.put(t, archivesEntry("s", archivesT0.Add(-240*time.Hour), `{}`))
	f.clk.Advance(48 * time.Hour)
	require.EqualValues(t, 1, f.count(t, "day"))
}

// A durable archive keeps its events across a restart: a new process that
// creates the archive again over the same file finds them, and new events
// with the same event times do not replace them.
func TestArchivesBoltSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	factory := archive.WithStoreFactory(func(_, _, name string) (archive.Store, error) {
		return boltstore.Open(filepath.Join(dir, name+".db"))
	})
	times := []time.Time{archivesT0, archivesT0, archivesT0.Add(time.Minute)}
	run := func(first string) *archivesFixture {
		f := archivesNew(t, factory)
		f.create(t, "orders", "", 0)
		var entries []switchyard.Entry
		for i, at := range times {
			entries = append(entries, archivesEntry("s", at, fmt.Sprintf(`{"run":%q,"i":%d}`, first, i)))
		}
		f.put(t, entries...)
		return f
	}
	f1 := run("one")
	require.NoError(t, f1.bus.Close(ctx))
	require.NoError(t, f1.archives.Close(ctx))

	f2 := run("two")
	recs := f2.records(t, "orders")
	require.Len(t, recs, 6)
	seen := map[string]int{}
	for _, r := range recs {
		var ev switchyard.Event
		require.NoError(t, json.Unmarshal(r.Data, &ev))
		var d struct{ Run string }
		require.NoError(t, json.Unmarshal(ev.Detail, &d))
		seen[d.Run]++
	}
	require.Equal(t, map[string]int{"one": 3, "two": 3}, seen)
	// Within one event time, the earlier run's events come first.
	require.Contains(t, string(recs[0].Data), `"run":"one"`)
	require.Contains(t, string(recs[3].Data), `"run":"two"`)
}

// DeleteArchive deletes the events too: an archive created again under
// the same name over the same file starts empty.
func TestArchivesDeleteClearsDurableStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := archivesNew(t, archive.WithStoreFactory(func(_, _, name string) (archive.Store, error) {
		return boltstore.Open(filepath.Join(dir, name+".db"))
	}))
	f.create(t, "a", "", 0)
	f.put(t, archivesEntry("s", archivesT0, `{}`), archivesEntry("s", archivesT0, `{}`))
	require.EqualValues(t, 2, f.count(t, "a"))
	require.NoError(t, func() error {
		_, err := f.archives.DeleteArchive(ctx, archive.DeleteArchiveInput{ArchiveName: "a"})
		return err
	}())
	f.create(t, "a", "", 0)
	require.EqualValues(t, 0, f.count(t, "a"))
	f.put(t, archivesEntry("s", archivesT0, `{}`))
	require.EqualValues(t, 1, f.count(t, "a"))
}

// Deliveries the bus queued before DeleteArchive are acknowledged and
// discarded, not retried forever.
func TestArchivesDeliveryAfterDelete(t *testing.T) {
	ctx := context.Background()
	clk := fakeclock.New(archivesT0)
	b, err := bus.New(bus.WithClock(clk))
	require.NoError(t, err)
	defer func() { _ = b.Close(ctx) }()
	a, err := archive.NewArchives(b, archive.WithArchiveClock(clk))
	require.NoError(t, err)
	defer func() { _ = a.Close(ctx) }()
	_, err = a.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "a", EventSourceARN: archivesDefaultBusARN})
	require.NoError(t, err)
	rule, err := b.ListTargetsByRule(ctx, bus.ListTargetsByRuleInput{Rule: "Events-Archive-a"})
	require.NoError(t, err)
	require.Len(t, rule.Targets, 1)
	tgt := rule.Targets[0]
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:archive/a", tgt.ARN)
	require.NoError(t, func() error { _, err := a.DeleteArchive(ctx, archive.DeleteArchiveInput{ArchiveName: "a"}); return err }())
	ev := &switchyard.Event{ID: "x", Time: archivesT0}
	require.NoError(t, tgt.Target.Deliver(ctx, switchyard.Delivery{Event: ev, Payload: []byte(`{}`)}))
}

// Event times outside what a store can key are kept under the nearest
// time it can, rather than refused (and retried) for ever.
func TestArchivesExtremeTimes(t *testing.T) {
	f := archivesNew(t)
	f.create(t, "a", "", 0)
	f.put(t,
		archivesEntry("s", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), `{}`),
		archivesEntry("s", time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC), `{}`),
	)
	recs := f.records(t, "a")
	require.Len(t, recs, 2)
	require.Contains(t, string(recs[0].Data), `"time":"1600-01-01T00:00:00Z"`)
	require.Contains(t, string(recs[1].Data), `"time":"9000-01-01T00:00:00Z"`)
}

// Options refuse bad values with an error naming the option.
func TestArchivesOptions(t *testing.T) {
	b, err := bus.New()
	require.NoError(t, err)
	defer func() { _ = b.Close(context.Background()) }()
	tests := []struct {
		name string
		opt  archive.ArchivesOption
		want string
	}{
		{"nil factory", archive.WithStoreFactory(nil), "WithStoreFactory"},
		{"nil clock", archive.WithArchiveClock(nil), "WithArchiveClock"},
		{"zero interval", archive.WithRetentionInterval(0), "WithRetentionInterval"},
		{"zero batch", archive.WithAppendBatch(0, 0), "WithAppendBatch"},
		{"negative delay", archive.WithAppendBatch(1, -time.Second), "WithAppendBatch"},
		{"nil logger", archive.WithArchiveLogger(nil), "WithArchiveLogger"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := archive.NewArchives(b, tc.opt)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err = archive.NewArchives(nil)
	require.ErrorContains(t, err, "attacher is nil")
}
