package audit

import (
	"testing"

	"github.com/switchyard-go/switchyard"
)

// FuzzParseRef feeds arbitrary resource references (ARNs or IDs) to the
// parser: it never panics, and an ARN it accepts is rebuilt exactly from
// its parts.
func FuzzParseRef(f *testing.F) {
	for _, seed := range []string{
		"arn:aws:cloudtrail:us-east-1:111122223333:channel/00000000-0000-4000-8000-000000000001",
		"arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE",
		"00000000-0000-4000-8000-000000000001", "arn:aws:cloudtrail:::channel/", "arn:", "", "x",
		"arn:aws:cloudtrail:us-east-1:111122223333:channel/00000000-0000-4000-8000-000000000001/extra",
	} {
		f.Add(seed)
	}
	c := switchyard.Caller{Account: "123456789012", Region: "us-east-1"}
	f.Fuzz(func(t *testing.T, ref string) {
		r, ok := parseRef(ref, c)
		if !ok {
			return
		}
		if !isUUID(r.id) {
			t.Fatalf("accepted %q with ID %q", ref, r.id)
		}
		if r.kind == "" {
			if ref != r.id || r.account != c.Account || r.region != c.Region {
				t.Fatalf("bare ID %q parsed as %+v", ref, r)
			}
			return
		}
		if got := makeARN(switchyard.Caller{Account: r.account, Region: r.region}, r.kind, r.id); got != ref {
			t.Fatalf("%q rebuilt as %q", ref, got)
		}
	})
}
