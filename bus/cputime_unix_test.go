//go:build unix

package bus_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used, user and system,
// on every thread: the benchmark's cost independent of how busy the
// machine is.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
