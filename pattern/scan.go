package pattern

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Scanning primitives shared by the pattern reader (json.go) and the event
// walk (walk.go, valid.go). Each returns -1 on malformed or truncated
// input; for events, -1 means "does not match".

// plainInString marks the bytes that cannot end or escape a string, for
// the tight loops below; plainASCII also excludes bytes that start a
// multi-byte UTF-8 sequence, which validation must decode.
var plainInString, plainASCII = func() (p, a [256]bool) {
	for c := 0x20; c < 256; c++ {
		p[c] = c != '"' && c != '\\'
		a[c] = p[c] && c < 0x80
	}
	return
}()

// isSpace reports JSON whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	// Compact JSON, the common case, has no whitespace at all.
	if i < len(b) && b[i] > ' ' {
		return i
	}
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// stringEnd returns the index just past the closing quote of the string
// whose opening quote is at b[i], and whether it contains a backslash.
func stringEnd(b []byte, i int) (end int, escaped bool) {
	i++
	for i < len(b) {
		for i < len(b) && plainInString[b[i]] {
			i++
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if c == '"' {
			return i + 1, escaped
		}
		if c == '\\' {
			escaped = true
			i += 2
			continue
		}
		if c < 0x20 {
			return -1, false
		}
		i++
	}
	return -1, false
}

// scalarEnd returns the index just past a number or a literal starting at
// b[i]. It does not validate the token; tokenKind does that for the values
// that are compared.
func scalarEnd(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\n', '\r', '\t':
			return i
		case '"', '{', '[', ':':
			return -1
		}
		i++
	}
	return i
}

// unescape appends the decoded contents of the JSON string body s (without
// its quotes) to dst. It reports false for an invalid escape. Lone
// surrogates decode to U+FFFD, as encoding/json does.
func unescape(dst []byte, s []byte) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		if i+1 >= len(s) {
			return dst, false
		}
		switch s[i+1] {
		case '"', '\\', '/':
			dst = append(dst, s[i+1])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(s, i+2)
			if !ok {
				return dst, false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(s, i+2); ok && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						i += 6
						dst = utf8.AppendRune(dst, d)
						continue
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default:
			return dst, false
		}
		i += 2
	}
	return dst, true
}

// hex4 decodes four hex digits at s[i:].
func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
