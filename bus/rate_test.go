package bus

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Rate syntax: EventBridge User Guide, "Rate expressions reference"
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html):
// a positive value, unit minute|minutes|hour|hours|day|days, singular
// exactly when the value is 1.

func TestParseRateValid(t *testing.T) {
	tests := []struct {
		expr   string
		period time.Duration
	}{
		{"rate(1 minute)", time.Minute},
		{"rate(5 minutes)", 5 * time.Minute},
		{"rate(1 hour)", time.Hour},
		{"rate(12 hours)", 12 * time.Hour},
		{"rate(1 day)", 24 * time.Hour},
		{"rate(7 days)", 7 * 24 * time.Hour},
		{"rate(1440 minutes)", 24 * time.Hour},
		// Leading zeros are read as a number: 01 is 1, so singular.
		{"rate(01 minute)", time.Minute},
		{"rate(010 minutes)", 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			s := mustParse(t, tt.expr)
			require.True(t, s.IsRate())
			start := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
			require.Equal(t, start.Add(tt.period), s.Next(start))
		})
	}
}

func TestParseRateInvalid(t *testing.T) {
	tests := []struct {
		expr   string
		field  string
		reason string
	}{
		// Each of these was rejected by AWS with ValidationException
		// "Parameter ScheduleExpression is not valid." (LocalStack
		// test_events_schedule.py test_put_rule_with_invalid_schedule_rate,
		// validated against AWS 14-05-2024).
		{"rate(10 seconds)", "unit", `"seconds" is not one of minute, minutes, hour, hours, day, days`},
		{"rate(10 years)", "unit", `"years" is not one of`},
		{"rate(1 minutes)", "unit", `"minutes" must be singular for a value of 1`},
		{"rate(1 hours)", "unit", `"hours" must be singular`},
		{"rate(1 days)", "unit", `"days" must be singular`},
		{"rate(10 minute)", "unit", `"minute" must be plural for a value greater than 1`},
		{"rate(10 hour)", "unit", `"hour" must be plural`},
		{"rate(10 day)", "unit", `"day" must be plural`},
		{"rate()", "", `want "rate(value unit)"`},
		{"rate(10)", "", `want "rate(value unit)"`},
		{"rate(10 minutess)", "unit", `"minutess" is not one of`},
		{"rate(foo minutes)", "value", `"foo" is not a positive integer`},
		{"rate(0 minutes)", "value", `"0" is not a positive integer`},
		{"rate(-10 minutes)", "value", `"-10" is not a positive integer`},
		{"rate(10 MINUTES)", "unit", `"MINUTES" is not one of`},
		{"rate( 10 minutes )", "value", `"" is not a positive integer`},
		// " rate(10 minutes)" from the same list is in
		// TestParseScheduleRejectsOtherForms: with a leading blank it is
		// not a rate expression at all.
		// Further malformed forms.
		{"rate(10  minutes)", "unit", `" minutes" is not one of`},
		{"rate(10 minutes )", "unit", `"minutes " is not one of`},
		{"rate(+10 minutes)", "value", `"+10" is not a positive integer`},
		{"rate(1.5 hours)", "value", `"1.5" is not a positive integer`},
		{"rate(00 minutes)", "value", `"00" is not a positive integer`},
		{"rate(10 minutes", "", `must end with ")"`},
		{"rate(2147483648 minutes)", "value", `"2147483648" is larger than 2147483647`},
		{"rate(99999999999999999999999 days)", "value", "is larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			detail := requireInvalid(t, tt.expr)
			require.Equal(t, "rate", detail.Kind)
			require.Equal(t, tt.field, detail.Field)
			require.Contains(t, detail.Reason, tt.reason)
		})
	}
}

func TestRateNextAfter(t *testing.T) {
	// EventBridge: "A rate expression starts when you create the scheduled
	// event rule, and then it runs on a defined schedule." Firing times are
	// anchor + k·period for k >= 1.
	anchor := time.Date(2026, 3, 10, 9, 0, 30, 500_000_000, time.UTC)
	fiveMin := mustParse(t, "rate(5 minutes)")
	tests := []struct {
		name  string
		after time.Time
		want  time.Time
	}{
		{"long before the anchor", anchor.Add(-48 * time.Hour), anchor.Add(5 * time.Minute)},
		{"at the anchor: no firing at creation", anchor, anchor.Add(5 * time.Minute)},
		{"just before the first firing", anchor.Add(5*time.Minute - time.Nanosecond), anchor.Add(5 * time.Minute)},
		{"exactly at a firing is not strictly after", anchor.Add(5 * time.Minute), anchor.Add(10 * time.Minute)},
		{"sub-second past a firing", anchor.Add(10*time.Minute + time.Millisecond), anchor.Add(15 * time.Minute)},
		{"sub-second before the anchor's fraction", anchor.Add(10*time.Minute - 400*time.Millisecond), anchor.Add(10 * time.Minute)},
		{"after missed firings stays on the grid", anchor.Add(7*time.Hour + 2*time.Minute), anchor.Add(7*time.Hour + 5*time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fiveMin.NextAfter(anchor, tt.after)
			require.Equal(t, tt.want, got)
			require.True(t, got.After(tt.after))
		})
	}
}

func TestRateNextWalksFromPreviousFiring(t *testing.T) {
	s := mustParse(t, "rate(1 hour)")
	at := time.Date(2026, 12, 31, 22, 15, 0, 0, time.UTC)
	var got []time.Time
	for range 3 {
		at = s.Next(at)
		got = append(got, at)
	}
	require.Equal(t, []time.Time{
		time.Date(2026, 12, 31, 23, 15, 0, 0, time.UTC),
		time.Date(2027, 1, 1, 0, 15, 0, 0, time.UTC),
		time.Date(2027, 1, 1, 1, 15, 0, 0, time.UTC),
	}, got)
}

func TestRateLongPeriods(t *testing.T) {
	// A period beyond time.Duration's ~292 years is still computed exactly.
	s := mustParse(t, "rate(2147483647 days)")
	anchor := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	got := s.NextAfter(anchor, anchor)
	require.Equal(t, anchor.Unix()+2147483647*86400, got.Unix())
	require.True(t, got.After(anchor))

	// Far past anything time.Time represents sensibly, there is no next.
	farAnchor := time.Unix(maxUnix-10, 0)
	require.True(t, s.NextAfter(farAnchor, farAnchor).IsZero())
	minute := mustParse(t, "rate(1 minute)")
	require.True(t, minute.NextAfter(time.Unix(0, 0), time.Unix(maxUnix+5, 0)).IsZero())
}
