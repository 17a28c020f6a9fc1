package bus

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Cron syntax and examples: EventBridge User Guide, "Cron expressions
// reference",
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html.
// Accepted and rejected expressions marked "AWS" were recorded against real
// EventBridge (LocalStack test_events_schedule.py, TestScheduleCron, whose
// tests are validated against AWS).

// friday is Friday 2026-01-30 17:42:10 UTC, the start of most sequences.
var friday = time.Date(2026, 1, 30, 17, 42, 10, 0, time.UTC)

// walk returns the first n firing times after start, calling Next on each
// result in turn; it stops early at a zero time.
func walk(s *Schedule, start time.Time, n int) []time.Time {
	var out []time.Time
	at := start
	for range n {
		at = s.Next(at)
		if at.IsZero() {
			break
		}
		out = append(out, at)
	}
	return out
}

func TestCronNext(t *testing.T) {
	tests := []struct {
		name  string
		expr  string
		start time.Time
		want  []time.Time // the complete answer of walk(start, len(want)+1) when it ends early
		ends  bool        // the schedule has no firing after the last one in want
	}{
		// The examples of the user guide; all also accepted by AWS.
		{"10:00 every day", "cron(0 10 * * ? *)", friday, []time.Time{
			utc(2026, 1, 31, 10, 0), utc(2026, 2, 1, 10, 0), utc(2026, 2, 2, 10, 0)}, false},
		{"12:15 every day", "cron(15 12 * * ? *)", friday, []time.Time{
			utc(2026, 1, 31, 12, 15), utc(2026, 2, 1, 12, 15)}, false},
		{"18:00 Monday to Friday", "cron(0 18 ? * MON-FRI *)", friday, []time.Time{
			utc(2026, 1, 30, 18, 0), utc(2026, 2, 2, 18, 0), utc(2026, 2, 3, 18, 0)}, false},
		{"08:00 on the 1st", "cron(0 8 1 * ? *)", friday, []time.Time{
			utc(2026, 2, 1, 8, 0), utc(2026, 3, 1, 8, 0), utc(2026, 4, 1, 8, 0)}, false},
		{"every 15 minutes", "cron(0/15 * * * ? *)", friday, []time.Time{
			utc(2026, 1, 30, 17, 45), utc(2026, 1, 30, 18, 0), utc(2026, 1, 30, 18, 15)}, false},
		{"every 10 minutes on weekdays", "cron(0/10 * ? * MON-FRI *)", time.Date(2026, 1, 30, 23, 45, 0, 0, time.UTC), []time.Time{
			utc(2026, 1, 30, 23, 50), utc(2026, 2, 2, 0, 0), utc(2026, 2, 2, 0, 10)}, false},
		{"every 5 minutes 8:00-17:55 on weekdays", "cron(0/5 8-17 ? * MON-FRI *)", friday, []time.Time{
			utc(2026, 1, 30, 17, 45), utc(2026, 1, 30, 17, 50), utc(2026, 1, 30, 17, 55),
			utc(2026, 2, 2, 8, 0), utc(2026, 2, 2, 8, 5)}, false},
		{"first Monday 09:00", "cron(0 9 ? * 2#1 *)", friday, []time.Time{
			utc(2026, 2, 2, 9, 0), utc(2026, 3, 2, 9, 0), utc(2026, 4, 6, 9, 0)}, false},
		{"every 30 minutes 20:00-23:59 on weekdays", "cron(0/30 20-23 ? * MON-FRI *)", friday, []time.Time{
			utc(2026, 1, 30, 20, 0), utc(2026, 1, 30, 20, 30), utc(2026, 1, 30, 21, 0),
			utc(2026, 1, 30, 21, 30), utc(2026, 1, 30, 22, 0), utc(2026, 1, 30, 22, 30),
			utc(2026, 1, 30, 23, 0), utc(2026, 1, 30, 23, 30), utc(2026, 2, 2, 20, 0)}, false},
		{"every 30 minutes 00:00-02:59 on weekdays", "cron(0/30 0-2 ? * MON-FRI *)", friday, []time.Time{
			utc(2026, 2, 2, 0, 0), utc(2026, 2, 2, 0, 30), utc(2026, 2, 2, 1, 0),
			utc(2026, 2, 2, 1, 30), utc(2026, 2, 2, 2, 0), utc(2026, 2, 2, 2, 30), utc(2026, 2, 3, 0, 0)}, false},
		{"02:00 on Saturdays", "cron(0 2 ? * SAT *)", friday, []time.Time{
			utc(2026, 1, 31, 2, 0), utc(2026, 2, 7, 2, 0)}, false},
		{"14:05 and 14:35", "cron(5,35 14 * * ? *)", friday, []time.Time{
			utc(2026, 1, 31, 14, 5), utc(2026, 1, 31, 14, 35), utc(2026, 2, 1, 14, 5)}, false},
		{"third Saturday 02:00", "cron(0 2 ? * SAT#3 *)", friday, []time.Time{
			utc(2026, 2, 21, 2, 0), utc(2026, 3, 21, 2, 0), utc(2026, 4, 18, 2, 0)}, false},
		{"every minute of the third Saturday", "cron(* * ? * SAT#3 *)", friday, []time.Time{
			utc(2026, 2, 21, 0, 0), utc(2026, 2, 21, 0, 1), utc(2026, 2, 21, 0, 2)}, false},
		{"third Saturday rolls to next month after its last minute", "cron(* * ? * SAT#3 *)", utc(2026, 2, 21, 23, 59), []time.Time{
			utc(2026, 3, 21, 0, 0)}, false},
		{"last Friday 10:15 in 2002-2005", "cron(15 10 ? * 6L 2002-2005)", utc(2002, 1, 1, 0, 0), []time.Time{
			utc(2002, 1, 25, 10, 15), utc(2002, 2, 22, 10, 15)}, false},
		{"last Friday 10:15 ends with 2005", "cron(15 10 ? * 6L 2002-2005)", utc(2005, 12, 1, 0, 0), []time.Time{
			utc(2005, 12, 30, 10, 15)}, true},
		{"AWS accepts a past year range; it never fires", "cron(15 10 ? * 6L 2002-2005)", friday, nil, true},
		{"every 5 minutes at 05h, Sun-Thu of January 2022", "cron(0/5 5 ? JAN 1-5 2022)", utc(2022, 1, 1, 0, 0), []time.Time{
			utc(2022, 1, 2, 5, 0), utc(2022, 1, 2, 5, 5)}, false},
		{"January 2022 rolls from 05:55 to the next matching day", "cron(0/5 5 ? JAN 1-5 2022)", utc(2022, 1, 2, 5, 55), []time.Time{
			utc(2022, 1, 3, 5, 0)}, false},

		// L: last day of the month, L-n: n days before it.
		{"last day of the month", "cron(0 0 L * ? *)", friday, []time.Time{
			utc(2026, 1, 31, 0, 0), utc(2026, 2, 28, 0, 0), utc(2026, 3, 31, 0, 0), utc(2026, 4, 30, 0, 0)}, false},
		{"three days before the last", "cron(0 0 L-3 * ? *)", friday, []time.Time{
			utc(2026, 2, 25, 0, 0), utc(2026, 3, 28, 0, 0), utc(2026, 4, 27, 0, 0)}, false},
		{"last day of February across a leap year", "cron(30 23 L 2 ? *)", friday, []time.Time{
			utc(2026, 2, 28, 23, 30), utc(2027, 2, 28, 23, 30), utc(2028, 2, 29, 23, 30)}, false},
		{"lower-case l", "cron(0 0 l 2 ? *)", friday, []time.Time{utc(2026, 2, 28, 0, 0)}, false},

		// W: the weekday nearest the given day, within the month.
		{"15W: Sunday the 15th moves to Monday", "cron(0 12 15W * ? *)", friday, []time.Time{
			utc(2026, 2, 16, 12, 0), utc(2026, 3, 16, 12, 0), utc(2026, 4, 15, 12, 0)}, false},
		{"15W: Saturday the 15th moves to Friday", "cron(0 12 15W * ? *)", utc(2026, 7, 31, 0, 0), []time.Time{
			utc(2026, 8, 14, 12, 0)}, false},
		{"1W: Saturday the 1st moves forward to Monday the 3rd", "cron(0 12 1W * ? *)", utc(2026, 7, 15, 0, 0), []time.Time{
			utc(2026, 8, 3, 12, 0), utc(2026, 9, 1, 12, 0), utc(2026, 10, 1, 12, 0), utc(2026, 11, 2, 12, 0)}, false},
		{"31W: Sunday the 31st moves back to Friday; 30-day months are skipped", "cron(0 12 31W * ? *)", utc(2026, 5, 1, 0, 0), []time.Time{
			utc(2026, 5, 29, 12, 0), utc(2026, 7, 31, 12, 0), utc(2026, 8, 31, 12, 0)}, false},
		{"LW: last weekday of the month", "cron(0 18 LW * ? *)", friday, []time.Time{
			utc(2026, 1, 30, 18, 0), utc(2026, 2, 27, 18, 0), utc(2026, 3, 31, 18, 0),
			utc(2026, 4, 30, 18, 0), utc(2026, 5, 29, 18, 0)}, false},

		// Day-of-week L, nL and n#k.
		{"6L: last Friday", "cron(15 10 ? * 6L *)", friday, []time.Time{
			utc(2026, 2, 27, 10, 15), utc(2026, 3, 27, 10, 15), utc(2026, 4, 24, 10, 15)}, false},
		{"FRIL: last Friday by name", "cron(15 10 ? * FRIL *)", friday, []time.Time{utc(2026, 2, 27, 10, 15)}, false},
		{"L alone is Saturday", "cron(0 0 ? * L *)", friday, []time.Time{
			utc(2026, 1, 31, 0, 0), utc(2026, 2, 7, 0, 0)}, false},
		{"7 is Saturday, 1 is Sunday", "cron(30 9 ? * 1,3,5,7 *)", friday, []time.Time{
			utc(2026, 1, 31, 9, 30), utc(2026, 2, 1, 9, 30), utc(2026, 2, 3, 9, 30), utc(2026, 2, 5, 9, 30)}, false},
		{"fifth Thursday of February only in some leap years", "cron(0 0 ? 2 5#5 *)", utc(2020, 1, 1, 0, 0), []time.Time{
			utc(2024, 2, 29, 0, 0), utc(2052, 2, 29, 0, 0), utc(2080, 2, 29, 0, 0)}, false},

		// Increments, lists, names and wrapping ranges.
		{"*/20", "cron(*/20 * * * ? *)", friday, []time.Time{
			utc(2026, 1, 30, 18, 0), utc(2026, 1, 30, 18, 20)}, false},
		{"range with increment", "cron(10-40/15 * * * ? *)", friday, []time.Time{
			utc(2026, 1, 30, 18, 10), utc(2026, 1, 30, 18, 25), utc(2026, 1, 30, 18, 40), utc(2026, 1, 30, 19, 10)}, false},
		{"0-15/1 and 30-30 (AWS accepts them, LocalStack issue 13572)", "cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)", friday, []time.Time{
			utc(2026, 1, 31, 8, 0), utc(2026, 1, 31, 8, 1)}, false},
		{"day-of-month increment", "cron(0 0 1/10 * ? *)", friday, []time.Time{
			utc(2026, 1, 31, 0, 0), utc(2026, 2, 1, 0, 0), utc(2026, 2, 11, 0, 0), utc(2026, 2, 21, 0, 0), utc(2026, 3, 1, 0, 0)}, false},
		{"hours wrap past midnight with a step", "cron(0 22-2/2 * * ? *)", friday, []time.Time{
			utc(2026, 1, 30, 22, 0), utc(2026, 1, 31, 0, 0), utc(2026, 1, 31, 2, 0), utc(2026, 1, 31, 22, 0)}, false},
		{"days of week wrap past Saturday", "cron(0 12 ? * FRI-MON *)", friday, []time.Time{
			utc(2026, 1, 31, 12, 0), utc(2026, 2, 1, 12, 0), utc(2026, 2, 2, 12, 0), utc(2026, 2, 6, 12, 0)}, false},
		{"months wrap past December", "cron(0 0 1 NOV-FEB ? *)", friday, []time.Time{
			utc(2026, 2, 1, 0, 0), utc(2026, 11, 1, 0, 0), utc(2026, 12, 1, 0, 0), utc(2027, 1, 1, 0, 0), utc(2027, 2, 1, 0, 0)}, false},
		{"month names in any case", "cron(0 6 1,15 JAN,jul ? *)", friday, []time.Time{
			utc(2026, 7, 1, 6, 0), utc(2026, 7, 15, 6, 0), utc(2027, 1, 1, 6, 0)}, false},
		{"blanks between fields", "cron(0\t6  1 *  ? *)", friday, []time.Time{utc(2026, 2, 1, 6, 0)}, false},

		// Leap years and month ends.
		{"29 February", "cron(0 0 29 2 ? *)", friday, []time.Time{
			utc(2028, 2, 29, 0, 0), utc(2032, 2, 29, 0, 0)}, false},
		{"the 31st skips short months", "cron(0 0 31 * ? *)", friday, []time.Time{
			utc(2026, 1, 31, 0, 0), utc(2026, 3, 31, 0, 0), utc(2026, 5, 31, 0, 0), utc(2026, 7, 31, 0, 0)}, false},
		{"2100 is not a leap year", "cron(0 0 29 2 ? 2097-2104)", utc(2097, 1, 1, 0, 0), []time.Time{
			utc(2104, 2, 29, 0, 0)}, true},

		// Year bounds (1970-2199).
		{"year increment to the end of the range", "cron(0 0 1 1 ? 2030/10)", friday, []time.Time{
			utc(2030, 1, 1, 0, 0), utc(2040, 1, 1, 0, 0)}, false},
		{"year increment has no firing after 2190", "cron(0 0 1 1 ? 2030/10)", utc(2190, 6, 1, 0, 0), nil, true},
		{"the last minute there is", "cron(59 23 31 12 ? 2199)", friday, []time.Time{utc(2199, 12, 31, 23, 59)}, true},
		{"every minute runs out at the end of 2199", "cron(* * * * ? *)", utc(2199, 12, 31, 23, 58), []time.Time{utc(2199, 12, 31, 23, 59)}, true},
		{"after 2199 nothing fires", "cron(* * * * ? *)", utc(2200, 1, 1, 0, 0), nil, true},
		{"before 1970 the first firing is in 1970", "cron(0 0 1 1 ? *)", utc(1950, 6, 1, 0, 0), []time.Time{
			utc(1970, 1, 1, 0, 0), utc(1971, 1, 1, 0, 0)}, false},
		{"just before 1970", "cron(* * * * ? *)", time.Date(1969, 12, 31, 23, 59, 30, 0, time.UTC), []time.Time{
			utc(1970, 1, 1, 0, 0), utc(1970, 1, 1, 0, 1)}, false},

		// Valid but never firing: accepted (as EventBridge accepts a year
		// range that is over), Next is zero, and it does not loop.
		{"30 February", "cron(0 0 30 2 ? *)", friday, nil, true},
		{"31st of the 30-day months", "cron(0 0 31 4,6,9,11 ? *)", friday, nil, true},
		{"30W in February", "cron(0 0 30W 2 ? *)", friday, nil, true},
		{"L-30 in 30-day months", "cron(0 0 L-30 4,6,9,11 ? *)", friday, nil, true},
		{"fifth Thursday of February in a range without one", "cron(0 0 ? 2 5#5 2025-2051)", friday, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.expr)
			n := len(tt.want)
			if tt.ends {
				n++
			}
			got := walk(s, tt.start, n)
			if len(tt.want) == 0 {
				require.Empty(t, got)
				return
			}
			require.Equal(t, tt.want, got)
		})
	}
}

