package bus

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

// FuzzParseSchedule checks that ParseSchedule never panics, that every
// rejection is EventBridge's ValidationException with a detail, and that
// every accepted schedule answers Next quickly with a time strictly after
// its argument (or zero).
func FuzzParseSchedule(f *testing.F) {
	for _, seed := range []string{
		"rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(7 days)", "rate(2147483647 days)",
		"rate(1 minutes)", "rate( 10 minutes )", "rate(10 MINUTES)", "rate()", "rate(0 minutes)",
		"cron(0 10 * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0/15 * * * ? *)",
		"cron(0/5 8-17 ? * MON-FRI *)", "cron(0 9 ? * 2#1 *)", "cron(15 10 ? * 6L 2002-2005)",
		"cron(* * ? * SAT#3 *)", "cron(0 0 L * ? *)", "cron(0 0 L-3 * ? *)", "cron(0 18 LW * ? *)",
		"cron(0 12 15W * ? *)", "cron(0 12 ? * FRI-MON *)", "cron(0 22-2/2 * * ? *)",
		"cron(0 0 30 2 ? *)", "cron(0 0 ? 2 5#5 *)", "cron(59 23 31 12 ? 2199)",
		"cron(0 1 * * * *)", "cron(INVALID)", "cron(*/60 * * * ? *)", "cron(0 0 ? * 3#1,6#3 *)",
		"cron(0\t6  1 *  ? *)", "cron(0 0 1 * ? 2030-2020)", "",
	} {
		f.Add(seed, int64(1769795000)) // 2026-01-30
	}
	f.Add("cron(* * * * ? *)", int64(7258118340))      // 2199-12-31T23:59Z
	f.Add("cron(0 0 1 1 ? *)", int64(-631152000))      // 1950
	f.Add("rate(1 minute)", int64(-62135596800))       // year 1
	f.Add("cron(0 0 1 1 ? 1970)", int64(253402300799)) // year 9999

	f.Fuzz(func(t *testing.T, expr string, afterUnix int64) {
		s, err := ParseSchedule(expr)
		if err != nil {
			require.Nil(t, s)
			require.ErrorIs(t, err, switchyard.ErrValidation)
			var detail *ScheduleError
			require.ErrorAs(t, err, &detail)
			require.NotEmpty(t, detail.Reason)
			return
		}
		require.Equal(t, expr, s.String())

		// Keep `after` within years 1 to 9999, where time.Unix is exact.
		const lo, hi = -62135596800, 253402300799
		if afterUnix < lo || afterUnix > hi {
			afterUnix = lo + (afterUnix%(hi-lo)+(hi-lo))%(hi-lo)
		}
		at := time.Unix(afterUnix, 0).UTC()
		for range 3 {
			next := s.Next(at)
			if next.IsZero() {
				break
			}
			require.True(t, next.After(at), "%s: Next(%v) = %v", expr, at, next)
			require.Equal(t, time.UTC, next.Location())
			if !s.IsRate() {
				require.Zero(t, next.Second())
				require.Zero(t, next.Nanosecond())
				require.GreaterOrEqual(t, next.Year(), 1970)
				require.LessOrEqual(t, next.Year(), 2199)
			}
			at = next
		}
		anchor := time.Unix(afterUnix, 0).Add(-90 * time.Minute)
		if na := s.NextAfter(anchor, at); !na.IsZero() {
			require.True(t, na.After(at))
			require.True(t, na.After(anchor))
		}
	})
}
