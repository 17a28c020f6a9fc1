package bus_test

import "runtime"

type runtimeMemStats = runtime.MemStats

func readMemStats(m *runtime.MemStats) { runtime.ReadMemStats(m) }

func numGoroutine() int { return runtime.NumGoroutine() }

func gcBaseline() { runtime.GC(); runtime.GC() }
