// Package audit is CloudTrail Lake for events from outside AWS: event data
// stores, channels with resource policies, and the CloudTrail Data API's
// PutAuditEvents, with CloudTrail's request and response shapes, ARNs,
// states and error codes.
//
// A Lake serves every account and region of a process. Each operation
// takes the caller from its context (switchyard.CallerFrom); a context
// without a Caller acts as the Lake's default account and region
// (WithDefaultCaller). The operations are those of the CloudTrail API
// (2013-11-01) and the CloudTrail Data API (2021-08-11):
//
//   - event data stores: CreateEventDataStore, GetEventDataStore,
//     ListEventDataStores, UpdateEventDataStore, DeleteEventDataStore;
//   - channels: CreateChannel (whose Destinations name event data stores),
//     GetChannel, ListChannels, UpdateChannel, DeleteChannel;
//   - channel resource policies: PutResourcePolicy, GetResourcePolicy,
//     DeleteResourcePolicy. The policy decides which other accounts may
//     call PutAuditEvents on the channel, and with which external ID;
//   - PutAuditEvents, which validates each event against the CloudTrail
//     Lake integrations event schema and stores the valid ones in every
//     destination event data store of the channel.
//
// CloudTrail Lake's SQL queries are out of scope; Query reads an event
// data store back by time window, filtered by an EventBridge pattern.
//
// Each operation is Op(ctx, OpInput) (OpOutput, error). The Input and
// Output types carry CloudTrail's JSON member names as tags, so a server
// can decode a wire request into OpInput and encode OpOutput (times are
// time.Time; the JSON 1.1 protocol writes epoch seconds, which is the
// server's conversion). Errors are *switchyard.Error values with
// CloudTrail's error codes (the Code* constants), checkable with errors.Is
// against the Err* sentinels.
//
// # Validation
//
// PutAuditEvents checks each event's eventData against the CloudTrail Lake
// integrations event schema (CloudTrail User Guide, "CloudTrail Lake
// integrations event schema"): a JSON object with the required strings
// version, eventSource, eventName, eventTime, UID and recipientAccountId
// (the channel owner's account) and the object userIdentity {type,
// principalId, details}, and the optional userAgent, requestParameters,
// responseElements, errorCode, errorMessage, sourceIPAddress (an IP
// address) and additionalEventData, each within the schema's length
// limits. eventTime is exactly yyyy-MM-ddTHH:mm:ssZ in UTC, with no
// fractional seconds or offset. Unknown or repeated fields, invalid UTF-8
// and JSON nested deeper than MaxEventDataDepth are InvalidData. An event
// that fails gets one per-event error code and is not stored; the others
// of the call are.
//
// # Storage
//
// Each event data store keeps its events in an archive.Store opened by the
// StoreFactory (WithStoreFactory; memory by default, archive/boltstore for
// events that survive restarts). The Lake closes the stores it opened when
// it is closed, and deletes the events of a store seven days after
// DeleteEventDataStore. The Lake's own state (event data stores,
// channels, policies) lives in memory; see the next section for restoring
// it.
//
// # Stored records
//
// Each accepted event becomes one archive.Record in each destination
// event data store's archive.Store: Time is the event's
// eventData.eventTime, Ingested the clock at ingestion, Seq the store's
// next sequence number, and Data the event as CloudTrail Lake presents
// it:
//
//	{
//	  "eventVersion": "1.0",
//	  "eventCategory": "ActivityAuditLog",
//	  "eventType": "ActivityLog",
//	  "eventID": "<UUID CloudTrail assigned, as returned in successful>",
//	  "eventTime": "<eventData.eventTime, yyyy-MM-ddTHH:mm:ssZ>",
//	  "awsRegion": "<the channel's region>",
//	  "recipientAccountId": "<the channel owner's account>",
//	  "metadata": {
//	    "ingestionTime": "<yyyy-MM-ddTHH:mm:ssZ>",
//	    "channelARN": "<the channel's ARN>"
//	  },
//	  "eventData": { <the eventData the producer sent, byte for byte> }
//	}
//
// The fields and their order are those of the schema's example hierarchy;
// the optional addendum block, which CloudTrail adds only to events it
// updates, is never written.
//
// # Restoring state deterministically
//
// Every identifier the Lake generates comes from the ID source (WithIDs)
// and every timestamp from the clock (WithClock); nothing else is random
// or reads the time. A durable server can therefore journal the mutating
// calls (CreateEventDataStore, UpdateEventDataStore, DeleteEventDataStore,
// CreateChannel, UpdateChannel, DeleteChannel, PutResourcePolicy,
// DeleteResourcePolicy) with their caller, time and generated IDs, and
// rebuild the same state after a restart by replaying the journal, in
// order, into a new Lake whose clock is set to each call's recorded time
// and whose ID source returns the recorded IDs. The IDs drawn per call are
// fixed:
//
//   - CreateEventDataStore: one (the UUID of the ARN);
//   - CreateChannel: one (the UUID of the ARN);
//   - PutAuditEvents (not journalled: its events are in the stores): one
//     per accepted event, in request order;
//   - every other call draws none, and so does a call that fails its
//     checks (CreateEventDataStore draws its ID before it calls the store
//     factory, so a failing factory has used one).
//
// Each call reads the clock at most once, as its time: creation and
// update timestamps, the start of PENDING_DELETION, the ingestion time
// of PutAuditEvents, and when a store pending deletion is purged. The
// store factory is called with the event data store's ID, so a durable
// factory reopens the same store for the same ARN.
package audit
