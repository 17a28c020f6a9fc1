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
// The Store interface is also the storage of package audit (CloudTrail
// Lake's event data stores).
//
// Storage is the Store interface: an append-only, time-ordered log with a
// small contract (see Store). Two implementations come with Switchyard:
// archive/memstore, in memory, for tests, and archive/boltstore, an embedded
// durable store over bbolt and the default. archive/storetest checks any
// implementation against the contract.
package archive
