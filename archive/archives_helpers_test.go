package archive_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/bus/fakeclock"
)

// archivesT0 is the fake clock's start in the archive tests.
var archivesT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// archivesDefaultBusARN is the ARN of the default bus of a bus.New().
const archivesDefaultBusARN = "arn:aws:events:us-east-1:123456789012:event-bus/default"

// archivesFixture is a bus on a fake clock with an archive service.
type archivesFixture struct {
	bus      *bus.Bus
	clk      *fakeclock.Clock
	archives *archive.Archives
}

// archivesNew returns a fixture that the test closes when it ends: the
// bus first, then the archives, as an application should.
func archivesNew(t testing.TB, opts ...archive.ArchivesOption) *archivesFixture {
	t.Helper()
	clk := fakeclock.New(archivesT0)
	b, err := bus.New(bus.WithClock(clk))
	require.NoError(t, err)
	a, err := archive.NewArchives(b, append([]archive.ArchivesOption{archive.WithArchiveClock(clk)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = b.Close(ctx)
		_ = a.Close(ctx)
	})
	return &archivesFixture{bus: b, clk: clk, archives: a}
}

// create makes an archive on the default bus.
func (f *archivesFixture) create(t testing.TB, name, pattern string, retention int) archive.CreateArchiveOutput {
	t.Helper()
	out, err := f.archives.CreateArchive(context.Background(), archive.CreateArchiveInput{
		ArchiveName: name, EventSourceARN: archivesDefaultBusARN, EventPattern: pattern, RetentionDays: retention,
	})
	require.NoError(t, err)
	return out
}

// put puts entries and waits until they are delivered (and so archived).
func (f *archivesFixture) put(t testing.TB, entries ...switchyard.Entry) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for len(entries) > 0 {
		n := min(10, len(entries))
		res, err := f.bus.PutEvents(ctx, entries[:n])
		require.NoError(t, err)
		require.Zero(t, res.FailedEntryCount, "%+v", res.Entries)
		for _, e := range res.Entries {
			ids = append(ids, e.EventID)
		}
		entries = entries[n:]
	}
	require.NoError(t, f.bus.Flush(ctx))
	return ids
}

// count returns the archive's EventCount.
func (f *archivesFixture) count(t testing.TB, name string) int64 {
	t.Helper()
	d, err := f.archives.DescribeArchive(context.Background(), archive.DescribeArchiveInput{ArchiveName: name})
	require.NoError(t, err)
	return d.EventCount
}

// records returns every record of an archive.
func (f *archivesFixture) records(t testing.TB, name string) []archive.Record {
	t.Helper()
	var out []archive.Record
	err := f.archives.ScanArchive(context.Background(), name, time.Time{}, time.Time{}, func(r archive.Record) error {
		r.Data = append([]byte(nil), r.Data...)
		out = append(out, r)
		return nil
	})
	require.NoError(t, err)
	return out
}

// archivesEntry is an order event at time at.
func archivesEntry(source string, at time.Time, detail string) switchyard.Entry {
	return switchyard.Entry{Source: source, DetailType: "Order", Detail: detail, Time: at}
}

// archivesRequireCode checks an EventBridge error's code and message.
func archivesRequireCode(t testing.TB, err error, code, msg string) {
	t.Helper()
	require.Error(t, err)
	var se *switchyard.Error
	require.True(t, errors.As(err, &se), "not a *switchyard.Error: %v", err)
	require.Equal(t, code, se.Code, "code of %v", err)
	require.Equal(t, msg, se.Message)
}

// archivesCollector is a target that keeps copies of its deliveries.
type archivesCollector struct {
	mu  sync.Mutex
	got []switchyard.Delivery
}

func (c *archivesCollector) Deliver(_ context.Context, d switchyard.Delivery) error {
	d.Payload = append([]byte(nil), d.Payload...)
	c.mu.Lock()
	c.got = append(c.got, d)
	c.mu.Unlock()
	return nil
}

func (c *archivesCollector) all() []switchyard.Delivery {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]switchyard.Delivery(nil), c.got...)
}

// archivesRule adds a rule with a collecting target to the default bus.
func archivesRule(t testing.TB, b *bus.Bus, name, pattern string) *archivesCollector {
	t.Helper()
	ctx := context.Background()
	_, err := b.PutRule(ctx, bus.PutRuleInput{Name: name, EventPattern: pattern})
	require.NoError(t, err)
	c := &archivesCollector{}
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: name, Targets: []bus.Target{{ID: "c", Target: c}}})
	require.NoError(t, err)
	return c
}

func archivesPtr[T any](v T) *T { return &v }
