package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
)

// awsCLI runs the aws CLI against url with test credentials; the test is
// skipped when the aws CLI is not installed. script is run by sh in dir,
// so a test can use the seed documents' shell verbatim.
type awsCLI struct {
	t   *testing.T
	url string
	dir string
	env []string
}

func newAWSCLI(t *testing.T, url string) *awsCLI {
	t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it): skipping the aws CLI tests")
	}
	dir := t.TempDir()
	for _, f := range []string{"putevents.json", "cli-input.json", "partnerevents.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "awscli", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o600))
	}
	env := append(os.Environ(),
		"AWS_ACCESS_KEY_ID="+keyA.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY="+keyA.SecretAccessKey,
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "no-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "no-credentials"),
		"AWS_PAGER=",
		"ENDPOINT="+url,
	)
	return &awsCLI{t: t, url: url, dir: dir, env: env}
}

// sh runs script and returns its stdout, decoded as JSON into out.
func (a *awsCLI) sh(script string, out any) {
	a.t.Helper()
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir, cmd.Env = a.dir, a.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	require.NoError(a.t, err, "script: %s\nstderr: %s", script, stderr.String())
	if out != nil {
		require.NoError(a.t, json.Unmarshal(stdout.Bytes(), out), "stdout: %s", stdout.String())
	}
}

type putEventsOutput struct {
	FailedEntryCount int
	Entries          []struct{ EventId, ErrorCode, ErrorMessage string }
}

func TestAWSCLIEvents(t *testing.T) {
	// Signatures are verified: botocore's SigV4 must pass aws-sdk-go-v2's.
	ts := startServer(t, server.WithCredentials(keyA))
	cli := newAWSCLI(t, ts.url)

	t.Run("put-events file://", func(t *testing.T) {
		var out putEventsOutput
		cli.sh(`aws --endpoint-url "$ENDPOINT" events put-events --entries file://putevents.json`, &out)
		require.Zero(t, out.FailedEntryCount)
		require.Len(t, out.Entries, 2)
		require.NotEmpty(t, out.Entries[0].EventId)
		require.NotEqual(t, out.Entries[0].EventId, out.Entries[1].EventId)
	})
	t.Run("put-events shorthand", func(t *testing.T) {
		var out putEventsOutput
		cli.sh(`aws --endpoint-url "$ENDPOINT" events put-events --entries 'Source=com.mycompany.myapp,DetailType=myDetailType,Detail="{\"key1\":\"value1\"}",Resources=resource1,resource2'`, &out)
		require.Zero(t, out.FailedEntryCount)
		require.Len(t, out.Entries, 1)
		require.NotEmpty(t, out.Entries[0].EventId)
	})
	t.Run("put-events --cli-input-json", func(t *testing.T) {
		var out putEventsOutput
		cli.sh(`aws --endpoint-url "$ENDPOINT" events put-events --cli-input-json file://cli-input.json`, &out)
		require.Zero(t, out.FailedEntryCount)
		require.Len(t, out.Entries, 1)
	})
	t.Run("put-partner-events", func(t *testing.T) {
		var out putEventsOutput
		cli.sh(`aws --endpoint-url "$ENDPOINT" events put-partner-events --entries file://partnerevents.json`, &out)
		require.Zero(t, out.FailedEntryCount)
		require.Len(t, out.Entries, 1)
		require.NotEmpty(t, out.Entries[0].EventId)
	})
	t.Run("test-event-pattern", func(t *testing.T) {
		var out struct{ Result bool }
		// The example of the test-event-pattern page of the aws CLI reference.
		cli.sh(`aws --endpoint-url "$ENDPOINT" events test-event-pattern \
  --event-pattern "{\"source\":[\"com.mycompany.myapp\"]}" \
  --event "{\"id\":\"1\",\"source\":\"com.mycompany.myapp\",\"detail-type\":\"myDetailType\",\"account\":\"123456789012\",\"region\":\"us-east-1\",\"time\":\"2017-04-11T20:11:04Z\"}"`, &out)
		require.True(t, out.Result)
	})
	t.Run("rules", func(t *testing.T) {
		var rule struct{ RuleArn string }
		cli.sh(`aws --endpoint-url "$ENDPOINT" events put-rule --name my-rule --event-pattern '{"source":["com.mycompany.myapp"]}'`, &rule)
		require.Equal(t, "arn:aws:events:us-east-1:111111111111:rule/my-rule", rule.RuleArn)
		var rules struct {
			Rules []struct{ Name, State string }
		}
		cli.sh(`aws --endpoint-url "$ENDPOINT" events list-rules`, &rules)
		require.Len(t, rules.Rules, 1)
		require.Equal(t, "ENABLED", rules.Rules[0].State)
	})
}

func TestAWSCLICloudTrailDataPutAuditEvents(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA))
	cli := newAWSCLI(t, ts.url)
	var eds struct{ EventDataStoreArn string }
	cli.sh(`aws --endpoint-url "$ENDPOINT" cloudtrail create-event-data-store --name my-store --no-multi-region-enabled --advanced-event-selectors '[{"Name":"custom","FieldSelectors":[{"Field":"eventCategory","Equals":["ActivityAuditLog"]}]}]'`, &eds)
	require.Contains(t, eds.EventDataStoreArn, "arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/")
	cli.env = append(cli.env, "EDS_ARN="+eds.EventDataStoreArn, "ACCOUNT="+keyA.AccountID)
	var ch struct{ ChannelArn string }
	cli.sh(`aws --endpoint-url "$ENDPOINT" cloudtrail create-channel --name my-channel --source Custom --destinations Type=EVENT_DATA_STORE,Location="$EDS_ARN"`, &ch)
	require.Contains(t, ch.ChannelArn, "arn:aws:cloudtrail:us-east-1:111111111111:channel/")
	cli.env = append(cli.env, "CHANNEL_ARN="+ch.ChannelArn)

	var out struct {
		Successful []struct{ ID, EventID string }                 `json:"successful"`
		Failed     []struct{ ID, ErrorCode, ErrorMessage string } `json:"failed"`
	}
	// The checksum is made as the put-audit-events page shows.
	cli.sh(`data='{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice"},"eventSource":"my-app.example.com","eventName":"Login","eventTime":"2024-05-01T10:00:00Z","UID":"req-1","recipientAccountId":"'"$ACCOUNT"'"}'
checksum=$(printf %s "$data" | openssl dgst -binary -sha256 | base64)
events=$(printf '[{"id":"original_event_ID","eventData":%s,"eventDataChecksum":"%s"}]' "$(printf %s "$data" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')" "$checksum")
aws --endpoint-url "$ENDPOINT" cloudtrail-data put-audit-events --channel-arn "$CHANNEL_ARN" --audit-events "$events"`, &out)
	require.Empty(t, out.Failed)
	require.Len(t, out.Successful, 1)
	require.Equal(t, "original_event_ID", out.Successful[0].ID)
	require.NotEmpty(t, out.Successful[0].EventID)
}

func TestAWSCLISignatureFailure(t *testing.T) {
	ts := startServer(t, server.WithCredentials(keyA))
	cli := newAWSCLI(t, ts.url)
	cmd := exec.Command("sh", "-c", `AWS_SECRET_ACCESS_KEY=wrong aws --endpoint-url "$ENDPOINT" events list-rules`)
	cmd.Dir, cmd.Env = cli.dir, cli.env
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(out), "InvalidSignatureException")
}
