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
// (timestamps included: the aws CLI v1 prints them as sent). Objects stay
// *jsonObject so that printing keeps that order.
func normalize(svc *model.Service, sh *model.Shape, v any) any {
	switch sh.Type {
	case model.Structure:
		obj, ok := v.(*jsonObject)
		if !ok {
			return v
		}
		out := &jsonObject{vals: make(map[string]any, len(obj.keys))}
		for _, m := range sh.Members {
			mv, ok := obj.vals[m.Name]
			if !ok || mv == nil {
				continue
			}
			out.set(m.Name, normalize(svc, svc.Shape(m.Shape), mv))
		}
		return out
	case model.Map:
		obj, ok := v.(*jsonObject)
		if !ok {
			return v
		}
		out := &jsonObject{vals: make(map[string]any, len(obj.keys))}
		val := svc.Shape(sh.Value)
		for _, k := range obj.keys {
			out.set(k, normalize(svc, val, obj.vals[k]))
		}
		return out
	case model.List:
		list, ok := v.([]any)
		if !ok {
			return v
		}
		el := svc.Shape(sh.Member)
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = normalize(svc, el, e)
		}
		return out
	}
	return v
}

// set adds or replaces a key, keeping first-insertion order.
func (o *jsonObject) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// plainValue turns ordered objects into plain maps, for the formatters
// and JMESPath, which do not care about order.
func plainValue(v any) any {
	switch x := v.(type) {
	case *jsonObject:
		out := make(map[string]any, len(x.keys))
		for _, k := range x.keys {
			out[k] = plainValue(x.vals[k])
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e)
		}
		return out
	}
	return v
}

// shapeRank ranks member names in the order a depth-first walk of the
// shape meets them. A --query result is made of plain maps; printing their
// keys in this order puts the members of each structure in model order.
func shapeRank(svc *model.Service, sh *model.Shape, rank keyRank, seen map[string]bool) {
	if sh == nil || seen[sh.Name] {
		return
	}
	seen[sh.Name] = true
	switch sh.Type {
	case model.Structure:
		for _, m := range sh.Members {
			rank.see(m.Name)
		}
		for _, m := range sh.Members {
			shapeRank(svc, svc.Shape(m.Shape), rank, seen)
		}
	case model.List:
		shapeRank(svc, svc.Shape(sh.Member), rank, seen)
	case model.Map:
		shapeRank(svc, svc.Shape(sh.Value), rank, seen)
	}
}
