package cl2

import (
	"strconv"
	"strings"
)

// Category is one CL2 rule set: a name as event-ruler's benchmark spells it
// and five event patterns, each the JSON text of one rule.
type Category struct {
	Name  string
	Rules []string
}

// The rule sets' literals. WILDCARD and ANYTHING-BUT-WILDCARD share theirs,
// as do NUMERIC and COMPLEX_ARRAYS.
var (
	wildcards = []string{"143*", "2*0*1*7", "*218", "3*5*2", "VA*IL"}
	// The anything-but rule sets test these five fields, in this order.
	anythingButFields = []string{"STREET", "STREET", "ST_TYPE", "geometry.type", "FROM_ST"}
)

const (
	numericMid  = "-122.41600944012424"
	numericLow  = "-122.46471267081272"
	numericHigh = "-122.4063085128395"
)

// Categories returns the fourteen CL2 rule sets of Switchyard's design
// (section 5), in the order listed there. Field paths are under
// "properties" except those starting with "geometry"; NUMERIC tests
// geometry.firstCoordinates and COMPLEX_ARRAYS the geometry.coordinates
// array. Each call builds a fresh slice, so callers may modify it.
func Categories() []Category {
	return []Category{
		{"EXACT", eachOn("MAPBLKLOT", quoted, exactLots()...)},
		{"WILDCARD", eachOn("MAPBLKLOT", operator("wildcard"), wildcards...)},
		{"PREFIX", eachOn("STREET", operator("prefix"), "AC", "BL", "DR", "FU", "RH")},
		{"PREFIX_EQUALS_IGNORE_CASE", eachOn("STREET", ignoringCase("prefix"), "Ac", "bL", "dR", "Fu", "rH")},
		{"SUFFIX", eachOn("STREET", operator("suffix"), "ON", "KE", "MM", "ING", "GO")},
		{"SUFFIX_EQUALS_IGNORE_CASE", eachOn("STREET", ignoringCase("suffix"), "oN", "Ke", "mM", "InG", "gO")},
		{"EQUALS_IGNORE_CASE", []string{
			rule("STREET", operator("equals-ignore-case")("jefferson")),
			rule("STREET", operator("equals-ignore-case")("bEaCh")),
			rule("STREET", operator("equals-ignore-case")("HyDe")),
			rule("STREET", operator("equals-ignore-case")("CHESTNUT")),
			rule("ST_TYPE", operator("equals-ignore-case")("st")),
		}},
		{"ANYTHING-BUT", anythingBut(func(v string) string {
			return `{"anything-but":[` + strconv.Quote(v) + `]}`
		}, "FULTON", "MASON", "ST", "Polygon", "441")},
		{"ANYTHING-BUT-IGNORE-CASE", anythingBut(func(v string) string {
			return `{"anything-but":{"equals-ignore-case":[` + strconv.Quote(v) + `]}}`
		}, "Fulton", "Mason", "st", "polygon", "441")},
		{"ANYTHING-BUT-PREFIX", anythingBut(anythingButOperator("prefix"), "FULTO", "MASO", "S", "Poly", "44")},
		{"ANYTHING-BUT-SUFFIX", anythingBut(anythingButOperator("suffix"), "ULTON", "ASON", "T", "olygon", "41")},
		{"ANYTHING-BUT-WILDCARD", eachOn("MAPBLKLOT", anythingButOperator("wildcard"), wildcards...)},
		{"NUMERIC", numericRules("firstCoordinates", "z")},
		{"COMPLEX_ARRAYS", numericRules("coordinates", "y")},
	}
}

// exactLots returns the EXACT rule set's MAPBLKLOT values: the planted
// ones and the vacant-street marker.
func exactLots() []string {
	return append(plantedLots[:len(plantedLots):len(plantedLots)], vacantLot)
}

// numericRules builds the NUMERIC rule set on geometry.<where>.x; the
// second rule tests <second> (z for firstCoordinates, y for the
// coordinates array, as in event-ruler's benchmark).
func numericRules(where, second string) []string {
	secondValue := "0"
	if second == "y" {
		secondValue = plantedY
	}
	onX := func(condition string) string {
		return `{"geometry":{"` + where + `":{"x":[{"numeric":[` + condition + `]}]}}}`
	}
	return []string{
		`{"geometry":{"type":["Polygon"],"` + where + `":{"x":[{"numeric":["=",` + plantedX + `]}]}}}`,
		`{"geometry":{"type":["MultiPolygon"],"` + where + `":{"` + second + `":[{"numeric":["=",` + secondValue + `]}]}}}`,
		onX(`"<",` + numericMid),
		onX(`">",` + numericMid),
		onX(`">",` + numericLow + `,"<",` + numericHigh),
	}
}

// anythingBut builds one anything-but rule per value, each on the field of
// the same index in anythingButFields.
func anythingBut(leaf func(string) string, values ...string) []string {
	rules := make([]string, len(values))
	for i, v := range values {
		rules[i] = rule(anythingButFields[i], leaf(v))
	}
	return rules
}

// eachOn builds one rule per value, all on the same field.
func eachOn(field string, leaf func(string) string, values ...string) []string {
	rules := make([]string, len(values))
	for i, v := range values {
		rules[i] = rule(field, leaf(v))
	}
	return rules
}

// rule wraps one leaf element into a pattern on field, nesting a dotted
// geometry path and putting any other field under "properties".
func rule(field, element string) string {
	path := strings.Split(field, ".")
	if path[0] != "geometry" {
		path = append([]string{"properties"}, path...)
	}
	var b strings.Builder
	for _, name := range path {
		b.WriteString(`{` + strconv.Quote(name) + `:`)
	}
	b.WriteString(`[` + element + `]`)
	b.WriteString(strings.Repeat(`}`, len(path)))
	return b.String()
}

// quoted is the leaf element of an exact string match. strconv.Quote
// writes JSON for the plain ASCII literals of these rule sets.
func quoted(v string) string { return strconv.Quote(v) }

// operator returns the leaf element {"op": "v"}.
func operator(op string) func(string) string {
	return func(v string) string { return `{"` + op + `":` + strconv.Quote(v) + `}` }
}

// ignoringCase returns the leaf element {"op": {"equals-ignore-case": "v"}}.
func ignoringCase(op string) func(string) string {
	return func(v string) string {
		return `{"` + op + `":{"equals-ignore-case":` + strconv.Quote(v) + `}}`
	}
}

// anythingButOperator returns the leaf element {"anything-but": {"op": "v"}}.
func anythingButOperator(op string) func(string) string {
	return func(v string) string {
		return `{"anything-but":{"` + op + `":` + strconv.Quote(v) + `}}`
	}
}
