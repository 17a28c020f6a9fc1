package cli

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeEmbedded serves the stub's answers in-process and counts Settle and
// Close calls.
type fakeEmbedded struct {
	stub    *stubServer
	settled int
	closed  int
}

func (f *fakeEmbedded) ServeHTTP(w http.ResponseWriter, r *http.Request) { f.stub.serve(w, r) }
func (f *fakeEmbedded) Settle(context.Context) error                     { f.settled++; return nil }
func (f *fakeEmbedded) Close(context.Context) error                      { f.closed++; return nil }

func runEmbedded(t *testing.T, e Embedded, openErr error, args ...string) (string, string, int, string) {
	t.Helper()
	var gotDir string
	open := func(_ context.Context, dataDir, _ string) (Embedded, error) {
		gotDir = dataDir
		if openErr != nil {
			return nil, openErr
		}
		return e, nil
	}
	env := map[string]string{}
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errOut, WithEnv(func(k string) string { return env[k] }), WithEmbedded(open))
	return out.String(), errOut.String(), code, gotDir
}

// TestEmbeddedMode checks that without an endpoint the command runs
// against the in-process server, prints what the remote mode prints, waits
// for delivery after put-events, and closes the data directory.
func TestEmbeddedMode(t *testing.T) {
	f := &fakeEmbedded{stub: &stubServer{}}
	out, errOut, code, dir := runEmbedded(t, f, nil, "events", "put-events", "--entries", "file://testdata/putevents.json", "--data-dir", "/tmp/sy")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "/tmp/sy", dir)
	// Model order (FailedEntryCount first), as the aws CLI prints it.
	require.Equal(t, `{
    "FailedEntryCount": 0,
    "Entries": [
        {
            "EventId": "11710aed-b79e-4468-a20b-bb3c0c3b4800"
        },
        {
            "EventId": "11710aed-b79e-4468-a20b-bb3c0c3b4801"
        }
    ]
}
`, out)
	require.Equal(t, 1, f.settled)
	require.Equal(t, 1, f.closed)
	reqs := f.stub.take()
	require.Len(t, reqs, 1)
	require.Equal(t, "AWSEvents.PutEvents", reqs[0].Target)

	// Other calls do not wait for deliveries; the default data dir is
	// ./switchyard-data; service errors keep their exit code.
	f = &fakeEmbedded{stub: &stubServer{}}
	_, errOut, code, dir = runEmbedded(t, f, nil, "events", "describe-rule", "--name", "missing")
	require.Equal(t, 254, code)
	require.Equal(t, "switchyard-data", dir)
	require.Contains(t, errOut, "An error occurred (ResourceNotFoundException) when calling the DescribeRule operation: Rule missing does not exist on EventBus default.")
	require.Equal(t, 0, f.settled)
	require.Equal(t, 1, f.closed)

	// CloudTrail Data's REST operation goes through the same handler.
	f = &fakeEmbedded{stub: &stubServer{}}
	out, errOut, code, _ = runEmbedded(t, f, nil, "cloudtrail-data", "put-audit-events", "--channel-arn", "arn:aws:cloudtrail:us-east-1:123456789012:channel/c", "--audit-events", `id=1,eventData="{}"`)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"eventID": "2e2ac5b0-2f2b-4d2a-9f3a-000000000001"`)
	reqs = f.stub.take()
	require.Len(t, reqs, 1)
	require.Equal(t, "/PutAuditEvents?channelArn=arn%3Aaws%3Acloudtrail%3Aus-east-1%3A123456789012%3Achannel%2Fc", reqs[0].Target)
	require.JSONEq(t, `{"auditEvents":[{"id":"1","eventData":"{}"}]}`, reqs[0].Body)
}

func TestEmbeddedOpenError(t *testing.T) {
	busy := errors.New("the data directory d is in use by a running switchyard serve at http://127.0.0.1:4010")
	_, errOut, code, _ := runEmbedded(t, nil, busy, "events", "list-rules", "--data-dir", "d")
	require.Equal(t, 255, code)
	require.Contains(t, errOut, "http://127.0.0.1:4010")
}

func TestDebugLogsTraffic(t *testing.T) {
	f := &fakeEmbedded{stub: &stubServer{}}
	_, errOut, code, _ := runEmbedded(t, f, nil, "events", "list-event-buses", "--debug")
	require.Equal(t, 0, code)
	require.Contains(t, errOut, "X-Amz-Target: AWSEvents.ListEventBuses")
	require.Contains(t, errOut, "response 200 OK")
}
