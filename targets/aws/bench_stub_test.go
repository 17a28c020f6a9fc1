package awstarget_test

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// sqsStub is an HTTP server that answers the SQS JSON protocol's
// GetQueueUrl, SendMessage and SendMessageBatch with success and the body
// checksums the SDK verifies, and does nothing else: it measures the
// delivery path (bus, target, SDK, HTTP) without a service behind it.
func sqsStub(tb testing.TB) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.")
		var in struct {
			MessageBody string
			Entries     []struct{ ID, MessageBody string } `json:"Entries"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		sum := func(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }
		var out any
		switch op {
		case "GetQueueUrl":
			out = map[string]string{"QueueUrl": "http://" + r.Host + "/123456789012/bench"}
		case "SendMessage":
			out = map[string]string{"MessageId": "m", "MD5OfMessageBody": sum(in.MessageBody)}
		case "SendMessageBatch":
			ok := make([]map[string]string, len(in.Entries))
			for i, e := range in.Entries {
				ok[i] = map[string]string{"Id": e.ID, "MessageId": "m", "MD5OfMessageBody": sum(e.MessageBody)}
			}
			out = map[string]any{"Successful": ok, "Failed": []any{}}
		default:
			http.Error(w, "unexpected "+op, http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// BenchmarkPutEventsToSQSStub is BenchmarkPutEventsToSQS against sqsStub:
// the ceiling of the delivery path itself, and what batching saves when
// each request costs the same whatever it carries.
func BenchmarkPutEventsToSQSStub(b *testing.B) {
	b.Run("SendMessageBatch", func(b *testing.B) { benchSQSAt(b, sqsStub(b), true) })
	b.Run("SendMessage", func(b *testing.B) { benchSQSAt(b, sqsStub(b), false) })
}
