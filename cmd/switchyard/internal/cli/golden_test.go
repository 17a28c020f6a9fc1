package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// goldenCases are command lines run with both the aws CLI and this CLI
// against the same stub server. The seed examples (the aws CLI's
// put-events, put-audit-events pages) come first, verbatim but for the
// program name.
var goldenCases = [][]string{
	{"events", "put-events", "--entries", "file://testdata/putevents.json"},
	{"events", "put-events", "--entries", `Source=com.mycompany.myapp,DetailType=myDetailType,Detail="{\"key1\":\"value1\"}",Resources=resource1,resource2`},
	{"events", "put-events", "--entries", `Source=a,DetailType=b,Detail={},Time=2026-11-29T10:00:00Z`, `Source=c,DetailType=d,Detail={},Resources=r1`},
	{"events", "put-events", "--entries", `[{"Source":"a","DetailType":"b"}]`},
	{"events", "put-rule", "--cli-input-json", "file://testdata/cli-input.json"},
	{"events", "put-rule", "--cli-input-json", "file://testdata/cli-input.json", "--name", "explicit-wins", "--state", "DISABLED"},
	{"events", "put-rule", "--name", "r", "--event-pattern", "file://testdata/rule.json", "--tags", "Key=team,Value=orders", "Key=env,Value=dev"},
	{"events", "describe-rule", "--name", "r1"},
	{"events", "describe-rule", "--name", "r1", "--output", "text"},
	{"events", "describe-rule", "--name", "r1", "--output", "table"},
	{"events", "describe-rule", "--name", "missing"},
	{"events", "list-rules"},
	{"events", "list-rules", "--output", "text"},
	{"events", "list-rules", "--output", "table"},
	{"events", "list-rules", "--no-paginate"},
	{"events", "list-rules", "--max-items", "1"},
	{"events", "list-rules", "--max-items", "2"},
	{"events", "list-rules", "--page-size", "2"},
	{"events", "list-rules", "--limit", "2"},
	{"events", "list-rules", "--query", "Rules[].Name"},
	{"events", "list-rules", "--query", "Rules[?State=='ENABLED'].{N: Name, A: Arn}"},
	{"events", "list-rules", "--query", "length(Rules)"},
	{"events", "list-rules", "--query", "Rules[].Name", "--output", "text"},
	{"events", "list-targets-by-rule", "--rule", "r1"},
	{"events", "list-targets-by-rule", "--rule", "r1", "--output", "table"},
	{"events", "list-targets-by-rule", "--rule", "r1", "--output", "text"},
	{"events", "list-rule-names-by-target", "--target-arn", "arn:aws:sqs:us-east-1:123456789012:q"},
	{"events", "put-targets", "--rule", "r1", "--targets", "Id=1,Arn=arn:aws:sqs:us-east-1:123456789012:q,RetryPolicy={MaximumRetryAttempts=3,MaximumEventAgeInSeconds=600}"},
	{"events", "put-targets", "--rule", "r1", "--targets", `[{"Id":"1","Arn":"arn:aws:sqs:us-east-1:123456789012:q","InputTransformer":{"InputPathsMap":{"a":"$.detail.a"},"InputTemplate":"<a>"}}]`},
	{"events", "remove-targets", "--rule", "r1", "--ids", "1", "2", "--force"},
	{"events", "delete-rule", "--name", "r1"},
	{"events", "list-event-buses"},
	{"events", "list-event-buses", "--output", "text"},
	{"events", "list-event-buses", "--output", "table"},
	{"events", "list-event-buses", "--query", "EventBuses[].CreationTime"},
	{"events", "describe-event-bus"},
	{"events", "create-event-bus", "--name", "orders"},
	{"events", "list-archives"},
	{"events", "list-archives", "--output", "table"},
	{"events", "list-tags-for-resource", "--resource-arn", "arn:aws:events:us-east-1:123456789012:rule/r1", "--output", "text"},
	{"events", "put-partner-events", "--entries", "Source=aws.partner/example.com/123/s,DetailType=t,Detail={}"},
	{"events", "test-event-pattern", "--event-pattern", "file://testdata/rule.json", "--event", "file://testdata/event.json"},
	{"events", "put-permission", "--event-bus-name", "default", "--action", "events:PutEvents", "--principal", "111122223333", "--statement-id", "s1"},
	{"events", "put-rule", "--generate-cli-skeleton"},
	{"events", "put-targets", "--generate-cli-skeleton", "input"},
	{"events", "put-events", "--generate-cli-skeleton", "output", "--entries", "Source=a"},
	{"events", "list-rules", "--generate-cli-skeleton", "output"},
	{"cloudtrail-data", "put-audit-events", "--channel-arn", "arn:aws:cloudtrail:us-east-1:123456789012:channel/01234567890", "--external-id", "ext", "--audit-events", `id=1,eventData="{\"version\":\"0.01\"}",eventDataChecksum=abc`, `id=2,eventData="{}"`},
}

