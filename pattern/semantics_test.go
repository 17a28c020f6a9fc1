package pattern

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Where EventBridge's documentation is silent it runs event-ruler; these
// are event-ruler's answers (issue 7, item 4).
func TestRulerSemantics(t *testing.T) {
	for _, tc := range []struct {
		name, pattern, event string
		want                 bool
	}{
		// A field inside a "$or" alternative replaces the same field outside
		// it, for that alternative: JsonRuleCompiler keeps one path->values
		// map per sub-rule and writeRules overwrites the path ("rule.put"),
		// parseIntoOrRelationship copying the fields seen so far into every
		// alternative.
		{"branch replaces outer field", `{"name":["a","b"],"$or":[{"name":[{"anything-but":"a"}]},{"c":["x"]}]}`, `{"name":"c"}`, true},
		{"branch replaces outer field: excluded value", `{"name":["a","b"],"$or":[{"name":[{"anything-but":"a"}]},{"c":["x"]}]}`, `{"name":"a"}`, false},
		{"other branch keeps the outer field", `{"name":["a","b"],"$or":[{"name":[{"anything-but":"a"}]},{"c":["x"]}]}`, `{"name":"a","c":"x"}`, true},
		{"other branch keeps the outer field: outer value fails", `{"name":["a","b"],"$or":[{"name":["q"]},{"c":["x"]}]}`, `{"name":"z","c":"x"}`, false},
		{"a field after the $or replaces the branch's", `{"$or":[{"name":["x"]},{"c":["y"]}],"name":["z"]}`, `{"name":"x"}`, false},
		{"a field after the $or replaces the branch's: its value", `{"$or":[{"name":["x"]},{"c":["y"]}],"name":["z"]}`, `{"name":"z"}`, true},
		{"dotted outer, nested branch: one path", `{"detail.x":["1"],"detail":{"$or":[{"x":["2"]},{"y":["3"]}]}}`, `{"detail":{"x":"2"}}`, true},
		{"dotted outer, nested branch: other branch", `{"detail.x":["1"],"detail":{"$or":[{"x":["2"]},{"y":["3"]}]}}`, `{"detail":{"x":"1","y":"3"}}`, true},
		{"dotted outer, nested branch: outer only", `{"detail.x":["1"],"detail":{"$or":[{"x":["2"]},{"y":["3"]}]}}`, `{"detail":{"x":"1"}}`, false},
		{"nested $or replaces through two levels", `{"a":["1"],"$or":[{"b":["2"]},{"$or":[{"a":["3"]},{"c":["4"]}]}]}`, `{"a":"3"}`, true},

		// "$or" that is not EventBridge's OR is an ordinary field name:
		// GenericMachine.addRule falls back to the legacy RuleCompiler when
		// JsonRuleCompiler rejects the rule (test
		// testOrFieldCanKeepWorkingInLegacyRuleCompiler, data
		// normalRulesWithOrWording.json).
		{"$or object is a field", `{"source":["aws.cloudwatch"],"$or":{"metricType":["MetricType"],"namespace":["AWS/EC2","AWS/ES"]}}`,
			`{"source":"aws.cloudwatch","$or":{"metricType":"MetricType","namespace":"AWS/ES"}}`, true},
		{"$or object is a field: not an OR", `{"source":["aws.cloudwatch"],"$or":{"metricType":["MetricType"],"namespace":["AWS/EC2","AWS/ES"]}}`,
			`{"source":"aws.cloudwatch","metricType":"MetricType"}`, false},
		{"$or with one operator is a leaf", `{"$or":[{"cidr":"10.0.0.0/24"}]}`, `{"$or":"10.0.0.7"}`, true},
		{"$or with one operator is a leaf: outside", `{"$or":[{"cidr":"10.0.0.0/24"}]}`, `{"$or":"10.0.1.7"}`, false},
		{"$or with operators is a leaf", `{"time":[{"prefix":"2017-10-02"}],"detail":{"$or":[{"numeric":[">",0,"<=",5]},{"cidr":"10.0.0.0/8"}]}}`,
			`{"time":"2017-10-02T00:00:00Z","detail":{"$or":"10.9.9.9"}}`, true},
		{"$or with operators is a leaf: number", `{"detail":{"$or":[{"numeric":[">",0,"<=",5]},{"numeric":[">",10]}]}}`, `{"detail":{"$or":11}}`, true},
		{"$or with operators is a leaf: no match", `{"detail":{"$or":[{"numeric":[">",0,"<=",5]},{"numeric":[">",10]}]}}`, `{"detail":{"$or":7}}`, false},
		{"$or with literals is a leaf", `{"$or":[1,2]}`, `{"$or":2}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile([]byte(tc.pattern))
			require.NoError(t, err)
			require.Equal(t, tc.want, p.Match([]byte(tc.event)))
			m := NewMatcher[int]()
			require.NoError(t, m.Add(1, p))
			require.Equal(t, tc.want, len(m.MatchAppend(nil, []byte(tc.event))) == 1, "Matcher")
		})
	}
}

// Numbers that must compare by value, numeric bounds and anything-but
// numbers, are rejected when a float64 does not hold them exactly:
// event-ruler's ComparableNumber.generate throws "Cannot compare number"
// and JsonRuleCompiler turns that into a parse error
// (processNumericMatchExpression, processAnythingButMatchExpression,
// processAnythingButListMatchExpression). Literals are not rejected
// (TestLiteralNumbers).
func TestCompileRejectsIncomparableNumbers(t *testing.T) {
	for _, tc := range []struct{ name, src, path, word string }{
		{"bound past 2^53", `{"a":[{"numeric":[">",9007199254740993]}]}`, "a", "exactly"},
		{"bound 2^64", `{"a":[{"numeric":["=",18446744073709551616]}]}`, "a", "exactly"},
		{"bound int64 minimum", `{"a":[{"numeric":["<",-9223372036854775808]}]}`, "a", "exactly"},
		{"bound with too many digits", `{"a":[{"numeric":["<=",0.10000000000000001]}]}`, "a", "exactly"},
		{"upper bound of a range", `{"a":[{"numeric":[">",0,"<",123456789012345678]}]}`, "a", "exactly"},
		{"bound beyond float64", `{"a":[{"numeric":[">",1e400]}]}`, "a", "range"},
		{"bound below float64", `{"a":[{"numeric":["<",-1e400]}]}`, "a", "range"},
		{"bound that underflows", `{"a":[{"numeric":[">",1e-400]}]}`, "a", "exactly"},
		{"anything-but number", `{"d":{"n":[{"anything-but":9007199254740993}]}}`, "d.n", "exactly"},
		{"anything-but number list", `{"a":[{"anything-but":[1,1e400]}]}`, "a", "range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile([]byte(tc.src))
			var ce *CompileError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, tc.path, ce.Path)
			require.Contains(t, ce.Msg, tc.word)
		})
	}
	// The nearest values that a float64 does hold compile.
	for _, src := range []string{
		`{"a":[{"numeric":[">",9007199254740992]}]}`,
		`{"a":[{"numeric":["<",-9.223372036854776e18]}]}`,
		`{"a":[{"numeric":[">",1.7976931348623157e308]}]}`,
		`{"a":[{"numeric":[">",5e-324]}]}`,
		`{"a":[{"anything-but":[0.1,-0]}]}`,
		`{"a":[9007199254740993, 1e400]}`,
	} {
		_, err := Compile([]byte(src))
		require.NoError(t, err, src)
	}
}
