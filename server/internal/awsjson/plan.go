package awsjson

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"time"
)

// field is one wire member of a struct: its JSON name and where it lives.
type field struct {
	name      string
	index     []int // for reflect.Value.FieldByIndex, through embedded structs
	typ       reflect.Type
	omitEmpty bool
}

// structPlan lists a struct type's wire members in declaration order, and
// indexes them by name for decoding.
type structPlan struct {
	fields []field
	byName map[string]int
}

// plans caches one structPlan per struct type. It is a cache of pure
// functions of the type, so sharing it between servers is safe.
var plans sync.Map // reflect.Type -> *structPlan

var (
	timeType        = reflect.TypeFor[time.Time]()
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
	marshalerType   = reflect.TypeFor[json.Marshaler]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

func planFor(t reflect.Type) *structPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*structPlan)
	}
	p := &structPlan{byName: map[string]int{}}
	collectFields(t, nil, p)
	for i, f := range p.fields {
		p.byName[f.name] = i
	}
	actual, _ := plans.LoadOrStore(t, p)
	return actual.(*structPlan)
}

// collectFields appends t's wire members to p, descending into embedded
// structs without a tag the way encoding/json does (a shallower name wins
// over a deeper one, so an outer field shadows an embedded one).
func collectFields(t reflect.Type, index []int, p *structPlan) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != timeType {
				collectFields(ft, idx, p)
				continue
			}
		}
		if !sf.IsExported() || sf.Type.Kind() == reflect.Interface || sf.Type.Kind() == reflect.Func || sf.Type.Kind() == reflect.Chan {
			continue
		}
		if !hasTag || name == "" {
			name = sf.Name
		}
		f := field{name: name, index: idx, typ: sf.Type, omitEmpty: strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")}
		if j := p.find(name); j >= 0 {
			if len(p.fields[j].index) > len(idx) {
				p.fields[j] = f
			}
			continue
		}
		p.fields = append(p.fields, f)
	}
}

func (p *structPlan) find(name string) int {
	for i, f := range p.fields {
		if f.name == name {
			return i
		}
	}
	return -1
}
