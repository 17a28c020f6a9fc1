//go:build race

package pattern_test

// raceEnabled reports whether the test binary was built with -race. The race
// detector allocates on its own, so allocation counts are only meaningful
// without it.
const raceEnabled = true
