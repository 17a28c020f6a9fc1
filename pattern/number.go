package pattern

import (
	"math"
	"strconv"
	"unsafe"
)

// Numbers, as event-ruler (so EventBridge) compares them.
//
// event-ruler turns a number into a comparable form only when a float64
// holds it exactly (ComparableNumber.generate): the text is parsed as a
// BigDecimal, converted to a double, and the double's shortest decimal
// (BigDecimal.valueOf) must have the same value as the text. Anything else,
// NaN, ±Infinity, 2^53+1 (which rounds to 2^53), 0.10000000000000001
// (which rounds to 0.1), 1e-400 (which underflows to 0), is "not a number
// we can compare". We call the first kind representable. Then:
//
//   - Representable numbers compare by value: 300, 300.0 and 3.0e2 are the
//     same number, in literals, anything-but lists and numeric ranges.
//   - A numeric bound ("numeric": [">", x]) and an anything-but number must
//     be representable: event-ruler rejects the pattern otherwise
//     (JsonRuleCompiler turns generate's IllegalArgumentException into a
//     parse error), and so does Compile.
//   - A literal that is not representable still compiles, and matches only
//     the event number with exactly the same text (JsonRuleCompiler adds an
//     exact match on the literal's text, "so make that condition
//     survivable").
//   - An event number that is not representable is matched as text only
//     (ByteMachine.transitionOn: "couldn't treat this as a sensible
//     number"): it never falls in a numeric range and equals only a literal
//     with the same text.
//
// Both sides are classified the same way, so equal numbers always meet in
// the same index: representable ones by their float64 bits, the others by
// their text.

// bytesView returns b as a string without copying. The caller must not let
// the string outlive b or modify b while the string is in use.
func bytesView(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// validNumber reports whether tok is exactly one JSON number.
func validNumber(tok []byte) bool { return len(tok) > 0 && numberEnd(tok, 0) == len(tok) }

// parseFloat parses a JSON number token. A number beyond float64's range,
// which event-ruler cannot compare, becomes NaN, which no numeric range
// contains.
func parseFloat(tok []byte) float64 {
	f, err := strconv.ParseFloat(bytesView(tok), 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// appendDecimal appends the equality key of a number that is not
// representable: its JSON text, unchanged, since event-ruler matches such
// numbers by text.
func appendDecimal(dst []byte, tok []byte) []byte { return append(dst, tok...) }

// appendCanonical appends the canonical decimal form of the JSON number tok
// to dst: an optional '-', the significant digits without leading or
// trailing zeros, 'e', and the exponent of the last digit. Zero is "0".
// Two numbers have the same value exactly when their forms are equal.
func appendCanonical(dst []byte, tok []byte) []byte {
	neg := false
	i := 0
	if i < len(tok) && tok[i] == '-' {
		neg = true
		i++
	}
	start := len(dst)
	if neg {
		dst = append(dst, '-')
	}
	digitsStart := len(dst)
	exp := 0
	seenPoint := false
	for ; i < len(tok); i++ {
		c := tok[i]
		if c == '.' {
			seenPoint = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		if seenPoint {
			exp--
		}
		if c == '0' && len(dst) == digitsStart {
			continue // leading zero
		}
		dst = append(dst, c)
	}
	if i < len(tok) && (tok[i] == 'e' || tok[i] == 'E') {
		i++
		e := 0
		eneg := false
		if i < len(tok) && (tok[i] == '+' || tok[i] == '-') {
			eneg = tok[i] == '-'
			i++
		}
		for ; i < len(tok); i++ {
			if e < 1e8 {
				e = e*10 + int(tok[i]-'0')
			}
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	for len(dst) > digitsStart && dst[len(dst)-1] == '0' {
		dst = dst[:len(dst)-1]
		exp++
	}
	if len(dst) == digitsStart {
		return append(dst[:start], '0')
	}
	dst = append(dst, 'e')
	return strconv.AppendInt(dst, int64(exp), 10)
}

// significantDigits counts the digits of tok's mantissa without leading or
// trailing zeros.
func significantDigits(tok []byte) int {
	first, last, n := -1, -1, 0
	for _, c := range tok {
		if c == 'e' || c == 'E' {
			break
		}
		if c < '0' || c > '9' {
			continue
		}
		if c != '0' {
			if first < 0 {
				first = n
			}
			last = n
		}
		n++
	}
	if first < 0 {
		return 0
	}
	return last - first + 1
}

// representable reports whether the JSON number tok (with value f) survives
// a round trip through float64. scratch is a buffer the check may use; it
// is returned for reuse. Up to 15 significant digits always round-trip
// (DBL_DIG) when f is a normal finite number, so the exact check runs only
// for long mantissas.
func representable(tok []byte, f float64, scratch []byte) (bool, []byte) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return false, scratch
	}
	digits := significantDigits(tok)
	if f == 0 {
		return digits == 0, scratch // a non-zero number that underflowed is not
	}
	if digits <= 15 && math.Abs(f) >= 0x1p-1022 {
		return true, scratch
	}
	scratch = strconv.AppendFloat(scratch[:0], f, 'e', -1, 64)
	n := len(scratch)
	scratch = appendCanonical(scratch, scratch[:n])
	m := len(scratch)
	scratch = appendCanonical(scratch, tok)
	return string(scratch[n:m]) == string(scratch[m:]), scratch
}

// floatKey is the index key of a representable number: its float64 bits,
// with -0 folded into 0.
func floatKey(f float64) uint64 {
	if f == 0 {
		return 0
	}
	return math.Float64bits(f)
}

var (
	posInf = math.Inf(1)
	negInf = math.Inf(-1)
)
