package target

import (
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/jsonenc"
)

// maxTemplateLen is the longest InputTemplate EventBridge accepts
// (TransformerInput in the API model: 1 to 8192 characters).
const maxTemplateLen = 8192

// The reserved placeholders (user guide, "Amazon EventBridge input
// transformation", Predefined variables).
const (
	placeholderRuleARN       = "aws.events.rule-arn"
	placeholderRuleName      = "aws.events.rule-name"
	placeholderIngestionTime = "aws.events.event.ingestion-time"
	placeholderEvent         = "aws.events.event"
	placeholderEventJSON     = "aws.events.event.json"
)

// slotContext is where in the template a placeholder stands; it decides how
// the value is written.
type slotContext uint8

const (
	// ctxJSONValue: a JSON template, where a JSON value is expected
	// ({"state": <state>}). The value goes in as JSON: strings quoted,
	// objects and arrays as (minified) JSON, a missing value as "".
	ctxJSONValue slotContext = iota
	// ctxJSONString: inside a string of a JSON template
	// ({"msg": "state is <state>"}). Strings go in escaped for the string,
	// scalars as their literal text; an object or array cannot be written
	// there without breaking the JSON, so Apply fails (EventBridge drops
	// such an event: recorded cases test_input_transformer_nested_keys_
	// replacement_not_valid).
	ctxJSONString
	// ctxText: a text template outside double quotes
	// (instance <id> is <state>). Values go in as text: strings unquoted,
	// objects as {key:value,...} and arrays as [a,b] without quotes.
	ctxText
	// ctxTextQuoted: a text template inside double quotes
	// ("instance <id> is <state>"). As ctxText, escaped so that the quoted
	// string stays a valid JSON string.
	ctxTextQuoted
)

// source says where a slot's value comes from.
type source uint8

const (
	srcPath source = iota // an InputPathsMap entry
	srcRuleARN
	srcRuleName
	srcIngestionTime
	srcEvent     // the envelope without detail
	srcEventJSON // the whole event
)

// slot is one placeholder of a compiled template.
type slot struct {
	name string
	src  source
	path *jsonPath // srcPath only
	ctx  slotContext
	// memo is, for a path placeholder used more than once, its entry in
	// the per-Apply lookup memo; -1 otherwise.
	memo int8
}

// maxMemo bounds how many repeated placeholders Apply remembers the values
// of, in an array on its stack; further repeats are looked up again.
const maxMemo = 8

// template is a compiled InputTemplate: literal text interleaved with slots,
// lits[0] slots[0] lits[1] ... slots[n-1] lits[n]. Everything that can be
// decided from the template alone (JSON or text, where each placeholder
// stands, whether its name is defined) is decided here, once, so that
// Apply only looks values up and appends bytes.
type template struct {
	lits  []string
	slots []slot
}

// templateError is a reason to reject a template; CompileInput turns it into
// the ValidationException naming the target.
type templateError struct {
	msg string // completes "InputTemplate for target <id> "
}

func (e *templateError) Error() string { return e.msg }

// parseTemplate compiles text. paths holds the compiled InputPathsMap.
//
// A template whose first non-blank character is { or [ is a JSON template:
// it must be valid JSON once each bare placeholder is read as a value, a
// placeholder may not be an object key, and the literal JSON is minified,
// as EventBridge minifies what it passes on. Any other template is text,
// passed on verbatim with its placeholders filled in; it is often a single
// JSON string ("instance <id> is <state>"), and double quotes are tracked
// only to escape the values written inside them.
//
// A placeholder is < followed by one or more characters other than <, >,
// double quote and white space, then >. Every such placeholder must name an
// InputPathsMap key or a reserved variable (EventBridge: "InputTemplate for
// target <id> contains invalid placeholder <name>."); other < and >
// characters are literal text.
func parseTemplate(text string, paths map[string]*jsonPath) (*template, error) {
	p := &templateParser{s: text, paths: paths}
	if isJSONTemplate(text) {
		p.jsonTemplate()
	} else {
		p.textTemplate()
	}
	if p.err != nil {
		return nil, p.err
	}
	p.lits = append(p.lits, string(p.lit))
	t := &template{lits: p.lits, slots: p.slots}
	t.assignMemo()
	return t, nil
}

