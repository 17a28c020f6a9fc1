package awsjson

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// DefaultMaxDepth is the nesting limit Decode applies when given 0. No
// AWS request shape nests deeper than a handful of levels; the limit only
// stops a hostile body from costing stack.
const DefaultMaxDepth = 64

// Error is a request body that could not be decoded: malformed JSON, a
// value of the wrong type, or nesting beyond the limit. Path names the
// member ("Entries[1].Time"); it is empty for the top level.
type Error struct {
	Path   string
	Offset int // byte offset in the body where the problem was found
	Reason string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Reason
	}
	return e.Path + ": " + e.Reason
}

// Decode parses data, a JSON object, into v, which must be a non-nil
// pointer. An empty body decodes as {} (the aws CLI sends nothing for an
// operation without parameters). maxDepth <= 0 means DefaultMaxDepth.
// Errors are *Error.
func Decode(data []byte, v any, maxDepth int) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("awsjson: Decode needs a non-nil pointer")
	}
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	d := decoder{data: data, maxDepth: maxDepth}
	d.skipSpace()
	if d.pos == len(d.data) {
		return nil
	}
	if d.data[d.pos] != '{' {
		return d.fail("the request body must be a JSON object")
	}
	if err := d.value(rv.Elem(), 0); err != nil {
		return err
	}
	d.skipSpace()
	if d.pos != len(d.data) {
		return d.fail("unexpected data after the top-level value")
	}
	return nil
}

type decoder struct {
	data     []byte
	pos      int
	maxDepth int
	scratch  []byte
	path     []segment
}

// segment is one step of the path to the value being decoded: a member
// name, or an array index when name is empty.
type segment struct {
	name  string
	index int
}

// fail returns an *Error at the current position. The path is built only
// here, so decoding a valid request allocates nothing for paths.
func (d *decoder) fail(format string, args ...any) *Error {
	var b strings.Builder
	for _, s := range d.path {
		if s.name == "" {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
	}
	return &Error{Path: b.String(), Offset: d.pos, Reason: fmt.Sprintf(format, args...)}
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// kindAt names the JSON kind starting at the current position, for
// "expected X, got Y" messages.
func (d *decoder) kindAt() string {
	if d.pos >= len(d.data) {
		return "end of input"
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || c >= '0' && c <= '9':
		return "number"
	}
	return fmt.Sprintf("invalid character %q", d.data[d.pos])
}

// value decodes the JSON value at the current position into v.
func (d *decoder) value(v reflect.Value, depth int) error {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return d.fail("unexpected end of JSON input")
	}
	if depth > d.maxDepth {
		return d.fail("JSON nested deeper than %d levels", d.maxDepth)
	}
	c := d.data[d.pos]
	if c == 'n' {
		if err := d.literal("null"); err != nil {
			return err
		}
		v.SetZero() // null is an absent member
		return nil
	}
	t := v.Type()
	switch {
	case t == timeType:
		return d.time(v)
	case t == rawMessageType:
		start := d.pos
		if err := d.skipValue(depth); err != nil {
			return err
		}
		v.SetBytes(append([]byte(nil), d.data[start:d.pos]...))
		return nil
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalerType):
		start := d.pos
		if err := d.skipValue(depth); err != nil {
			return err
		}
		if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(d.data[start:d.pos]); err != nil {
			return d.failAt(start, err.Error())
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return d.value(v.Elem(), depth)
	case reflect.Struct:
		return d.object(v, depth)
	case reflect.Map:
		return d.mapValue(v, depth)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return d.blob(v)
		}
		return d.array(v, depth)
	case reflect.String:
		if c != '"' {
			return d.fail("expected a string, got %s", d.kindAt())
		}
		s, err := d.str()
		if err != nil {
			return err
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		switch c {
		case 't':
			v.SetBool(true)
			return d.literal("true")
		case 'f':
			v.SetBool(false)
			return d.literal("false")
		}
		return d.fail("expected a boolean, got %s", d.kindAt())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		num, err := d.number()
		if err != nil {
			return err
		}
		n, perr := strconv.ParseInt(num, 10, 64)
		if perr != nil || v.OverflowInt(n) {
			return d.fail("expected an integer in range, got %s", num)
		}
		v.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		num, err := d.number()
		if err != nil {
			return err
		}
		n, perr := strconv.ParseUint(num, 10, 64)
		if perr != nil || v.OverflowUint(n) {
			return d.fail("expected a non-negative integer in range, got %s", num)
		}
		v.SetUint(n)
		return nil
	case reflect.Float32, reflect.Float64:
		num, err := d.number()
		if err != nil {
			return err
		}
		f, perr := strconv.ParseFloat(num, t.Bits())
		if perr != nil {
			return d.fail("expected a number in range, got %s", num)
		}
		v.SetFloat(f)
		return nil
	}
	return d.fail("cannot decode into Go type %s", t)
}

func (d *decoder) literal(lit string) error {
	if len(d.data)-d.pos < len(lit) || string(d.data[d.pos:d.pos+len(lit)]) != lit {
		return d.fail("invalid literal, expected %s", lit)
	}
	d.pos += len(lit)
	return nil
}

func (d *decoder) object(v reflect.Value, depth int) error {
	if d.data[d.pos] != '{' {
		return d.fail("expected an object, got %s", d.kindAt())
	}
	plan := planFor(v.Type())
	return d.members(func(name string) error {
		i, ok := plan.byName[name]
		if !ok {
			return d.skipValue(depth + 1) // AWS ignores unknown members
		}
		fv, err := fieldForSet(v, plan.fields[i].index)
		if err != nil {
			return d.fail("%v", err)
		}
		return d.value(fv, depth+1)
	})
}

// fieldForSet returns the field at index, allocating nil embedded struct
// pointers on the way.
func fieldForSet(v reflect.Value, index []int) (reflect.Value, error) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return v, errors.New("cannot set an embedded pointer to an unexported struct")
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

func (d *decoder) mapValue(v reflect.Value, depth int) error {
	if d.data[d.pos] != '{' {
		return d.fail("expected an object, got %s", d.kindAt())
	}
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		return d.fail("cannot decode into Go type %s", t)
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(t))
	}
	return d.members(func(name string) error {
		ev := reflect.New(t.Elem()).Elem()
		if err := d.value(ev, depth+1); err != nil {
			return err
		}
		v.SetMapIndex(reflect.ValueOf(name).Convert(t.Key()), ev)
		return nil
	})
}

