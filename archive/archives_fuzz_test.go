package archive

import (
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"strings"
	"testing"
)

// FuzzArchiveARNParts: archiveARNParts never panics, returns the pieces of
// its input, and accepts every event bus ARN EventBridge's constraint
// accepts whose resource is "<kind>/<name>" with a non-empty kind.
func FuzzArchiveARNParts(f *testing.F) {
	for _, s := range []string{
		"arn:aws:events:us-east-1:123456789012:event-bus/default",
		"arn:aws:events:us-east-1:123456789012:archive/orders",
		"arn:aws-us-gov:events:us-gov-west-1::event-bus/a/b",
		"arn:aws:events:us-east-1:123456789012:/x",
		"arn:aws:sqs:us-east-1:123456789012:queue",
		"", "arn", "arn:aws:events:::", "arn:aws:events:r:a:b:c/d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		region, account, kind, name, ok := archiveARNParts(s)
		if !ok {
			rest := s
			for range 5 {
				if i := strings.IndexByte(rest, ':'); i >= 0 {
					rest = rest[i+1:]
				}
			}
			k, n, cut := strings.Cut(rest, "/")
			if awsreq.IsEventsARN(s) && strings.Count(s, ":") >= 5 && cut && k != "" && n != "" && !strings.Contains(k, ":") {
				t.Fatalf("archiveARNParts(%q) refused a valid ARN", s)
			}
			return
		}
		if kind == "" || name == "" || strings.Contains(kind, "/") {
			t.Fatalf("archiveARNParts(%q): kind %q, name %q", s, kind, name)
		}
		if !strings.HasSuffix(s, ":"+region+":"+account+":"+kind+"/"+name) {
			t.Fatalf("archiveARNParts(%q) = %q %q %q %q: not the input's pieces", s, region, account, kind, name)
		}
	})
}