func TestCronNextStrictlyAfter(t *testing.T) {
	s := mustParse(t, "cron(0/15 * * * ? *)")
	tests := []struct {
		after time.Time
		want  time.Time
	}{
		{utc(2026, 1, 30, 17, 45), utc(2026, 1, 30, 18, 0)},
		{time.Date(2026, 1, 30, 17, 44, 59, 999_999_999, time.UTC), utc(2026, 1, 30, 17, 45)},
		{time.Date(2026, 1, 30, 17, 45, 0, 1, time.UTC), utc(2026, 1, 30, 18, 0)},
		{utc(2026, 12, 31, 23, 45), utc(2027, 1, 1, 0, 0)},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, s.Next(tt.after), "after %v", tt.after)
	}
}

func TestParseCronAccepted(t *testing.T) {
	for _, expr := range []string{
		// AWS: accepted, ListRules echoes them.
		"cron(0 2 ? * SAT *)", "cron(0 12 * * ? *)", "cron(5,35 14 * * ? *)",
		"cron(15 10 ? * 6L 2002-2005)", "cron(0 2 ? * SAT#3 *)", "cron(* * ? * SAT#3 *)",
		"cron(0/5 5 ? JAN 1-5 2022)", "cron(0 10 * * ? *)", "cron(15 12 * * ? *)",
		"cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0/15 * * * ? *)",
		"cron(0/10 * ? * MON-FRI *)", "cron(0/5 8-17 ? * MON-FRI *)",
		"cron(0/30 20-23 ? * MON-FRI *)", "cron(0/30 0-2 ? * MON-FRI *)",
		// Reported accepted by AWS (LocalStack issue 13572).
		"cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)", "cron(30-30 13-13 ? * 2,4,6 *)", "cron(1-31/30 1-1 ? * 1,7 *)",
		// Reported accepted by AWS (serverless-offline-eventBridge issue 67).
		"cron(*/1 * * * ? *)",
		// Field extremes.
		"cron(59 23 31 12 ? 2199)", "cron(0 0 1 1 ? 1970)", "cron(0 0 ? * 7#5 *)", "cron(0 0 L-30 * ? *)",
		"cron(*/59 */23 */31 */12 ? */1)", "cron(0 0 ? * SUN-SAT 1970-2199)",
		// Accepted by AWS: fields separated by ", ", each list ending with
		// a comma (issue 8).
		"cron(0/5, 9-18, ?, *, MON-FRI, *)", "cron(1, 0 1 * ? *)",
	} {
		t.Run(expr, func(t *testing.T) {
			s := mustParse(t, expr)
			require.Equal(t, expr, s.String())
			require.False(t, s.IsRate())
		})
	}
}

