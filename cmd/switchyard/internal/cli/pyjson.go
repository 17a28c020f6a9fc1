package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The aws CLI prints JSON with Python's json.dump(indent=4,
// ensure_ascii=False). To match it byte for byte this file writes the same
// layout: four spaces per level, ", " never (items end the line), ": "
// after keys, {} and [] for empty containers, non-ASCII text as is, control
// characters as \u00XX, integers as written and floats as Python's repr
// (1700000000.5, 1e+16, 1e-05).

// keyRank orders the keys of printed objects. Python keeps insertion order,
// which for a response is the model's member order (and wire order inside
// maps); a rank records that order so that plain Go maps can be printed in
// it, also after a --query has rebuilt the values.
type keyRank map[string]int

func (r keyRank) see(k string) {
	if _, ok := r[k]; !ok {
		r[k] = len(r)
	}
}

// sorted returns m's keys in rank order; keys without a rank follow in
// lexical order.
func (r keyRank) sorted(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, iok := r[keys[i]]
		rj, jok := r[keys[j]]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
	return keys
}

// writePyJSON writes v as the aws CLI's json output does (with the final
// newline).
func writePyJSON(buf *bytes.Buffer, v any, rank keyRank) {
	writePyValue(buf, v, rank, 0)
	buf.WriteByte('\n')
}

func writePyValue(buf *bytes.Buffer, v any, rank keyRank, depth int) {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		if x {
			buf.WriteString("true")
		} else {
			buf.WriteString("false")
		}
	case string:
		writePyString(buf, x)
	case json.Number:
		buf.WriteString(pyNumber(x))
	case int64:
		buf.WriteString(strconv.FormatInt(x, 10))
	case int:
		buf.WriteString(strconv.Itoa(x))
	case float64:
		buf.WriteString(pyJSONFloat(x))
	case time.Time:
		writePyString(buf, x.Format("2006-01-02T15:04:05"))
	case []any:
		if len(x) == 0 {
			buf.WriteString("[]")
			return
		}
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			newline(buf, depth+1)
			writePyValue(buf, e, rank, depth+1)
		}
		newline(buf, depth)
		buf.WriteByte(']')
	case *jsonObject:
		if len(x.keys) == 0 {
			buf.WriteString("{}")
			return
		}
		buf.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			newline(buf, depth+1)
			writePyString(buf, k)
			buf.WriteString(": ")
			writePyValue(buf, x.vals[k], rank, depth+1)
		}
		newline(buf, depth)
		buf.WriteByte('}')
	case map[string]any:
		if len(x) == 0 {
			buf.WriteString("{}")
			return
		}
		buf.WriteByte('{')
		for i, k := range rank.sorted(x) {
			if i > 0 {
				buf.WriteByte(',')
			}
			newline(buf, depth+1)
			writePyString(buf, k)
			buf.WriteString(": ")
			writePyValue(buf, x[k], rank, depth+1)
		}
		newline(buf, depth)
		buf.WriteByte('}')
	default:
		writePyString(buf, fmt.Sprint(x))
	}
}

func newline(buf *bytes.Buffer, depth int) {
	buf.WriteByte('\n')
	for i := 0; i < depth; i++ {
		buf.WriteString("    ")
	}
}

// writePyString quotes s as Python's json module does with
// ensure_ascii=False.
func writePyString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			if c < utf8.RuneSelf {
				buf.WriteByte(c)
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				buf.WriteString(`\ufffd`)
			} else {
				buf.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		switch c {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		default:
			fmt.Fprintf(buf, `\u%04x`, c)
		}
		i++
	}
	buf.WriteByte('"')
}

// pyNumber prints a JSON number from a response as the aws CLI does after
// Python parsed it: integers keep their digits, anything with a fraction
// or exponent becomes a float and is printed with repr.
func pyNumber(n json.Number) string {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if s == "-0" { // Python's int("-0") is 0
			return "0"
		}
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return pyJSONFloat(math.Inf(1))
	}
	return pyJSONFloat(f)
}

// pyJSONFloat is Python's float repr as json.dumps writes it.
func pyJSONFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	return pyFloat(f)
}

// pyFloat is Python's repr(float): the shortest digits that round-trip,
// in fixed notation with a ".0" for whole numbers when the decimal
// exponent is in [-4, 16), otherwise in scientific notation (1e+16).
func pyFloat(f float64) string {
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	_, expText, _ := strings.Cut(sci, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		return sci
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}