// members walks an object, calling each for every member with the decoder
// positioned at the member's value and the member on the path.
func (d *decoder) members(each func(name string) error) error {
	d.pos++ // '{'
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return nil
	}
	for {
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return d.fail("expected a member name, got %s", d.kindAt())
		}
		name, err := d.str()
		if err != nil {
			return err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return d.fail("expected ':' after member name %q", name)
		}
		d.pos++
		d.path = append(d.path, segment{name: name})
		if err := each(name); err != nil {
			return err
		}
		d.path = d.path[:len(d.path)-1]
		d.skipSpace()
		if d.pos >= len(d.data) {
			return d.fail("unexpected end of JSON input")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return nil
		default:
			return d.fail("expected ',' or '}' after member %q", name)
		}
	}
}

func (d *decoder) array(v reflect.Value, depth int) error {
	if d.data[d.pos] != '[' {
		return d.fail("expected an array, got %s", d.kindAt())
	}
	t := v.Type()
	out := reflect.MakeSlice(t, 0, 0)
	err := d.elements(func(i int) error {
		out = reflect.Append(out, reflect.Zero(t.Elem()))
		return d.value(out.Index(i), depth+1)
	})
	if err == nil {
		v.Set(out)
	}
	return err
}

// elements walks an array, calling each for every element with the
// decoder positioned at it and its index on the path.
func (d *decoder) elements(each func(i int) error) error {
	d.pos++ // '['
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return nil
	}
	for i := 0; ; i++ {
		d.path = append(d.path, segment{index: i})
		if err := each(i); err != nil {
			return err
		}
		d.path = d.path[:len(d.path)-1]
		d.skipSpace()
		if d.pos >= len(d.data) {
			return d.fail("unexpected end of JSON input")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return nil
		default:
			return d.fail("expected ',' or ']' in array")
		}
	}
}

func (d *decoder) blob(v reflect.Value) error {
	if d.data[d.pos] != '"' {
		return d.fail("expected a base64 string, got %s", d.kindAt())
	}
	s, err := d.str()
	if err != nil {
		return err
	}
	b, berr := base64.StdEncoding.DecodeString(s)
	if berr != nil {
		return d.fail("expected a base64 string: %v", berr)
	}
	v.SetBytes(b)
	return nil
}

// time decodes AWS's JSON timestamp: epoch seconds, possibly fractional.
// The fraction is parsed as text to nanoseconds, so 1.7e9-scale values
// keep their milliseconds exactly (a float64 would round them).
func (d *decoder) time(v reflect.Value) error {
	if c := d.data[d.pos]; c != '-' && (c < '0' || c > '9') {
		return d.fail("expected a timestamp in epoch seconds, got %s", d.kindAt())
	}
	num, err := d.number()
	if err != nil {
		return err
	}
	t, ok := parseEpoch(num)
	if !ok {
		return d.fail("timestamp %s is out of range", num)
	}
	v.Set(reflect.ValueOf(t))
	return nil
}

