// Package archive keeps the events a bus routed, over pluggable storage.
//
// Archives (NewArchives) mirror EventBridge's CreateArchive, DescribeArchive,
// UpdateArchive, DeleteArchive and ListArchives. An archive attaches to its
// event bus as a rule the bus manages ("Events-Archive-<name>"), through the
// Attacher interface that *bus.Bus implements, so this package does not
// import bus; the rule never matches replayed events. Package replay sends
// an archive's events back into a bus.
//
// Each operation is Op(ctx, OpInput) (OpOutput, error), with EventBridge's
// JSON member names as tags, and acts as the switchyard.Caller in ctx (the
// attacher's account and region without one).
//
// Restoring from a journal. Archives generate no identifiers (an ARN is
// made of the account, region and name) and read the time only from their
// clock (WithArchiveClock, or the attacher's): CreateArchive reads it once,
// for CreationTime; retention reads it when it sweeps. A server that
// journals CreateArchive, UpdateArchive and DeleteArchive with their
// caller and time rebuilds the same archives by replaying the journal with
// the clock set to each call's time, and a durable StoreFactory gives them
// their events back.
//
// The Store interface is also the storage of package audit (CloudTrail
// Lake's event data stores).
//
// Storage is the Store interface: an append-only, time-ordered log with a
// small contract (see Store). Two implementations come with Switchyard:
// archive/memstore, in memory, for tests, and archive/boltstore, an embedded
// durable store over bbolt and the default. archive/storetest checks any
// implementation against the contract.
package archive
