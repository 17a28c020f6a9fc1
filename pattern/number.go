package pattern

import (
	"math"
	"strconv"
	"unsafe"
)

// Numbers. EventBridge compares numbers by value, so 300, 300.0 and 3.0e2
// are the same number. A float64 cannot hold every decimal, though: 2^53+1
// rounds to 2^53, and comparing those two by float value would report a
// false match. So a number is compared as a float64 only when it is
// "representable": its shortest float64 rendering has the same decimal
// value as its text. Any other number is compared by its exact decimal value
// in a canonical text form. Both sides (pattern literal and event value) are
// classified the same way, so equal decimals always meet in the same index.

// bytesView returns b as a string without copying. The caller must not let
// the string outlive b or modify b while the string is in use.
func bytesView(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// validNumber reports whether tok is exactly one JSON number.
func validNumber(tok []byte) bool { return len(tok) > 0 && numberEnd(tok, 0) == len(tok) }

// parseFloat parses a JSON number token. Numbers beyond float64's range
// become ±Inf, which still order correctly against every finite bound.
func parseFloat(tok []byte) float64 {
	f, err := strconv.ParseFloat(bytesView(tok), 64)
	if err != nil && !math.IsInf(f, 0) && f != 0 {
		return math.NaN()
	}
	return f
}

// appendDecimal appends the canonical decimal form of the JSON number tok
// to dst: an optional '-', the significant digits without leading or
// trailing zeros, 'e', and the exponent of the last digit. Zero is "0".
// Two numbers have the same value exactly when their forms are equal.
func appendDecimal(dst []byte, tok []byte) []byte {
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
	if significantDigits(tok) <= 15 && (f == 0 || math.Abs(f) >= 0x1p-1022) {
		return true, scratch
	}
	scratch = strconv.AppendFloat(scratch[:0], f, 'e', -1, 64)
	n := len(scratch)
	scratch = appendDecimal(scratch, scratch[:n])
	m := len(scratch)
	scratch = appendDecimal(scratch, tok)
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