// assignMemo gives each path placeholder that appears more than once a memo
// entry, so Apply looks its value up once ("<id>" and <id> in one template
// is common). Wildcard values live in a scratch buffer that the next
// wildcard lookup reuses, so they are not remembered.
func (t *template) assignMemo() {
	uses := map[string]int{}
	for _, sl := range t.slots {
		if sl.src == srcPath && !sl.path.wildcard {
			uses[sl.name]++
		}
	}
	entry := map[string]int8{}
	for i := range t.slots {
		sl := &t.slots[i]
		sl.memo = -1
		if uses[sl.name] < 2 || sl.src != srcPath || sl.path.wildcard {
			continue
		}
		e, ok := entry[sl.name]
		if !ok {
			if len(entry) == maxMemo {
				continue
			}
			e = int8(len(entry))
			entry[sl.name] = e
		}
		sl.memo = e
	}
}

// isJSONTemplate reports whether the template's first non-blank character
// opens an object or an array.
func isJSONTemplate(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n")
	return s != "" && (s[0] == '{' || s[0] == '[')
}

// templateParser accumulates literal text and slots while scanning.
type templateParser struct {
	s     string
	i     int
	paths map[string]*jsonPath
	lit   []byte
	lits  []string
	slots []slot
	err   error
}

func (p *templateParser) fail(format string, args ...any) bool {
	if p.err == nil {
		p.err = &templateError{msg: fmt.Sprintf(format, args...)}
	}
	return false
}

// placeholderAt returns the name and end offset of the placeholder starting
// at s[i] == '<', or ok == false when s[i] starts none.
func placeholderAt(s string, i int) (name string, end int, ok bool) {
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; c {
		case '>':
			if j == i+1 {
				return "", 0, false
			}
			return s[i+1 : j], j + 1, true
		case '<', '"', ' ', '\t', '\n', '\r':
			return "", 0, false
		}
	}
	return "", 0, false
}

// addSlot resolves name and records a slot at the current position.
func (p *templateParser) addSlot(name string, ctx slotContext) bool {
	sl := slot{name: name, ctx: ctx}
	switch name {
	case placeholderRuleARN:
		sl.src = srcRuleARN
	case placeholderRuleName:
		sl.src = srcRuleName
	case placeholderIngestionTime:
		sl.src = srcIngestionTime
	case placeholderEvent, placeholderEventJSON:
		// "Can only be used as a value for a JSON field, as its contents
		// are not escaped" (user guide, Predefined variables).
		if ctx != ctxJSONValue {
			return p.fail("uses <%s> outside a JSON value; it can only be used as the value of a JSON field.", name)
		}
		sl.src = srcEvent
		if name == placeholderEventJSON {
			sl.src = srcEventJSON
		}
	default:
		path, ok := p.paths[name]
		if !ok {
			return p.fail("contains invalid placeholder %s.", name)
		}
		sl.src, sl.path = srcPath, path
	}
	p.lits = append(p.lits, string(p.lit))
	p.lit = p.lit[:0]
	p.slots = append(p.slots, sl)
	return true
}

// textTemplate scans a text template.
func (p *templateParser) textTemplate() {
	s := p.s
	quoted := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '<':
			if name, end, ok := placeholderAt(s, i); ok {
				ctx := ctxText
				if quoted {
					ctx = ctxTextQuoted
				}
				if !p.addSlot(name, ctx) {
					return
				}
				i = end
				continue
			}
		case c == '"':
			quoted = !quoted
		case c == '\\' && quoted && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			// An escaped quote or backslash inside a quoted part neither
			// ends it nor escapes what follows.
			p.lit = append(p.lit, c, s[i+1])
			i += 2
			continue
		}
		p.lit = append(p.lit, c)
		i++
	}
}

