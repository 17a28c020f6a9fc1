package cl2

import (
	"fmt"
	"strconv"
	"strings"
)

// Operator names one family of rules for OperatorRules.
type Operator string

// The operator families of the scaling benchmarks. Each family's rules
// have the same shape and differ only in their operands, the way a bus
// with one rule per tenant looks.
const (
	// OpExact: {"properties":{"MAPBLKLOT":["<lot>"]}} (ExactRules).
	OpExact Operator = "exact"
	// OpPrefix: a six-digit MAPBLKLOT prefix (block and lot tens).
	OpPrefix Operator = "prefix"
	// OpSuffix: a six-digit MAPBLKLOT suffix.
	OpSuffix Operator = "suffix"
	// OpEqualsIgnoreCase: equals-ignore-case on a MAPBLKLOT value.
	OpEqualsIgnoreCase Operator = "equals-ignore-case"
	// OpWildcard: MAPBLKLOT "<4 digits>*<digit>", the shape of issue 7's
	// table (two trailing digits past the 76,000 one-digit forms).
	OpWildcard Operator = "wildcard"
	// OpNumeric: geometry.firstCoordinates.x in [x, x+0.00005).
	OpNumeric Operator = "numeric"
	// OpExists: {"exists": true} on a field the events lack, one per rule.
	OpExists Operator = "exists"
	// OpAnythingBut and the other anything-but forms: STREET anything-but
	// one operand, AND a "source" the events lack, so that nothing
	// matches and a matcher that evaluates every anything-but per event
	// shows it.
	OpAnythingBut           Operator = "anything-but"
	OpAnythingButPrefix     Operator = "anything-but-prefix"
	OpAnythingButSuffix     Operator = "anything-but-suffix"
	OpAnythingButIgnoreCase Operator = "anything-but-ignore-case"
	OpAnythingButWildcard   Operator = "anything-but-wildcard"
	// OpMixed: a source-like field (ST_TYPE) with five values AND, in
	// turn, an exact MAPBLKLOT, a MAPBLKLOT prefix, an anything-but list
	// on FROM_ST plus an exact BLOCK_NUM, or a suffix on STREET plus an
	// exact LOT_NUM: the mixed real-world set of issue 7. Unlike the other
	// families, some of its suffix rules repeat (under one in ten),
	// as on a bus where tenants share a rule.
	OpMixed Operator = "mixed"
)

// Operators lists every family, in the order benchmarks report them.
func Operators() []Operator {
	return []Operator{OpExact, OpPrefix, OpSuffix, OpEqualsIgnoreCase, OpWildcard, OpNumeric, OpExists,
		OpAnythingBut, OpAnythingButPrefix, OpAnythingButSuffix, OpAnythingButIgnoreCase, OpAnythingButWildcard, OpMixed}
}

// MaxOperatorRules is the most rules OperatorRules returns for any family.
const MaxOperatorRules = 200_000

// numericSlots is how many disjoint [x, x+numericWidth) ranges fit in the
// events' x span; rule k uses slot k*numericStride mod numericSlots, moved
// by a tiny k-dependent offset so that every rule is distinct.
const (
	numericSlots  = 3000
	numericStride = 1009
	numericWidth  = 0.00005
)

// OperatorRules returns n rules of the family op, distinct except as
// OpMixed says, for scaling
// benchmarks. A shorter list is a prefix of a longer one. It panics if n
// is negative or above MaxOperatorRules, or op is unknown.
func OperatorRules(op Operator, n int) []string {
	if n < 0 || n > MaxOperatorRules {
		panic(fmt.Sprintf("cl2: OperatorRules(%q, %d): n must be in [0, %d]", op, n, MaxOperatorRules))
	}
	if op == OpExact {
		return ExactRules(n)
	}
	rules := make([]string, n)
	for k := range rules {
		rules[k] = operatorRule(op, k)
	}
	return rules
}

// spread maps k onto [0, space) so that consecutive k land far apart.
func spread(k, space int) int { return k * lotStride % space }

