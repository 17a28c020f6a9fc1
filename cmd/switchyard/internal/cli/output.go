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

	jmespath "github.com/jmespath-community/go-jmespath"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

// result is a response ready to print.
type result struct {
	value any    // objects are *jsonObject, in print order
	title string // the operation's name, which titles a table
	svc   *model.Service
	shape *model.Shape // the response's shape, if known
	// pages holds each page of an automatically paged response (only the
	// result list, and the first page's other members), which the text
	// output prints one by one as the aws CLI does.
	pages []any
	// resume is the --max-items resume token, printed after the pages.
	resume string
	rank   keyRank // key order for plain maps (a --query result)
}

// applyQuery evaluates a --query JMESPath expression against the result.
//
// JMESPath works on float64 numbers while the output must print 5 and 5.0
// as the aws CLI does, so numbers are converted for the query and the
// integral floats that were written as floats on the wire are remembered;
// a whole number in the query's result prints as a float only if it was
// one of those.
func applyQuery(expr string, r result) (result, error) {
	q, err := jmespath.Compile(expr)
	if err != nil {
		return result{}, usagef("Bad value for --query %s: %v", expr, err)
	}
	floats := map[float64]bool{}
	data := toQueryValue(r.value, floats)
	out, err := q.Search(data)
	if err != nil {
		return result{}, fmt.Errorf("--query %s: %w", expr, err)
	}
	rank := keyRank{}
	for _, k := range multiSelectKeys(expr) {
		rank.see(k)
	}
	if r.shape != nil {
		shapeRank(r.svc, r.shape, rank, map[string]bool{})
	}
	if r.rank != nil {
		for k := range r.rank {
			rank.see(k)
		}
	}
	return result{value: fromQueryValue(out, floats), rank: rank, title: r.title, svc: r.svc, shape: r.shape}, nil
}

func toQueryValue(v any, floats map[float64]bool) any {
	switch x := v.(type) {
	case *jsonObject:
		return toQueryValue(plainValue(x), floats)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return string(x)
		}
		if strings.ContainsAny(string(x), ".eE") && f == math.Trunc(f) {
			floats[f] = true
		}
		return f
	case int64:
		return float64(x)
	case time.Time:
		return x.Format("2006-01-02T15:04:05")
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toQueryValue(e, floats)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = toQueryValue(e, floats)
		}
		return out
	}
	return v
}

func fromQueryValue(v any, floats map[float64]bool) any {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && !floats[x] && math.Abs(x) < 1<<53 {
			return int64(x)
		}
		return x
	case int:
		return int64(x)
	case []any:
		for i, e := range x {
			x[i] = fromQueryValue(e, floats)
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = fromQueryValue(e, floats)
		}
		return x
	}
	return v
}

