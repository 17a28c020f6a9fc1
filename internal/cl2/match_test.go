package cl2_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/internal/cl2"
	"github.com/switchyard-go/switchyard/pattern"
)

// TestRulesMatchEvents compiles every CL2 rule and checks, event by event
// over a 10k sample, that the pattern package agrees with the oracle, both
// through a Matcher holding the five rules and through each single
// Pattern. Every rule must match some event, except the one that cannot.
func TestRulesMatchEvents(t *testing.T) {
	events, lots := sample(t)
	all := oracles()
	for _, c := range cl2.Categories() {
		t.Run(c.Name, func(t *testing.T) {
			m := pattern.NewMatcher[int]()
			pats := make([]*pattern.Pattern, len(c.Rules))
			for r, src := range c.Rules {
				p, err := pattern.Compile([]byte(src))
				require.NoError(t, err, src)
				require.NoError(t, m.Add(r, p))
				pats[r] = p
			}
			counts := make([]int, len(c.Rules))
			var got, want []int
			for i, e := range events {
				want = want[:0]
				for r, pred := range all[c.Name] {
					if pred(&lots[i]) {
						want = append(want, r)
					}
				}
				got = m.MatchAppend(got[:0], e)
				slices.Sort(got)
				if !slices.Equal(want, got) {
					require.Failf(t, "Matcher disagrees with the oracle", "event %d: Matcher gives rules %v, oracle %v: %s", i, got, want, e)
				}
				for r, p := range pats {
					if p.Match(e) != slices.Contains(want, r) {
						require.Failf(t, "Pattern.Match disagrees with the oracle", "event %d rule %d %s: %s", i, r, c.Rules[r], e)
					}
				}
				for _, r := range got {
					counts[r]++
				}
			}
			t.Logf("matches per rule in %d events: %v", len(events), counts)
			for r, n := range counts {
				if zero, ok := zeroByDesign[c.Name]; ok && zero == r {
					continue
				}
				require.Positive(t, n, "rule %d: %s", r, c.Rules[r])
			}
		})
	}
}
