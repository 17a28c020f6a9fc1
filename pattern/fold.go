package pattern

import (
	"unicode"
	"unicode/utf8"
)

// Case mapping for equals-ignore-case, as event-ruler (so EventBridge) does
// it.
//
// event-ruler does not fold both sides. It compiles each UTF-16 char c of
// the pattern into "the UTF-8 bytes of c.toLowerCase(Locale.ROOT) or of
// c.toUpperCase(Locale.ROOT)" (input/EqualsIgnoreCaseParser.java; the
// prefix and suffix forms and anything-but use the same parser) and runs
// the event's bytes through that, unchanged. So pattern "k" accepts k and K
// but not the Kelvin sign, pattern "I" accepts i and I but not the dotless
// ı, and pattern "ß" accepts ß and SS (Java upper-cases ß to "SS") while
// pattern "SS" does not accept ß.
//
// A Matcher finds equals-ignore-case values by hashing one canonical form,
// so we need a map F applied to event values and pattern literals alike.
// We split characters in two:
//
//   - A character is plain when its lower case l and upper case u are single
//     characters that map to each other and it is one of them: a, A, é, É,
//     Σ, σ, digits and everything without case. Pattern char c accepts
//     exactly its pair {l, u}, and F maps both to l: this is exact.
//   - Any other character is odd: the Kelvin sign (lower k, upper itself),
//     ı (upper I, lower itself), ſ, ς, ẞ, titlecase letters like ǅ, and the
//     characters Java maps to several (ß -> SS, İ -> i̇, ligatures, Greek
//     with ypogegrammeni). F leaves an odd character as it is, so a plain
//     pattern never accepts one (pattern "k" rejects the Kelvin sign, as
//     event-ruler does). A pattern that holds an odd character c is compiled
//     into one key per choice of c's lower or upper case (patternFoldKeys),
//     each then mapped by F.
//
// The result is event-ruler's answer for every pattern made of plain
// characters. For a pattern holding an odd character it can accept a little
// more than event-ruler, because F merges each plain pair: the Kelvin sign
// compiles to the keys "k" and "K" (Kelvin), and key "k" also accepts "K";
// ß compiles to "ß" and "ss", which also accepts "ss" and "sS" where
// event-ruler takes only ß and "SS". Characters outside the Basic
// Multilingual Plane are matched exactly: event-ruler maps each half of
// their UTF-16 surrogate pair on its own, which changes nothing (it then
// encodes the lone halves as '?', which we do not copy).

// specialUpper is Java's String.toUpperCase(Locale.ROOT) where it differs
// from the single-character mapping: Unicode's SpecialCasing.txt
// unconditional entries (a character whose upper case is several).
var specialUpper = map[rune]string{
	0x00DF: "SS", 0x0149: "\u02BCN", 0x01F0: "J\u030C", 0x0390: "\u0399\u0308\u0301",
	0x03B0: "\u03A5\u0308\u0301", 0x0587: "\u0535\u0552", 0x1E96: "H\u0331", 0x1E97: "T\u0308",
	0x1E98: "W\u030A", 0x1E99: "Y\u030A", 0x1E9A: "A\u02BE", 0x1F50: "\u03A5\u0313",
	0x1F52: "\u03A5\u0313\u0300", 0x1F54: "\u03A5\u0313\u0301", 0x1F56: "\u03A5\u0313\u0342",
	0x1FB2: "\u1FBA\u0399", 0x1FB3: "\u0391\u0399", 0x1FB4: "\u0386\u0399", 0x1FB6: "\u0391\u0342",
	0x1FB7: "\u0391\u0342\u0399", 0x1FBC: "\u0391\u0399", 0x1FC2: "\u1FCA\u0399", 0x1FC3: "\u0397\u0399",
	0x1FC4: "\u0389\u0399", 0x1FC6: "\u0397\u0342", 0x1FC7: "\u0397\u0342\u0399", 0x1FCC: "\u0397\u0399",
	0x1FD2: "\u0399\u0308\u0300", 0x1FD3: "\u0399\u0308\u0301", 0x1FD6: "\u0399\u0342",
	0x1FD7: "\u0399\u0308\u0342", 0x1FE2: "\u03A5\u0308\u0300", 0x1FE3: "\u03A5\u0308\u0301",
	0x1FE4: "\u03A1\u0313", 0x1FE6: "\u03A5\u0342", 0x1FE7: "\u03A5\u0308\u0342", 0x1FF2: "\u1FFA\u0399",
	0x1FF3: "\u03A9\u0399", 0x1FF4: "\u038F\u0399", 0x1FF6: "\u03A9\u0342", 0x1FF7: "\u03A9\u0342\u0399",
	0x1FFC: "\u03A9\u0399",
	0xFB00: "FF", 0xFB01: "FI", 0xFB02: "FL", 0xFB03: "FFI", 0xFB04: "FFL", 0xFB05: "ST", 0xFB06: "ST",
	0xFB13: "\u0544\u0546", 0xFB14: "\u0544\u0535", 0xFB15: "\u0544\u053B", 0xFB16: "\u054E\u0546",
	0xFB17: "\u0544\u053D",
}

