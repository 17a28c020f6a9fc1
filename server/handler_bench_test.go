package server_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/server"
)

// BenchmarkHandlerPutEvents is the server's own cost per PutEvents request
// of 10 ~1 KB events, without the network: decode, bus.PutEvents (routing
// to one rule), encode. Deliveries are drained at the end.
func BenchmarkHandlerPutEvents(b *testing.B) {
	ctx := context.Background()
	bb, _ := benchBus(b)
	s, err := server.New(ctx, server.Backends{Bus: bb}, server.WithDefaultCaller(switchyard.Caller{Account: testKey.AccountID, Region: "us-east-1"}))
	require.NoError(b, err)
	body := putEventsBody()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set("X-Amz-Target", "AWSEvents.PutEvents")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Body.String())
		}
	}
	require.NoError(b, bb.Flush(ctx))
	b.ReportMetric(float64(b.N*10)/b.Elapsed().Seconds(), "events/s")
}
