package audit

import (
	"errors"
	"testing"

	"github.com/switchyard-go/switchyard"
)

// FuzzResourcePolicy feeds arbitrary documents and calls to the channel
// policy parser and evaluator. It must never panic; a refused document is
// a ResourcePolicyNotValidException with a readable message; an accepted
// one must never allow a call that one of its Deny statements applies to.
func FuzzResourcePolicy(f *testing.F) {
	const arn = "arn:aws:cloudtrail:us-east-1:111122223333:channel/00000000-0000-4000-8000-000000000001"
	for _, seed := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"cloudtrail-data:PutAuditEvents",` +
			`"Condition":{"StringEquals":{"cloudtrail:ExternalId":"x1"}}}]}`,
		`{"Statement":{"Effect":"Deny","Principal":"*","Action":"cloudtrail-data:PutAuditEvents","Condition":{"StringLike":{"cloudtrail:externalid":"a*?"}}}}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::999999999999:role/r","*"]},"Action":["cloudtrail-data:PutAuditEvents"],"Resource":"*"}]}`,
		`{}`, `[]`, `null`, `{"Statement":[]}`, `{"Statement":[{"Effect":"Allow","Principal":5}]}`,
	} {
		f.Add(seed, "999999999999", "x1")
		f.Add(seed, "111122223333", "")
	}
	f.Fuzz(func(t *testing.T, doc, account, externalID string) {
		p, err := parsePolicy(doc, arn)
		if err != nil {
			var se *switchyard.Error
			if !errors.As(err, &se) || se.Code != CodeResourcePolicyNotValid || se.Message == "" {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		allowed := p.allows(account, arn, externalID)
		if allowed && p.denies(account, arn, externalID) {
			t.Fatalf("allowed a call a Deny applies to")
		}
	})
}