func init() {
	// Greek letters with ypogegrammeni (U+1F80-U+1FAF): the upper case is
	// the capital without it, followed by capital iota.
	for _, blk := range [][2]rune{{0x1F80, 0x1F08}, {0x1F88, 0x1F08}, {0x1F90, 0x1F28}, {0x1F98, 0x1F28}, {0x1FA0, 0x1F68}, {0x1FA8, 0x1F68}} {
		for i := rune(0); i < 8; i++ {
			specialUpper[blk[0]+i] = string([]rune{blk[1] + i, 0x0399})
		}
	}
}

// upperOf and lowerOf are Java's String.toUpperCase / toLowerCase
// (Locale.ROOT) of the one-character string r.
func upperOf(r rune) string {
	if s, ok := specialUpper[r]; ok {
		return s
	}
	return string(unicode.ToUpper(r))
}

func lowerOf(r rune) string {
	if r == 0x0130 { // İ: i followed by a combining dot above
		return "i\u0307"
	}
	return string(unicode.ToLower(r))
}

// plainLower returns the lower case of a plain character (see above) and
// true, or false for an odd one.
func plainLower(r rune) (rune, bool) {
	if r > 0xFFFF {
		return r, false
	}
	if _, ok := specialUpper[r]; ok || r == 0x0130 {
		return r, false
	}
	l, u := unicode.ToLower(r), unicode.ToUpper(r)
	if r != l && r != u {
		return r, false // titlecase
	}
	if unicode.ToLower(u) != l || unicode.ToUpper(l) != u {
		return r, false
	}
	if _, ok := specialUpper[l]; ok {
		return r, false
	}
	if l == 0x0130 || u == 0x0130 {
		return r, false
	}
	return l, true
}

// foldRune is F for one character: the lower case of a plain character,
// an odd one unchanged.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	l, _ := plainLower(r)
	return l
}

// appendFold appends F(s) to dst. Bytes that are not UTF-8 stay as they are.
func appendFold(dst []byte, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, c)
			i++
			continue
		}
		dst = utf8.AppendRune(dst, foldRune(r))
		i += size
	}
	return dst
}

// foldString returns F(s).
func foldString(s string) string { return string(appendFold(nil, []byte(s))) }

// maxFoldKeys bounds the keys one pattern literal expands into. A literal
// with more odd characters than that is rare beyond reason; its later odd
// characters then match only themselves.
const maxFoldKeys = 64

// patternFoldKeys returns the canonical keys an equals-ignore-case literal
// s accepts: F(s) when s is made of plain characters, otherwise one key for
// each choice of lower or upper case of each odd character.
func patternFoldKeys(s string) []string {
	keys := [][]byte{nil}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			for k := range keys {
				keys[k] = append(keys[k], s[i])
			}
			i++
			continue
		}
		i += size
		if l, plain := plainLower(r); plain || r < utf8.RuneSelf || r > 0xFFFF {
			if r < utf8.RuneSelf {
				l = foldRune(r)
			}
			for i := range keys {
				keys[i] = utf8.AppendRune(keys[i], l)
			}
			continue
		}
		lo := foldString(lowerOf(r))
		up := foldString(upperOf(r))
		if lo == up || len(keys)*2 > maxFoldKeys {
			if lo != up {
				lo = string(r) // over the bound: the character itself
			}
			for i := range keys {
				keys[i] = append(keys[i], lo...)
			}
			continue
		}
		n := len(keys)
		for i := 0; i < n; i++ {
			keys = append(keys, append(append([]byte(nil), keys[i]...), up...))
			keys[i] = append(keys[i], lo...)
		}
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = string(k)
	}
	return out
}
