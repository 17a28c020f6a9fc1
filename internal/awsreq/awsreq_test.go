package awsreq

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

// AWS's request validation wording ("1 validation error detected: Value
// ... at ... failed to satisfy constraint: Member must ...", as recorded in
// shared/aws-archive-replay-schedule.md and putevents.jsonl).
func TestViolations(t *testing.T) {
	var v Violations
	require.NoError(t, v.Err())
	v.Name("bad name", "name", 64)
	err := v.Err()
	require.ErrorIs(t, err, switchyard.ErrValidation)
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

func TestErrorf(t *testing.T) {
	err := Errorf(switchyard.CodeResourceNotFound, "Rule %s does not exist on EventBus %s.", "r", "default")
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound)
	require.Equal(t, "ResourceNotFoundException: Rule r does not exist on EventBus default.", err.Error())
	wrapped := Errorf(switchyard.CodeValidation, "bad: %w", errNope)
	require.ErrorIs(t, wrapped, errNope)
}

var errNope = errorString("nope")

type errorString string

func (e errorString) Error() string { return string(e) }
