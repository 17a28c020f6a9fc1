package cl2_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/internal/cl2"
	"github.com/switchyard-go/switchyard/pattern"
)

func TestOperatorRules(t *testing.T) {
	for _, op := range cl2.Operators() {
		t.Run(string(op), func(t *testing.T) {
			rules := cl2.OperatorRules(op, 3000)
			require.Len(t, rules, 3000)
			require.Equal(t, rules[:100], cl2.OperatorRules(op, 100), "a shorter list is a prefix of a longer one")
			seen := map[string]bool{}
			for _, r := range rules {
				require.True(t, op == cl2.OpMixed || !seen[r], "%s repeats", r)
				seen[r] = true
				_, err := pattern.Compile([]byte(r))
				require.NoError(t, err, r)
			}
			// The mixed set repeats a few suffix rules, as buses with one
			// rule per tenant do.
			require.Greater(t, len(seen), len(rules)*9/10)
		})
	}
	require.Panics(t, func() { cl2.OperatorRules(cl2.OpExact, -1) })
	require.Panics(t, func() { cl2.OperatorRules(cl2.OpExact, cl2.MaxOperatorRules+1) })
	require.Panics(t, func() { cl2.OperatorRules("nope", 1) })
}
