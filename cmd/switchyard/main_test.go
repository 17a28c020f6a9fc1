package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/stretchr/testify/require"
)

// The test binary doubles as the switchyard binary: with
// SWITCHYARD_TEST_MAIN set it runs main's dispatch on its arguments. The
// serve tests start it as a child process, so that they can SIGKILL it.
func TestMain(m *testing.M) {
	if os.Getenv("SWITCHYARD_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child is a `switchyard serve` process.
type child struct {
	cmd    *exec.Cmd
	url    string
	stderr *strings.Builder
	done   chan error
}

// startChild runs `switchyard serve --addr 127.0.0.1:0 --data-dir dir
// extra...` and waits until it listens.
func startChild(t *testing.T, dir string, extra ...string) *child {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--log-level", "warn"}, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "SWITCHYARD_TEST_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	c := &child{cmd: cmd, stderr: &strings.Builder{}, done: make(chan error, 1)}
	cmd.Stderr = lockedWriter{&sync.Mutex{}, c.stderr}
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		_ = cmd.Process.Kill()
		t.Fatalf("serve printed no address; stderr: %s", c.stderr)
	}
	line := lines.Text()
	const prefix = "switchyard listening on "
	require.True(t, strings.HasPrefix(line, prefix), line)
	c.url = strings.TrimPrefix(line, prefix)
	go func() {
		_, _ = io.Copy(io.Discard, stdout)
		c.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// lockedWriter lets the child's stderr be read while it is written.
type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// stop sends sig and waits for the process to exit.
func (c *child) stop(t *testing.T, sig syscall.Signal) error {
	t.Helper()
	require.NoError(t, c.cmd.Process.Signal(sig))
	select {
	case err := <-c.done:
		return err
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
		t.Fatalf("serve did not exit after %v", sig)
		return nil
	}
}

func TestServeHealthzMetricsAndGracefulShutdown(t *testing.T) {
	c := startChild(t, t.TempDir())
	resp, err := http.Get(c.url + "/healthz")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, "ok\n", string(body))

	eb := eventsClient(c.url, keyA, "us-east-1")
	ctx := context.Background()
	_, err = eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("sink")})
	require.NoError(t, err)
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("orders"), EventPattern: aws.String(`{"source":["com.mycompany.myapp"]}`)})
	require.NoError(t, err)
	_, err = eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("orders"), Targets: []types.Target{
		{Id: aws.String("to-sink"), Arn: aws.String("arn:aws:events:us-east-1:123456789012:event-bus/sink")}}})
	require.NoError(t, err)
	putOrders(t, eb, 3)

	const ruleARN = "arn:aws:events:us-east-1:123456789012:rule/orders"
	var metrics string
	require.Eventually(t, func() bool {
		resp, err := http.Get(c.url + "/metrics")
		if err != nil {
			return false
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		metrics = string(body)
		return strings.Contains(metrics, `switchyard_deliveries_total{rule="`+ruleARN+`",target="to-sink"} 3`)
	}, 30*time.Second, 50*time.Millisecond, "deliveries to the sink bus are counted per rule and target")
	require.Contains(t, metrics, `switchyard_events_put_total{event_bus="default",outcome="accepted"} 3`)
	require.Contains(t, metrics, `switchyard_rule_matches_total{event_bus="default",rule="`+ruleARN+`"} 3`)
	require.Contains(t, metrics, "switchyard_deliveries_pending 0")
	require.Contains(t, metrics, `switchyard_delivery_latency_seconds_count{rule="`+ruleARN+`",target="to-sink"} 3`)

	require.NoError(t, c.stop(t, syscall.SIGTERM), "a graceful shutdown exits 0; stderr: %s", c.stderr)
}

func TestServeUsageErrors(t *testing.T) {
	var out, errOut strings.Builder
	require.Equal(t, exitUsage, run([]string{"serve", "--log-level", "loud"}, &out, &errOut))
	require.Contains(t, errOut.String(), `--log-level "loud"`)
	require.Equal(t, exitUsage, run([]string{"serve", "extra"}, &out, &errOut))
	require.Equal(t, exitUsage, run(nil, &out, &errOut))
	require.Equal(t, exitOK, run([]string{"--help"}, &out, &errOut))
	require.Contains(t, out.String(), "serve")
}

func TestServeRefusesABusyDataDir(t *testing.T) {
	dir := t.TempDir()
	startChild(t, dir)
	var out, errOut strings.Builder
	code := run([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, &out, &errOut)
	require.Equal(t, exitOther, code)
	require.Contains(t, errOut.String(), "in use by another process")
}
