package awstarget

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard"
)

func TestSplit(t *testing.T) {
	sizes := []int{5, 5, 5, 20, 1, 1, 1}
	size := func(i int) int { return sizes[i] }
	cases := []struct {
		name            string
		n, count, bytes int
		want            []span
	}{
		{"empty", 0, 10, 100, nil},
		{"by count", 7, 3, 1000, []span{{0, 3}, {3, 6}, {6, 7}}},
		{"by bytes", 7, 10, 12, []span{{0, 2}, {2, 3}, {3, 4}, {4, 7}}},
		{"oversized item alone", 4, 10, 10, []span{{0, 2}, {2, 3}, {3, 4}}},
		{"exact fit", 3, 10, 15, []span{{0, 3}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, split(tc.n, tc.count, tc.bytes, size))
		})
	}
}

func TestParseARN(t *testing.T) {
	cases := []struct {
		arn, service, name, err string
	}{
		{"arn:aws:sqs:us-east-1:123456789012:orders", svcSQS, "orders", ""},
		{"arn:aws:sqs:us-east-1:123456789012:orders.fifo", svcSQS, "orders.fifo", ""},
		{"arn:aws:sns:eu-west-1:123456789012:alerts", svcSNS, "alerts", ""},
		{"arn:aws:lambda:us-east-1:123456789012:function:resize", svcLambda, "resize", ""},
		{"arn:aws:lambda:us-east-1:123456789012:function:resize:live", svcLambda, "resize:live", ""},
		{"arn:aws:kinesis:us-east-1:123456789012:stream/clicks", svcKinesis, "clicks", ""},
		{"arn:aws:firehose:us-east-1:123456789012:deliverystream/audit", svcFirehose, "audit", ""},
		{"arn:aws:states:us-east-1:123456789012:stateMachine:orders", svcStates, "orders", ""},
		{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/orders:*", svcLogs, "/aws/events/orders", ""},
		{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/orders", svcLogs, "/aws/events/orders", ""},
		{"arn:aws:events:us-east-1:123456789012:event-bus/default", svcEvents, "default", ""},
		{"arn:aws-cn:sqs:cn-north-1:123456789012:q", svcSQS, "q", ""},
		{"not an arn", svcSQS, "", "arn: invalid prefix"},
		{"arn:aws:sns:us-east-1:123456789012:alerts", svcSQS, "", `names a "sns" resource, want "sqs"`},
		{"arn:aws:sqs::123456789012:q", svcSQS, "", "region and account ID are required"},
		{"arn:aws:sqs:us-east-1::q", svcSQS, "", "region and account ID are required"},
		{"arn:aws:sqs:us-east-1:123456789012:a/b", svcSQS, "", "is not a queue"},
		{"arn:aws:kinesis:us-east-1:123456789012:clicks", svcKinesis, "", "is not a stream (stream/NAME)"},
		{"arn:aws:lambda:us-east-1:123456789012:layer:x", svcLambda, "", "is not a function"},
		{"arn:aws:events:us-east-1:123456789012:rule/r", svcEvents, "", "is not an event bus"},
		{"arn:aws:logs:us-east-1:123456789012:log-group:", svcLogs, "", "is not a log group"},
	}
	for _, tc := range cases {
		t.Run(tc.arn, func(t *testing.T) {
			a, err := parseARN(tc.arn, tc.service)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.name, a.name)
			require.Equal(t, tc.arn, a.raw)
		})
	}
}

func FuzzParseARN(f *testing.F) {
	for _, s := range []string{
		"arn:aws:sqs:us-east-1:123456789012:orders", "arn:aws:logs:us-east-1:1:log-group:a:*",
		"arn:aws:lambda:r:1:function:f:q", "arn:::::", "arn:aws:events:r:1:event-bus/",
	} {
		f.Add(s)
	}
	services := []string{svcSQS, svcSNS, svcLambda, svcKinesis, svcFirehose, svcStates, svcLogs, svcEvents}
	f.Fuzz(func(t *testing.T, s string) {
		for _, svc := range services {
			a, err := parseARN(s, svc)
			if err != nil {
				continue
			}
			// Accepted ARNs name a non-empty resource of the right service.
			if a.name == "" || a.Service != svc || a.Region == "" || a.AccountID == "" {
				t.Fatalf("parseARN(%q, %q) accepted %+v", s, svc, a)
			}
		}
	})
}

func TestLogEvent(t *testing.T) {
	at := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	ev := &switchyard.Event{ID: "id", Time: at}
	cases := []struct {
		name, payload, msg string
		ms                 int64
		err                string
	}{
		{"whole event", `{"version":"0","id":"id"}`, `{"version":"0","id":"id"}`, at.UnixMilli(), ""},
		{"plain text", `hello`, `hello`, at.UnixMilli(), ""},
		{"template, RFC 3339", `{"timestamp":"2026-11-21T11:00:00Z","message":"m"}`, "m", at.Add(-time.Hour).UnixMilli(), ""},
		{"template, milliseconds", `{"message":"m","timestamp":1700000000123}`, "m", 1700000000123, ""},
		{"template, object message", `{"timestamp":1,"message":{"a":1}}`, `{"a":1}`, 1, ""},
		{"three keys: not the template", `{"timestamp":1,"message":"m","x":1}`, `{"timestamp":1,"message":"m","x":1}`, at.UnixMilli(), ""},
		{"bad timestamp", `{"timestamp":"yesterday","message":"m"}`, "", 0, "neither milliseconds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := logEvent(&switchyard.Delivery{Event: ev, Payload: []byte(tc.payload)})
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				require.Equal(t, CodeInvalidJSON, ErrorCode(err))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.msg, *got.Message)
			require.Equal(t, tc.ms, *got.Timestamp)
		})
	}
}

func FuzzLogEvent(f *testing.F) {
	for _, s := range []string{`{"timestamp":1,"message":"m"}`, `{"timestamp":"2026-01-01T00:00:00Z","message":{}}`, `{`, `x`, `{"a":1,"b":2}`} {
		f.Add([]byte(s))
	}
	ev := &switchyard.Event{ID: "id", Time: time.Unix(1700000000, 0)}
	f.Fuzz(func(t *testing.T, payload []byte) {
		got, err := logEvent(&switchyard.Delivery{Event: ev, Payload: payload})
		if err != nil {
			if ErrorCode(err) != CodeInvalidJSON {
				t.Fatalf("error %v without INVALID_JSON", err)
			}
			return
		}
		// Never an empty log event from a non-empty payload, never a lost
		// payload: the message is the payload unless it was the template.
		var shaped map[string]json.RawMessage
		isTemplate := json.Unmarshal(payload, &shaped) == nil && len(shaped) == 2 && shaped["message"] != nil && shaped["timestamp"] != nil
		if !isTemplate && *got.Message != string(payload) {
			t.Fatalf("message %q, payload %q", *got.Message, payload)
		}
		if isTemplate {
			// A string message is unescaped; any other is kept as JSON text.
			want := string(shaped["message"])
			var str string
			if json.Unmarshal(shaped["message"], &str) == nil {
				want = str
			}
			if *got.Message != want {
				t.Fatalf("message %q from template %q", *got.Message, payload)
			}
		}
	})
}
