// Package archive keeps the events a bus routed, over pluggable storage, and
// ingests audit events in the style of CloudTrail Lake.
//
// Storage is the Store interface: an append-only, time-ordered log with a
// small contract (see Store). Two implementations come with Switchyard:
// archive/memstore, in memory, for tests, and archive/boltstore, an embedded
// durable store over bbolt and the default. archive/storetest checks any
// implementation against the contract.
package archive
