package pattern

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fieldComplexity scores the given values as one field's automaton. A value
// "!x" is an anything-but wildcard; "!x|y" one anything-but list.
func fieldComplexity(values ...string) int {
	t := newPrefixTrie()
	for _, v := range values {
		if rest, ok := strings.CutPrefix(v, "!"); ok {
			t.add(newWildcardSource(true, strings.Split(rest, "|")))
			continue
		}
		t.add(newWildcardSource(false, []string{v}))
	}
	return t.complexity(100)
}

// Every expectation of event-ruler's MachineComplexityEvaluatorTest
// (src/test/software/amazon/event/ruler/MachineComplexityEvaluatorTest.java,
// maxComplexity 100). Exact, prefix, suffix, equals-ignore-case and exists
// values score nothing there (testEvaluateOneWildcard*WithExactMatch,
// testEvaluateExistencePatternHasNoEffect, testEvaluateJustExactMatches), so
// they are left out here; TestComplexityIgnoresOtherOperators checks it
// through Compile.
func TestComplexityMatchesEventRuler(t *testing.T) {
	for _, tc := range []struct {
		want   int
		values []string
	}{
		{1, []string{"*"}},                       // testEvaluateOnlyWildcard
		{3, []string{"*", "ab*c"}},               // testEvaluateOnlyWildcardWithWildcardMatch
		{1, []string{"abc"}},                     // testEvaluateWildcardPatternWithoutWildcards
		{2, []string{"*ab"}},                     // ...LeadingCharTwoTrailingCharactersDifferent
		{3, []string{"*aa"}},                     // ...LeadingCharTwoTrailingCharactersEqual
		{2, []string{"a*b"}},                     // testEvaluateOneWildcardSecondLastChar
		{2, []string{"aa*"}},                     // testEvaluateOneWildcardTrailingChar
		{2, []string{"a*bc"}},                    // ...NormalPositionTwoTrailingCharactersDifferent
		{3, []string{"a*bb"}},                    // ...NormalPositionTwoTrailingCharactersEqual
		{3, []string{"a*bcb"}},                   // ...NormalPositionThreeTrailingCharactersDifferent
		{4, []string{"a*bbb"}},                   // ...NormalPositionThreeTrailingCharactersEqual
		{4, []string{"*ab*ad"}},                  // testEvaluateTwoWildcardsLeadingCharAndNormalPosition
		{3, []string{"*ab*d"}},                   // ...LeadingCharAndSecondLastChar
		{4, []string{"*aba*"}},                   // ...LeadingCharAndTrailingChar
		{5, []string{"a*b*bb"}},                  // ...BothNormalPositionTwoTrailingCharactersEqual
		{4, []string{"a*b*cb"}},                  // ...BothNormalPositionTwoTrailingCharactersDifferent
		{3, []string{"a*b*cd"}},                  // ...DifferentLastCharUnique
		{4, []string{"a*b*b"}},                   // ...NormalPositionAndSecondLastChar
		{4, []string{"a*bb*"}},                   // ...NormalPositionAndTrailingChar
		{3, []string{"ab*b*"}},                   // ...ThirdLastCharAndTrailingChar
		{3, []string{"ab*c", "x*xx"}},            // testEvaluateTwoWildcardsNoCommonPrefix
		{4, []string{"*abc", "*abcde"}},          // ...BothLeadingOneIsPrefixOfOther
		{4, []string{"a*bcd", "ab*cd"}},          // ...BothNormalPosition
		{4, []string{"a*bc", "a*bcde"}},          // ...BothNormalPositionOneIsPrefixOfOther
		{7, []string{"a*aaa", "aa*aa"}},          // ...BothNormalPositionAllSameCharacter
		{4, []string{"a*bc", "abc*d"}},           // ...OneNormalPositionAndOneSecondLastCharacter
		{6, []string{"a*aaa", "aaa*a"}},          // ...AllSameCharacter
		{5, []string{"a*aax", "aaa*x"}},          // ...AllSameCharacterButLast
		{4, []string{"a*bc", "abc*"}},            // ...OneNormalPositionAndOneTrailing
		{5, []string{"a*aa", "aaa*"}},            // ...OneTrailingAllSameCharacter
		{3, []string{"abc*", "abcde*"}},          // ...BothTrailingCharOneIsPrefixOfOther
		{6, []string{"ab*cd", "ab*wx", "ab*yz"}}, // testEvaluateThreeWildcardsTransitionFromSameState
		{7, []string{"*ab*b*b*"}},                // testEvaluateFourWildcards...
		{17, []string{"*a*a*a*a*a*a*a*a*"}},      // testEvaluateLongSequenceofWildcards
		{2, []string{"*abc"}},                    // ...LeadingCharWithExactMatch
		{2, []string{"a*bc"}},                    // ...NormalPositionWithExactMatch
		{2, []string{"ab*c"}},                    // ...SecondLastCharWithExactMatch
		{2, []string{"abc*"}},                    // ...TrailingCharWithExactMatch
		{2, []string{"ab*c", "ab*c"}},            // testEvaluateDuplicateWildcardPatterns
		{4, []string{"!a*b*b"}},                  // testEvaluateAnythingButWildcard
		{7, []string{"!a*aaa", "!aa*aa"}},        // ...AnythingButWildcardMultiplePatterns
		{7, []string{"!a*aaa", "aa*aa"}},         // ...AnythingButWildcardWithWildcard
		{7, []string{"a*aaa", "!aa*aa"}},         // ...WildcardWithAnythingButWildcard
		{4, []string{"a*b", "!a*b"}},             // a wildcard and an anything-but are two patterns
		{10, []string{"F*eatureFeature", "Fe*atureFeature", "Fea*tureFeature"}}, // testEvaluateWordEndingInSameLetterThatFollowsWildcard
		{45, []string{"aahed*", "aal*ii", "aargh*", "aarti*", "a*baca", "*abaci", "a*back", "ab*acs",
			"abaf*t", "*abaka", "ab*amp", "a*band", "*abase", "abash*", "abas*k", "ab*ate", "aba*ya",
			"abbas*", "abbed*", "ab*bes", "abbey*", "*abbot", "ab*cee", "abea*m", "abe*ar", "a*bele",
			"a*bers", "abet*s", "*abhor", "abi*de", "a*bies", "*abled"}}, // testEvaluateQuaminaExploder
		{0, nil}, // testEvaluateJustExactMatches
	} {
		t.Run(strings.Join(tc.values, ","), func(t *testing.T) {
			require.Equal(t, tc.want, fieldComplexity(tc.values...))
			// Order does not matter (event-ruler tests every permutation).
			rev := make([]string, len(tc.values))
			for i, v := range tc.values {
				rev[len(rev)-1-i] = v
			}
			require.Equal(t, tc.want, fieldComplexity(rev...))
		})
	}
}

