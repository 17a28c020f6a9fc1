// Package boltstore is the embedded, durable archive.Store, and the
// default: one bbolt file per store, fsynced on every commit, with group
// commit so that one fsync covers every append waiting at the time.
//
// # Layout
//
// Records live in the bucket "records". A key is archive.AppendKey's 16
// bytes (event time in big-endian nanoseconds with the sign bit flipped,
// then the sequence), so bbolt's byte order is time order and a time
// window is one cursor range. A value is the ingestion time (8 bytes of
// big-endian Unix seconds, 4 of nanoseconds) followed by the event's bytes.
// The bucket "meta" holds the format version and the running record count
// and byte total; they are updated in the same transaction as the records
// they describe, so Stats costs two reads and stays right across crashes.
//
// # Durability
//
// An Append returns nil only after the bbolt transaction holding its
// records has committed, and bbolt fsyncs the data pages before it writes
// and fsyncs the meta page that makes them visible: a crash at any point
// leaves either the previous or the new state, never a torn record. The
// crash test in this package kills a writing process at random points and
// checks exactly that. WithNoSync gives that guarantee up and exists for
// tests only.
//
// # File growth and compaction
//
// bbolt never shrinks its file. Pages freed by DeleteBefore (retention) or
// by replacements go on a free list and are reused by later appends, so an
// archive with steady retention settles at roughly its peak size rather
// than growing forever. To hand space back to the file system, write a
// compacted copy with Compact, close the store, rename the copy over the
// original and open it again.
//
// # Damaged files
//
// Open checks the file before it returns: bbolt's own meta-page checksums,
// that the file is not shorter than its data, that the buckets and the
// format version are those of an archive, and the first and last records.
// A damaged file yields an error wrapping ErrCorrupt (or ErrFormat for a
// bbolt file that is not an archive), never a panic: bbolt panics on some
// damaged pages and reading a truncated memory-mapped file faults, so
// every access to the file runs with debug.SetPanicOnFault and a recover.
// Verify does the full, slower check.
package boltstore
