package pattern

import (
	"encoding/binary"
	"math/bits"
)

// Validation. The walk reads every byte it passes with these strict
// checks (RFC 8259 syntax, numbers and escapes), including the values it
// skips, so an event the walk read to the end is known to be valid JSON
// syntax. String bytes are not checked for valid UTF-8 (see validString).

// validValue checks the JSON value at ev[i] and returns the index after it,
// or -1. stack is scratch space for the nesting, so that no event, however
// deep, can exhaust the Go stack.
func validValue(ev []byte, i int, stack *[]byte) int {
	st := (*stack)[:0]
	defer func() { *stack = st[:0] }()
	for {
		if i = skipSpace(ev, i); i >= len(ev) {
			return -1
		}
		switch c := ev[i]; c {
		case '"':
			if i, _ = validString(ev, i); i < 0 {
				return -1
			}
		case '{':
			i = skipSpace(ev, i+1)
			if i < len(ev) && ev[i] == '}' {
				i++
				break
			}
			st = append(st, '{')
			if i = validKey(ev, i); i < 0 {
				return -1
			}
			continue
		case '[':
			i = skipSpace(ev, i+1)
			if i < len(ev) && ev[i] == ']' {
				i++
				break
			}
			st = append(st, '[')
			continue
		default:
			if i = scalarValid(ev, i); i < 0 {
				return -1
			}
		}
		// After a value: close containers or move to the next element.
		for {
			if len(st) == 0 {
				return i
			}
			if i = skipSpace(ev, i); i >= len(ev) {
				return -1
			}
			top := st[len(st)-1]
			c := ev[i]
			if c == ',' {
				i++
				if top == '{' {
					if i = validKey(ev, skipSpace(ev, i)); i < 0 {
						return -1
					}
				}
				break
			}
			if c != top+2 { // '{'+2 == '}', '['+2 == ']'
				return -1
			}
			st = st[:len(st)-1]
			i++
		}
	}
}

// skipValue is validValue with the common cases first: a string or a
// number, which need no nesting stack.
func skipValue(ev []byte, i int, stack *[]byte) int {
	if i >= len(ev) {
		return -1
	}
	switch c := ev[i]; {
	case c == '"':
		end, _ := validString(ev, i)
		return end
	case c == '-' || isDigit(c):
		return numberEnd(ev, i)
	}
	return validValue(ev, i, stack)
}

// scalarValid checks the number or literal at ev[i] and returns the index
// after it, or -1.
func scalarValid(ev []byte, i int) int {
	switch ev[i] {
	case 't':
		if hasLiteral(ev, i, "true") {
			return i + 4
		}
		return -1
	case 'f':
		if hasLiteral(ev, i, "false") {
			return i + 5
		}
		return -1
	case 'n':
		if hasLiteral(ev, i, "null") {
			return i + 4
		}
		return -1
	}
	return numberEnd(ev, i)
}

// validKey checks `"key" :` at ev[i] and returns the index of the value.
func validKey(ev []byte, i int) int {
	if i >= len(ev) || ev[i] != '"' {
		return -1
	}
	if i, _ = validString(ev, i); i < 0 {
		return -1
	}
	i = skipSpace(ev, i)
	if i >= len(ev) || ev[i] != ':' {
		return -1
	}
	return skipSpace(ev, i+1)
}

// validString checks the string at ev[i] and returns the index after its
// closing quote, or -1, and whether it holds escapes.
func validString(ev []byte, i int) (int, bool) {
	escaped := false
	i++
	// Fast path: most keys and values are short plain ASCII, closed within
	// the next sixteen bytes.
	if i+16 <= len(ev) {
		m := stringStop(binary.LittleEndian.Uint64(ev[i:])) & highs
		j := i
		if m == 0 {
			m = stringStop(binary.LittleEndian.Uint64(ev[i+8:])) & highs
			j += 8
		}
		if m != 0 {
			if j += bits.TrailingZeros64(m) >> 3; ev[j] == '"' {
				return j + 1, false
			}
		}
	}
	for i < len(ev) {
		if i = plainRun(ev, i); i >= len(ev) {
			return -1, false
		}
		c := ev[i]
		switch {
		case c == '"':
			return i + 1, escaped
		case c == '\\':
			escaped = true
			if i+1 >= len(ev) {
				return -1, false
			}
			switch ev[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := hex4(ev, i+2); !ok {
					return -1, false
				}
				i += 6
			default:
				return -1, false
			}
		case c < 0x20:
			return -1, false
		default:
			// Non-ASCII bytes are taken as they are, valid UTF-8 or not:
			// a string of invalid UTF-8 is compared byte for byte. Failing
			// here would make every rule miss the event, even rules on
			// other fields, depending on which fields the other rules
			// read (issue 12); rejecting such events is PutEvents' job.
			i++
		}
	}
	return -1, false
}

func hasLiteral(ev []byte, i int, lit string) bool {
	return len(ev)-i >= len(lit) && bytesView(ev[i:i+len(lit)]) == lit
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// numberEnd checks the JSON number at ev[i] in one pass and returns the
// index after it, or -1.
func numberEnd(ev []byte, i int) int {
	if i < len(ev) && ev[i] == '-' {
		i++
	}
	switch {
	case i >= len(ev):
		return -1
	case ev[i] == '0':
		i++
	case '1' <= ev[i] && ev[i] <= '9':
		i = digitRun(ev, i+1)
	default:
		return -1
	}
	if i < len(ev) && ev[i] == '.' {
		start := i + 1
		if i = digitRun(ev, start); i == start {
			return -1
		}
	}
	if i < len(ev) && ev[i]|0x20 == 'e' {
		i++
		if i < len(ev) && (ev[i] == '+' || ev[i] == '-') {
			i++
		}
		start := i
		if i = digitRun(ev, i); i == start {
			return -1
		}
	}
	return i
}
