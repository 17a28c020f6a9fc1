package main

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/audit"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
	"github.com/switchyard-go/switchyard/server"
)

// Test credentials: two accounts.
var (
	keyA = server.Credential{AccessKeyID: "AKIAAAAAAAAAAAAAAAAA", SecretAccessKey: "secret-a", AccountID: "111111111111"}
	keyB = server.Credential{AccessKeyID: "AKIABBBBBBBBBBBBBBBB", SecretAccessKey: "secret-b", AccountID: "222222222222"}
)

// testServer is an in-process server over in-memory backends.
type testServer struct {
	url      string
	backends server.Backends
}

func startServer(t *testing.T, opts ...server.Option) *testServer {
	t.Helper()
	b, err := bus.New()
	require.NoError(t, err)
	arch, err := archive.NewArchives(b)
	require.NoError(t, err)
	rp, err := replay.New(b, arch)
	require.NoError(t, err)
	lake, err := audit.New()
	require.NoError(t, err)
	backends := server.Backends{Bus: b, Archives: arch, Replays: rp, Audit: lake}
	s, err := server.New(context.Background(), backends, opts...)
	require.NoError(t, err)
	hs := httptest.NewServer(s)
	t.Cleanup(func() {
		hs.Close()
		ctx := context.Background()
		_ = rp.Close(ctx)
		_ = b.Close(ctx)
		_ = arch.Close(ctx)
		_ = lake.Close(ctx)
		_ = s.Close()
	})
	return &testServer{url: hs.URL, backends: backends}
}

func awsConfig(url string, key server.Credential, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(key.AccessKeyID, key.SecretAccessKey, ""),
		BaseEndpoint: aws.String(url),
		// No retries: a test wants the first answer.
		RetryMaxAttempts: 1,
	}
}

func eventsClient(url string, key server.Credential, region string) *eventbridge.Client {
	return eventbridge.NewFromConfig(awsConfig(url, key, region))
}

func cloudTrailClient(url string, key server.Credential, region string) *cloudtrail.Client {
	return cloudtrail.NewFromConfig(awsConfig(url, key, region))
}
