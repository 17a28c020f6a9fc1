package pattern

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// rulerAccepts is event-ruler's equals-ignore-case for one pattern char c
// (input/EqualsIgnoreCaseParser.java): the event text must be c's Java
// lower case or its Java upper case.
func rulerAccepts(c rune, event string) bool {
	return event == lowerOf(c) || event == upperOf(c)
}

// For every character of the Basic Multilingual Plane used as a pattern,
// the events we accept are event-ruler's: exactly, for plain characters;
// a superset, for odd ones (fold.go explains both).
func TestFoldMatchesEventRuler(t *testing.T) {
	byKey := map[string][]rune{} // F(e) -> every one-character event e
	for e := rune(0); e < 0x10000; e++ {
		if e >= 0xD800 && e <= 0xDFFF {
			continue
		}
		k := foldString(string(e))
		byKey[k] = append(byKey[k], e)
	}
	for c := rune(0); c < 0x10000; c++ {
		if c >= 0xD800 && c <= 0xDFFF {
			continue
		}
		keys := patternFoldKeys(string(c))
		// Everything event-ruler accepts, we accept.
		for _, ev := range []string{lowerOf(c), upperOf(c)} {
			require.Contains(t, keys, foldString(ev), "pattern %U, event %q", c, ev)
		}
		if _, plain := plainLower(c); !plain {
			continue
		}
		// For a plain character, nothing more.
		require.Len(t, keys, 1)
		for _, e := range byKey[keys[0]] {
			require.True(t, rulerAccepts(c, string(e)), "pattern %U accepts %U", c, e)
		}
	}
}

// F is idempotent, so folding a folded key changes nothing.
func TestFoldIdempotent(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		f := foldRune(r)
		require.Equal(t, f, foldRune(f), "F(%U)", r)
	}
}

// The cases issue 7 names, with event-ruler's answers
// (EqualsIgnoreCaseParser maps each pattern char through Java's
// toLowerCase/toUpperCase with Locale.ROOT; EqualsIgnoreCaseParserTest
// "1aA*†Éⱥ" shows a pair of different UTF-8 lengths, ⱥ/Ⱥ).
func TestEqualsIgnoreCaseRulerMapping(t *testing.T) {
	for _, tc := range []struct {
		name, pattern, event string
		want                 bool
	}{
		{"I accepts i", "I", "i", true},
		{"I rejects dotless ı", "I", "ı", false},
		{"I rejects dotted İ", "I", "İ", false},
		{"i rejects dotted İ", "i", "İ", false},
		{"dotless ı accepts I (Java upper-cases ı to I)", "ı", "I", true},
		{"dotless ı accepts itself", "ı", "ı", true},
		{"İ accepts i with combining dot (Java lower-cases İ to i̇)", "İ", "i\u0307", true},
		{"İ accepts itself", "İ", "İ", true},
		{"k rejects the Kelvin sign", "k", "\u212a", false},
		{"K rejects the Kelvin sign", "K", "\u212a", false},
		{"the Kelvin sign accepts k (its lower case)", "\u212a", "k", true},
		{"the Kelvin sign accepts itself", "\u212a", "\u212a", true},
		{"ß accepts SS", "ß", "SS", true},
		{"ß accepts ß", "ß", "ß", true},
		{"SS rejects ß", "SS", "ß", false},
		{"ss rejects ß", "ss", "ß", false},
		{"ẞ accepts ß", "ẞ", "ß", true},
		{"ẞ accepts ẞ", "ẞ", "ẞ", true},
		{"ß rejects ẞ", "ß", "ẞ", false},
		{"ſ accepts S", "ſ", "S", true},
		{"s rejects ſ", "s", "ſ", false},
		{"Σ accepts σ", "Σ", "σ", true},
		{"Σ rejects final ς", "Σ", "ς", false},
		{"ς accepts Σ", "ς", "Σ", true},
		{"ǅ accepts ǆ and Ǆ but not itself", "ǅ", "ǆ", true},
		{"ǅ rejects itself", "ǅ", "ǅ", false},
		{"ⱥ accepts Ⱥ (different UTF-8 lengths)", "ⱥ", "Ⱥ", true},
		{"ﬁ accepts FI", "ﬁ", "FI", true},
		{"Deseret is matched exactly", "\U00010400", "\U00010428", false},
		{"Deseret matches itself", "\U00010400", "\U00010400", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys := patternFoldKeys(tc.pattern)
			require.Equal(t, tc.want, slices.Contains(keys, foldString(tc.event)), "keys %q", keys)
			p := MustCompile(`{"v":[{"equals-ignore-case":"` + tc.pattern + `"}]}`)
			require.Equal(t, tc.want, p.Match([]byte(`{"v":"`+tc.event+`"}`)))
			ab := MustCompile(`{"v":[{"anything-but":{"equals-ignore-case":"` + tc.pattern + `"}}]}`)
			require.Equal(t, !tc.want, ab.Match([]byte(`{"v":"`+tc.event+`"}`)))
			pre := MustCompile(`{"v":[{"prefix":{"equals-ignore-case":"` + tc.pattern + `"}}]}`)
			require.Equal(t, tc.want, pre.Match([]byte(`{"v":"`+tc.event+`-tail"}`)))
			suf := MustCompile(`{"v":[{"suffix":{"equals-ignore-case":"` + tc.pattern + `"}}]}`)
			require.Equal(t, tc.want, suf.Match([]byte(`{"v":"head-`+tc.event+`"}`)))
		})
	}
}

// An odd character doubles the keys; past maxFoldKeys the rest match only
// themselves, so compiling never explodes.
func TestPatternFoldKeysBounded(t *testing.T) {
	require.Len(t, patternFoldKeys("ßß"), 4)
	require.Len(t, patternFoldKeys("ß\u212aſ"), 8)
	many := ""
	for range 20 {
		many += "ß"
	}
	require.Len(t, patternFoldKeys(many), maxFoldKeys)
	require.Equal(t, []string{"\xffab"}, patternFoldKeys("\xffAB"), "invalid UTF-8 stays as it is")
}
