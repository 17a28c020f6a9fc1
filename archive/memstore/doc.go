// Package memstore is an in-memory archive.Store, for tests and for
// archives that need not survive the process.
//
// Records live in one slice kept sorted by (Time, Seq). Appending in time
// order, the usual case for an archive, appends to the slice (O(1)
// amortised per record); a batch that reaches back in time is sorted and
// merged into the tail it overlaps, which costs O(tail + batch). Scans take
// the read lock only to copy a chunk of record headers, never while the
// caller's function runs, so a slow consumer neither blocks appends nor can
// deadlock by appending from inside its callback.
//
// Data is copied on Append, and Scan hands fn a copy too, so neither the
// caller's slices nor a misbehaving fn can change what the store holds.
package memstore
