package cl2_test

import (
	"encoding/json"
	"math"
	"path"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/internal/cl2"
)

// predicate is a hand-written Go version of one CL2 rule, evaluated on a
// decoded event. It is the oracle the rule sets are checked against: the
// counts it gives do not depend on the pattern package.
type predicate func(*lot) bool

// field reads a property (or "geometry.type") as the rules see it: its
// string value and whether it is a string; every field is present in every
// event, null or not.
func field(l *lot, name string) (string, bool) {
	if name == "geometry.type" {
		return l.Geometry.Type, true
	}
	return l.prop(name)
}

// stringRule matches when the field is a string satisfying ok.
func stringRule(name string, ok func(string) bool) predicate {
	return func(l *lot) bool {
		v, isString := field(l, name)
		return isString && ok(v)
	}
}

// anythingBut matches a present field unless it is a string that excluded
// accepts: null is "not excluded" (design section 2).
func anythingBut(name string, excluded func(string) bool) predicate {
	return func(l *lot) bool {
		v, isString := field(l, name)
		return !isString || !excluded(v)
	}
}

func equals(x string) func(string) bool { return func(v string) bool { return v == x } }
func foldEquals(x string) func(string) bool {
	return func(v string) bool { return strings.EqualFold(v, x) }
}
func prefix(x string) func(string) bool {
	return func(v string) bool { return strings.HasPrefix(v, x) }
}
func suffix(x string) func(string) bool {
	return func(v string) bool { return strings.HasSuffix(v, x) }
}
func foldPrefix(x string) func(string) bool {
	return func(v string) bool { return len(v) >= len(x) && strings.EqualFold(v[:len(x)], x) }
}
func foldSuffix(x string) func(string) bool {
	return func(v string) bool { return len(v) >= len(x) && strings.EqualFold(v[len(v)-len(x):], x) }
}

// glob matches a wildcard; path.Match agrees with EventBridge's "*" on
// values without "/", "?", "[" or "\", which MAPBLKLOT values never hold.
func glob(x string) func(string) bool {
	return func(v string) bool { ok, _ := path.Match(x, v); return ok }
}

func on(name string, mk func(string) func(string) bool, values ...string) []predicate {
	out := make([]predicate, len(values))
	for i, v := range values {
		out[i] = stringRule(name, mk(v))
	}
	return out
}

func butOn(mk func(string) func(string) bool, values ...string) []predicate {
	fields := []string{"STREET", "STREET", "ST_TYPE", "geometry.type", "FROM_ST"}
	out := make([]predicate, len(values))
	for i, v := range values {
		out[i] = anythingBut(fields[i], mk(v))
	}
	return out
}

// numeric is the NUMERIC rule set's oracle on the values vals picks out
// (firstCoordinates or every element of coordinates); an array field
// matches when any element does.
func numeric(vals func(l *lot, axis byte) []float64, second byte, secondValue float64) []predicate {
	const x, mid, low, high = -122.42916360922355, -122.41600944012424, -122.46471267081272, -122.4063085128395
	anyOf := func(l *lot, axis byte, ok func(float64) bool) bool {
		for _, v := range vals(l, axis) {
			if ok(v) {
				return true
			}
		}
		return false
	}
	return []predicate{
		func(l *lot) bool {
			return l.Geometry.Type == "Polygon" && anyOf(l, 'x', func(v float64) bool { return v == x })
		},
		func(l *lot) bool {
			return l.Geometry.Type == "MultiPolygon" && anyOf(l, second, func(v float64) bool { return v == secondValue })
		},
		func(l *lot) bool { return anyOf(l, 'x', func(v float64) bool { return v < mid }) },
		func(l *lot) bool { return anyOf(l, 'x', func(v float64) bool { return v > mid }) },
		func(l *lot) bool { return anyOf(l, 'x', func(v float64) bool { return low < v && v < high }) },
	}
}

// coordinate returns one coordinate as a number, or NaN (which no numeric
// test accepts) when event-ruler cannot compare its text (point.inexact).
func coordinate(p point, axis byte) float64 {
	i := int(axis - 'x')
	if p.inexact[i] {
		return math.NaN()
	}
	return []float64{p.X, p.Y, p.Z}[i]
}

func firstCoordinates(l *lot, axis byte) []float64 {
	return []float64{coordinate(l.Geometry.FirstCoordinates, axis)}
}

func allCoordinates(l *lot, axis byte) []float64 {
	out := make([]float64, len(l.Geometry.Coordinates))
	for i, p := range l.Geometry.Coordinates {
		out[i] = coordinate(p, axis)
	}
	return out
}