// event-ruler's testEvaluateAnythingButWildcardMultiplePatternsViaSet scores
// one anything-but list ["a*aaa","aa*aa"] 6, one less than two separate
// values, because its machine merges states within one pattern. We score
// the list as a set of prefixes of one pattern, 7: never lower than
// EventBridge (complexity.go, "Known difference").
func TestComplexityAnythingButList(t *testing.T) {
	require.Equal(t, 7, fieldComplexity("!a*aaa|aa*aa"))
	require.Equal(t, 4, fieldComplexity("!a*b*b|a*b*b"), "a list's duplicate strings count once")
}

// The cap bounds the work: event-ruler's testEvaluateBeyondMaxComplexity
// (10,000 repetitions of "F*e*a*t*u*r*e*") must stop at the cap.
func TestComplexityCapped(t *testing.T) {
	tr := newPrefixTrie()
	tr.add(newWildcardSource(false, []string{strings.Repeat("F*e*a*t*u*r*e*", 10000)}))
	require.Equal(t, 100, tr.complexity(100))
}

// stackIDs builds the rule of the recorded AWS answer: detail.stack-id with
// one "*:stack/<name>/*" value per stack (the public bug report that hit
// this limit named SharedStack, TrackerStack, WorkerStack and added
// MonitoringStack).
func stackIDs(names ...string) string {
	var vals []string
	for _, n := range names {
		vals = append(vals, fmt.Sprintf(`{"wildcard":"*:stack/%s/*"}`, n))
	}
	return `{"source":["aws.cloudformation"],"detail-type":["CloudFormation Stack Status Change"],"detail":{"stack-id":[` +
		strings.Join(vals, ",") + `],"status-details":{"status":["CREATE_COMPLETE","UPDATE_COMPLETE"]}}}`
}

