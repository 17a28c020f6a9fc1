package cl2_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/internal/cl2"
)

// exactValue extracts the MAPBLKLOT literal of an ExactRules rule.
func exactValue(t *testing.T, rule string) string {
	t.Helper()
	var p struct {
		Properties struct {
			MAPBLKLOT []string
		} `json:"properties"`
	}
	require.NoError(t, json.Unmarshal([]byte(rule), &p), rule)
	require.Len(t, p.Properties.MAPBLKLOT, 1, rule)
	return p.Properties.MAPBLKLOT[0]
}

func TestExactRules(t *testing.T) {
	exact := cl2.Categories()[0]
	require.Equal(t, "EXACT", exact.Name)

	tests := []struct {
		n int
	}{{0}, {3}, {5}, {6}, {1000}, {100_000}}
	for _, tt := range tests {
		rules := cl2.ExactRules(tt.n)
		require.Len(t, rules, tt.n)
		require.Equal(t, exact.Rules[:min(tt.n, 5)], rules[:min(tt.n, 5)], "the first five are the EXACT set")
		seen := make(map[string]bool, tt.n)
		for _, r := range rules {
			v := exactValue(t, r)
			require.False(t, seen[v], "n=%d: %q repeats", tt.n, v)
			seen[v] = true
		}
	}
}

func TestExactRulesDeterministic(t *testing.T) {
	require.Equal(t, cl2.ExactRules(2000), cl2.ExactRules(2000))
	require.Equal(t, cl2.ExactRules(2000)[:100], cl2.ExactRules(100), "a shorter list is a prefix of a longer one")
}

func TestExactRulesMatchSomeEvents(t *testing.T) {
	_, lots := sample(t)
	tests := []struct {
		n        int
		min, max int // events whose MAPBLKLOT one of the rules names
	}{
		// The EXACT set: the planted values and VACSTWIL, about 1 in 160.
		{5, sampleSize / 320, sampleSize / 80},
		// About n/2.3M of the other events, plus the EXACT set's.
		{100_000, sampleSize * 4 / 100, sampleSize * 7 / 100},
	}
	for _, tt := range tests {
		values := map[string]bool{}
		for _, r := range cl2.ExactRules(tt.n) {
			values[exactValue(t, r)] = true
		}
		hits := 0
		for _, l := range lots {
			if id, _ := l.prop("MAPBLKLOT"); values[id] {
				hits++
			}
		}
		t.Logf("ExactRules(%d): %d of %d events match", tt.n, hits, len(lots))
		require.GreaterOrEqual(t, hits, tt.min, "n=%d", tt.n)
		require.LessOrEqual(t, hits, tt.max, "n=%d", tt.n)
	}
}

func TestExactRulesRejectsBadCount(t *testing.T) {
	for _, n := range []int{-1, cl2.MaxExactRules + 1} {
		require.Panics(t, func() { cl2.ExactRules(n) }, "n=%d", n)
	}
}

// TestExactRulesWholeSpace checks that the stride visits every block/lot
// pair once: the full list has no duplicate.
func TestExactRulesWholeSpace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2.28 million rules")
	}
	rules := cl2.ExactRules(cl2.MaxExactRules)
	seen := make(map[string]struct{}, len(rules))
	for _, r := range rules {
		seen[r] = struct{}{}
	}
	require.Len(t, seen, cl2.MaxExactRules)
}