func TestParseCronRejected(t *testing.T) {
	tests := []struct {
		expr   string
		field  string
		reason string
	}{
		// AWS: rejected with "Parameter ScheduleExpression is not valid."
		{"cron(0 1 * * * *)", "day-of-month, day-of-week", `one of them must be "?" (got "*" and "*")`},
		{"cron(7 20 * * NOT *)", "day-of-week", `"NOT" is not a number from 1 to 7 or a name SUN-SAT`},
		{"cron(INVALID)", "", "want 6 fields (minutes hours day-of-month month day-of-week year), got 1"},
		{"cron(0 dummy ? * MON-FRI *)", "hours", `"dummy" is not a number from 0 to 23`},
		{"cron(71 8 1 * ? *)", "minutes", `"71" out of range 0-59`},
		// AWS rejects an increment as large as the field (aws-sdk-js issue 4212).
		{"cron(*/60 * * * ? *)", "minutes", `"*/60": increment must be an integer from 1 to 59`},

		// Structure.
		{"cron()", "", "got 0"},
		{"cron(0 12 * * ?)", "", "got 5"},
		{"cron(0 0 12 * * ? *)", "", "got 7"},
		{"cron( 0 12 * * ? *)", "", `no blank is allowed after "cron(" or before ")"`},
		{"cron(0 12 * * ? * )", "", `no blank is allowed`},
		{"cron(0 12 * * ? *", "", `must end with ")"`},
		{"cron(0 0 ? * ? *)", "day-of-month, day-of-week", `only one of them may be "?"`},
		{"cron(0 0 1 * MON *)", "day-of-month, day-of-week", `one of them must be "?"`},

		// Ranges of each field.
		{"cron(60 0 * * ? *)", "minutes", `"60" out of range 0-59`},
		{"cron(0 24 * * ? *)", "hours", `"24" out of range 0-23`},
		{"cron(0 0 32 * ? *)", "day-of-month", `"32" out of range 1-31`},
		{"cron(0 0 0 * ? *)", "day-of-month", `"0" out of range 1-31`},
		{"cron(0 0 1 13 ? *)", "month", `"13" out of range 1-12`},
		{"cron(0 0 1 0 ? *)", "month", `"0" out of range 1-12`},
		{"cron(0 0 ? * 0 *)", "day-of-week", `"0" out of range 1-7`},
		{"cron(0 0 ? * 8 *)", "day-of-week", `"8" out of range 1-7`},
		{"cron(0 0 1 * ? 1969)", "year", `"1969" out of range 1970-2199`},
		{"cron(0 0 1 * ? 2200)", "year", `"2200" out of range 1970-2199`},
		{"cron(0 0 1 * ? 99999999999999999999)", "year", "out of range 1970-2199"},
		{"cron(-1 0 1 * ? *)", "minutes", "missing value"},

		// Lists, ranges and increments.
		{"cron(1,,2 0 1 * ? *)", "minutes", `"1,,2" has an empty list item`},
		{"cron(5- 0 1 * ? *)", "minutes", "missing value"},
		{"cron(1-2-3 0 1 * ? *)", "minutes", `"2-3" is not a number`},
		{"cron(0/0 0 1 * ? *)", "minutes", "increment must be an integer from 1 to 59"},
		{"cron(0/ 0 1 * ? *)", "minutes", "increment must be"},
		{"cron(0/x 0 1 * ? *)", "minutes", "increment must be"},
		{"cron(0 0/24 1 * ? *)", "hours", "from 1 to 23"},
		{"cron(0 0 1/32 * ? *)", "day-of-month", "from 1 to 31"},
		{"cron(0 0 1 1/13 ? *)", "month", "from 1 to 12"},
		{"cron(0 0 ? * 1/2 *)", "day-of-week", `increments ("/") are not allowed`},
		{"cron(0 0 1 * ? 2030-2020)", "year", `range "2030-2020" ends before it starts`},
		{"cron(0 0 1 JANUARY ? *)", "month", `"JANUARY" is not a number from 1 to 12 or a name JAN-DEC`},
		{"cron(0 0 1 * ? 202O)", "year", `"202O" is not a number`},
		{"cron(0 0 1 * ? MON)", "year", `"MON" is not a number`},
		{"cron(0 0 1 MON ? *)", "month", `"MON" is not a number from 1 to 12 or a name JAN-DEC`},
		{"cron(0 0 ? * JAN *)", "day-of-week", `"JAN" is not a number from 1 to 7 or a name SUN-SAT`},
		{"cron(0 0 ? * MON-FRİ *)", "day-of-week", `"FRİ" is not a number`},
		{"cron(０ 0 1 * ? *)", "minutes", "is not a number"},

		// ? L W # in the wrong place.
		{"cron(? 0 1 * ? *)", "minutes", `"?" is allowed only as the whole day-of-month or day-of-week field`},
		{"cron(0 0 1,? * ? *)", "day-of-month", `"?" is allowed only as the whole`},
		{"cron(0 0 ? * MON,? *)", "day-of-week", `"?" is allowed only as the whole`},
		{"cron(0 0 1 * ? ?)", "year", `"?" is allowed only`},
		{"cron(L 0 1 * ? *)", "minutes", `"L" and "W" are allowed only in day-of-month and day-of-week`},
		{"cron(0 0 1 * ? L)", "year", `"L" and "W" are allowed only`},
		{"cron(0 0 1 L ? *)", "month", `"L" is not a number from 1 to 12 or a name JAN-DEC`},
		{"cron(0 0 1#2 * ? *)", "day-of-month", `"#" is allowed only in day-of-week`},
		{"cron(0 0 ? 1#2 MON *)", "month", `"#" is allowed only in day-of-week`},

		// Day-of-month L and W.
		{"cron(0 0 L-31 * ? *)", "day-of-month", `"L-31": the offset after "L-" must be an integer from 0 to 30`},
		{"cron(0 0 L- * ? *)", "day-of-month", `the offset after "L-"`},
		{"cron(0 0 L-x * ? *)", "day-of-month", `the offset after "L-"`},
		{"cron(0 0 1,L * ? *)", "day-of-month", `"L" and "W" stand alone`},
		{"cron(0 0 L,15 * ? *)", "day-of-month", `"L" and "W" stand alone`},
		{"cron(0 0 1-15W * ? *)", "day-of-month", `"1-15W": "W" follows a single day`},
		{"cron(0 0 1,15W * ? *)", "day-of-month", `"W" follows a single day`},
		{"cron(0 0 W * ? *)", "day-of-month", `"W" follows a single day`},
		{"cron(0 0 32W * ? *)", "day-of-month", `"32" out of range 1-31`},
		{"cron(0 0 W15 * ? *)", "day-of-month", `"L" and "W" stand alone`},
		{"cron(0 0 ? * LW *)", "day-of-week", `"L" stands alone or after a single day`},

		// Day-of-week L and #. The guide: "If you use a '#' character, you
		// can define only one expression in the day-of-week field. For
		// example, "3#1,6#3" is not valid".
		{"cron(0 0 ? * 3#1,6#3 *)", "day-of-week", `"3#1,6#3": with "#" the field holds one expression`},
		{"cron(0 0 ? * MON-FRI#2 *)", "day-of-week", `with "#" the field holds one expression`},
		{"cron(0 0 ? * 3#2#1 *)", "day-of-week", `with "#" the field holds one expression`},
		{"cron(0 0 ? * 3#6 *)", "day-of-week", `"3#6": the number after "#" must be from 1 to 5`},
		{"cron(0 0 ? * 3#0 *)", "day-of-week", `the number after "#" must be from 1 to 5`},
		{"cron(0 0 ? * 3# *)", "day-of-week", `the number after "#" must be from 1 to 5`},
		{"cron(0 0 ? * #2 *)", "day-of-week", "missing value"},
		{"cron(0 0 ? * 8#2 *)", "day-of-week", `"8" out of range 1-7`},
		{"cron(0 0 ? * 1-5L *)", "day-of-week", `"1-5L": "L" follows a single day`},
		{"cron(0 0 ? * 2,6L *)", "day-of-week", `"L" follows a single day`},
		{"cron(0 0 ? * 9L *)", "day-of-week", `"9" out of range 1-7`},
		{"cron(0 0 ? * L2 *)", "day-of-week", `"L" stands alone or after a single day`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			detail := requireInvalid(t, tt.expr)
			require.Equal(t, "cron", detail.Kind)
			require.Equal(t, tt.field, detail.Field)
			require.Contains(t, detail.Reason, tt.reason)
		})
	}
}

