package awstarget_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard/target"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// errorServer answers every request with status and an AWS JSON error body
// of the given code, the way JSON-protocol services (SQS, Kinesis,
// Firehose, Step Functions, CloudWatch Logs, EventBridge) answer errors.
func errorServer(t *testing.T, status int, code string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Errortype", code)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"__type":"`+code+`","message":"injected `+code+`"}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// EventBridge user guide, "Event retry policy and using dead-letter
// queues": throttling and transient (5xx) errors are retried; a missing
// resource or missing permissions are not, and go to the dead-letter queue.
func TestClassification(t *testing.T) {
	cases := []struct {
		status    int
		code      string
		want      string
		permanent bool
	}{
		{400, "ThrottlingException", awstarget.CodeThrottling, false},
		{400, "ProvisionedThroughputExceededException", awstarget.CodeThrottling, false},
		{429, "TooManyRequestsException", awstarget.CodeThrottling, false},
		{400, "AWS.SimpleQueueService.RequestThrottled", awstarget.CodeThrottling, false},
		{500, "InternalFailure", awstarget.CodeErrorFromTarget, false},
		{503, "ServiceUnavailable", awstarget.CodeThrottling, false},
		{502, "", awstarget.CodeErrorFromTarget, false},
		{400, "SomethingNew", awstarget.CodeErrorFromTarget, false},
		{403, "AccessDeniedException", awstarget.CodeNoPermissions, true},
		{400, "UnrecognizedClientException", awstarget.CodeNoPermissions, true},
		{400, "KMSAccessDeniedException", awstarget.CodeNoPermissions, true},
		{400, "ResourceNotFoundException", awstarget.CodeNoResource, true},
		{400, "AWS.SimpleQueueService.NonExistentQueue", awstarget.CodeNoResource, true},
		{400, "StateMachineDoesNotExist", awstarget.CodeNoResource, true},
		{400, "ValidationException", awstarget.CodeInvalidParameter, true},
		{400, "InvalidMessageContents", awstarget.CodeInvalidParameter, true},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			ctx := ctxT(t)
			res := awstarget.NewResolver(awsConfig(errorServer(t, tc.status, tc.code)))
			for _, arn := range []string{
				arnOf("kinesis", "stream/s"), arnOf("firehose", "deliverystream/f"),
				arnOf("states", "stateMachine:m"), arnOf("events", "event-bus/b"),
			} {
				tgt, err := res.Resolve(ctx, arn)
				require.NoError(t, err)
				err = tgt.Deliver(ctx, delivery(`{}`))
				require.Error(t, err, arn)
				require.Equal(t, tc.want, awstarget.ErrorCode(err), "%s: %v", arn, err)
				require.Equal(t, tc.permanent, target.IsPermanent(err), "%s: %v", arn, err)
				var e *awstarget.Error
				require.ErrorAs(t, err, &e)
				if tc.code != "" && tc.code != "KMSAccessDeniedException" { // the SDKs rename these two
					require.Equal(t, tc.code, e.AWSCode)
				}
				require.Equal(t, tc.want, e.DeadLetterCode())
				if tc.code != "" {
					var api smithy.APIError
					require.ErrorAs(t, err, &api, "the SDK's error stays reachable")
				}
			}
		})
	}
}

// An endpoint nobody listens on is a client-side failure, retried.
func TestClassificationUnreachable(t *testing.T) {
	ctx := ctxT(t)
	port, err := freePort() // free, so nothing answers there
	require.NoError(t, err)
	res := awstarget.NewResolver(awsConfig("http://127.0.0.1:" + itoa(port)))
	tgt, err := res.Resolve(ctx, arnOf("sqs", "q"))
	require.NoError(t, err)
	err = tgt.Deliver(ctx, delivery(`{}`))
	require.Equal(t, awstarget.CodeSDKClientError, awstarget.ErrorCode(err), "%v", err)
	require.False(t, target.IsPermanent(err))
}

// A cancelled delivery is left as the context's error, so the bus reports
// it as TIMEOUT.
func TestClassificationContext(t *testing.T) {
	ctx := ctxT(t)
	res := awstarget.NewResolver(awsConfig(errorServer(t, 500, "InternalFailure")))
	tgt, err := res.Resolve(ctx, arnOf("kinesis", "stream/s"))
	require.NoError(t, err)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err = tgt.Deliver(cctx, delivery(`{}`))
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
	require.Empty(t, awstarget.ErrorCode(err))
}

// SNS speaks the query protocol: errors are XML. Throttling is retried,
// AuthorizationError (SNS's access denied) and NotFound are permanent.
func TestClassificationSNSQueryProtocol(t *testing.T) {
	cases := []struct {
		status    int
		code      string
		want      string
		permanent bool
	}{
		{400, "Throttling", awstarget.CodeThrottling, false},
		{403, "AuthorizationError", awstarget.CodeNoPermissions, true},
		{404, "NotFound", awstarget.CodeNoResource, true},
		{400, "InvalidParameter", awstarget.CodeInvalidParameter, true},
		{500, "InternalError", awstarget.CodeErrorFromTarget, false},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/xml")
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>`+
					tc.code+`</Code><Message>injected</Message></Error><RequestId>r</RequestId></ErrorResponse>`)
			}))
			defer srv.Close()
			ctx := ctxT(t)
			tgt, err := awstarget.NewResolver(awsConfig(srv.URL)).Resolve(ctx, arnOf("sns", "alerts"))
			require.NoError(t, err)
			err = tgt.Deliver(ctx, delivery(`{}`))
			require.Equal(t, tc.want, awstarget.ErrorCode(err), "%v", err)
			require.Equal(t, tc.permanent, target.IsPermanent(err), "%v", err)
		})
	}
}
