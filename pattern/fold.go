package pattern

import (
	"unicode"
	"unicode/utf8"
)

// Case folding for equals-ignore-case. Two strings are equal ignoring case
// when they are equal after mapping every rune to one canonical member of
// its Unicode simple-folding orbit (the orbit of 'k' is k, K and the Kelvin
// sign). We use the smallest rune of the orbit, except that ASCII letters
// fold to lower case, so the common path is a byte loop.

// foldRune returns the canonical member of r's simple-folding orbit.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	min := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < min {
			min = f
		}
	}
	// An orbit holding an ASCII letter (the Kelvin sign's holds 'K' and
	// 'k') must fold to what the ASCII fast path gives: lower case.
	if 'A' <= min && min <= 'Z' {
		min += 'a' - 'A'
	}
	return min
}

// appendFold appends the case-folded form of s to dst.
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

// foldString returns the case-folded form of s.
func foldString(s string) string { return string(appendFold(nil, []byte(s))) }
