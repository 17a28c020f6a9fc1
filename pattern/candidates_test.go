package pattern_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/pattern"
)

// Rules that share their most selective condition (the anchor) and differ
// in a second one (the check) match only where both hold, whichever of
// the two fields comes first in the event, inside arrays or not, and when
// the only other condition is an anything-but (walk.go, "Candidates").
func TestSharedAnchorWithChecks(t *testing.T) {
	rules := []string{
		0: `{"lot":["7"],"street":[{"suffix":"TON"}]}`,
		1: `{"lot":["7"],"street":[{"suffix":"SON"}]}`,
		2: `{"lot":["7"],"street":[{"suffix":"TON"}],"type":["ST","AVE"]}`,
		3: `{"lot":["7"],"street":[{"anything-but":"FULTON"}]}`,
		4: `{"lot":["7"]}`,
		5: `{"lot":["7"],"street":[{"suffix":"TON"}],"type":[{"exists":false}]}`,
		6: `{"lot":["8"],"street":[{"suffix":"TON"}]}`,
		7: `{"x":{"lot":["7"],"street":[{"suffix":"TON"}]}}`,
	}
	m := pattern.NewMatcher[int]()
	for i, r := range rules {
		require.NoError(t, m.Add(i, pattern.MustCompile(r)))
	}
	for _, tc := range []struct {
		event string
		want  []int
	}{
		{`{"lot":"7","street":"FULTON","type":"ST"}`, []int{0, 2, 4}},
		{`{"type":"ST","street":"FULTON","lot":"7"}`, []int{0, 2, 4}},
		{`{"street":"FULTON","lot":"7"}`, []int{0, 4, 5}},
		{`{"lot":"7","street":"JACKSON"}`, []int{1, 3, 4}},
		{`{"lot":"7"}`, []int{4}},
		{`{"lot":"8","street":"JACKSON"}`, nil},
		{`{"street":"FULTON","lot":"8"}`, []int{6}},
		{`{"lot":["6","7"],"street":["MASON","FULTON"],"type":"DR"}`, []int{0, 1, 3, 4}},
		{`{"x":[{"lot":"7","street":"MASON"},{"lot":"8","street":"FULTON"}]}`, nil},
		{`{"x":[{"lot":"8","street":"MASON"},{"street":"FULTON","lot":"7"}]}`, []int{7}},
	} {
		got := m.MatchAppend(nil, []byte(tc.event))
		slices.Sort(got)
		require.Equal(t, tc.want, got, tc.event)
	}
}
