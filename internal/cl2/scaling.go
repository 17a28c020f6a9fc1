package cl2

import "fmt"

// MaxExactRules is the most rules ExactRules can return: the five EXACT
// values plus every other seven-digit block and lot pair.
const MaxExactRules = numBlocks*numLots + 1

// lotStride steps through the block/lot space: it is prime and does not
// divide numBlocks*numLots, so k*lotStride mod numBlocks*numLots visits
// every pair exactly once while spreading consecutive rules over the whole
// range (and so over many events) rather than over one block.
const lotStride = 1_000_003

// ExactRules returns n distinct exact-match rules on properties.MAPBLKLOT,
// for scaling benchmarks. The first five are the EXACT rule set (so n = 5
// is that set); the rest are other block/lot pairs from the generator's
// value space, so about one event in 2.3 million matches each of them: with
// n rules, roughly n/2.3M of the events match one. It panics if n is
// negative or above MaxExactRules, like strings.Repeat does for a bad
// count: the caller's arithmetic is wrong, not its input.
func ExactRules(n int) []string {
	if n < 0 || n > MaxExactRules {
		panic(fmt.Sprintf("cl2: ExactRules(%d): n must be in [0, %d]", n, MaxExactRules))
	}
	exact := exactLots()
	rules := make([]string, 0, n)
	skip := make(map[string]bool, len(exact))
	for _, lot := range exact {
		if len(rules) < n {
			rules = append(rules, exactRule(lot))
		}
		skip[lot] = true
	}
	space := numBlocks * numLots
	for k := 0; len(rules) < n; k++ {
		v := k * lotStride % space
		lot := lotString(v/numLots+1, v%numLots+1)
		if skip[lot] {
			continue
		}
		rules = append(rules, exactRule(lot))
	}
	return rules
}

// exactRule is the rule matching one MAPBLKLOT value.
func exactRule(lot string) string { return rule("MAPBLKLOT", quoted(lot)) }
