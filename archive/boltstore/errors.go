package boltstore

import "errors"

// Errors Open and the methods of Store return, besides the archive
// package's ErrClosed and ErrTimeRange. Test with errors.Is.
var (
	// ErrCorrupt means the file is damaged: not a bbolt file, truncated,
	// or with pages or records that do not parse.
	ErrCorrupt = errors.New("boltstore: file is corrupt")
	// ErrFormat means the file is a sound bbolt database that does not
	// hold an archive this package can read (other buckets, or another
	// format version).
	ErrFormat = errors.New("boltstore: file is not an archive of a known format")
	// ErrLocked means another Store, in this process or another, has the
	// file open; Open gave up after its timeout (see WithOpenTimeout).
	ErrLocked = errors.New("boltstore: file is locked by another store")
)
