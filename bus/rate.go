package bus

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// maxRateValue bounds the value of a rate expression. EventBridge documents
// no maximum; this one (the largest 32-bit integer) keeps every period,
// counted in seconds, far from int64 overflow.
const maxRateValue = math.MaxInt32

// maxUnix is a bound on firing times, in Unix seconds, well inside what
// time.Time can represent (its own epoch is year 1, so values near
// MaxInt64 would overflow inside time.Unix). It is billions of years away.
const maxUnix = 1 << 62

// rateUnits maps each unit EventBridge accepts to its length in seconds
// and whether it is the singular form.
var rateUnits = map[string]struct {
	seconds  int64
	singular bool
}{
	"minute": {60, true}, "minutes": {60, false},
	"hour": {3600, true}, "hours": {3600, false},
	"day": {86400, true}, "days": {86400, false},
}

// rateSpec is a parsed rate(value unit). The period is kept in whole
// seconds rather than a time.Duration because a large value in days
// overflows a Duration (about 292 years).
type rateSpec struct {
	period int64 // seconds, > 0
}

// parseRate parses "rate(value unit)". EventBridge is strict here (recorded
// against AWS): one space between value and unit and none elsewhere, a
// positive decimal value, and a lower-case unit that is singular exactly
// when the value is 1, so rate(1 minutes), rate(10 minute),
// rate(10 MINUTES) and rate( 10 minutes ) are all rejected.
func parseRate(expr string) (*rateSpec, *ScheduleError) {
	fail := func(field, format string, args ...any) (*rateSpec, *ScheduleError) {
		return nil, &ScheduleError{Kind: "rate", Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	body, ok := strings.CutSuffix(strings.TrimPrefix(expr, "rate("), ")")
	if !ok {
		return fail("", `must end with ")"`)
	}
	valueText, unit, ok := strings.Cut(body, " ")
	if !ok {
		return fail("", `want "rate(value unit)" with one space between value and unit`)
	}
	if valueText == "" || strings.TrimLeft(valueText, "0123456789") != "" {
		return fail("value", "%q is not a positive integer", valueText)
	}
	value, ok := parseDecimal(valueText, maxRateValue)
	if !ok {
		return fail("value", "%q is larger than %d", valueText, maxRateValue)
	}
	if value == 0 {
		return fail("value", "%q is not a positive integer", valueText)
	}
	u, ok := rateUnits[unit]
	if !ok {
		return fail("unit", "%q is not one of minute, minutes, hour, hours, day, days", unit)
	}
	if value == 1 && !u.singular {
		return fail("unit", "%q must be singular for a value of 1", unit)
	}
	if value > 1 && u.singular {
		return fail("unit", "%q must be plural for a value greater than 1", unit)
	}
	return &rateSpec{period: int64(value) * u.seconds}, nil
}

// next returns anchor + k·period for the smallest k >= 1 that is strictly
// after `after`, or the zero Time if that is beyond what time.Time can
// hold.
func (r *rateSpec) next(anchor, after time.Time) time.Time {
	// Work in whole seconds since the anchor. Because the period is a whole
	// number of seconds, the sub-second part of after-anchor cannot change
	// floor((after-anchor)/period), so the difference of the two Unix
	// seconds (with the nanoseconds borrowed into it) is enough.
	diff := after.Unix() - anchor.Unix()
	if after.Nanosecond() < anchor.Nanosecond() {
		diff--
	}
	k := int64(1) // before the anchor, the first firing is one period after it
	if diff >= 0 {
		k = diff/r.period + 1
	}
	if k > maxUnix/r.period {
		return time.Time{}
	}
	offset := k * r.period
	base := anchor.Unix()
	if base > 0 && offset > maxUnix-base {
		return time.Time{}
	}
	return time.Unix(base+offset, int64(anchor.Nanosecond())).UTC()
}

// parseDecimal parses a string of ASCII digits as a non-negative integer no
// greater than limit. It reports false if the value is over the limit.
func parseDecimal(s string, limit int) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
		if n > limit {
			return 0, false
		}
	}
	return n, true
}
