package server

import (
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/replay"
)

func archiveOps(a *archive.Archives) []operation {
	return []operation{
		call("CreateArchive", true, a.CreateArchive),
		call("DescribeArchive", false, a.DescribeArchive),
		call("ListArchives", false, a.ListArchives),
		call("UpdateArchive", true, a.UpdateArchive),
		call("DeleteArchive", true, a.DeleteArchive),
	}
}

func replayOps(r *replay.Replayer) []operation {
	return []operation{
		// StartReplay and CancelReplay are not journaled: re-applying a
		// StartReplay after a restart would deliver its events again.
		call("StartReplay", false, r.StartReplay),
		call("DescribeReplay", false, r.DescribeReplay),
		call("ListReplays", false, r.ListReplays),
		call("CancelReplay", false, r.CancelReplay),
	}
}