func TestBitsetNext(t *testing.T) {
	var b bitset
	for _, i := range []int{0, 63, 64, 200, 255} {
		b.add(i)
	}
	tests := []struct {
		from, want int
		ok         bool
	}{
		{-5, 0, true}, {0, 0, true}, {1, 63, true}, {64, 64, true}, {65, 200, true},
		{201, 255, true}, {255, 255, true}, {256, 0, false},
	}
	for _, tt := range tests {
		got, ok := b.next(tt.from)
		require.Equal(t, tt.ok, ok, "from %d", tt.from)
		if ok {
			require.Equal(t, tt.want, got, "from %d", tt.from)
		}
	}
}

// The property test below compares Next with a slow reference on random
// expressions. The generator builds each field from parts whose meaning it
// knows, and the reference evaluates that meaning directly, one minute at
// a time (skipping whole days that cannot match), with none of the
// parser's or Next's code.

// genField is the generator's view of one numeric field.
type genField struct {
	min, max int
	names    []string
	cyclic   bool
	slash    bool
	noStar   bool // the field really starts below min, so "*" means more than min-max
}

// genExpr is a random cron expression and what it means.
type genExpr struct {
	text                          string
	minutes, hours, months, years map[int]bool
	dayOK                         func(d time.Time) bool // the day-of-month or day-of-week rule
}

