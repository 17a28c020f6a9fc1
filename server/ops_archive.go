package server

import (
	"github.com/switchyard-go/switchyard/archive"
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
