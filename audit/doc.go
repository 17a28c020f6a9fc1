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
// # Storage
//
// Each event data store keeps its events in an archive.Store opened by the
// StoreFactory (WithStoreFactory; memory by default, archive/boltstore for
// events that survive restarts). The Lake's own state (stores, channels,
// policies) lives in memory.
//
// # Restoring state deterministically
//
// Every identifier the Lake generates comes from the ID source
// (WithIDs) and every timestamp from the clock (WithClock); nothing else
// is random or reads the time. A durable server can therefore journal the
// mutating calls (CreateEventDataStore, UpdateEventDataStore,
// DeleteEventDataStore, CreateChannel, UpdateChannel, DeleteChannel,
// PutResourcePolicy, DeleteResourcePolicy) with the caller, and rebuild
// the same state after a restart by replaying the journal into a new Lake
// whose ID source and clock return the values recorded. The draws per
// call are fixed:
//
//   - CreateEventDataStore: one ID (the ARN's UUID), then one Now
//     (CreatedTimestamp and UpdatedTimestamp);
//   - UpdateEventDataStore and DeleteEventDataStore: one Now;
//   - CreateChannel: one ID (the ARN's UUID);
//   - PutAuditEvents (not journalled: its events are in the stores): one
//     Now for the call, then one ID per accepted event, in request order;
//   - every other call draws nothing.
//
// A call that fails validation draws nothing. The store factory is called
// with the event data store's ID, so a durable factory reopens the same
// store for the same ARN.
package audit