// jsonTemplate scans a JSON template: one JSON value and nothing after it
// but white space.
func (p *templateParser) jsonTemplate() {
	if !p.value() {
		return
	}
	p.skipSpace()
	if p.i < len(p.s) {
		p.fail("is not valid JSON: unexpected %q at offset %d.", p.s[p.i], p.i)
	}
}

func (p *templateParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *templateParser) value() bool {
	p.skipSpace()
	if p.i >= len(p.s) {
		return p.fail("is not valid JSON: unexpected end.")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str(false)
	case c == '<':
		name, end, ok := placeholderAt(p.s, p.i)
		if !ok {
			return p.fail("is not valid JSON: unexpected '<' at offset %d.", p.i)
		}
		p.i = end
		return p.addSlot(name, ctxJSONValue)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		for _, word := range [...]string{"true", "false", "null"} {
			if strings.HasPrefix(p.s[p.i:], word) {
				p.lit = append(p.lit, word...)
				p.i += len(word)
				return true
			}
		}
		return p.fail("is not valid JSON: unexpected %q at offset %d.", c, p.i)
	}
}

func (p *templateParser) object() bool {
	p.lit = append(p.lit, '{')
	p.i++
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.lit = append(p.lit, '}')
		p.i++
		return true
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return p.fail("is not valid JSON: unexpected end.")
		}
		switch p.s[p.i] {
		case '"':
			if !p.str(true) {
				return false
			}
		case '<':
			if name, _, ok := placeholderAt(p.s, p.i); ok {
				return p.fail("uses placeholder %s as an object key; placeholders cannot be object keys.", name)
			}
			fallthrough
		default:
			return p.fail("is not valid JSON: expected an object key at offset %d.", p.i)
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return p.fail("is not valid JSON: expected ':' at offset %d.", p.i)
		}
		p.lit = append(p.lit, ':')
		p.i++
		if !p.value() {
			return false
		}
		p.skipSpace()
		if p.i >= len(p.s) {
			return p.fail("is not valid JSON: unexpected end.")
		}
		switch p.s[p.i] {
		case ',':
			p.lit = append(p.lit, ',')
			p.i++
		case '}':
			p.lit = append(p.lit, '}')
			p.i++
			return true
		default:
			return p.fail("is not valid JSON: expected ',' or '}' at offset %d.", p.i)
		}
	}
}

func (p *templateParser) array() bool {
	p.lit = append(p.lit, '[')
	p.i++
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.lit = append(p.lit, ']')
		p.i++
		return true
	}
	for {
		if !p.value() {
			return false
		}
		p.skipSpace()
		if p.i >= len(p.s) {
			return p.fail("is not valid JSON: unexpected end.")
		}
		switch p.s[p.i] {
		case ',':
			p.lit = append(p.lit, ',')
			p.i++
		case ']':
			p.lit = append(p.lit, ']')
			p.i++
			return true
		default:
			return p.fail("is not valid JSON: expected ',' or ']' at offset %d.", p.i)
		}
	}
}

// str scans a JSON string, copying it verbatim except for placeholders,
// which become ctxJSONString slots (or an error in an object key).
func (p *templateParser) str(key bool) bool {
	open := p.i
	p.lit = append(p.lit, '"')
	p.i++
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.lit = append(p.lit, '"')
			p.i++
			return true
		case c == '\\':
			n := escapeLen(p.s[p.i:])
			if n == 0 {
				return p.fail("is not valid JSON: bad escape at offset %d.", p.i)
			}
			p.lit = append(p.lit, p.s[p.i:p.i+n]...)
			p.i += n
			continue
		case c < 0x20:
			return p.fail("is not valid JSON: control character in string at offset %d.", p.i)
		case c == '<':
			if name, end, ok := placeholderAt(p.s, p.i); ok {
				if key {
					return p.fail("uses placeholder %s as an object key; placeholders cannot be object keys.", name)
				}
				if !p.addSlot(name, ctxJSONString) {
					return false
				}
				p.i = end
				continue
			}
		}
		p.lit = append(p.lit, c)
		p.i++
	}
	return p.fail("is not valid JSON: unterminated string at offset %d.", open)
}

