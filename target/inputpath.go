package target

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"
)

// maxPathLen is the longest InputPath or InputPathsMap value EventBridge
// accepts (TargetInputPath in the API model: at most 256 characters).
const maxPathLen = 256

// stepKind says what one step of a JSON path selects.
type stepKind uint8

const (
	stepName     stepKind = iota // .name or ['name']: a member of an object
	stepIndex                    // [3]: an element of an array
	stepWildcard                 // .* or [*]: every member or element
)

// pathStep is one compiled step of a JSON path.
type pathStep struct {
	kind stepKind
	// key is what gjson is given for the step: the escaped member name, or
	// the index in decimal.
	key string
}

// jsonPath is a compiled InputPath, or one InputPathsMap value.
//
// EventBridge accepts a subset of JSONPath (user guide, "Amazon EventBridge
// input transformation": dot notation, dashes, underscores, alphanumeric
// characters, array indices, wildcards, forward slashes), so a path here is
// "$" followed by steps: .name, .*, [n], [*], and ['name'] / ["name"].
// Deep scans, filters, slices and unions are rejected when the target is
// compiled rather than failing at delivery.
//
// Most paths are plain member chains ($.detail.state). Those compile to a
// single gjson path with every member name escaped, so a lookup is one
// allocation-free gjson.Get over the event. A path with an index, a
// wildcard, or a member name made only of digits is walked step by step
// instead, checking at each step that the value is an object (for a name)
// or an array (for an index): gjson would otherwise read "0" as an array
// index and [0] as a member name, which JSONPath does not.
type jsonPath struct {
	steps    []pathStep
	whole    string // the single gjson path, when the fast form applies
	fast     bool
	wildcard bool // some step is a wildcard: the value is an array of matches
}

// pathErrorf says why a path did not parse; the caller turns it into the
// ValidationException message naming the field.
func pathErrorf(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// parsePath compiles an EventBridge JSON path.
func parsePath(s string) (*jsonPath, error) {
	if s == "" || s[0] != '$' {
		return nil, pathErrorf("it must start with $")
	}
	p := &jsonPath{}
	for i := 1; i < len(s); {
		switch s[i] {
		case '.':
			i++
			start := i
			for i < len(s) && s[i] != '.' && s[i] != '[' {
				if !nameChar(s[i]) {
					return nil, pathErrorf("unexpected %q at offset %d", s[i], i)
				}
				i++
			}
			name := s[start:i]
			switch name {
			case "":
				return nil, pathErrorf("empty member name at offset %d", start)
			case "*":
				p.steps = append(p.steps, pathStep{kind: stepWildcard})
			default:
				p.steps = append(p.steps, pathStep{kind: stepName, key: name})
			}
		case '[':
			step, next, err := parseBracket(s, i)
			if err != nil {
				return nil, err
			}
			p.steps = append(p.steps, step)
			i = next
		default:
			return nil, pathErrorf("unexpected %q at offset %d", s[i], i)
		}
	}
	p.finish()
	return p, nil
}

// parseBracket parses the bracket step starting at s[i] == '[' and returns
// it with the offset just past its ']'.
func parseBracket(s string, i int) (pathStep, int, error) {
	open := i
	i++
	if i >= len(s) {
		return pathStep{}, 0, pathErrorf("unterminated [ at offset %d", open)
	}
	switch c := s[i]; {
	case c == '\'' || c == '"':
		end := strings.IndexByte(s[i+1:], c)
		if end < 0 {
			return pathStep{}, 0, pathErrorf("unterminated quoted name at offset %d", i)
		}
		name := s[i+1 : i+1+end]
		i += end + 2
		if name == "" {
			return pathStep{}, 0, pathErrorf("empty member name at offset %d", open)
		}
		if i >= len(s) || s[i] != ']' {
			return pathStep{}, 0, pathErrorf("expected ] at offset %d", i)
		}
		return pathStep{kind: stepName, key: name}, i + 1, nil
	case c == '*':
		if i+1 >= len(s) || s[i+1] != ']' {
			return pathStep{}, 0, pathErrorf("expected ] at offset %d", i+1)
		}
		return pathStep{kind: stepWildcard}, i + 2, nil
	case c >= '0' && c <= '9':
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i >= len(s) || s[i] != ']' {
			return pathStep{}, 0, pathErrorf("expected ] at offset %d", i)
		}
		digits := s[start:i]
		if len(digits) > 1 && digits[0] == '0' {
			return pathStep{}, 0, pathErrorf("array index %s has a leading zero", digits)
		}
		n, err := strconv.Atoi(digits)
		if err != nil || n > 1<<30 {
			return pathStep{}, 0, pathErrorf("array index %s is out of range", digits)
		}
		return pathStep{kind: stepIndex, key: strconv.Itoa(n)}, i + 1, nil
	default:
		return pathStep{}, 0, pathErrorf("unsupported bracket expression at offset %d", open)
	}
}

// nameChar reports whether c may appear in a dot-notation member name.
// Whitespace, quotes and the characters of JSONPath's filter and union
// syntax are refused so that unsupported expressions fail loudly.
func nameChar(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ']', '\'', '"', '(', ')', '?', ',':
		return false
	}
	return c >= 0x20 && c != 0x7f
}

