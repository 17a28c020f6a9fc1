package archive

// ArchivesDefaultStore returns a new default (in-memory) store, so that the
// external tests can run the storetest suite against it.
func ArchivesDefaultStore() Store { return newArchiveMemStore() }
