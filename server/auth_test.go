package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/server"
)

var testKey = server.Credential{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", AccountID: "111111111111"}

func TestSigV4(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	hs := newServer(t, server.WithCredentials(testKey), server.WithSigningClock(func() time.Time { return now }))
	body := `{"Name":"orders"}`

	t.Run("valid signature acts as the key's account in the scope's region", func(t *testing.T) {
		req := eventsRequest(t, hs.URL, "CreateEventBus", body)
		sign(t, req, testKey.AccessKeyID, testKey.SecretAccessKey, "eu-west-1", now)
		r := do(t, req)
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		require.Equal(t, "arn:aws:events:eu-west-1:111111111111:event-bus/orders", r.Body["EventBusArn"])
	})
	for _, tc := range []struct {
		name      string
		prepare   func(*http.Request)
		status    int
		code, msg string
	}{
		{"unsigned", func(*http.Request) {}, 403, "MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"unknown key", func(r *http.Request) { sign(t, r, "AKIDUNKNOWN", testKey.SecretAccessKey, "us-east-1", now) },
			400, "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"wrong secret", func(r *http.Request) { sign(t, r, testKey.AccessKeyID, "wrong", "us-east-1", now) },
			400, "InvalidSignatureException", "The request signature we calculated does not match"},
		{"tampered body", func(r *http.Request) {
			sign(t, r, testKey.AccessKeyID, testKey.SecretAccessKey, "us-east-1", now)
			r.Header.Set("X-Amz-Target", "AWSEvents.DeleteEventBus")
		}, 400, "InvalidSignatureException", "does not match"},
		{"16 minutes old", func(r *http.Request) {
			sign(t, r, testKey.AccessKeyID, testKey.SecretAccessKey, "us-east-1", now.Add(-16*time.Minute))
		}, 400, "InvalidSignatureException", "Signature expired: 20261129T114400Z is now earlier than 20261129T114500Z (20261129T120000Z - 15 min.)"},
		{"16 minutes ahead", func(r *http.Request) {
			sign(t, r, testKey.AccessKeyID, testKey.SecretAccessKey, "us-east-1", now.Add(16*time.Minute))
		}, 400, "InvalidSignatureException", "Signature not yet current"},
		{"malformed header", func(r *http.Request) { r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Signature=abc") },
			400, "IncompleteSignatureException", "Credential"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := eventsRequest(t, hs.URL, "CreateEventBus", `{"Name":"other"}`)
			tc.prepare(req)
			requireError(t, do(t, req), tc.status, tc.code, tc.msg)
		})
	}
	t.Run("14 minutes of skew is fine", func(t *testing.T) {
		req := eventsRequest(t, hs.URL, "ListEventBuses", `{}`)
		sign(t, req, testKey.AccessKeyID, testKey.SecretAccessKey, "us-east-1", now.Add(-14*time.Minute))
		require.Equal(t, 200, do(t, req).Status)
	})
}

func TestOpenModeAcceptsAnySignature(t *testing.T) {
	hs := newServer(t)
	req := eventsRequest(t, hs.URL, "CreateEventBus", `{"Name":"orders"}`)
	sign(t, req, "ANYKEY", "anysecret", "ap-southeast-2", time.Now())
	r := do(t, req)
	require.Equal(t, 200, r.Status, r.Raw)
	require.Equal(t, "arn:aws:events:ap-southeast-2:123456789012:event-bus/orders", r.Body["EventBusArn"],
		"the default account, in the region of the credential scope")
}
