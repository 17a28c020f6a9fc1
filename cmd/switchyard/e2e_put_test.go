package main

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/stretchr/testify/require"
)

// putOrders puts n events to the default bus and requires them accepted.
func putOrders(t *testing.T, eb *eventbridge.Client, n int) {
	t.Helper()
	for range n {
		out, err := eb.PutEvents(context.Background(), &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{{
			Source: aws.String("com.mycompany.myapp"), DetailType: aws.String("order"), Detail: aws.String(`{"total":5}`)}}})
		require.NoError(t, err)
		require.Zero(t, out.FailedEntryCount)
	}
}
