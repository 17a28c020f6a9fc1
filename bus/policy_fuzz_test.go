package bus

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// FuzzPolicy feeds PutPermission's Policy decoder: any document either
// fails to parse or evaluates without panicking, and one that allows an
// account renders back to JSON that parses to the same decision.
func FuzzPolicy(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Deny","Principal":{"AWS":["111111111111","arn:aws:iam::222222222222:root"]},"Action":["events:*"],"Resource":["arn:aws:events:*:*:event-bus/?efault"],"Condition":{"StringLikeIfExists":{"events:source":"a*"}}}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"Service":"x"},"Action":"*","Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"[","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-1"]}}}]}`,
		`{}`, `[]`, `null`,
	} {
		f.Add(s, "111111111111", "shop")
	}
	f.Fuzz(func(t *testing.T, doc, account, source string) {
		var d policyDoc
		if json.Unmarshal([]byte(doc), &d) != nil {
			return
		}
		p, err := parsePolicy(d)
		if err != nil {
			return
		}
		r := request{account: account, org: "o-1", resource: "arn:aws:events:us-east-1:123456789012:event-bus/default", source: source, detailType: "d"}
		got := p.allows(r)
		if len(d.Statement) == 0 {
			require.False(t, got, "an empty policy allows nothing")
			return
		}
		var again policyDoc
		require.NoError(t, json.Unmarshal([]byte(p.json()), &again), "rendered: %s", p.json())
		p2, err := parsePolicy(again)
		require.NoError(t, err)
		require.Equal(t, got, p2.allows(r))
	})
}

// FuzzCheckDetail checks PutEvents' Detail validation against
// encoding/json: whatever it accepts is a JSON object that decodes.
func FuzzCheckDetail(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[[[]]]}`, "{\"a\":\"\xff\"}", `{"a":"[[["}`, `{"a":"\"[["}`, `[]`, ` {"a":1} `,
		`{"a":` + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + `}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, _ := checkDetail(s)
		if code != "" {
			return
		}
		require.True(t, utf8.ValidString(s))
		require.LessOrEqual(t, jsonDepth(s), maxDetailDepth)
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(s), &m), "accepted %q", s)
	})
}