// oracles returns each category's predicates, rule for rule.
func oracles() map[string][]predicate {
	wildcards := []string{"143*", "2*0*1*7", "*218", "3*5*2", "VA*IL"}
	butWildcard := make([]predicate, len(wildcards))
	for i, w := range wildcards {
		butWildcard[i] = anythingBut("MAPBLKLOT", glob(w))
	}
	return map[string][]predicate{
		"EXACT":                     on("MAPBLKLOT", equals, "1430022", "2607117", "2607218", "3745012", "VACSTWIL"),
		"WILDCARD":                  on("MAPBLKLOT", glob, wildcards...),
		"PREFIX":                    on("STREET", prefix, "AC", "BL", "DR", "FU", "RH"),
		"PREFIX_EQUALS_IGNORE_CASE": on("STREET", foldPrefix, "Ac", "bL", "dR", "Fu", "rH"),
		"SUFFIX":                    on("STREET", suffix, "ON", "KE", "MM", "ING", "GO"),
		"SUFFIX_EQUALS_IGNORE_CASE": on("STREET", foldSuffix, "oN", "Ke", "mM", "InG", "gO"),
		"EQUALS_IGNORE_CASE": append(on("STREET", foldEquals, "jefferson", "bEaCh", "HyDe", "CHESTNUT"),
			stringRule("ST_TYPE", foldEquals("st"))),
		"ANYTHING-BUT":             butOn(equals, "FULTON", "MASON", "ST", "Polygon", "441"),
		"ANYTHING-BUT-IGNORE-CASE": butOn(foldEquals, "Fulton", "Mason", "st", "polygon", "441"),
		"ANYTHING-BUT-PREFIX":      butOn(prefix, "FULTO", "MASO", "S", "Poly", "44"),
		"ANYTHING-BUT-SUFFIX":      butOn(suffix, "ULTON", "ASON", "T", "olygon", "41"),
		"ANYTHING-BUT-WILDCARD":    butWildcard,
		"NUMERIC":                  numeric(firstCoordinates, 'z', 0),
		"COMPLEX_ARRAYS":           numeric(allCoordinates, 'y', 37.729900216217324),
	}
}

// zeroByDesign names the rules that cannot match a CityLots2 event: every
// geometry.type ends in "olygon", so anything-but suffix "olygon" excludes
// them all (it matches nothing on event-ruler's real data either).
var zeroByDesign = map[string]int{"ANYTHING-BUT-SUFFIX": 3}

func TestCategoriesAsDesigned(t *testing.T) {
	want := []string{
		"EXACT", "WILDCARD", "PREFIX", "PREFIX_EQUALS_IGNORE_CASE", "SUFFIX",
		"SUFFIX_EQUALS_IGNORE_CASE", "EQUALS_IGNORE_CASE", "ANYTHING-BUT",
		"ANYTHING-BUT-IGNORE-CASE", "ANYTHING-BUT-PREFIX", "ANYTHING-BUT-SUFFIX",
		"ANYTHING-BUT-WILDCARD", "NUMERIC", "COMPLEX_ARRAYS",
	}
	cats := cl2.Categories()
	names := make([]string, len(cats))
	for i, c := range cats {
		names[i] = c.Name
		require.Len(t, c.Rules, 5, c.Name)
		for _, r := range c.Rules {
			var v map[string]any
			require.NoError(t, json.Unmarshal([]byte(r), &v), "%s: %s", c.Name, r)
			require.Len(t, v, 1, "%s: one top-level key: %s", c.Name, r)
		}
	}
	require.Equal(t, want, names)

	// Spot checks against design section 5, one per kind of rule.
	spot := map[string]string{
		"EXACT":                     `{"properties":{"MAPBLKLOT":["VACSTWIL"]}}`,
		"PREFIX_EQUALS_IGNORE_CASE": `{"properties":{"STREET":[{"prefix":{"equals-ignore-case":"Ac"}}]}}`,
		"ANYTHING-BUT":              `{"geometry":{"type":[{"anything-but":["Polygon"]}]}}`,
		"ANYTHING-BUT-WILDCARD":     `{"properties":{"MAPBLKLOT":[{"anything-but":{"wildcard":"2*0*1*7"}}]}}`,
		"NUMERIC":                   `{"geometry":{"type":["MultiPolygon"],"firstCoordinates":{"z":[{"numeric":["=",0]}]}}}`,
		"COMPLEX_ARRAYS":            `{"geometry":{"type":["MultiPolygon"],"coordinates":{"y":[{"numeric":["=",37.729900216217324]}]}}}`,
	}
	for _, c := range cats {
		if s, ok := spot[c.Name]; ok {
			require.Contains(t, c.Rules, s, c.Name)
		}
	}
}

func TestCategoriesIsAFreshCopy(t *testing.T) {
	a := cl2.Categories()
	a[0].Rules[0] = "changed"
	require.NotEqual(t, "changed", cl2.Categories()[0].Rules[0])
}

// TestOracleSelectivity checks, without the pattern package, that every CL2
// rule selects some events of a 10k sample, except the one that cannot.
func TestOracleSelectivity(t *testing.T) {
	_, lots := sample(t)
	all := oracles()
	for _, c := range cl2.Categories() {
		preds := all[c.Name]
		require.Len(t, preds, len(c.Rules), c.Name)
		counts := make([]int, len(preds))
		for i := range lots {
			for r, p := range preds {
				if p(&lots[i]) {
					counts[r]++
				}
			}
		}
		t.Logf("%-26s %v", c.Name, counts)
		for r, n := range counts {
			if zero, ok := zeroByDesign[c.Name]; ok && zero == r {
				require.Zero(t, n, "%s rule %d", c.Name, r)
				continue
			}
			require.Positive(t, n, "%s rule %d: %s", c.Name, r, c.Rules[r])
		}
	}
}
