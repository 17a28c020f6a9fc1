//go:build !unix

package pattern_test

// processCPU is not measured on this platform.
func processCPU() int64 { return 0 }
