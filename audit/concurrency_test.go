package audit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/audit"
)

// TestAuditConcurrent puts, queries and manages channels from many
// goroutines at once (run it with -race). Every accepted event must be
// stored exactly once, with its own event ID and sequence number.
func TestAuditConcurrent(t *testing.T) {
	ctx := context.Background()
	lake, store := auditNewLake(t)
	chans := []audit.CreateChannelOutput{auditCustomChannel(t, lake, "one"), auditCustomChannel(t, lake, "two")}
	const writers, calls, perCall = 8, 25, 4
	data := auditData(t, nil)

	var writersWG, bgWG sync.WaitGroup
	errs := make(chan error, writers+2)
	for w := range writers {
		writersWG.Go(func() {
			for c := range calls {
				evs := make([]audit.AuditEvent, perCall)
				for i := range evs {
					evs[i] = audit.AuditEvent{ID: fmt.Sprintf("w%d-c%d-e%d", w, c, i), EventData: data}
				}
				// One bad event per call fails alone.
				evs[perCall-1].EventDataChecksum = auditSum("tampered")
				out, err := auditPut(lake, ctx, chans[(w+c)%2].ChannelARN, evs, "")
				if err != nil {
					errs <- err
					return
				}
				if len(out.Successful) != perCall-1 || len(out.Failed) != 1 {
					errs <- fmt.Errorf("call %d/%d: %d ok, %d failed", w, c, len(out.Successful), len(out.Failed))
					return
				}
			}
		})
	}
	stop := make(chan struct{})
	bgWG.Go(func() { // a reader
		for {
			select {
			case <-stop:
				return
			default:
			}
			err := auditQuery(lake, ctx, time.Time{}, time.Time{}, nil, func(audit.Record) error { return nil })
			if err != nil {
				errs <- err
				return
			}
		}
	})
	bgWG.Go(func() { // channel management and status reads
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			ch, err := auditCreateChannel(lake, ctx, audit.CreateChannelInput{Name: fmt.Sprint("tmp-", i), Source: "Custom"})
			if err == nil {
				_, err = lake.GetChannel(ctx, audit.GetChannelInput{Channel: chans[i%2].ChannelARN})
			}
			if err == nil {
				_, err = auditListChannels(lake, ctx)
			}
			if err == nil {
				err = auditDeleteChannel(lake, ctx, ch.ChannelARN)
			}
			if err != nil {
				errs <- err
				return
			}
		}
	})
	// Stop the reader and the manager once the writers are done.
	writersWG.Wait()
	close(stop)
	bgWG.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.EqualValues(t, writers*calls*(perCall-1), auditCount(t, store))

	ids := map[string]bool{}
	seqs := map[uint64]bool{}
	require.NoError(t, auditQuery(lake, ctx, time.Time{}, time.Time{}, nil, func(r audit.Record) error {
		require.False(t, ids[r.EventID], "event ID %s twice", r.EventID)
		require.False(t, seqs[r.Seq], "sequence %d twice", r.Seq)
		ids[r.EventID], seqs[r.Seq] = true, true
		return nil
	}))
	require.Len(t, ids, writers*calls*(perCall-1))
	for _, ch := range chans {
		got, err := lake.GetChannel(ctx, audit.GetChannelInput{Channel: ch.ChannelARN})
		require.NoError(t, err)
		require.Equal(t, audit.CodeInvalidChecksum, got.IngestionStatus.LatestIngestionErrorCode)
		require.NotEmpty(t, got.IngestionStatus.LatestIngestionSuccessEventID)
	}
}

// TestAuditCloseWaits checks that Close waits for a running call and that
// calls after it fail.
func TestAuditCloseWaits(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app")
	_, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}}, "")
	require.NoError(t, err)

	entered, release := make(chan struct{}), make(chan struct{})
	queryDone := make(chan error, 1)
	go func() {
		queryDone <- auditQuery(lake, ctx, time.Time{}, time.Time{}, nil, func(audit.Record) error {
			close(entered)
			<-release
			return nil
		})
	}()
	<-entered
	// While the query runs, Close cannot finish: a context that is already
	// done makes it give up and say so.
	expired, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, lake.Close(expired), context.Canceled)
	_, err = lake.GetChannel(ctx, audit.GetChannelInput{Channel: ch.ChannelARN})
	require.ErrorIs(t, err, audit.ErrClosed)
	close(release)
	require.NoError(t, <-queryDone)
	require.NoError(t, lake.Close(ctx))
}