var skeletonStrings = regexp.MustCompile(`": "[^"]*"`)

// awsEnv is the environment both CLIs run with: fixed credentials and
// region, no profile files.
func awsEnv(t *testing.T) []string {
	home := t.TempDir()
	return []string{
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "AWS_PAGER=",
	}
}

func envFunc(env []string) func(string) string {
	return func(k string) string {
		for _, kv := range env {
			if name, v, ok := strings.Cut(kv, "="); ok && name == k {
				return v
			}
		}
		return ""
	}
}

// TestGoldenAgainstAWSCLI runs every golden case with the aws CLI and with
// this CLI against one stub server and requires the same stdout, the same
// exit status class, and the same requests (as JSON).
func TestGoldenAgainstAWSCLI(t *testing.T) {
	awsPath, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it); skipping the comparison with it")
	}
	if testing.Short() {
		t.Skip("starts the aws CLI once per case")
	}
	env := awsEnv(t)
	for _, args := range append(seedCommands(t), goldenCases...) {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newStubServer(t)
			full := append([]string{"--endpoint-url", srv.URL}, args...)
			cmd := exec.Command(awsPath, full...)
			cmd.Env = env
			var awsOut, awsErr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &awsOut, &awsErr
			runErr := cmd.Run()
			awsCode := 0
			if ee, ok := runErr.(*exec.ExitError); ok {
				awsCode = ee.ExitCode()
			} else {
				require.NoError(t, runErr)
			}
			awsReqs := srv.take()

			var out, errOut bytes.Buffer
			code := Run(context.Background(), full, strings.NewReader(""), &out, &errOut, WithEnv(envFunc(env)))
			ourReqs := srv.take()

			want, got := awsOut.String(), out.String()
			if slices.Contains(args, "--generate-cli-skeleton") {
				// The aws CLI fills enum members with a random allowed
				// value; compare the skeletons' layout and keys only.
				want, got = skeletonStrings.ReplaceAllString(want, `": ""`), skeletonStrings.ReplaceAllString(got, `": ""`)
			}
			require.Equal(t, want, got, "stdout differs; aws stderr: %s\nour stderr: %s", awsErr.String(), errOut.String())
			require.Equal(t, awsCode == 0, code == 0, "exit status: aws %d, ours %d\naws stderr: %s\nour stderr: %s", awsCode, code, awsErr.String(), errOut.String())
			require.Len(t, ourReqs, len(awsReqs))
			for i := range awsReqs {
				require.Equal(t, awsReqs[i].Target, ourReqs[i].Target)
				requireSameJSON(t, awsReqs[i].Body, ourReqs[i].Body)
			}
			if awsCode == 254 {
				require.Equal(t, 254, code)
				require.Equal(t, strings.TrimSpace(awsErr.String()), strings.TrimSpace(errOut.String()))
			}
		})
	}
}

// requireSameJSON compares two request bodies as JSON values; an empty
// body equals {}.
func requireSameJSON(t *testing.T, want, got string) {
	t.Helper()
	norm := func(s string) any {
		if strings.TrimSpace(s) == "" {
			s = "{}"
		}
		var v any
		require.NoError(t, json.Unmarshal([]byte(s), &v), s)
		return v
	}
	require.Equal(t, norm(want), norm(got))
}
