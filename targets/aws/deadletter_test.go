package awstarget_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// The dead-letter tests run a real in-process bus whose rule target fails,
// with an SQS queue on moto as its dead-letter queue, and read the
// dead-lettered message and its attributes back from the queue.
//
// EventBridge user guide, "Using dead-letter queues to process undelivered
// events": each message carries the original event as its body and the
// message attributes RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE,
// EXHAUSTED_RETRY_CONDITION and RETRY_ATTEMPTS. Errors that retrying cannot
// fix (a target resource that does not exist, missing permissions) go to the
// queue without retries.
func TestDeadLetterQueueAttributes(t *testing.T) {
	requireMoto(t)
	c := sqs.NewFromConfig(motoConfig())

	// A target that always answers 500: retried until MaximumRetryAttempts.
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer failing.Close()
	res := awstarget.NewResolver(motoConfig(), awstarget.WithEndpoint(awstarget.ServiceSNS, failing.URL))
	// The bus resolves the target and dead-letter ARNs through res, as a
	// server does for put-targets.

	cases := []struct {
		name          string
		targetARN     string
		wantCodes     []string // ERROR_CODE
		wantInMessage string   // in ERROR_MESSAGE
		wantCondition string   // EXHAUSTED_RETRY_CONDITION, "" when absent
	}{
		{
			name:      "missing queue: permanent, no retries",
			targetARN: arnOf("sqs", name("gone")),
			// The bus reports ERROR_FROM_TARGET for every target error until it
			// reads the target's own code (awstarget.Error.DeadLetterCode);
			// then this is NO_RESOURCE.
			wantCodes:     []string{"ERROR_FROM_TARGET", awstarget.CodeNoResource},
			wantInMessage: "NO_RESOURCE",
		},
		{
			name:          "5xx: retried until MaximumRetryAttempts",
			targetARN:     arnOf("sns", name("topic")),
			wantCodes:     []string{"ERROR_FROM_TARGET"},
			wantInMessage: "ERROR_FROM_TARGET",
			wantCondition: "MaximumRetryAttempts",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := ctxT(t)
			dlqURL, dlqARN := createQueue(t, c, name("dlq"), nil)
			b, err := bus.New(bus.WithAccount(account), bus.WithRegion(region), bus.WithTargetResolver(res.ForBus()))
			require.NoError(t, err)
			defer b.Close(ctx)
			rule, err := b.PutRule(ctx, bus.PutRuleInput{Name: "orders", EventPattern: `{"source":["shop"]}`})
			require.NoError(t, err)
			zero := 0
			out, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: "orders", Targets: []bus.Target{{
				ID: "t1", ARN: tc.targetARN,
				InputPath:        "$.detail", // the queue still gets the whole event
				RetryPolicy:      &bus.RetryPolicy{MaximumRetryAttempts: &zero},
				DeadLetterConfig: &bus.DeadLetterConfig{ARN: dlqARN},
			}}})
			require.NoError(t, err)
			require.Zero(t, out.FailedEntryCount)

			put, err := b.PutEvents(ctx, []switchyard.Entry{{Source: "shop", DetailType: "Order Placed", Detail: `{"id":42}`}})
			require.NoError(t, err)
			require.Zero(t, put.FailedEntryCount)
			require.NoError(t, b.Flush(ctx))

			m := receiveAll(t, c, dlqURL, 1)[0]
			var ev switchyard.Event
			require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &ev))
			require.Equal(t, put.Entries[0].EventID, ev.ID)
			require.JSONEq(t, `{"id":42}`, string(ev.Detail))

			attr := func(k string) string {
				v, ok := m.MessageAttributes[k]
				if !ok {
					return ""
				}
				require.Equal(t, "String", aws.ToString(v.DataType), k)
				return aws.ToString(v.StringValue)
			}
			require.Equal(t, rule.RuleARN, attr("RULE_ARN"))
			require.Equal(t, tc.targetARN, attr("TARGET_ARN"))
			require.Contains(t, tc.wantCodes, attr("ERROR_CODE"))
			require.Contains(t, attr("ERROR_MESSAGE"), tc.wantInMessage)
			require.Equal(t, "0", attr("RETRY_ATTEMPTS"))
			require.Equal(t, tc.wantCondition, attr("EXHAUSTED_RETRY_CONDITION"))
			if tc.wantCondition == "" {
				require.NotContains(t, m.MessageAttributes, "EXHAUSTED_RETRY_CONDITION")
			}
		})
	}
}

func TestResolverDeadLetterMustBeStandardSQS(t *testing.T) {
	ctx := ctxT(t)
	res := awstarget.NewResolver(awsConfig("http://127.0.0.1:1"))
	_, err := res.DeadLetter(ctx, arnOf("sns", "alerts"))
	require.ErrorIs(t, err, awstarget.ErrUnsupportedARN)
	_, err = res.DeadLetter(ctx, arnOf("sqs", "dlq.fifo"))
	require.ErrorIs(t, err, awstarget.ErrUnsupportedARN)
	tgt, err := res.DeadLetter(ctx, arnOf("sqs", "dlq"))
	require.NoError(t, err)
	require.IsType(t, &awstarget.SQS{}, tgt)
}