// gen returns a random list field ("*", values, ranges, increments) and
// the set of values it stands for.
func (f genField) gen(r *rand.Rand) (string, map[int]bool) {
	set := map[int]bool{}
	if !f.noStar && r.IntN(5) == 0 {
		for v := f.min; v <= f.max; v++ {
			set[v] = true
		}
		return "*", set
	}
	val := func() (int, string) {
		v := f.min + r.IntN(f.max-f.min+1)
		if f.names != nil && r.IntN(2) == 0 {
			return v, f.names[v-f.min]
		}
		return v, strconv.Itoa(v)
	}
	var items []string
	for range 1 + r.IntN(3) {
		a, at := val()
		b, bt := a, ""
		step := 1
		kind := r.IntN(5)
		if !f.slash && kind >= 3 {
			kind = r.IntN(3)
		}
		switch kind {
		case 0, 1: // a single value
			items = append(items, at)
		case 2: // a-b, wrapping only in cyclic fields
			b, bt = val()
			if !f.cyclic && b < a {
				a, b, at, bt = b, a, bt, at
			}
			items = append(items, at+"-"+bt)
		case 3: // a/n or */n
			step = 1 + r.IntN(f.max-f.min)
			b = f.max
			if !f.noStar && r.IntN(2) == 0 {
				a, at = f.min, "*"
			}
			if f.noStar {
				// "a/n" would run to the real end of the field.
				items = append(items, at+"-"+strconv.Itoa(f.max)+"/"+strconv.Itoa(step))
			} else {
				items = append(items, at+"/"+strconv.Itoa(step))
			}
		case 4: // a-b/n
			b, bt = val()
			if !f.cyclic && b < a {
				a, b, at, bt = b, a, bt, at
			}
			step = 1 + r.IntN(f.max-f.min)
			items = append(items, at+"-"+bt+"/"+strconv.Itoa(step))
		}
		// The values a range covers, in order, wrapping past max; then
		// every step-th of them.
		var seq []int
		for v := a; ; {
			seq = append(seq, v)
			if v == b {
				break
			}
			if v++; v > f.max {
				v = f.min
			}
		}
		for i := 0; i < len(seq); i += step {
			set[seq[i]] = true
		}
	}
	return strings.Join(items, ","), set
}

