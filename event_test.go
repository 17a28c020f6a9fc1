package switchyard

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAppendTimeMatchesLayout(t *testing.T) {
	for _, tm := range []time.Time{
		time.Unix(0, 0),
		time.Date(2026, 11, 21, 13, 5, 9, 999_999_999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2024, 2, 29, 23, 30, 0, 0, time.FixedZone("x", -5*3600)),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		require.Equal(t, tm.UTC().Format(TimeLayout), string(appendTime(nil, tm)), tm.String())
	}
}

// The envelope EventBridge delivers: these fields, in this order, resources
// never null, replay-name only on replays ("Amazon EventBridge events",
// EventBridge user guide).
func TestEventJSON(t *testing.T) {
	ev := Event{
		ID: "6a7e8feb-b491-4cf7-a9f1-bf3703467718", DetailType: "EC2 Instance State-change Notification",
		Source: "aws.ec2", Account: "111122223333", Time: time.Date(2017, 12, 22, 18, 43, 48, 0, time.UTC),
		Region: "us-west-1", Detail: json.RawMessage(`{"instance-id":"i-1","state":"running"}`),
	}
	b, err := json.Marshal(ev)
	require.NoError(t, err)
	require.Equal(t, `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1","resources":[],"detail":{"instance-id":"i-1","state":"running"}}`, string(b))

	ev.ReplayName = "rp"
	ev.Resources = []string{"arn:aws:ec2:us-west-1:111122223333:instance/i-1"}
	ev.Detail = nil
	b, err = json.Marshal(ev)
	require.NoError(t, err)
	// EventBridge writes replay-name between region and resources (issue 8).
	require.Contains(t, string(b), `"region":"us-west-1","replay-name":"rp","resources":["arn:aws:ec2:us-west-1:111122223333:instance/i-1"],"detail":{}}`)

	var back Event
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, ev.Time, back.Time)
	require.Equal(t, "rp", back.ReplayName)
	require.Equal(t, ev.Resources, back.Resources)
}

func TestAppendJSONStringEscapes(t *testing.T) {
	for _, s := range []string{"plain", `q"uote`, `back\\slash`, "new\nline\ttab\x01", "<html>&", "caf\u00e9", "\u2028\u2029", "bad\xffutf8"} {
		got := AppendJSONString(nil, s)
		var back string
		require.NoError(t, json.Unmarshal(got, &back), "%q -> %s", s, got)
		want, _ := json.Marshal(s)
		var wantBack string
		require.NoError(t, json.Unmarshal(want, &wantBack))
		require.Equal(t, wantBack, back, s)
	}
	require.Equal(t, `"<a>"`, string(AppendJSONString(nil, "<a>")), "no HTML escaping")
}

func TestErrorIsByCode(t *testing.T) {
	err := Errorf(CodeResourceNotFound, "Rule %s does not exist on EventBus %s.", "r", "default")
	require.ErrorIs(t, err, ErrResourceNotFound)
	require.NotErrorIs(t, err, ErrValidation)
	require.Equal(t, "ResourceNotFoundException: Rule r does not exist on EventBus default.", err.Error())
}

func TestEntrySize(t *testing.T) {
	// 14 bytes for Time, plus the UTF-8 lengths of Source, DetailType,
	// Detail and each Resource ("Calculating PutEvents event entry size").
	e := Entry{Source: "s", DetailType: "dt", Detail: `{"é":1}`, Resources: []string{"r1", "r22"}}
	require.Equal(t, 1+2+8+2+3, e.Size()) // "é" is two bytes
	e.Time = time.Now()
	require.Equal(t, 14+1+2+8+2+3, e.Size())
}

// AWS's request validation wording ("1 validation error detected: Value
// ... at ... failed to satisfy constraint: Member must ...", as recorded in
// shared/aws-archive-replay-schedule.md and putevents.jsonl).
func TestViolations(t *testing.T) {
	var v Violations
	require.NoError(t, v.Err())
	v.Name("bad name", "name", 64)
	err := v.Err()
	require.ErrorIs(t, err, ErrValidation)
	require.Equal(t, `ValidationException: 1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`, err.Error())

	v = nil
	v.Length(strings.Repeat("x", 65), "name", 1, 64)
	v.Required("eventSourceArn")
	v.Limit(101)
	require.Contains(t, v.Err().Error(), "3 validation errors detected: Value 'xxx")
	require.Contains(t, v.Err().Error(), "; Value null at 'eventSourceArn' failed to satisfy constraint: Member must not be null; ")

	require.True(t, IsEventsARN("arn:aws:events:us-east-1:123456789012:archive/a"))
	require.False(t, IsEventsARN("arn:aws:sqs:us-east-1:123456789012:q"))
}

func TestCallerRoundTrip(t *testing.T) {
	ctx := context.Background()
	_, ok := CallerFrom(ctx)
	require.False(t, ok)
	c := Caller{Account: "111111111111", Region: "eu-west-1"}
	got, ok := CallerFrom(WithCaller(ctx, c))
	require.True(t, ok)
	require.Equal(t, c, got)
}
