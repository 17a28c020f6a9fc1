package shorthand

import (
	"fmt"
	"strings"
	"unicode"
)

// SyntaxError is a shorthand value that does not parse. Pos is the rune
// offset at which the parser stopped; Error shows the input with a caret
// under it, as the aws CLI does.
type SyntaxError struct {
	Input    string
	Pos      int    // rune offset into Input
	Expected string // what the parser wanted: "=", "]", "<second>"
	Actual   string // what it found: a character, "EOF" or "<none>"
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("Expected: '%s', received: '%s' for input:\n%s", e.Expected, e.Actual, caret(e.Input, e.Pos))
}

// DuplicateKeyError is a top-level key given twice, usually a ',' typed
// where a space was meant between two list elements.
type DuplicateKeyError struct {
	Input string
	Key   string
	Pos   int // rune offset of the second occurrence
}

func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("Second instance of key %q encountered for input:\n%s\nThis is often because there is a preceding \",\" instead of a space.", e.Key, caret(e.Input, e.Pos))
}

// caret renders input with a '^' under rune offset pos, on the line that
// holds pos.
func caret(input string, pos int) string {
	r := []rune(input)
	if pos > len(r) {
		pos = len(r)
	}
	before, after := string(r[:pos]), string(r[pos:])
	col := pos
	head := input
	tail := ""
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		col = len([]rune(before[i+1:]))
	}
	if j := strings.IndexByte(after, '\n'); j >= 0 {
		head = before + after[:j]
		tail = after[j:]
	}
	return head + "\n" + strings.Repeat(" ", col) + "^" + tail
}

// Resolver reads the value of a key@=value pair: it returns the contents of
// file:// and fileb:// references and ok=false for any other value, which
// is then used as written.
type Resolver func(value string) (contents string, ok bool, err error)

// Parse parses one shorthand value into an object whose values are
// strings, []any and map[string]any. resolve may be nil, in which case
// key@=value pairs keep their value as written.
func Parse(input string, resolve Resolver) (map[string]any, error) {
	p := &parser{in: []rune(input), src: input, resolve: resolve}
	return p.parameter()
}

type parser struct {
	in        []rune
	src       string
	i         int
	resolve   Resolver
	fromFile  bool // the current key was written key@=
	resolvErr error
}

const eof = rune(-1)

func (p *parser) cur() rune {
	if p.i < len(p.in) {
		return p.in[p.i]
	}
	return eof
}

func (p *parser) atEOF() bool { return p.i >= len(p.in) }

// isSpace is Python's string.whitespace, which the aws CLI skips between
// tokens.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}

func (p *parser) skipSpace() {
	for !p.atEOF() && isSpace(p.in[p.i]) {
		p.i++
	}
}

func (p *parser) syntaxErr(expected string) error {
	actual := "EOF"
	if !p.atEOF() {
		actual = string(p.in[p.i])
	}
	return &SyntaxError{Input: p.src, Pos: p.i, Expected: expected, Actual: actual}
}

// expect consumes ch, optionally skipping whitespace around it.
func (p *parser) expect(ch rune, space bool) error {
	if space {
		p.skipSpace()
	}
	if p.atEOF() || p.in[p.i] != ch {
		return p.syntaxErr(string(ch))
	}
	p.i++
	if space {
		p.skipSpace()
	}
	return nil
}

func (p *parser) parameter() (map[string]any, error) {
	params := map[string]any{}
	key, val, err := p.keyval()
	if err != nil {
		return nil, err
	}
	params[key] = val
	last := p.i
	for !p.atEOF() {
		if err := p.expect(',', true); err != nil {
			return nil, err
		}
		key, val, err := p.keyval()
		if err != nil {
			return nil, err
		}
		if _, dup := params[key]; dup {
			return nil, &DuplicateKeyError{Input: p.src, Key: key, Pos: last + 1}
		}
		params[key] = val
		last = p.i
	}
	return params, nil
}

// keyAt reads a key and the '=' (or '@=') after it.
func (p *parser) keyAt() (string, error) {
	start := p.i
	for !p.atEOF() && isKeyRune(p.in[p.i]) {
		p.i++
	}
	key := string(p.in[start:p.i])
	p.fromFile = false
	p.skipSpace()
	if p.cur() == '@' {
		p.i++
		p.skipSpace()
		p.fromFile = true
	}
	if err := p.expect('=', true); err != nil {
		return "", err
	}
	return key, nil
}

func isKeyRune(r rune) bool {
	return r < unicode.MaxASCII && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.#/:", r))
}

func (p *parser) keyval() (string, any, error) {
	key, err := p.keyAt()
	if err != nil {
		return "", nil, err
	}
	val, err := p.values()
	if err != nil {
		return "", nil, err
	}
	return key, val, nil
}

func (p *parser) values() (any, error) {
	switch p.cur() {
	case eof:
		return "", nil
	case '[':
		return p.explicitList()
	case '{':
		return p.object()
	}
	return p.csvValue()
}

// csvValue reads a value and, if a comma follows, as many further values
// as are not themselves keys (a=b,c,d=e gives [b c] for a). When the token
// after a comma turns out to be a key, the parser steps back to that comma
// and the caller reads the next key=value pair.
func (p *parser) csvValue() (any, error) {
	first, err := p.firstValue()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.atEOF() || p.in[p.i] != ',' {
		return first, nil
	}
	if err := p.expect(',', true); err != nil {
		return nil, err
	}
	list := []any{first}
	for {
		v, err := p.secondValue()
		if err == nil {
			p.skipSpace()
			if p.atEOF() {
				list = append(list, v)
				break
			}
			err = p.expect(',', true)
			if err == nil {
				list = append(list, v)
				continue
			}
		}
		if _, syntax := err.(*SyntaxError); !syntax || p.atEOF() {
			return nil, err
		}
		for p.i >= 0 && (p.i >= len(p.in) || p.in[p.i] != ',') {
			p.i--
		}
		break
	}
	if len(list) == 1 {
		return first, nil
	}
	return list, nil
}

