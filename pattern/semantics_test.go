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
