package pattern

import (
	"strconv"
	"unicode/utf8"
)

// A small JSON reader for patterns. Patterns are short and compiled once, so
// clarity beats speed here; what matters is exact errors (with the path), the
// number's original text (numbers compare by decimal value), duplicate keys
// (the last one wins, as in EventBridge) and a hard depth limit checked
// before any recursion.

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

type jmember struct {
	key string
	val *jvalue
}

type jvalue struct {
	kind jkind
	b    bool
	text string // string contents (decoded), or a number's text
	arr  []*jvalue
	obj  []jmember // in source order, later duplicates removed earlier ones
}

// jparser parses one JSON document.
type jparser struct {
	src []byte
	pos int
}

// errJSON is a syntax error with its offset.
type errJSON struct {
	off int
	msg string
}

// maxNesting returns the deepest bracket nesting in src, ignoring strings,
// or -1 as soon as it passes limit.
func maxNesting(src []byte, limit int) int {
	depth, worst := 0, 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '"':
			end, _ := stringEnd(src, i)
			if end < 0 {
				return worst
			}
			i = end - 1
		case '{', '[':
			depth++
			if depth > limit {
				return -1
			}
			worst = max(worst, depth)
		case '}', ']':
			depth--
		}
	}
	return worst
}

func parseJSON(src []byte) (*jvalue, *errJSON) {
	p := &jparser{src: src}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.pos = skipSpace(p.src, p.pos)
	if p.pos != len(p.src) {
		return nil, &errJSON{p.pos, "unexpected data after the pattern"}
	}
	return v, nil
}

func (p *jparser) fail(msg string) *errJSON { return &errJSON{p.pos, msg} }

func (p *jparser) value() (*jvalue, *errJSON) {
	p.pos = skipSpace(p.src, p.pos)
	if p.pos >= len(p.src) {
		return nil, p.fail("unexpected end of JSON")
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &jvalue{kind: jString, text: s}, nil
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if len(p.src)-p.pos >= len(lit) && string(p.src[p.pos:p.pos+len(lit)]) == lit {
				p.pos += len(lit)
				if lit == "null" {
					return &jvalue{kind: jNull}, nil
				}
				return &jvalue{kind: jBool, b: lit == "true"}, nil
			}
		}
		return nil, p.fail("invalid literal")
	default:
		end := scalarEnd(p.src, p.pos)
		if end < 0 || !validNumber(p.src[p.pos:end]) {
			return nil, p.fail("invalid value")
		}
		v := &jvalue{kind: jNumber, text: string(p.src[p.pos:end])}
		p.pos = end
		return v, nil
	}
}

func (p *jparser) str() (string, *errJSON) {
	end, escaped := stringEnd(p.src, p.pos)
	if end < 0 {
		return "", p.fail("unterminated string")
	}
	body := p.src[p.pos+1 : end-1]
	if !utf8.Valid(body) {
		return "", p.fail("string is not valid UTF-8")
	}
	p.pos = end
	if !escaped {
		return string(body), nil
	}
	out, ok := unescape(nil, body)
	if !ok {
		return "", p.fail("invalid escape in string")
	}
	return string(out), nil
}

func (p *jparser) object() (*jvalue, *errJSON) {
	v := &jvalue{kind: jObject}
	p.pos++
	p.pos = skipSpace(p.src, p.pos)
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		p.pos = skipSpace(p.src, p.pos)
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return nil, p.fail("expected a string key")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.pos = skipSpace(p.src, p.pos)
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.fail("expected ':' after key " + strconv.Quote(key))
		}
		p.pos++
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		for i, m := range v.obj {
			if m.key == key {
				v.obj = append(v.obj[:i], v.obj[i+1:]...)
				break
			}
		}
		v.obj = append(v.obj, jmember{key, val})
		p.pos = skipSpace(p.src, p.pos)
		if p.pos >= len(p.src) {
			return nil, p.fail("unexpected end of JSON")
		}
		if p.src[p.pos] == '}' {
			p.pos++
			return v, nil
		}
		if p.src[p.pos] != ',' {
			return nil, p.fail("expected ',' or '}'")
		}
		p.pos++
	}
}

func (p *jparser) array() (*jvalue, *errJSON) {
	v := &jvalue{kind: jArray}
	p.pos++
	p.pos = skipSpace(p.src, p.pos)
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		el, err := p.value()
		if err != nil {
			return nil, err
		}
		v.arr = append(v.arr, el)
		p.pos = skipSpace(p.src, p.pos)
		if p.pos >= len(p.src) {
			return nil, p.fail("unexpected end of JSON")
		}
		if p.src[p.pos] == ']' {
			p.pos++
			return v, nil
		}
		if p.src[p.pos] != ',' {
			return nil, p.fail("expected ',' or ']'")
		}
		p.pos++
	}
}

// appendJSON appends v as compact JSON (keys in source order).
func (v *jvalue) appendJSON(dst []byte) []byte {
	switch v.kind {
	case jNull:
		return append(dst, "null"...)
	case jBool:
		return strconv.AppendBool(dst, v.b)
	case jNumber:
		return append(dst, v.text...)
	case jString:
		return strconv.AppendQuote(dst, v.text)
	case jArray:
		dst = append(dst, '[')
		for i, el := range v.arr {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = el.appendJSON(dst)
		}
		return append(dst, ']')
	}
	dst = append(dst, '{')
	for i, m := range v.obj {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendQuote(dst, m.key)
		dst = append(dst, ':')
		dst = m.val.appendJSON(dst)
	}
	return append(dst, '}')
}
