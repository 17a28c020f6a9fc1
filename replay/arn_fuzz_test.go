package replay

import (
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"strings"
	"testing"
)

// FuzzSplitARN: splitARN never panics, and what it returns are the pieces
// of its input: the ARN ends with ":<account>:<kind>/<name>", and the kind
// holds no slash.
func FuzzSplitARN(f *testing.F) {
	for _, s := range []string{
		"arn:aws:events:us-east-1:123456789012:archive/orders",
		"arn:aws:events:us-east-1:123456789012:event-bus/default",
		"arn:aws:events:eu-west-1::rule/bus/name",
		"arn:aws-cn:events:cn-north-1:123456789012:replay/a/b/c",
		"arn:aws:events:us-east-1:123456789012:/x",
		"arn:aws:s3:::bucket/key",
		"arn:aws:events", "", ":::::/", "arn:aws:events:r:a:b:c/d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		region, account, kind, name, ok := splitARN(s)
		if !ok {
			return
		}
		if kind == "" || name == "" || strings.Contains(kind, "/") {
			t.Fatalf("splitARN(%q): kind %q, name %q", s, kind, name)
		}
		if !strings.HasPrefix(s, "arn:") || !strings.HasSuffix(s, ":"+region+":"+account+":"+kind+"/"+name) {
			t.Fatalf("splitARN(%q) = %q %q %q %q: not the input's pieces", s, region, account, kind, name)
		}
		if awsreq.IsEventsARN(s) && strings.Count(s[:len(s)-len(kind+"/"+name)], ":") != 5 {
			t.Fatalf("splitARN(%q) split at the wrong colon", s)
		}
	})
}