func operatorRule(op Operator, k int) string {
	const props = `{"properties":{`
	switch op {
	case OpPrefix:
		v := spread(k, numBlocks*30)
		return props + `"MAPBLKLOT":[{"prefix":"` + fmt.Sprintf("%04d%02d", v/30+1, v%30) + `"}]}}`
	case OpSuffix:
		v := spread(k, 1000*numLots)
		return props + `"MAPBLKLOT":[{"suffix":"` + fmt.Sprintf("%03d%03d", v/numLots, v%numLots+1) + `"}]}}`
	case OpEqualsIgnoreCase:
		v := spread(k, numBlocks*numLots)
		return props + `"MAPBLKLOT":[{"equals-ignore-case":"` + lotString(v/numLots+1, v%numLots+1) + `"}]}}`
	case OpWildcard:
		if k < numBlocks*10 {
			v := spread(k, numBlocks*10)
			return props + `"MAPBLKLOT":[{"wildcard":"` + fmt.Sprintf("%04d*%d", v/10+1, v%10) + `"}]}}`
		}
		v := spread(k, numBlocks*100)
		return props + `"MAPBLKLOT":[{"wildcard":"` + fmt.Sprintf("%04d*%02d", v/100+1, v%100) + `"}]}}`
	case OpNumeric:
		slot := k * numericStride % numericSlots
		lo := minX + spanX + float64(slot)*numericWidth + float64(k/numericSlots)*1e-9
		return `{"geometry":{"firstCoordinates":{"x":[{"numeric":[">=",` + ftoa(lo) + `,"<",` + ftoa(lo+numericWidth) + `]}]}}}`
	case OpExists:
		return props + `"F` + strconv.Itoa(k) + `":[{"exists":true}]}}`
	case OpAnythingBut:
		return absentSource(k, `["S`+strconv.Itoa(k)+`"]`)
	case OpAnythingButPrefix:
		return absentSource(k, `{"prefix":"P`+strconv.Itoa(k)+`"}`)
	case OpAnythingButSuffix:
		return absentSource(k, `{"suffix":"X`+strconv.Itoa(k)+`"}`)
	case OpAnythingButIgnoreCase:
		return absentSource(k, `{"equals-ignore-case":["s`+strconv.Itoa(k)+`"]}`)
	case OpAnythingButWildcard:
		return absentSource(k, `{"wildcard":"W`+strconv.Itoa(k)+`*"}`)
	case OpMixed:
		return mixedRule(k)
	}
	panic(fmt.Sprintf("cl2: OperatorRules: unknown operator %q", op))
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// absentSource is an anything-but on STREET AND a source no event has.
func absentSource(k int, operand string) string {
	return `{"source":["app` + strconv.Itoa(k) + `"],"properties":{"STREET":[{"anything-but":` + operand + `}]}}`
}

// mixedRule is rule k of the mixed set.
func mixedRule(k int) string {
	types := splitVocabulary(streetTypes)
	var five []string
	for i := range 5 {
		five = append(five, strconv.Quote(types[(k+i*3)%len(types)]))
	}
	source := `"ST_TYPE":[` + strings.Join(five, ",") + `]`
	v := spread(k, numBlocks*numLots)
	block, lot := v/numLots+1, v%numLots+1
	var other string
	switch k % 4 {
	case 0:
		other = `"MAPBLKLOT":["` + lotString(block, lot) + `"]`
	case 1:
		other = `"MAPBLKLOT":[{"prefix":"` + lotString(block, lot)[:6] + `"}]`
	case 2:
		other = `"FROM_ST":[{"anything-but":["` + strconv.Itoa(lot) + `","` + strconv.Itoa(lot+1) + `"]}],"BLOCK_NUM":["` + lotString(block, 0)[:4] + `"]`
	default:
		streets := splitVocabulary(streetNames)
		s := streets[k%len(streets)]
		other = `"STREET":[{"suffix":"` + s[len(s)-min(len(s), 3):] + `"}],"LOT_NUM":["` + lotString(0, lot)[4:] + `"]`
	}
	return `{"properties":{` + source + `,` + other + `}}`
}
