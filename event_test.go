package switchyard

import (
	"context"
	"encoding/json"
	"errors"
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

func TestErrorIsByCode(t *testing.T) {
	err := &Error{Code: CodeResourceNotFound, Message: "Rule r does not exist on EventBus default."}
	require.ErrorIs(t, err, ErrResourceNotFound)
	require.NotErrorIs(t, err, ErrValidation)
	require.Equal(t, "ResourceNotFoundException: Rule r does not exist on EventBus default.", err.Error())
}

// Error() gives the cause too, unless the message already says it (issue
// 8: every validation error includes its reason).
func TestErrorIncludesCause(t *testing.T) {
	cause := errors.New(`cron: day-of-month: "32" out of range 1-31`)
	err := &Error{Code: CodeValidation, Message: "Parameter ScheduleExpression is not valid.", Err: cause}
	require.Equal(t, `ValidationException: Parameter ScheduleExpression is not valid. (cron: day-of-month: "32" out of range 1-31)`, err.Error())
	require.ErrorIs(t, err, cause)
	err = &Error{Code: CodeValidation, Message: "Event pattern is not valid. Reason: " + cause.Error(), Err: cause}
	require.Equal(t, "ValidationException: Event pattern is not valid. Reason: "+cause.Error(), err.Error())
}

func TestEntrySize(t *testing.T) {
	// 14 bytes for Time, plus the UTF-8 lengths of Source, DetailType,
	// Detail and each Resource ("Calculating PutEvents event entry size").
	e := Entry{Source: "s", DetailType: "dt", Detail: `{"é":1}`, Resources: []string{"r1", "r22"}}
	require.Equal(t, 1+2+8+2+3, e.Size()) // "é" is two bytes
	e.Time = time.Now()
	require.Equal(t, 14+1+2+8+2+3, e.Size())
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
