package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli"
	"github.com/switchyard-go/switchyard/server"
)

// cliScript is a session of commands run twice, once with the aws CLI
// against one server and once with `switchyard` against another, fresh
// one: every output must be the same but for generated IDs and times.
var cliScript = [][]string{
	{"events", "put-rule", "--name", "orders", "--event-pattern", "file://internal/cli/testdata/rule.json", "--description", "Règle des commandes"},
	{"events", "put-rule", "--name", "nightly", "--schedule-expression", "cron(0 9 * * ? *)", "--state", "DISABLED"},
	{"events", "put-rule", "--cli-input-json", "file://internal/cli/testdata/cli-input.json"},
	{"events", "put-rule", "--name", "bad", "--event-pattern", `{"source": "x"}`},
	{"events", "list-rules"},
	{"events", "list-rules", "--output", "text"},
	{"events", "list-rules", "--output", "table"},
	{"events", "list-rules", "--max-items", "1"},
	{"events", "list-rules", "--page-size", "1", "--query", "Rules[].Name"},
	{"events", "list-rules", "--name-prefix", "ord", "--no-paginate"},
	{"events", "describe-rule", "--name", "orders"},
	{"events", "describe-rule", "--name", "missing"},
	{"events", "disable-rule", "--name", "orders"},
	{"events", "enable-rule", "--name", "orders"},
	{"events", "create-event-bus", "--name", "audit", "--tags", "Key=team,Value=ops"},
	{"events", "put-targets", "--rule", "orders", "--targets", "Id=1,Arn=arn:aws:events:us-east-1:111111111111:event-bus/audit,RetryPolicy={MaximumRetryAttempts=3,MaximumEventAgeInSeconds=600}", `Id=2,Arn=arn:aws:events:us-east-1:111111111111:event-bus/audit,InputTransformer={InputPathsMap={s=$.source},InputTemplate="\"<s>\""}`},
	{"events", "list-targets-by-rule", "--rule", "orders"},
	{"events", "list-targets-by-rule", "--rule", "orders", "--output", "table"},
	{"events", "list-rule-names-by-target", "--target-arn", "arn:aws:events:us-east-1:111111111111:event-bus/audit"},
	{"events", "put-events", "--entries", "file://internal/cli/testdata/putevents.json", "--query", "FailedEntryCount"},
	{"events", "put-events", "--entries", `Source=com.mycompany.myapp,DetailType=myDetailType,Detail="{\"key1\":\"value1\"}",Resources=resource1,resource2`, "Source=x"},
	{"events", "test-event-pattern", "--event-pattern", "file://internal/cli/testdata/rule.json", "--event", "file://internal/cli/testdata/event.json"},
	{"events", "list-event-buses", "--output", "text"},
	{"events", "describe-event-bus", "--name", "audit"},
	{"events", "list-tags-for-resource", "--resource-arn", "arn:aws:events:us-east-1:111111111111:event-bus/audit"},
	{"events", "create-archive", "--archive-name", "all", "--event-source-arn", "arn:aws:events:us-east-1:111111111111:event-bus/default"},
	{"events", "list-archives", "--output", "table"},
	{"events", "remove-targets", "--rule", "orders", "--ids", "1", "2"},
	{"events", "delete-rule", "--name", "nightly"},
	{"events", "list-rules", "--query", "Rules[].{N: Name, S: State}"},
}

