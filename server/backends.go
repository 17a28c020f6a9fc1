package server

import (
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/audit"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
)

// Backends are the Go API implementations the server exposes. A nil
// backend's operations answer UnknownOperationException.
type Backends struct {
	Bus      *bus.Bus          // EventBridge buses, rules, targets, PutEvents
	Archives *archive.Archives // EventBridge archives
	Replays  *replay.Replayer  // EventBridge replays
	Audit    *audit.Lake       // CloudTrail event data stores, channels, resource policies; CloudTrail Data PutAuditEvents
}

// Target prefixes of the JSON 1.1 services. CloudTrail has two: botocore
// (the aws CLI) sends the fully qualified one, aws-sdk-go-v2 the short one.
const (
	eventsPrefix          = "AWSEvents."
	cloudTrailPrefix      = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
	cloudTrailShortPrefix = "CloudTrail_20131101."
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
		add(eventsPrefix, s.replayOps(b.Replays))
	}
	if b.Audit != nil {
		add(cloudTrailPrefix, cloudTrailOps(b.Audit))
		add(cloudTrailShortPrefix, cloudTrailOps(b.Audit))
		for _, op := range cloudTrailDataOps(b.Audit) {
			s.paths["/"+op.name] = &op
		}
	}
}
