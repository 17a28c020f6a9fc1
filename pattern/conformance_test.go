package pattern_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/pattern"
)

// rulerCase is one line of testdata/ruler-correctness.jsonl: an
// array-consistency case whose expected verdict was recorded by running
// aws/event-ruler's rulesForJSONEvent. Other fields on the line (the
// verdicts of older matching modes) are ignored.
type rulerCase struct {
	Name     string          `json:"name"`
	Rule     json.RawMessage `json:"rule"`
	Event    json.RawMessage `json:"event"`
	Expected *bool           `json:"expected"`
}

const rulerFixture = "testdata/ruler-correctness.jsonl"

func loadRulerCases(t *testing.T) []rulerCase {
	t.Helper()
	f, err := os.Open(rulerFixture)
	require.NoError(t, err)
	defer f.Close()
	var cases []rulerCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var c rulerCase
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c), "%s line %d", rulerFixture, line)
		require.NotEmpty(t, c.Name, "%s line %d has no name", rulerFixture, line)
		require.NotEmpty(t, c.Rule, "%s line %d has no rule", rulerFixture, line)
		require.NotEmpty(t, c.Event, "%s line %d has no event", rulerFixture, line)
		require.NotNil(t, c.Expected, "%s line %d has no expected verdict", rulerFixture, line)
		cases = append(cases, c)
	}
	require.NoError(t, sc.Err())
	return cases
}

// TestRulerConformance runs every recorded event-ruler case through
// Pattern.Match and through a Matcher holding that one pattern; both must
// give the recorded verdict.
func TestRulerConformance(t *testing.T) {
	cases := loadRulerCases(t)
	require.Len(t, cases, 51, "the fixture holds 51 cases")
	passed := 0
	for _, c := range cases {
		ok := t.Run(c.Name, func(t *testing.T) {
			p, err := pattern.Compile(c.Rule)
			require.NoError(t, err, "rule %s", c.Rule)
			require.Equal(t, *c.Expected, p.Match(c.Event), "Pattern.Match\nrule:  %s\nevent: %s", c.Rule, c.Event)

			m := pattern.NewMatcher[string]()
			require.NoError(t, m.Add(c.Name, p))
			got := m.MatchAppend(nil, c.Event)
			if *c.Expected {
				require.Equal(t, []string{c.Name}, got, "Matcher\nrule:  %s\nevent: %s", c.Rule, c.Event)
			} else {
				require.Empty(t, got, "Matcher\nrule:  %s\nevent: %s", c.Rule, c.Event)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("ruler-correctness: %d of %d cases pass", passed, len(cases))
}

// TestRulerConformanceOneMatcher loads every case's rule into a single
// Matcher, as a bus does with its rules, and checks that each event selects
// exactly the rules whose own verdict on it is true. This catches state
// leaking between rules that share field paths.
func TestRulerConformanceOneMatcher(t *testing.T) {
	cases := loadRulerCases(t)
	m := pattern.NewMatcher[int]()
	ps := make([]*pattern.Pattern, len(cases))
	for i, c := range cases {
		p, err := pattern.Compile(c.Rule)
		require.NoError(t, err, "rule %s", c.Rule)
		ps[i] = p
		require.NoError(t, m.Add(i, p))
	}
	for _, c := range cases {
		var want []int
		for i, p := range ps {
			if p.Match(c.Event) {
				want = append(want, i)
			}
		}
		got := m.MatchAppend(nil, c.Event)
		require.ElementsMatch(t, want, got, "event of %q: %s", c.Name, c.Event)
	}
}