var (
	genMinutes = genField{min: 0, max: 59, cyclic: true, slash: true}
	genHours   = genField{min: 0, max: 23, cyclic: true, slash: true}
	genDOM     = genField{min: 1, max: 31, cyclic: true, slash: true}
	genMonths  = genField{min: 1, max: 12, cyclic: true, slash: true,
		names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}}
	genDOW = genField{min: 1, max: 7, cyclic: true,
		names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}}
	// Years are drawn near the test window; "*", "*/n" and "a/n" would
	// reach outside it (1970-2199), so the generator does not use them.
	genYears = genField{min: 2024, max: 2030, slash: true, noStar: true}
)

func isWorkday(d time.Time) bool { return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday }

func sameMonth(a, b time.Time) bool { return a.Year() == b.Year() && a.Month() == b.Month() }

func genDayRule(r *rand.Rand) (dom, dow string, ok func(d time.Time) bool) {
	weekdayName := func() (int, string) {
		w := 1 + r.IntN(7)
		if r.IntN(2) == 0 {
			return w, genDOW.names[w-1]
		}
		return w, strconv.Itoa(w)
	}
	switch r.IntN(9) {
	case 0:
		n := r.IntN(31)
		return "L-" + strconv.Itoa(n), "?", func(d time.Time) bool {
			return sameMonth(d, d.AddDate(0, 0, n)) && !sameMonth(d, d.AddDate(0, 0, n+1))
		}
	case 1:
		return "LW", "?", func(d time.Time) bool {
			if !isWorkday(d) {
				return false
			}
			for k := 1; k <= 3; k++ {
				if later := d.AddDate(0, 0, k); sameMonth(d, later) && isWorkday(later) {
					return false
				}
			}
			return true
		}
	case 2:
		n := 1 + r.IntN(31)
		return strconv.Itoa(n) + "W", "?", func(d time.Time) bool {
			target := time.Date(d.Year(), d.Month(), n, 0, 0, 0, 0, time.UTC)
			if !sameMonth(target, d) || !isWorkday(d) {
				return false
			}
			// d must be the workday of the month closest to day n.
			dist := func(x time.Time) int { return max(x.Day()-n, n-x.Day()) }
			for x := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC); sameMonth(x, d); x = x.AddDate(0, 0, 1) {
				if isWorkday(x) && dist(x) < dist(d) {
					return false
				}
			}
			return true
		}
	case 3:
		w, wt := weekdayName()
		return "?", wt + "L", func(d time.Time) bool {
			return int(d.Weekday())+1 == w && !sameMonth(d, d.AddDate(0, 0, 7))
		}
	case 4:
		w, wt := weekdayName()
		k := 1 + r.IntN(5)
		return "?", wt + "#" + strconv.Itoa(k), func(d time.Time) bool {
			return int(d.Weekday())+1 == w && (d.Day()-1)/7 == k-1
		}
	case 5:
		if r.IntN(2) == 0 {
			return "L", "?", func(d time.Time) bool { return !sameMonth(d, d.AddDate(0, 0, 1)) }
		}
		return "?", "L", func(d time.Time) bool { return d.Weekday() == time.Saturday }
	case 6, 7:
		text, set := genDOW.gen(r)
		return "?", text, func(d time.Time) bool { return set[int(d.Weekday())+1] }
	default:
		text, set := genDOM.gen(r)
		return text, "?", func(d time.Time) bool { return set[d.Day()] }
	}
}