// escapeLen returns the length of the JSON escape sequence s starts with,
// or 0 if it is not one.
func escapeLen(s string) int {
	if len(s) < 2 {
		return 0
	}
	switch s[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(s) < 6 {
			return 0
		}
		for _, h := range []byte(s[2:6]) {
			if !isHex(h) {
				return 0
			}
		}
		return 6
	}
	return 0
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// number scans a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *templateParser) number() bool {
	s, start := p.s, p.i
	i := start
	if s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return p.fail("is not valid JSON: bad number at offset %d.", start)
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return p.fail("is not valid JSON: bad number at offset %d.", start)
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return p.fail("is not valid JSON: bad number at offset %d.", start)
		}
	}
	p.lit = append(p.lit, s[start:i]...)
	p.i = i
	return true
}

// apply appends the filled template to dst. event is the event viewed as a
// string (see bytesToString).
func (t *template) apply(dst []byte, event string, meta Meta) ([]byte, error) {
	var (
		scratch []byte // wildcard matches; allocated only if a path has one
		memo    [maxMemo]gjson.Result
		known   uint8 // bit e set: memo[e] holds the value
	)
	for i := range t.slots {
		dst = append(dst, t.lits[i]...)
		sl := &t.slots[i]
		switch sl.src {
		case srcPath:
			var v gjson.Result
			if e := sl.memo; e >= 0 {
				if known&(1<<e) == 0 {
					memo[e] = sl.path.lookup(event, &scratch)
					known |= 1 << e
				}
				v = memo[e]
			} else {
				v = sl.path.lookup(event, &scratch)
			}
			var err error
			if dst, err = appendSlotValue(dst, sl, v); err != nil {
				return dst, err
			}
		case srcRuleARN:
			dst = appendSlotString(dst, sl.ctx, meta.RuleARN)
		case srcRuleName:
			dst = appendSlotString(dst, sl.ctx, meta.RuleName)
		case srcIngestionTime:
			if sl.ctx == ctxJSONValue {
				dst = append(dst, '"')
			}
			dst = meta.IngestionTime.UTC().AppendFormat(dst, switchyard.TimeLayout)
			if sl.ctx == ctxJSONValue {
				dst = append(dst, '"')
			}
		case srcEvent:
			dst = appendEventWithoutDetail(dst, event)
		case srcEventJSON:
			dst = appendCompact(dst, event)
		}
	}
	return append(dst, t.lits[len(t.slots)]...), nil
}

// appendSlotValue writes a looked-up value as its slot's context requires.
func appendSlotValue(dst []byte, sl *slot, v gjson.Result) ([]byte, error) {
	if !v.Exists() {
		// A path that matches nothing renders as nothing, or as "" where a
		// JSON value must stand (recorded cases ...custom-variables-not-
		// match-all).
		if sl.ctx == ctxJSONValue {
			dst = append(dst, '"', '"')
		}
		return dst, nil
	}
	switch sl.ctx {
	case ctxJSONValue:
		return appendJSONValue(dst, v), nil
	case ctxJSONString:
		if v.Type == gjson.JSON {
			return dst, Permanent(fmt.Errorf(
				"%w: placeholder <%s> stands inside a JSON string but its value is a JSON %s, "+
					"which would make the payload invalid JSON", ErrTransform, sl.name, jsonKind(v)))
		}
		return appendText(dst, v, true), nil
	case ctxTextQuoted:
		return appendText(dst, v, true), nil
	default:
		return appendText(dst, v, false), nil
	}
}

func jsonKind(v gjson.Result) string {
	if v.IsArray() {
		return "array"
	}
	return "object"
}

// appendSlotString writes one of the string-valued reserved variables.
func appendSlotString(dst []byte, ctx slotContext, s string) []byte {
	switch ctx {
	case ctxJSONValue:
		return jsonenc.AppendString(dst, s)
	case ctxJSONString, ctxTextQuoted:
		return appendEscaped(dst, s)
	default:
		return append(dst, s...)
	}
}