// multiSelectKeys returns the keys of the expression's multi-select hashes
// ({Name: Name, Arn: Arn}) in the order they are written, which is the
// order Python prints them in.
func multiSelectKeys(expr string) []string {
	var keys []string
	depth := 0
	for i := 0; i < len(expr); i++ {
		switch expr[i] {
		case '{':
			depth++
			j := i + 1
			for {
				for j < len(expr) && expr[j] == ' ' {
					j++
				}
				k := j
				for j < len(expr) && (isIdentByte(expr[j])) {
					j++
				}
				if k == j {
					break
				}
				key := expr[k:j]
				for j < len(expr) && expr[j] == ' ' {
					j++
				}
				if j >= len(expr) || expr[j] != ':' {
					break
				}
				keys = append(keys, key)
				// Skip the value up to the next ',' at this nesting level.
				level := 0
				for j < len(expr) {
					c := expr[j]
					if c == '{' || c == '[' || c == '(' {
						level++
					} else if c == '}' || c == ']' || c == ')' {
						if level == 0 {
							break
						}
						level--
					} else if c == ',' && level == 0 {
						j++
						break
					}
					j++
				}
			}
		case '}':
			depth--
		}
	}
	return keys
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// formatJSON prints like the aws CLI's json output: nothing at all for an
// empty object (an operation without a response body), otherwise Python's
// indented JSON.
func formatJSON(buf *bytes.Buffer, r result) {
	if m, ok := r.value.(map[string]any); ok && len(m) == 0 {
		return
	}
	if o, ok := r.value.(*jsonObject); ok && len(o.keys) == 0 {
		return
	}
	writePyJSON(buf, r.value, r.rank)
}

// formatText prints like the aws CLI's text output: one line per object
// with its scalar values tab-separated in key order, lists of scalars on
// one line, nested values on lines of their own headed by the upper-cased
// key.
func formatText(buf *bytes.Buffer, v any) {
	textValue(buf, plainValue(v), "", nil)
}

func textValue(buf *bytes.Buffer, v any, ident string, scalarKeys []string) {
	switch x := v.(type) {
	case map[string]any:
		textDict(buf, x, ident, scalarKeys)
	case []any:
		textList(buf, x, ident)
	default:
		buf.WriteString(pyText(v))
		buf.WriteByte('\n')
	}
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

func textList(buf *bytes.Buffer, list []any, ident string) {
	if len(list) == 0 {
		return
	}
	hasDict, hasList := false, false
	for _, e := range list {
		switch e.(type) {
		case map[string]any:
			hasDict = true
		case []any:
			hasList = true
		}
	}
	switch {
	case hasDict:
		seen := map[string]bool{}
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				for k, val := range m {
					if !isContainer(val) {
						seen[k] = true
					}
				}
			}
		}
		keys := make([]string, 0, len(seen))
		for k := range seen {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, e := range list {
			textValue(buf, e, ident, keys)
		}
	case hasList:
		var scalars, others []any
		for _, e := range list {
			if isContainer(e) {
				others = append(others, e)
			} else {
				scalars = append(scalars, e)
			}
		}
		if len(scalars) > 0 {
			textScalarList(buf, scalars, ident)
		}
		for _, e := range others {
			textValue(buf, e, ident, nil)
		}
	default:
		textScalarList(buf, list, ident)
	}
}

func textScalarList(buf *bytes.Buffer, list []any, ident string) {
	if ident != "" {
		for _, e := range list {
			buf.WriteString(strings.ToUpper(ident))
			buf.WriteByte('\t')
			buf.WriteString(pyText(e))
			buf.WriteByte('\n')
		}
		return
	}
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = pyText(e)
	}
	buf.WriteString(strings.Join(parts, "\t"))
	buf.WriteByte('\n')
}

func textDict(buf *bytes.Buffer, m map[string]any, ident string, scalarKeys []string) {
	var scalars []string
	type nested struct {
		key string
		val any
	}
	var more []nested
	if scalarKeys == nil {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if isContainer(m[k]) {
				more = append(more, nested{k, m[k]})
			} else {
				scalars = append(scalars, pyText(m[k]))
			}
		}
	} else {
		inScalar := map[string]bool{}
		for _, k := range scalarKeys {
			inScalar[k] = true
			if v, ok := m[k]; ok {
				scalars = append(scalars, pyText(v))
			} else {
				scalars = append(scalars, "")
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			if !inScalar[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			more = append(more, nested{k, m[k]})
		}
	}
	if len(scalars) > 0 {
		if ident != "" {
			scalars = append([]string{strings.ToUpper(ident)}, scalars...)
		}
		buf.WriteString(strings.Join(scalars, "\t"))
		buf.WriteByte('\n')
	}
	for _, n := range more {
		textValue(buf, n.val, n.key, nil)
	}
}

// pyText is Python's str() of a scalar, which the text output prints.
func pyText(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		return x
	case json.Number:
		return pyNumber(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return pyFloat(x)
	case time.Time:
		return x.Format("2006-01-02 15:04:05")
	}
	return pyRepr(v)
}
