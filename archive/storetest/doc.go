// Package storetest checks an archive.Store implementation against the
// contract documented on archive.Store, the way testing/fstest checks an
// fs.FS. Adapter authors (PostgreSQL, NATS JetStream, ...) call it from
// their own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) archive.Store {
//			s, err := mystore.Open(t.Context(), dsnFor(t)) // a fresh, empty store
//			require.NoError(t, err)
//			return s
//		})
//	}
//
// A store that persists should also pass RunDurable, which opens the same
// location again after Close and checks that everything is still there:
//
//	func TestDurable(t *testing.T) {
//		storetest.RunDurable(t, func(t *testing.T, path string) archive.Store {
//			s, err := mystore.Open(path)
//			require.NoError(t, err)
//			return s
//		})
//	}
//
// Each subtest gets its own store from the factory and closes it when it
// ends (a second Close returning archive.ErrClosed is expected and ignored).
// The suite is deterministic: random orders come from fixed seeds. Run it
// with -race; the concurrency subtest is only meaningful under the race
// detector.
//
// Beyond the letter of the contract the suite asserts two things every
// store here does and callers rely on: Ingested round-trips exactly (the
// zero time included), and fn may call back into the store (Stats, Append)
// without deadlocking, because Scan must not hold a lock or a transaction
// across fn.
package storetest