// finish decides between the single-call and the step-by-step lookup and
// escapes member names for gjson.
func (p *jsonPath) finish() {
	p.fast = true
	for _, st := range p.steps {
		switch st.kind {
		case stepWildcard:
			p.wildcard = true
			p.fast = false
		case stepIndex:
			p.fast = false
		case stepName:
			if allDigits(st.key) {
				p.fast = false
			}
		}
	}
	parts := make([]string, 0, len(p.steps))
	for i := range p.steps {
		if p.steps[i].kind == stepName {
			p.steps[i].key = gjson.Escape(p.steps[i].key)
		}
		parts = append(parts, p.steps[i].key)
	}
	if p.fast {
		p.whole = strings.Join(parts, ".")
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// lookup returns the value the path selects in json, a whole event. The
// result does not exist when nothing matches a path without wildcards. A
// wildcard path always yields a JSON array of its matches, gathered in
// *scratch, which the result points into: it is valid until *scratch is
// reused.
func (p *jsonPath) lookup(json string, scratch *[]byte) gjson.Result {
	if len(p.steps) == 0 {
		return gjson.Parse(json)
	}
	if p.fast {
		return gjson.Get(json, p.whole)
	}
	root := gjson.Parse(json)
	if p.wildcard {
		buf := append((*scratch)[:0], '[')
		n := 0
		buf = collect(buf, &n, root, p.steps)
		buf = append(buf, ']')
		*scratch = buf
		return gjson.Parse(bytesToString(buf))
	}
	cur := root
	for _, st := range p.steps {
		cur = stepInto(cur, st)
		if !cur.Exists() {
			return cur
		}
	}
	return cur
}

// stepInto applies one name or index step, refusing a name on anything but
// an object and an index on anything but an array.
func stepInto(cur gjson.Result, st pathStep) gjson.Result {
	switch st.kind {
	case stepName:
		if cur.IsObject() {
			return cur.Get(st.key)
		}
	case stepIndex:
		if cur.IsArray() {
			return cur.Get(st.key)
		}
	}
	return gjson.Result{}
}

// collect appends, comma separated, every value the remaining steps select
// under cur. A wildcard visits each member of an object or element of an
// array, so matches come out flattened, in document order, as JSONPath
// returns them.
func collect(buf []byte, n *int, cur gjson.Result, steps []pathStep) []byte {
	if len(steps) == 0 {
		if *n > 0 {
			buf = append(buf, ',')
		}
		*n++
		return appendJSONValue(buf, cur)
	}
	st := steps[0]
	if st.kind != stepWildcard {
		next := stepInto(cur, st)
		if !next.Exists() {
			return buf
		}
		return collect(buf, n, next, steps[1:])
	}
	if cur.IsObject() || cur.IsArray() {
		cur.ForEach(func(_, v gjson.Result) bool {
			buf = collect(buf, n, v, steps[1:])
			return true
		})
	}
	return buf
}

// bytesToString views b as a string without copying. Apply uses it so that
// gjson can scan the event in place; the string must not outlive b, and b
// must not change while the string is in use. Both hold within one Apply.
func bytesToString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