// volatile matches what differs between two servers given the same calls:
// generated IDs and times.
var volatile = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b1[0-9]{9}(\.[0-9]+)?\b`)

// tablePad is the padding after a replaced value in a table cell: the aws
// CLI prints an epoch time with as many decimals as the wire carried, so
// two servers' tables differ in that row's padding only.
var tablePad = regexp.MustCompile(`X +\|`)

// normalize hides IDs and times, which differ between the two servers.
func normalize(s string) string {
	return tablePad.ReplaceAllString(volatile.ReplaceAllString(s, "X"), "X |")
}

// TestCLIMatchesAWSCLIOnServer is the golden test on the real server: the
// same session through both CLIs, outputs and exit statuses compared.
func TestCLIMatchesAWSCLIOnServer(t *testing.T) {
	awsPath, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it): skipping the comparison with it")
	}
	if testing.Short() {
		t.Skip("starts the aws CLI once per command")
	}
	a := startServer(t, server.WithCredentials(keyA))
	b := startServer(t, server.WithCredentials(keyA))
	home := t.TempDir()
	env := map[string]string{
		"AWS_ACCESS_KEY_ID": keyA.AccessKeyID, "AWS_SECRET_ACCESS_KEY": keyA.SecretAccessKey,
		"AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"), "HOME": home, "AWS_PAGER": "",
		"PATH": os.Getenv("PATH"),
	}
	var osEnv []string
	for k, v := range env {
		osEnv = append(osEnv, k+"="+v)
	}
	for _, args := range cliScript {
		name := strings.Join(args, " ")
		cmd := exec.Command(awsPath, append([]string{"--endpoint-url", a.url}, args...)...)
		cmd.Env = osEnv
		var awsOut, awsErr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &awsOut, &awsErr
		awsCode := 0
		if err := cmd.Run(); err != nil {
			ee, ok := err.(*exec.ExitError)
			require.True(t, ok, "%s: %v", name, err)
			awsCode = ee.ExitCode()
		}
		var out, errOut bytes.Buffer
		code := cli.Run(context.Background(), append([]string{"--endpoint-url", b.url}, args...), strings.NewReader(""), &out, &errOut,
			cli.WithEnv(func(k string) string { return env[k] }))
		require.Equal(t, normalize(awsOut.String()), normalize(out.String()),
			"%s\naws stderr: %s\nour stderr: %s", name, awsErr.String(), errOut.String())
		require.Equal(t, awsCode == 0, code == 0, "%s: exit %d vs %d\naws: %s\nours: %s", name, awsCode, code, awsErr.String(), errOut.String())
		if awsCode != 0 {
			require.Equal(t, strings.TrimSpace(awsErr.String()), strings.TrimSpace(errOut.String()), name)
		}
	}
}

// TestCLIPutAuditEventsOnServer runs the put-audit-events page's example
// (an event with its checksum, made as `printf %s "$data" | openssl dgst
// -binary -sha256 | base64` makes it) and a wrong checksum through both
// CLIs against one server with a channel, outputs compared.
func TestCLIPutAuditEventsOnServer(t *testing.T) {
	awsPath, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it): skipping the comparison with it")
	}
	if testing.Short() {
		t.Skip("starts the aws CLI")
	}
	ts := startServer(t, server.WithCredentials(keyA))
	ctx := context.Background()
	ct := cloudTrailClient(ts.url, keyA, "us-east-1")
	eds, err := ct.CreateEventDataStore(ctx, &cloudtrail.CreateEventDataStoreInput{Name: aws.String("lake"), MultiRegionEnabled: aws.Bool(false),
		AdvancedEventSelectors: []cttypes.AdvancedEventSelector{{Name: aws.String("custom"), FieldSelectors: []cttypes.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"ActivityAuditLog"}}}}}})
	require.NoError(t, err)
	ch, err := ct.CreateChannel(ctx, &cloudtrail.CreateChannelInput{Name: aws.String("app"), Source: aws.String("Custom"),
		Destinations: []cttypes.Destination{{Type: cttypes.DestinationTypeEventDataStore, Location: eds.EventDataStoreArn}}})
	require.NoError(t, err)

	data := `{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice"},"eventSource":"my-app.example.com","eventName":"Login","eventTime":"2024-05-01T10:00:00Z","UID":"req-1","recipientAccountId":"` + keyA.AccountID + `"}`
	sum := sha256.Sum256([]byte(data))
	checksum := base64.StdEncoding.EncodeToString(sum[:])
	quoted, err := json.Marshal(data)
	require.NoError(t, err)
	events := `[{"id":"original_event_ID","eventData":` + string(quoted) + `,"eventDataChecksum":"` + checksum + `"},` +
		`{"id":"tampered","eventData":` + string(quoted) + `,"eventDataChecksum":"` + base64.StdEncoding.EncodeToString(make([]byte, 32)) + `"}]`
	args := []string{"--endpoint-url", ts.url, "cloudtrail-data", "put-audit-events", "--channel-arn", aws.ToString(ch.ChannelArn), "--audit-events", events}

	home := t.TempDir()
	env := map[string]string{"AWS_ACCESS_KEY_ID": keyA.AccessKeyID, "AWS_SECRET_ACCESS_KEY": keyA.SecretAccessKey, "AWS_DEFAULT_REGION": "us-east-1"}
	cmd := exec.Command(awsPath, args...)
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "AWS_CONFIG_FILE=" + filepath.Join(home, "c"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "k")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	awsOut, err := cmd.Output()
	require.NoError(t, err)
	var out, errOut bytes.Buffer
	code := cli.Run(ctx, args, strings.NewReader(""), &out, &errOut, cli.WithEnv(func(k string) string { return env[k] }))
	require.Equal(t, 0, code, errOut.String())
	require.Equal(t, normalize(string(awsOut)), normalize(out.String()))
	require.Contains(t, out.String(), `"id": "original_event_ID"`)
	require.Contains(t, out.String(), `"errorCode": "InvalidChecksum"`)
}
