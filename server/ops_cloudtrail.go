package server

import (
	"net/url"

	"github.com/switchyard-go/switchyard/audit"
)

// cloudTrailOps are CloudTrail's JSON 1.1 operations for CloudTrail Lake
// integrations: event data stores, channels and their resource policies.
func cloudTrailOps(l *audit.Lake) []operation {
	return []operation{
		call("CreateEventDataStore", true, l.CreateEventDataStore),
		call("GetEventDataStore", false, l.GetEventDataStore),
		call("ListEventDataStores", false, l.ListEventDataStores),
		call("UpdateEventDataStore", true, l.UpdateEventDataStore),
		call("DeleteEventDataStore", true, l.DeleteEventDataStore),
		call("CreateChannel", true, l.CreateChannel),
		call("GetChannel", false, l.GetChannel),
		call("ListChannels", false, l.ListChannels),
		call("UpdateChannel", true, l.UpdateChannel),
		call("DeleteChannel", true, l.DeleteChannel),
		call("PutResourcePolicy", true, l.PutResourcePolicy),
		call("GetResourcePolicy", false, l.GetResourcePolicy),
		call("DeleteResourcePolicy", true, l.DeleteResourcePolicy),
	}
}

// cloudTrailDataOps are CloudTrail Data's REST-JSON operations, routed by
// path: POST /PutAuditEvents?channelArn=...&externalId=... with the events
// in the body.
func cloudTrailDataOps(l *audit.Lake) []operation {
	bind := func(in *audit.PutAuditEventsInput, q url.Values) {
		in.ChannelARN, in.ExternalID = q.Get("channelArn"), q.Get("externalId")
	}
	return []operation{rest("PutAuditEvents", false, bind, l.PutAuditEvents)}
}
