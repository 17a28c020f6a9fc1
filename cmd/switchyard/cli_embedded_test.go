package main

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"
)

// runSelf runs this binary as `switchyard args...` and returns its exit
// code and output.
func runSelf(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "SWITCHYARD_TEST_MAIN=1", "SWITCHYARD_ENDPOINT=")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	require.NoError(t, err)
	return 0, string(out)
}

// The CLI's embedded mode opens the data directory through the server's
// handler; a directory held by a running server is refused with its
// address.
func TestCLIEmbeddedMode(t *testing.T) {
	dir := t.TempDir()
	code, out := runSelf(t, "events", "put-rule", "--name", "r1", "--event-pattern", `{"source":["a"]}`, "--data-dir", dir)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, `"RuleArn": "arn:aws:events:us-east-1:123456789012:rule/r1"`)
	code, out = runSelf(t, "events", "describe-rule", "--name", "r1", "--data-dir", dir)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, `"State": "ENABLED"`, "the rule was journaled by the first command")

	c := startChild(t, dir)
	code, out = runSelf(t, "events", "list-rules", "--data-dir", dir)
	require.NotEqual(t, 0, code)
	require.Contains(t, out, "in use by the switchyard server at "+c.url)
	code, out = runSelf(t, "events", "list-rules", "--endpoint-url", c.url)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, `"Name": "r1"`)
}
