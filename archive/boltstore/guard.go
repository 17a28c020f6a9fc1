package boltstore

import (
	"fmt"
	"runtime/debug"
)

// guard runs fn and turns a panic into an error wrapping ErrCorrupt.
//
// bbolt trusts its file: on some damaged pages it panics (for example
// "invalid page type"), and it reads pages through a memory map, so a page
// past the end of a truncated file raises SIGBUS, which Go turns into a
// fatal error unless the goroutine has asked for a panic instead with
// debug.SetPanicOnFault. guard asks for that for the duration of fn and
// recovers, so a damaged archive is an error the caller can report, not a
// crashed service. bbolt's View and Update roll their transaction back
// while the panic unwinds, so its locks are released.
func guard(fn func() error) (err error) {
	prev := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(prev)
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	return fn()
}
