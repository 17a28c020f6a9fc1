package paging

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPageWalksEverythingOnce(t *testing.T) {
	keys := []string{"a1", "a2", "b1", "b2", "b3", "c1"}
	keepB := func(k string) bool { return strings.HasPrefix(k, "b") }
	for _, tc := range []struct {
		keep  func(string) bool
		limit int
		want  []string
	}{
		{nil, 0, keys},
		{nil, 2, keys},
		{keepB, 1, []string{"b1", "b2", "b3"}},
		{keepB, 3, []string{"b1", "b2", "b3"}},
	} {
		var got []string
		token := ""
		for {
			page, next, ok := Page(keys, tc.keep, token, "t", tc.limit)
			require.True(t, ok)
			got = append(got, page...)
			if next == "" {
				break
			}
			token = next
		}
		require.Equal(t, tc.want, got)
	}
}

func TestPageTokenSurvivesRemoval(t *testing.T) {
	page, next, ok := Page([]string{"a", "b", "c", "d"}, nil, "", "t", 2)
	require.True(t, ok)
	require.Equal(t, []string{"a", "b"}, page)
	// "b", the token's key, is gone by the next call: the listing goes on.
	page, next, ok = Page([]string{"a", "c", "d"}, nil, next, "t", 2)
	require.True(t, ok)
	require.Equal(t, []string{"c", "d"}, page)
	require.Empty(t, next)
}

func TestPageRefusesForeignTokens(t *testing.T) {
	_, next, _ := Page([]string{"a", "b"}, nil, "", "rules", 1)
	_, _, ok := Page([]string{"a", "b"}, nil, next, "archives", 1)
	require.False(t, ok)
	_, _, ok = Page([]string{"a"}, nil, "!!not base64!!", "rules", 1)
	require.False(t, ok)
}
