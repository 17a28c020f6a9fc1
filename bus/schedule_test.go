package bus

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

// utc is a UTC time at whole minutes, to keep the tables short.
func utc(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

func mustParse(t *testing.T, expr string) *Schedule {
	t.Helper()
	s, err := ParseSchedule(expr)
	require.NoError(t, err, expr)
	return s
}

// requireInvalid checks the error EventBridge gives for a bad schedule
// (recorded against AWS: ValidationException, "Parameter ScheduleExpression
// is not valid.") and returns the wrapped detail.
func requireInvalid(t *testing.T, expr string) *ScheduleError {
	t.Helper()
	s, err := ParseSchedule(expr)
	require.Error(t, err, "%q must be rejected", expr)
	require.Nil(t, s)
	require.ErrorIs(t, err, switchyard.ErrValidation)
	var ebErr *switchyard.Error
	require.ErrorAs(t, err, &ebErr)
	require.Equal(t, switchyard.CodeValidation, ebErr.Code)
	require.Equal(t, "Parameter ScheduleExpression is not valid.", ebErr.Message)
	var detail *ScheduleError
	require.ErrorAs(t, err, &detail)
	require.Equal(t, expr, detail.Expression)
	// Error() carries the reason too (issue 8: every validation error says why).
	require.Equal(t, "ValidationException: Parameter ScheduleExpression is not valid. ("+detail.Error()+")", err.Error())
	return detail
}

func TestParseScheduleEchoesExpression(t *testing.T) {
	// ListRules echoes ScheduleExpression verbatim (recorded against AWS).
	for _, expr := range []string{
		"rate(1 minute)", "rate(10 minutes)",
		"cron(0 2 ? * SAT *)", "cron(15 10 ? * 6L 2002-2005)", "cron(0 12 ? * mon-fri *)",
	} {
		t.Run(expr, func(t *testing.T) {
			s := mustParse(t, expr)
			require.Equal(t, expr, s.String())
		})
	}
}

func TestParseScheduleRejectsOtherForms(t *testing.T) {
	for _, expr := range []string{
		// " rate(10 minutes)" was rejected by AWS (LocalStack
		// test_events_schedule.py, validated 14-05-2024).
		"", " rate(10 minutes)", "rate(10 minutes) ", "RATE(1 minute)", "Cron(0 12 * * ? *)",
		"at(2026-01-01T00:00:00)", "cron", "rate", "0 12 * * ? *", "cron(0 12 * * ? *",
		"rate(1 minute", "cron 0 12 * * ? *",
	} {
		t.Run(expr, func(t *testing.T) {
			requireInvalid(t, expr)
		})
	}
}

func TestScheduleErrorMessage(t *testing.T) {
	tests := []struct {
		err  ScheduleError
		want string
	}{
		{ScheduleError{Kind: "cron", Field: "day-of-month", Reason: `"32" out of range 1-31`},
			`cron: day-of-month: "32" out of range 1-31`},
		{ScheduleError{Kind: "rate", Reason: `must end with ")"`}, `rate: must end with ")"`},
		{ScheduleError{Reason: "must be rate or cron"}, "schedule: must be rate or cron"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.err.Error())
	}

	detail := requireInvalid(t, "cron(0 0 32 * ? *)")
	require.Equal(t, `cron: day-of-month: "32" out of range 1-31`, detail.Error())
}

func TestNilAndZeroSchedule(t *testing.T) {
	var nilSched *Schedule
	require.Equal(t, "", nilSched.String())
	require.True(t, nilSched.Next(utc(2026, 1, 1, 0, 0)).IsZero())
	require.True(t, nilSched.NextAfter(utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 0, 0)).IsZero())
	require.False(t, nilSched.IsRate())

	var zero Schedule
	require.True(t, zero.Next(utc(2026, 1, 1, 0, 0)).IsZero())
	require.True(t, zero.NextAfter(utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 0, 0)).IsZero())
}

func TestScheduleIsRate(t *testing.T) {
	require.True(t, mustParse(t, "rate(5 minutes)").IsRate())
	require.False(t, mustParse(t, "cron(0 12 * * ? *)").IsRate())
}

func TestNextAfterCronNeverFiresAtOrBeforeAnchor(t *testing.T) {
	s := mustParse(t, "cron(0 * * * ? *)") // every hour on the hour
	anchor := utc(2026, 3, 10, 9, 0)       // the rule is created exactly on a firing time
	tests := []struct {
		name  string
		after time.Time
		want  time.Time
	}{
		{"after long before anchor", utc(2026, 1, 1, 0, 0), utc(2026, 3, 10, 10, 0)},
		{"after equals anchor", anchor, utc(2026, 3, 10, 10, 0)},
		{"after past anchor", utc(2026, 3, 10, 11, 30), utc(2026, 3, 10, 12, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, s.NextAfter(anchor, tt.after))
		})
	}
}

func TestNextReturnsUTC(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	after := time.Date(2026, 5, 1, 8, 30, 0, 0, tokyo) // 2026-04-30T23:30Z
	for _, expr := range []string{"cron(0 0 * * ? *)", "rate(30 minutes)"} {
		t.Run(expr, func(t *testing.T) {
			got := mustParse(t, expr).Next(after)
			require.Equal(t, time.UTC, got.Location())
			require.True(t, got.Equal(utc(2026, 5, 1, 0, 0)), "got %v", got)
		})
	}
}

func TestScheduleConcurrentUse(t *testing.T) {
	s := mustParse(t, "cron(0/5 8-17 ? * MON-FRI *)")
	want := s.Next(utc(2026, 1, 30, 17, 42))
	var wg sync.WaitGroup
	results := make([]time.Time, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = s.Next(utc(2026, 1, 30, 17, 42))
		}()
	}
	wg.Wait()
	for _, got := range results {
		require.Equal(t, want, got)
	}
	require.Equal(t, utc(2026, 1, 30, 17, 45), want)
}