// The answers recorded from EventBridge (issue 7) fix the default limit.
func TestComplexityAWSAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []string
		score  int
		ok     bool
	}{
		{"/Users/*/dir...: accepted", []string{"/Users/*/dir/dir/dir/dir/dir/doc.txt"}, 7, true},
		{"three stacks: accepted", []string{"*:stack/SharedStack/*", "*:stack/TrackerStack/*", "*:stack/WorkerStack/*"}, 9, true},
		{"four stacks: rejected", []string{"*:stack/SharedStack/*", "*:stack/TrackerStack/*", "*:stack/WorkerStack/*", "*:stack/MonitoringStack/*"}, 12, false},
		{"event-bus: rejected", []string{"*:*:*:*:*:event-bus/*"}, 11, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.score, fieldComplexity(tc.values...))
			require.Equal(t, tc.ok, tc.score <= defaultWildcardComplexity)
		})
	}

	// Through Compile, with AWS's wording and the field's path.
	p, err := Compile([]byte(`{"FileName":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}`))
	require.NoError(t, err)
	require.True(t, p.Match([]byte(`{"FileName":"/Users/u/dir/dir/dir/dir/dir/doc.txt"}`)))
	require.False(t, p.Match([]byte(`{"FileName":"/Users/u/dir/dir/dir/dir/otherdir/doc.txt"}`)))

	_, err = Compile([]byte(stackIDs("SharedStack", "TrackerStack", "WorkerStack")))
	require.NoError(t, err)
	for _, src := range []string{
		stackIDs("SharedStack", "TrackerStack", "WorkerStack", "MonitoringStack"),
		`{"EventBusArn":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}`,
	} {
		_, err = Compile([]byte(src))
		var ce *CompileError
		require.ErrorAs(t, err, &ce, src)
		require.Equal(t, errTooComplex, ce.Msg)
		require.ErrorIs(t, err, ErrTooComplex)
		require.Equal(t, "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character", ErrTooComplex.Error())
	}
	_, err = Compile([]byte(stackIDs("SharedStack", "TrackerStack", "WorkerStack", "MonitoringStack")))
	require.EqualError(t, err, "pattern: detail.stack-id: "+errTooComplex)

	// The limit is configurable.
	_, err = CompileWith([]byte(stackIDs("SharedStack", "TrackerStack", "WorkerStack", "MonitoringStack")), Limits{MaxWildcardComplexity: 12})
	require.NoError(t, err)
	_, err = CompileWith([]byte(stackIDs("SharedStack", "TrackerStack", "WorkerStack")), Limits{MaxWildcardComplexity: 8})
	require.Error(t, err)
	_, err = CompileWith([]byte(`{"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}`), Limits{MaxWildcardComplexity: 11})
	require.NoError(t, err)
}

// Complexity is counted per rule over all values of a field together, and
// across "$or" branches that reach the field the same way; values on other
// fields, or behind different conditions, are separate automata.
func TestComplexityRuleLevel(t *testing.T) {
	lim := Limits{MaxWildcardComplexity: 4}
	for _, tc := range []struct {
		name string
		src  string
		ok   bool
	}{
		{"one value, 3", `{"a":[{"wildcard":"*aa"}]}`, true},
		{"two values on one field add up: 3+3", `{"a":[{"wildcard":"*aa"},{"wildcard":"*ab"}]}`, false},
		{"anything-but wildcard counts: 3+3", `{"a":[{"wildcard":"*aa"},{"anything-but":{"wildcard":"*ab"}}]}`, false},
		{"other fields are separate machines", `{"a":[{"wildcard":"*aa"}],"b":[{"wildcard":"*ab"}]}`, true},
		{"the same value twice counts once", `{"a":[{"wildcard":"*aa"},{"wildcard":"*aa"}]}`, true},
		{"$or branches reaching the field alike share it", `{"$or":[{"a":[{"wildcard":"*aa"}]},{"a":[{"wildcard":"*ab"}]}]}`, false},
		{"$or branches behind different conditions do not", `{"$or":[{"a":[{"wildcard":"*aa"}],"0":["x"]},{"a":[{"wildcard":"*ab"}],"0":["y"]}]}`, true},
		{"conditions after the field do not separate", `{"$or":[{"a":[{"wildcard":"*aa"}],"z":["x"]},{"a":[{"wildcard":"*ab"}],"z":["y"]}]}`, false},
		{"other operators score nothing", `{"a":[{"wildcard":"*aa"},"aaaa",{"prefix":"aa"},{"suffix":"aa"},{"equals-ignore-case":"AA"},{"anything-but":{"prefix":"a"}}]}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CompileWith([]byte(tc.src), lim)
			if tc.ok {
				require.NoError(t, err)
				return
			}
			var ce *CompileError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, errTooComplex, ce.Msg)
			require.Equal(t, "a", ce.Path)
		})
	}
}

// A limit of math.MaxInt turns the check off without overflowing.
func TestComplexityUnlimited(t *testing.T) {
	_, err := CompileWith([]byte(`{"a":[{"wildcard":"*a*a*a*a*a*a*a*a*a*a*a*a*"}]}`), Limits{MaxWildcardComplexity: math.MaxInt})
	require.NoError(t, err)
	_, err = CompileWith([]byte(`{"a":[{"wildcard":"*a*a*a*a*a*a*a*a*a*a*a*a*"}]}`), Limits{})
	require.Error(t, err)
}
