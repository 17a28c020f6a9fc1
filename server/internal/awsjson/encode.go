package awsjson

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/switchyard-go/switchyard/internal/jsonenc"
)

// Append appends the JSON encoding of v to dst. A nil v encodes as {}, the
// body of an operation without output members.
func Append(dst []byte, v any) ([]byte, error) {
	if v == nil {
		return append(dst, "{}"...), nil
	}
	return appendValue(dst, reflect.ValueOf(v))
}

// Marshal returns the JSON encoding of v.
func Marshal(v any) ([]byte, error) { return Append(nil, v) }

func appendValue(dst []byte, v reflect.Value) ([]byte, error) {
	t := v.Type()
	switch {
	case t == timeType:
		return AppendTime(dst, v.Interface().(time.Time)), nil
	case t == rawMessageType:
		if v.Len() == 0 {
			return append(dst, "null"...), nil
		}
		return append(dst, v.Bytes()...), nil
	case t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && t.Implements(marshalerType):
		b, err := v.Interface().(json.Marshaler).MarshalJSON()
		if err != nil {
			return dst, err
		}
		return append(dst, b...), nil
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		return appendValue(dst, v.Elem())
	case reflect.Struct:
		return appendStruct(dst, v)
	case reflect.Map:
		return appendMap(dst, v)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			dst = append(dst, '"')
			dst = base64.StdEncoding.AppendEncode(dst, v.Bytes())
			return append(dst, '"'), nil
		}
		dst = append(dst, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendValue(dst, v.Index(i)); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case reflect.String:
		return AppendString(dst, v.String()), nil
	case reflect.Bool:
		return strconv.AppendBool(dst, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(dst, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(dst, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return dst, fmt.Errorf("awsjson: cannot encode %v", f)
		}
		return strconv.AppendFloat(dst, f, 'g', -1, t.Bits()), nil
	}
	return dst, fmt.Errorf("awsjson: cannot encode Go type %s", t)
}

func appendStruct(dst []byte, v reflect.Value) ([]byte, error) {
	plan := planFor(v.Type())
	dst = append(dst, '{')
	first := true
	for i := range plan.fields {
		f := &plan.fields[i]
		fv, err := v.FieldByIndexErr(f.index)
		if err != nil || omit(fv, f.omitEmpty) {
			continue // a nil embedded pointer holds no members
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = AppendString(dst, f.name)
		dst = append(dst, ':')
		if dst, err = appendValue(dst, fv); err != nil {
			return dst, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return append(dst, '}'), nil
}

// omit reports whether a member is left out: AWS never writes null, so
// nil pointers, slices and maps and the zero time are always left out,
// and other empty values when the tag says omitempty.
func omit(v reflect.Value, omitEmpty bool) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		if v.IsNil() {
			return true
		}
	}
	if v.Type() == timeType {
		return v.Interface().(time.Time).IsZero()
	}
	if !omitEmpty {
		return false
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Map, reflect.String, reflect.Array:
		return v.Len() == 0
	case reflect.Struct:
		return v.IsZero()
	}
	return v.IsZero()
}

func appendMap(dst []byte, v reflect.Value) ([]byte, error) {
	if v.Type().Key().Kind() != reflect.String {
		return dst, fmt.Errorf("awsjson: cannot encode map with key type %s", v.Type().Key())
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		switch {
		case a.String() < b.String():
			return -1
		case a.String() > b.String():
			return 1
		}
		return 0
	})
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, k.String())
		dst = append(dst, ':')
		var err error
		if dst, err = appendValue(dst, v.MapIndex(k)); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// AppendTime appends t as AWS's JSON timestamp: epoch seconds, with up to
// three decimals for milliseconds (AWS's precision).
func AppendTime(dst []byte, t time.Time) []byte {
	ms := t.UnixMilli()
	if ms < 0 {
		dst = append(dst, '-')
		ms = -ms
	}
	sec, frac := ms/1000, ms%1000
	dst = strconv.AppendInt(dst, sec, 10)
	if frac == 0 {
		return dst
	}
	dst = append(dst, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	for dst[len(dst)-1] == '0' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// AppendString appends s as a JSON string, as the events Switchyard
// delivers are written: <, > and & stay as they are (the aws CLI prints
// what it receives) and invalid UTF-8 becomes U+FFFD.
func AppendString(dst []byte, s string) []byte { return jsonenc.AppendString(dst, s) }
