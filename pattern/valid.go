package pattern

import "unicode/utf8"

// validJSON reports whether ev is one valid JSON value (RFC 8259: strict
// numbers, escapes and UTF-8). The walk reads only what the patterns need,
// so a match is confirmed with this check before it is reported: invalid
// JSON never matches, and events that match nothing, the common case, never
// pay for it. stack is scratch space for container nesting.
func validJSON(ev []byte, stack []byte) (bool, []byte) {
	stack = stack[:0]
	i := skipSpace(ev, 0)
	for {
		// Expect a value at ev[i].
		if i >= len(ev) {
			return false, stack
		}
		switch c := ev[i]; {
		case c == '{':
			i = skipSpace(ev, i+1)
			if i < len(ev) && ev[i] == '}' {
				i++
				break
			}
			stack = append(stack, '{')
			if i = validKey(ev, i); i < 0 {
				return false, stack
			}
			continue
		case c == '[':
			i = skipSpace(ev, i+1)
			if i < len(ev) && ev[i] == ']' {
				i++
				break
			}
			stack = append(stack, '[')
			continue
		case c == '"':
			if i = validString(ev, i); i < 0 {
				return false, stack
			}
		case c == 't':
			if !hasLiteral(ev, i, "true") {
				return false, stack
			}
			i += 4
		case c == 'f':
			if !hasLiteral(ev, i, "false") {
				return false, stack
			}
			i += 5
		case c == 'n':
			if !hasLiteral(ev, i, "null") {
				return false, stack
			}
			i += 4
		default:
			if i = numberEnd(ev, i); i < 0 {
				return false, stack
			}
		}
		// After a value: close containers or move to the next element.
		for {
			i = skipSpace(ev, i)
			if len(stack) == 0 {
				return i == len(ev), stack
			}
			if i >= len(ev) {
				return false, stack
			}
			top := stack[len(stack)-1]
			if ev[i] == ',' {
				i = skipSpace(ev, i+1)
				if top == '{' {
					if i = validKey(ev, i); i < 0 {
						return false, stack
					}
				}
				break
			}
			if (top == '{' && ev[i] == '}') || (top == '[' && ev[i] == ']') {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			return false, stack
		}
	}
}

// validKey checks `"key" :` at ev[i] and returns the index of the value.
func validKey(ev []byte, i int) int {
	if i >= len(ev) || ev[i] != '"' {
		return -1
	}
	if i = validString(ev, i); i < 0 {
		return -1
	}
	i = skipSpace(ev, i)
	if i >= len(ev) || ev[i] != ':' {
		return -1
	}
	return skipSpace(ev, i+1)
}

// validString checks the string at ev[i] and returns the index after it.
func validString(ev []byte, i int) int {
	i++
	for i < len(ev) {
		for i < len(ev) && plainASCII[ev[i]] {
			i++
		}
		if i >= len(ev) {
			return -1
		}
		c := ev[i]
		switch {
		case c == '"':
			return i + 1
		case c == '\\':
			if i+1 >= len(ev) {
				return -1
			}
			switch ev[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := hex4(ev, i+2); !ok {
					return -1
				}
				i += 6
			default:
				return -1
			}
		case c < 0x20:
			return -1
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(ev[i:])
			if r == utf8.RuneError && size == 1 {
				return -1
			}
			i += size
		}
	}
	return -1
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
		for i++; i < len(ev) && isDigit(ev[i]); i++ {
		}
	default:
		return -1
	}
	if i < len(ev) && ev[i] == '.' {
		start := i + 1
		for i = start; i < len(ev) && isDigit(ev[i]); i++ {
		}
		if i == start {
			return -1
		}
	}
	if i < len(ev) && ev[i]|0x20 == 'e' {
		i++
		if i < len(ev) && (ev[i] == '+' || ev[i] == '-') {
			i++
		}
		start := i
		for ; i < len(ev) && isDigit(ev[i]); i++ {
		}
		if i == start {
			return -1
		}
	}
	return i
}
