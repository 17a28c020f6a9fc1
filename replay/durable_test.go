package replay_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
)

// Events archived to a bolt file before a restart can be replayed after
// it, once the application has created its archive again.
func TestReplayBoltArchiveAfterRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func() (*bus.Bus, *archive.Archives) {
		b, err := bus.New(bus.WithLimits(bus.Limits{Workers: 1, TargetConcurrency: 1}))
		require.NoError(t, err)
		a, err := archive.NewArchives(b, archive.WithStoreFactory(func(_, _, name string) (archive.Store, error) {
			return boltstore.Open(filepath.Join(dir, name+".db"))
		}))
		require.NoError(t, err)
		_, err = a.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "orders", EventSourceARN: defaultBusARN, EventPattern: ordersPattern})
		require.NoError(t, err)
		return b, a
	}

	b, a := open()
	var ids []string
	for i := range 3 {
		res, err := b.PutEvents(ctx, []switchyard.Entry{{Source: "orders", DetailType: "t", Detail: `{}`, Time: noon.Add(time.Duration(i) * time.Minute)}})
		require.NoError(t, err)
		ids = append(ids, res.Entries[0].EventID)
	}
	require.NoError(t, b.Close(ctx))
	require.NoError(t, a.Close(ctx))

	b, a = open()
	defer func() {
		_ = b.Close(ctx)
		_ = a.Close(ctx)
	}()
	r, err := replay.New(b, a)
	require.NoError(t, err)
	defer func() { _ = r.Close(ctx) }()
	rule, err := b.PutRule(ctx, bus.PutRuleInput{Name: "late", EventPattern: ordersPattern})
	arn := rule.RuleARN
	require.NoError(t, err)
	s := &sink{}
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "late", Targets: []bus.Target{{ID: "t", Target: s}}})
	require.NoError(t, err)
	_, err = r.StartReplay(ctx, replay.StartReplayInput{
		ReplayName: "after-restart", EventSourceARN: archiveARN("orders"), EventStartTime: noon, EventEndTime: noon.Add(time.Hour),
		Destination: replay.Destination{ARN: defaultBusARN, FilterARNs: []string{arn}},
	})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		d, err := r.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: "after-restart"})
		require.NoError(t, err)
		return d.State == replay.StateCompleted
	}, 20*time.Second, time.Millisecond)
	require.NoError(t, b.Flush(ctx))
	var got []string
	for _, e := range s.replayed() {
		got = append(got, e.ID)
	}
	require.Equal(t, ids, got)
}
