package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

// This file turns option values into a request: decoded JSON or shorthand
// values are converted to the types the operation's model asks for, then
// checked the way botocore checks a request before sending it.
//
// Request values are Go values of these kinds only: string, int64,
// float64, bool, time.Time, []any and map[string]any. JSON numbers arrive
// as json.Number so that 5 and 5.0 stay distinguishable, as in Python.

// coerceShorthand converts a value parsed from shorthand syntax, where
// every scalar is a string, to the shape's types: numbers and booleans are
// parsed, and a lone value where the model wants a list becomes a list of
// one (the aws CLI's BackCompatVisitor). Values that do not convert are
// left alone for validate to report.
func coerceShorthand(svc *model.Service, sh *model.Shape, v any) (any, error) {
	switch sh.Type {
	case model.Structure:
		obj, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		for _, m := range sh.Members {
			mv, ok := obj[m.Name]
			if !ok {
				continue
			}
			c, err := coerceShorthand(svc, svc.Shape(m.Shape), mv)
			if err != nil {
				return nil, err
			}
			obj[m.Name] = c
		}
		return obj, nil
	case model.List:
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		el := svc.Shape(sh.Member)
		for i := range list {
			c, err := coerceShorthand(svc, el, list[i])
			if err != nil {
				return nil, err
			}
			list[i] = c
		}
		return list, nil
	case model.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		val := svc.Shape(sh.Value)
		for k, mv := range obj {
			c, err := coerceShorthand(svc, val, mv)
			if err != nil {
				return nil, err
			}
			obj[k] = c
		}
		return obj, nil
	}
	s, ok := v.(string)
	if !ok {
		return v, nil
	}
	return coerceScalar(sh, s)
}

// coerceScalar converts the text of a scalar option (--limit 5) or of a
// shorthand scalar to the shape's type. Booleans other than true/false
// (any case) stay strings and fail validation.
func coerceScalar(sh *model.Shape, s string) (any, error) {
	switch sh.Type {
	case model.Integer, model.Long:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid literal for int() with base 10: '%s'", s)
		}
		return n, nil
	case model.Float, model.Double:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("could not convert string to float: '%s'", s)
		}
		return f, nil
	case model.Boolean:
		switch strings.ToLower(s) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return s, nil
}

// validate checks a request value against its shape and converts JSON
// numbers and timestamps to their Go types. It appends one botocore-worded
// problem per fault to problems and returns the converted value.
func validate(svc *model.Service, sh *model.Shape, v any, path string, problems *[]string) any {
	name := path
	if name == "" {
		name = "input"
	}
	bad := func(valid string) any {
		*problems = append(*problems, fmt.Sprintf("Invalid type for parameter %s, value: %s, type: %s, valid types: %s", name, pyStr(v), pyType(v), valid))
		return v
	}
	switch sh.Type {
	case model.Structure:
		obj, ok := v.(map[string]any)
		if !ok {
			return bad("<class 'dict'>")
		}
		for _, req := range sh.Required {
			if _, ok := obj[req]; !ok {
				*problems = append(*problems, fmt.Sprintf("Missing required parameter in %s: %q", name, req))
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m, ok := sh.MemberByName(k)
			if !ok {
				valid := make([]string, len(sh.Members))
				for i, m := range sh.Members {
					valid[i] = m.Name
				}
				*problems = append(*problems, fmt.Sprintf("Unknown parameter in %s: %q, must be one of: %s", name, k, strings.Join(valid, ", ")))
				continue
			}
			obj[k] = validate(svc, svc.Shape(m.Shape), obj[k], joinPath(path, k), problems)
		}
		return obj
	case model.List:
		list, ok := v.([]any)
		if !ok {
			return bad("<class 'list'>, <class 'tuple'>")
		}
		checkMinLen(sh, name, len(list), problems)
		el := svc.Shape(sh.Member)
		for i := range list {
			list[i] = validate(svc, el, list[i], fmt.Sprintf("%s[%d]", name, i), problems)
		}
		return list
	case model.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return bad("<class 'dict'>")
		}
		checkMinLen(sh, name, len(obj), problems)
		val := svc.Shape(sh.Value)
		for k := range obj {
			obj[k] = validate(svc, val, obj[k], name+"."+k, problems)
		}
		return obj
	case model.String:
		s, ok := v.(string)
		if !ok {
			return bad("<class 'str'>")
		}
		checkMinLen(sh, name, len([]rune(s)), problems)
		return s
	case model.Integer, model.Long:
		var n int64
		switch x := v.(type) {
		case int64:
			n = x
		case json.Number:
			i, err := strconv.ParseInt(string(x), 10, 64)
			if err != nil {
				return bad("<class 'int'>")
			}
			n = i
		default:
			return bad("<class 'int'>")
		}
		if sh.Min != nil && float64(n) < *sh.Min {
			*problems = append(*problems, fmt.Sprintf("Invalid value for parameter %s, value: %d, valid min value: %s", name, n, pyNum(*sh.Min)))
		}
		return n
	case model.Float, model.Double:
		switch x := v.(type) {
		case float64:
			return x
		case int64:
			return float64(x)
		case json.Number:
			f, err := x.Float64()
			if err == nil {
				return f
			}
		}
		return bad("<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>")
	case model.Boolean:
		if b, ok := v.(bool); ok {
			return b
		}
		return bad("<class 'bool'>")
	case model.Timestamp:
		t, ok := toTime(v)
		if !ok {
			return bad("<class 'datetime.datetime'>, timestamp-string")
		}
		// The aws CLI sends whole epoch seconds (botocore drops the
		// fraction); EventBridge's times have second precision anyway.
		return t.Truncate(time.Second)
	}
	return v
}

func checkMinLen(sh *model.Shape, name string, n int, problems *[]string) {
	if sh.Min != nil && float64(n) < *sh.Min {
		*problems = append(*problems, fmt.Sprintf("Invalid length for parameter %s, value: %d, valid min length: %s", name, n, pyNum(*sh.Min)))
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// toTime accepts what botocore accepts for a timestamp: epoch seconds as a
// number or a numeric string, or an ISO 8601 date or date-time.
func toTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return time.Time{}, false
		}
		return epoch(f), true
	case int64:
		return time.Unix(x, 0).UTC(), true
	case float64:
		return epoch(x), true
	case string:
		s := strings.TrimSpace(x)
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return epoch(f), true
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02", "20060102T150405Z"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

func epoch(f float64) time.Time {
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// pyType names a value's type the way botocore's messages do.
func pyType(v any) string {
	switch v.(type) {
	case string:
		return "<class 'str'>"
	case int64:
		return "<class 'int'>"
	case float64:
		return "<class 'float'>"
	case json.Number:
		if strings.ContainsAny(string(v.(json.Number)), ".eE") {
			return "<class 'float'>"
		}
		return "<class 'int'>"
	case bool:
		return "<class 'bool'>"
	case []any:
		return "<class 'list'>"
	case map[string]any:
		return "<class 'dict'>"
	case nil:
		return "<class 'NoneType'>"
	}
	return fmt.Sprintf("%T", v)
}

// pyStr renders a value as Python's str() would in botocore's messages.
func pyStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyRepr(v)
}

func pyRepr(v any) string {
	switch x := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(strings.ReplaceAll(x, `\`, `\\`), "'", `\'`) + "'"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case nil:
		return "None"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return pyFloat(x)
	case json.Number:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyRepr(k) + ": " + pyRepr(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

// pyNum prints a model bound (always integral in these models) as Python
// prints the int.
func pyNum(f float64) string {
	if f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return pyFloat(f)
}
