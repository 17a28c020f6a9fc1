//go:build unix

package pattern_test

import "syscall"

// processCPU returns the CPU time the process has used, in nanoseconds.
// Benchmarks report it per op beside ns/op: on a shared, overloaded
// machine wall time mostly measures the neighbours.
func processCPU() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