func genCron(r *rand.Rand) genExpr {
	var g genExpr
	var mt, ht, mot, yt string
	mt, g.minutes = genMinutes.gen(r)
	ht, g.hours = genHours.gen(r)
	mot, g.months = genMonths.gen(r)
	dom, dow, dayOK := genDayRule(r)
	if r.IntN(3) == 0 {
		yt, g.years = genYears.gen(r)
	} else {
		yt, g.years = "*", nil // every year
	}
	g.dayOK = func(d time.Time) bool {
		return (g.years == nil || g.years[d.Year()]) && g.months[int(d.Month())] && dayOK(d)
	}
	g.text = "cron(" + strings.Join([]string{mt, ht, dom, mot, dow, yt}, " ") + ")"
	return g
}

// bruteNext is the reference: the first minute strictly after `after` and
// no later than limit that g matches, or the zero Time.
func (g genExpr) bruteNext(after, limit time.Time) time.Time {
	t := after.Truncate(time.Minute).Add(time.Minute)
	for !t.After(limit) {
		if !g.dayOK(t) {
			y, m, d := t.Date()
			t = time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
			continue
		}
		if g.hours[t.Hour()] && g.minutes[t.Minute()] {
			return t
		}
		t = t.Add(time.Minute)
	}
	return time.Time{}
}