// parseEpoch turns a JSON number of seconds into a UTC time.
func parseEpoch(num string) (time.Time, bool) {
	intPart, frac, exp := num, "", false
	for i := 0; i < len(num); i++ {
		switch num[i] {
		case '.':
			intPart, frac = num[:i], num[i+1:]
		case 'e', 'E':
			exp = true
		}
	}
	if exp {
		f, err := strconv.ParseFloat(num, 64)
		if err != nil || math.Abs(f) > 1e11 {
			return time.Time{}, false
		}
		sec := math.Floor(f)
		return time.Unix(int64(sec), int64(math.Round((f-sec)*1e9))).UTC(), true
	}
	sec, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || sec > 1e11 || sec < -1e11 {
		return time.Time{}, false
	}
	var nsec int64
	for i := 0; i < 9; i++ {
		nsec *= 10
		if i < len(frac) {
			nsec += int64(frac[i] - '0')
		}
	}
	if len(intPart) > 0 && intPart[0] == '-' {
		nsec = -nsec
	}
	return time.Unix(sec, nsec).UTC(), true
}

// number scans a JSON number and returns its text.
func (d *decoder) number() (string, error) {
	start := d.pos
	if d.pos < len(d.data) && d.data[d.pos] == '-' {
		d.pos++
	}
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.pos < len(d.data) && d.data[d.pos] == '0' {
		d.pos++
	} else if digits() == 0 {
		d.pos = start
		return "", d.fail("expected a number, got %s", d.kindAt())
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			return "", d.fail("invalid number")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			return "", d.fail("invalid number")
		}
	}
	return string(d.data[start:d.pos]), nil
}

// plain marks the bytes a JSON string holds as they are: not the quote,
// not the backslash, not a control character.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str scans a JSON string and returns it unescaped. Invalid UTF-8 is
// kept (see validString). Runs of plain bytes are
// found with a table lookup and copied in bulk: the Detail of a PutEvents
// entry is a long string with an escaped quote every few bytes.
func (d *decoder) str() (string, error) {
	d.pos++ // opening quote
	start := d.pos
	d.pos = scanPlain(d.data, d.pos)
	if d.pos < len(d.data) && d.data[d.pos] == '"' {
		s := d.data[start:d.pos]
		d.pos++
		return validString(s), nil
	}
	buf := append(d.scratch[:0], d.data[start:d.pos]...)
	for {
		run := d.pos
		d.pos = scanPlain(d.data, d.pos)
		buf = append(buf, d.data[run:d.pos]...)
		if d.pos >= len(d.data) {
			return "", d.fail("unterminated string")
		}
		c := d.data[d.pos]
		if c == '"' {
			d.pos++
			d.scratch = buf
			return validString(buf), nil
		}
		if c < 0x20 {
			return "", d.fail("invalid control character in string")
		}
		// c is a backslash.
		d.pos++
		if d.pos >= len(d.data) {
			return "", d.fail("unterminated string")
		}
		e := d.data[d.pos]
		d.pos++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", d.fail("invalid \\u escape in string")
			}
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
					save := d.pos
					d.pos += 2
					if lo, ok := d.hex4(); ok {
						if dec := utf16.DecodeRune(r, lo); dec != utf8.RuneError {
							r2 = dec
						} else {
							d.pos = save
						}
					} else {
						d.pos = save
					}
				}
				r = r2
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", d.fail("invalid escape \\%c in string", e)
		}
	}
}

// scanPlain returns the index of the first byte at or after i that is not
// plain. It works on locals so that the loop stays in registers (through
// the decoder's fields it runs at half the speed), eight bytes per
// iteration while they are all plain.
func scanPlain(data []byte, i int) int {
	for i+8 <= len(data) {
		b := data[i : i+8 : i+8]
		if !plain[b[0]] || !plain[b[1]] || !plain[b[2]] || !plain[b[3]] ||
			!plain[b[4]] || !plain[b[5]] || !plain[b[6]] || !plain[b[7]] {
			break
		}
		i += 8
	}
	for i < len(data) && plain[data[i]] {
		i++
	}
	return i
}

// validString converts b to a string. Invalid UTF-8 is kept as sent, not
// replaced with U+FFFD as encoding/json does: the server holds no
// EventBridge logic, so the API decides what such a value means (a
// PutEvents Detail that is not UTF-8 fails its entry with MalformedDetail,
// a name fails its pattern), exactly as it does for a Go caller.
func validString(b []byte) string { return string(b) }

func (d *decoder) hex4() (rune, bool) {
	if len(d.data)-d.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d.data[d.pos : d.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	d.pos += 4
	return r, true
}

// skipValue checks and skips one JSON value (an unknown member's, or one
// handed whole to an Unmarshaler).
func (d *decoder) skipValue(depth int) error {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return d.fail("unexpected end of JSON input")
	}
	if depth > d.maxDepth {
		return d.fail("JSON nested deeper than %d levels", d.maxDepth)
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.members(func(string) error { return d.skipValue(depth + 1) })
	case c == '[':
		return d.elements(func(int) error { return d.skipValue(depth + 1) })
	case c == '"':
		_, err := d.str()
		return err
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	default:
		_, err := d.number()
		return err
	}
}

// failAt is fail at an earlier offset (an Unmarshaler's value).
func (d *decoder) failAt(offset int, reason string) *Error {
	e := d.fail("%s", reason)
	e.Offset = offset
	return e
}