// appendEscaped appends s escaped for use inside a JSON string, without the
// quotes.
func appendEscaped(dst []byte, s string) []byte {
	n := len(dst)
	dst = jsonenc.AppendString(dst, s)
	// Drop the quotes AppendJSONString wrote around the body.
	copy(dst[n:], dst[n+1:len(dst)-1])
	return dst[:len(dst)-2]
}

// appendJSONValue appends v as minified JSON.
func appendJSONValue(dst []byte, v gjson.Result) []byte {
	switch v.Type {
	case gjson.String:
		if raw, ok := stringLiteral(v); ok {
			return append(dst, raw...)
		}
		return jsonenc.AppendString(dst, v.Str)
	case gjson.JSON:
		return appendCompact(dst, v.Raw)
	default:
		return append(dst, v.Raw...)
	}
}

// stringLiteral returns v's literal as it appears in the event when it is a
// well-formed JSON string literal. Copying it keeps the event's own escapes
// and costs no unescaping.
func stringLiteral(v gjson.Result) (string, bool) {
	raw := v.Raw
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	// A literal ending in an odd run of backslashes before the quote is
	// unterminated (only possible in a malformed event).
	n := 0
	for i := len(raw) - 2; i > 0 && raw[i] == '\\'; i-- {
		n++
	}
	return raw, n%2 == 0
}

// appendText appends v as EventBridge writes a value into text: a string
// without its quotes, an object as {key:value,...} and an array as [a,b]
// with no quotes anywhere (recorded cases: "{acc_id:0a787ecb-4015,
// sf_id:baz}", "[ACTIVE,INACTIVE]"), numbers, booleans and null as their
// literals. With escape set, strings are escaped for a surrounding JSON
// string.
func appendText(dst []byte, v gjson.Result, escape bool) []byte {
	switch v.Type {
	case gjson.String:
		if !escape {
			return append(dst, v.Str...)
		}
		if raw, ok := stringLiteral(v); ok {
			return append(dst, raw[1:len(raw)-1]...)
		}
		return appendEscaped(dst, v.Str)
	case gjson.JSON:
		isArray := v.IsArray()
		open, close := byte('{'), byte('}')
		if isArray {
			open, close = '[', ']'
		}
		dst = append(dst, open)
		first := true
		v.ForEach(func(key, val gjson.Result) bool {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			if !isArray {
				dst = appendText(dst, key, escape)
				dst = append(dst, ':')
			}
			dst = appendText(dst, val, escape)
			return true
		})
		return append(dst, close)
	default:
		return append(dst, v.Raw...)
	}
}

// appendCompact appends the JSON text raw with the white space between
// tokens removed. It never fails: malformed input is copied as it comes.
func appendCompact(dst []byte, raw string) []byte {
	start := 0
	inString := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case ' ', '\t', '\n', '\r':
			dst = append(dst, raw[start:i]...)
			start = i + 1
		}
	}
	if start < len(raw) {
		dst = append(dst, raw[start:]...)
	}
	return dst
}

// eventFields are the envelope fields <aws.events.event> carries, in the
// order EventBridge writes them, with "detail-type" renamed "detailType"
// (recorded case test_input_transformer_predefined_variables).
var eventFields = [...]struct{ name, out string }{
	{"id", `"id":`},
	{"account", `"account":`},
	{"detail-type", `"detailType":`},
	{"time", `"time":`},
	{"source", `"source":`},
	{"region", `"region":`},
	{"resources", `"resources":`},
	{"version", `"version":`},
}

// appendEventWithoutDetail writes the value of <aws.events.event>. Fields
// missing from the event are left out.
func appendEventWithoutDetail(dst []byte, event string) []byte {
	dst = append(dst, '{')
	first := true
	for _, f := range eventFields {
		v := gjson.Get(event, f.name)
		if !v.Exists() {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, f.out...)
		dst = appendJSONValue(dst, v)
	}
	return append(dst, '}')
}
