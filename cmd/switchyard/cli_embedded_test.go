package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli"
)

// runEmbeddedCLI runs one command in the embedded mode on dataDir.
func runEmbeddedCLI(t *testing.T, dataDir string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"SWITCHYARD_DATA_DIR": dataDir}
	code := cli.Run(context.Background(), args, strings.NewReader(""), &out, &errOut,
		cli.WithEnv(func(k string) string { return env[k] }), cli.WithEmbedded(openEmbedded))
	return out.String(), errOut.String(), code
}

// TestEmbeddedCLIChainsCommands runs a script of commands with no server:
// each opens the data directory, and put-events returns only once its
// events are delivered, so the next command sees them in the archive.
func TestEmbeddedCLIChainsCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	steps := [][]string{
		{"events", "create-event-bus", "--name", "audit"},
		{"events", "create-archive", "--archive-name", "a", "--event-source-arn", "arn:aws:events:us-east-1:123456789012:event-bus/audit"},
		{"events", "put-rule", "--name", "fwd", "--event-pattern", `{"source":["com.mycompany.myapp"]}`},
		{"events", "put-targets", "--rule", "fwd", "--targets", "Id=1,Arn=arn:aws:events:us-east-1:123456789012:event-bus/audit"},
	}
	for _, s := range steps {
		_, errOut, code := runEmbeddedCLI(t, dir, s...)
		require.Equal(t, 0, code, "%v: %s", s, errOut)
	}
	out, errOut, code := runEmbeddedCLI(t, dir, "events", "put-events", "--entries", "file://internal/cli/testdata/putevents.json", "--query", "FailedEntryCount")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "0\n", out)
	out, errOut, code = runEmbeddedCLI(t, dir, "events", "describe-archive", "--archive-name", "a", "--query", "EventCount")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "2\n", out)

	// The state survives between commands: the rule is still there.
	out, _, code = runEmbeddedCLI(t, dir, "events", "list-rules", "--query", "Rules[].Name", "--output", "text")
	require.Equal(t, 0, code)
	require.Equal(t, "fwd\n", out)
}

// TestEmbeddedCLIRefusesBusyDataDir: a data directory held by a running
// server is refused at once, naming the server's address.
func TestEmbeddedCLIRefusesBusyDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	log := slog.New(slog.DiscardHandler)
	inst, err := open(context.Background(), serveConfig{dataDir: dir, deliveryLog: true, timeouts: defaultTimeouts}, log)
	require.NoError(t, err)
	defer inst.close(context.Background(), log)
	require.NoError(t, os.WriteFile(filepath.Join(dir, addrFile), []byte("http://127.0.0.1:4010\n"), 0o600))

	_, errOut, code := runEmbeddedCLI(t, dir, "events", "list-rules")
	require.Equal(t, 255, code)
	require.Contains(t, errOut, "is in use by the switchyard server at http://127.0.0.1:4010: pass --endpoint-url http://127.0.0.1:4010")
}

// TestEmbeddedPutEventsDoesNotWaitForRetries: a target that is down parks
// its delivery for a retry minutes or hours away. put-events prints its
// EventIds and exits; the parked delivery stays in the data directory's
// delivery log (the next command or server resumes it) rather than holding
// the command for up to EventBridge's 24 hours of retries.
func TestEmbeddedPutEventsDoesNotWaitForRetries(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	steps := [][]string{
		{"events", "create-connection", "--name", "c", "--authorization-type", "API_KEY",
			"--auth-parameters", `{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"secret"}}`},
	}
	for _, s := range steps {
		_, errOut, code := runEmbeddedCLI(t, dir, s...)
		require.Equal(t, 0, code, "%v: %s", s, errOut)
	}
	connARN, errOut, code := runEmbeddedCLI(t, dir, "events", "describe-connection", "--name", "c", "--query", "ConnectionArn", "--output", "text")
	require.Equal(t, 0, code, errOut)
	// Port 9 (discard) on loopback: nothing listens, every attempt is
	// refused, which EventBridge retries.
	_, errOut, code = runEmbeddedCLI(t, dir, "events", "create-api-destination", "--name", "down",
		"--connection-arn", strings.TrimSpace(connARN), "--invocation-endpoint", "https://127.0.0.1:9/hook", "--http-method", "POST")
	require.Equal(t, 0, code, errOut)
	destARN, errOut, code := runEmbeddedCLI(t, dir, "events", "describe-api-destination", "--name", "down", "--query", "ApiDestinationArn", "--output", "text")
	require.Equal(t, 0, code, errOut)
	_, errOut, code = runEmbeddedCLI(t, dir, "events", "put-rule", "--name", "r", "--event-pattern", `{"source":["com.mycompany.myapp"]}`)
	require.Equal(t, 0, code, errOut)
	_, errOut, code = runEmbeddedCLI(t, dir, "events", "put-targets", "--rule", "r", "--targets", "Id=1,Arn="+strings.TrimSpace(destARN))
	require.Equal(t, 0, code, errOut)

	out, errOut, code := runEmbeddedCLI(t, dir, "events", "put-events", "--entries", "file://internal/cli/testdata/putevents.json", "--query", "FailedEntryCount")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "0\n", out)
}