func (p *parser) explicitList() (any, error) {
	if err := p.expect('[', true); err != nil {
		return nil, err
	}
	values := []any{}
	for p.cur() != ']' {
		v, err := p.explicitValue()
		if err != nil {
			return nil, err
		}
		values = append(values, v)
		p.skipSpace()
		if p.cur() != ']' {
			if err := p.expect(',', false); err != nil {
				return nil, err
			}
			p.skipSpace()
		}
	}
	if err := p.expect(']', false); err != nil {
		return nil, err
	}
	return values, nil
}

func (p *parser) explicitValue() (any, error) {
	switch p.cur() {
	case '[':
		return p.explicitList()
	case '{':
		return p.object()
	}
	return p.firstValue()
}

func (p *parser) object() (any, error) {
	if err := p.expect('{', true); err != nil {
		return nil, err
	}
	obj := map[string]any{}
	for p.cur() != '}' {
		key, err := p.keyAt()
		if err != nil {
			return nil, err
		}
		v, err := p.explicitValue()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.cur() != '}' {
			if err := p.expect(',', false); err != nil {
				return nil, err
			}
			p.skipSpace()
		}
		obj[key] = v
	}
	if err := p.expect('}', false); err != nil {
		return nil, err
	}
	return obj, nil
}

func (p *parser) firstValue() (any, error) {
	switch p.cur() {
	case '\'', '"':
		return p.quoted()
	}
	n := p.scan(isStartRune, isFirstFollowRune)
	return p.finish(unescapeComma(string(p.in[p.i-n : p.i])))
}

func (p *parser) secondValue() (any, error) {
	switch p.cur() {
	case '\'', '"':
		return p.quoted()
	}
	n := p.scan(isStartRune, isSecondFollowRune)
	if n == 0 {
		return nil, &SyntaxError{Input: p.src, Pos: p.i, Expected: "<second>", Actual: "<none>"}
	}
	return p.finish(unescapeComma(string(p.in[p.i-n : p.i])))
}

// scan consumes a bare value: a first rune from start, then runes from
// follow, where the two runes `\,` always count as one escaped comma. It
// returns the number of runes consumed.
func (p *parser) scan(start, follow func(rune) bool) int {
	begin := p.i
	ok := start
	for !p.atEOF() {
		if p.in[p.i] == '\\' && p.i+1 < len(p.in) && p.in[p.i+1] == ',' {
			p.i += 2
		} else if ok(p.in[p.i]) {
			p.i++
		} else {
			break
		}
		ok = follow
	}
	return p.i - begin
}

func unescapeComma(s string) string {
	return strings.TrimRightFunc(strings.ReplaceAll(s, `\,`, ","), isPySpace)
}

// quoted reads a 'single' or "double" quoted value. The closing quote is
// the first one not preceded by a backslash; with none, the last escaped
// one closes the value (as the aws CLI's regular expression backtracks).
func (p *parser) quoted() (any, error) {
	q := p.in[p.i]
	end, last := -1, -1
	for j := p.i + 1; j < len(p.in); j++ {
		if p.in[j] != q {
			continue
		}
		if j-1 > p.i && p.in[j-1] == '\\' {
			last = j
			continue
		}
		end = j
		break
	}
	if end < 0 {
		end = last
	}
	if end < 0 {
		name := "singled quoted"
		if q == '"' {
			name = "double quoted"
		}
		return nil, &SyntaxError{Input: p.src, Pos: p.i, Expected: "<" + name + ">", Actual: "<none>"}
	}
	body := string(p.in[p.i+1 : end])
	p.i = end + 1
	body = strings.ReplaceAll(body, `\`+string(q), string(q))
	body = strings.ReplaceAll(body, `\\`, `\`)
	return p.finish(body)
}

// finish applies key@= file resolution to a scalar value.
func (p *parser) finish(v string) (any, error) {
	if !p.fromFile || p.resolve == nil {
		return v, nil
	}
	contents, ok, err := p.resolve(v)
	if err != nil {
		return nil, err
	}
	if ok {
		return contents, nil
	}
	return v, nil
}

// The character classes of bare values. A value starts with any rune but
// whitespace, control characters, quotes, ',', '=', '[' and '{'; a value at
// the start of a pair may go on with '=', '[', '{' and spaces but stops at
// ',', ']', '}' and quotes; a further comma-separated value stops at ','
// and '=' and quotes but may hold ']' and '}'. Runes beyond U+FFFF are
// outside every class, as in the aws CLI.
func isStartRune(r rune) bool {
	if r > 0xFFFF {
		return false
	}
	switch r {
	case '"', '\'', ',', '=', '[', '{':
		return false
	}
	return r >= '!'
}

func isFirstFollowRune(r rune) bool {
	if r > 0xFFFF {
		return false
	}
	if isPySpace(r) {
		return true
	}
	switch r {
	case '"', '\'', ',', ']', '}':
		return false
	}
	return r >= '!'
}

func isSecondFollowRune(r rune) bool {
	if r > 0xFFFF {
		return false
	}
	if isPySpace(r) {
		return true
	}
	switch r {
	case '"', '\'', ',', '=':
		return false
	}
	return r >= '!'
}

// isPySpace is \s of a Python Unicode regular expression.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\x1c' || r == '\x1d' || r == '\x1e' || r == '\x1f'
}
