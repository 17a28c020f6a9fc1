package server

import (
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
)

// Backends are the Go API implementations the server exposes. A nil
// backend's operations answer UnknownOperationException.
type Backends struct {
	Bus      *bus.Bus           // EventBridge buses, rules, targets, PutEvents
	Archives *archive.Archives  // EventBridge archives
	Replays  *replay.Replayer   // EventBridge replays
	Audit    *archive.AuditLake // CloudTrail channels and CloudTrail Data PutAuditEvents
}

// Target prefixes of the JSON 1.1 services.
const (
	eventsPrefix     = "AWSEvents."
	cloudTrailPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
)

func (s *Server) register(b Backends) {
	add := func(prefix string, ops []operation) {
		for i := range ops {
			op := ops[i]
			s.targets[prefix+op.name] = &op
		}
	}
	if b.Bus != nil {
		add(eventsPrefix, busOps(b.Bus))
	}
	if b.Archives != nil {
		add(eventsPrefix, archiveOps(b.Archives))
	}
	if b.Replays != nil {
		add(eventsPrefix, replayOps(b.Replays))
	}
	if b.Audit != nil {
		add(cloudTrailPrefix, cloudTrailOps(b.Audit))
		for _, op := range cloudTrailDataOps(b.Audit) {
			s.paths["/"+op.name] = &op
		}
	}
}
