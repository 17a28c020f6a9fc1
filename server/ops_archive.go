package server

import (
	"context"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/replay"
)

type (
	archiveRef struct{ ArchiveName string }
	replayRef  struct{ ReplayName string }
)

func archiveOps(a *archive.Archives) []operation {
	return []operation{
		call("CreateArchive", true, a.CreateArchive),
		call("DescribeArchive", false, func(ctx context.Context, in archiveRef) (archive.Archive, error) {
			return a.DescribeArchive(ctx, in.ArchiveName)
		}),
		call("ListArchives", false, a.ListArchives),
		call("UpdateArchive", true, a.UpdateArchive),
		callNoOutput("DeleteArchive", true, func(ctx context.Context, in archiveRef) error {
			return a.DeleteArchive(ctx, in.ArchiveName)
		}),
	}
}

func replayOps(r *replay.Replayer) []operation {
	return []operation{
		// StartReplay and CancelReplay are not journaled yet: re-applying a
		// StartReplay after a restart would deliver its events again.
		call("StartReplay", false, r.StartReplay),
		call("DescribeReplay", false, func(ctx context.Context, in replayRef) (replay.Replay, error) {
			return r.DescribeReplay(ctx, in.ReplayName)
		}),
		call("ListReplays", false, r.ListReplays),
		call("CancelReplay", false, func(ctx context.Context, in replayRef) (replay.CancelReplayOutput, error) {
			return r.CancelReplay(ctx, in.ReplayName)
		}),
	}
}
