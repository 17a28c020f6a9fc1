package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

// jsonObject is a decoded JSON object that remembers its key order.
type jsonObject struct {
	keys []string
	vals map[string]any
}

// decodeOrdered decodes a response body keeping object key order and
// numbers' text (json.Number), which the aws CLI's output preserves.
func decodeOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeOrderedValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("response: trailing data after JSON value")
	}
	return v, nil
}

func decodeOrderedValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := &jsonObject{vals: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				v, err := decodeOrderedValue(dec)
				if err != nil {
					return nil, err
				}
				if _, dup := obj.vals[k]; !dup {
					obj.keys = append(obj.keys, k)
				}
				obj.vals[k] = v
			}
			_, err := dec.Token()
			return obj, err
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeOrderedValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token()
			return list, err
		}
	}
	return tok, nil
}

// normalize shapes a decoded response as botocore parses it for the aws
// CLI: structure members in model order and only those the model knows,
// map entries in wire order, scalars as they came over the wire
// (timestamps included: the aws CLI v1 prints them as sent). Every key is
// ranked in the order it is first met, which is the order output prints.
func normalize(svc *model.Service, sh *model.Shape, v any, rank keyRank) any {
	switch sh.Type {
	case model.Structure:
		obj, ok := v.(*jsonObject)
		if !ok {
			return plain(v, rank)
		}
		out := make(map[string]any, len(obj.keys))
		for _, m := range sh.Members {
			mv, ok := obj.vals[m.Name]
			if !ok || mv == nil {
				continue
			}
			rank.see(m.Name)
			out[m.Name] = normalize(svc, svc.Shape(m.Shape), mv, rank)
		}
		return out
	case model.Map:
		obj, ok := v.(*jsonObject)
		if !ok {
			return plain(v, rank)
		}
		out := make(map[string]any, len(obj.keys))
		val := svc.Shape(sh.Value)
		for _, k := range obj.keys {
			rank.see(k)
			out[k] = normalize(svc, val, obj.vals[k], rank)
		}
		return out
	case model.List:
		list, ok := v.([]any)
		if !ok {
			return plain(v, rank)
		}
		el := svc.Shape(sh.Member)
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = normalize(svc, el, e, rank)
		}
		return out
	}
	return plain(v, rank)
}

// plain turns a decoded value into plain Go maps and slices, ranking keys
// in wire order.
func plain(v any, rank keyRank) any {
	switch x := v.(type) {
	case *jsonObject:
		out := make(map[string]any, len(x.keys))
		for _, k := range x.keys {
			rank.see(k)
			out[k] = plain(x.vals[k], rank)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e, rank)
		}
		return out
	}
	return v
}