func TestCronNextMatchesBruteForce(t *testing.T) {
	runs := 400
	if testing.Short() {
		runs = 60
	}
	r := rand.New(rand.NewPCG(2026, 130))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for range runs {
		g := genCron(r)
		s, err := ParseSchedule(g.text)
		require.NoError(t, err, g.text)

		at := base.Add(time.Duration(r.Int64N(int64(5 * 365 * 24 * time.Hour)))).Add(time.Duration(r.IntN(60)) * time.Second)
		limit := at.AddDate(2, 0, 0)
		for range 6 {
			want := g.bruteNext(at, limit)
			got := s.Next(at)
			if want.IsZero() {
				require.True(t, got.IsZero() || got.After(limit),
					"%s after %v: reference finds nothing up to %v, Next gives %v", g.text, at, limit, got)
				break
			}
			require.Equal(t, want, got, "%s after %v", g.text, at)
			require.True(t, got.After(at))
			at = got
		}
	}
}

func BenchmarkScheduleNext(b *testing.B) {
	for _, expr := range []string{
		"cron(0/5 8-17 ? * MON-FRI *)", // dense
		"cron(0 9 ? * 2#1 *)",          // monthly
		"cron(0 0 29 2 ? *)",           // every four years
		"cron(0 0 30 2 ? *)",           // never: walks every month to 2199
		"rate(5 minutes)",
	} {
		s, err := ParseSchedule(expr)
		require.NoError(b, err)
		b.Run(expr, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.Next(friday)
			}
		})
	}
}

func BenchmarkParseSchedule(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseSchedule("cron(0/5 8-17 ? * MON-FRI *)")
	}
}

// A list ending with a comma means the list without it (issue 8: AWS
// accepts cron(0/5, 9-18, ?, *, MON-FRI, *)).
func TestCronTrailingCommaFires(t *testing.T) {
	a := mustParse(t, "cron(0/5, 9-18, ?, *, MON-FRI, *)")
	b := mustParse(t, "cron(0/5 9-18 ? * MON-FRI *)")
	at := utc(2026, 3, 6, 17, 58) // a Friday
	for range 5 {
		na, nb := a.Next(at), b.Next(at)
		require.Equal(t, nb, na)
		at = na
	}
}
