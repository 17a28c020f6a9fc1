package bus

import (
	"fmt"
	"math/bits"
	"strings"
	"time"
)

// EventBridge cron expressions have six fields, evaluated in UTC:
//
//	cron(minutes hours day-of-month month day-of-week year)
//
// The syntax is that of the EventBridge User Guide, "Cron expressions
// reference" (eb-cron-expressions). It descends from Quartz's: day-of-week
// counts 1 = SUN to 7 = SAT, exactly one of day-of-month and day-of-week
// is "?", "L" means last, "W" nearest weekday and "#" the nth weekday of
// the month. Where the guide is silent, this parser follows Quartz:
//
//   - "*/n" and "a-b/n" step through the field like "a/n" ("*/n" from the
//     field's minimum); a step larger than the field (minutes */60) is an
//     error, as it is on AWS.
//   - A range in a cyclic field may wrap: FRI-MON is FRI,SAT,SUN,MON and
//     22-2 in hours is 22,23,0,1,2. A year range may not.
//   - Month and day names and the letters L and W are case-insensitive.
//   - "L", "L-n" (n days before the last), "LW" and "nW" in day-of-month,
//     and "L" (= SAT), "nL" and "n#k" in day-of-week, stand alone: they
//     cannot be combined with lists or ranges.
//   - "nW" never leaves the month: 1W on a Saturday is Monday the 3rd, and
//     it does not fire in a month shorter than n days (31W in April).
//
// Fields are separated by blanks (spaces or tabs); like the rate syntax,
// no blank may follow "cron(" or precede ")".

// cronField describes one of the six fields.
type cronField struct {
	name     string
	min, max int
	names    []string // names[i] is value min+i, matched case-insensitively
	maxStep  int      // largest increment after "/"; 0 if "/" is not allowed
	cyclic   bool     // whether a range may wrap past max back to min
}

var (
	minutesField = cronField{name: "minutes", min: 0, max: 59, maxStep: 59, cyclic: true}
	hoursField   = cronField{name: "hours", min: 0, max: 23, maxStep: 23, cyclic: true}
	domField     = cronField{name: "day-of-month", min: 1, max: 31, maxStep: 31, cyclic: true}
	monthField   = cronField{name: "month", min: 1, max: 12, maxStep: 12, cyclic: true,
		names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}}
	// The guide lists no "/" for day-of-week.
	dowField = cronField{name: "day-of-week", min: 1, max: 7, cyclic: true,
		names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}}
	yearField = cronField{name: "year", min: 1970, max: 2199, maxStep: 1 << 30}
)

// bitset holds the values of one field; bit i stands for value min+i. 256
// bits cover the widest field, year (230 values).
type bitset [4]uint64

func (b *bitset) add(i int) { b[i>>6] |= 1 << (i & 63) }

// next returns the smallest member >= i, if any.
func (b *bitset) next(i int) (int, bool) {
	if i < 0 {
		i = 0
	}
	for w := i >> 6; w < len(b); w++ {
		word := b[w]
		if w == i>>6 {
			word &= ^uint64(0) << (i & 63)
		}
		if word != 0 {
			return w<<6 + bits.TrailingZeros64(word), true
		}
	}
	return 0, false
}

// dayRule says how day-of-month or day-of-week selects days.
type dayRule uint8

const (
	dayAny            dayRule = iota // "?": the other day field decides
	dayList                          // a set of days of the month, or of weekdays
	dayLast                          // day-of-month "L-n" (n >= 0); day-of-week "nL", the last weekday n
	dayLastWeekday                   // day-of-month "LW"
	dayNearestWeekday                // day-of-month "nW"
	dayNth                           // day-of-week "n#k", the kth weekday n
)

// daySpec is a parsed day-of-month or day-of-week field.
type daySpec struct {
	rule dayRule
	set  bitset // dayList: bit v-1 for day (or weekday) v
	n    int    // dayLast: offset (day-of-month) or weekday; dayNearestWeekday: day; dayNth: weekday
	k    int    // dayNth: which occurrence, 1-5
}

// cronSpec is a parsed cron expression.
type cronSpec struct {
	minutes, hours, months, years bitset
	dom, dow                      daySpec
}

// parseCron parses "cron(fields)".
func parseCron(expr string) (*cronSpec, *ScheduleError) {
	fail := func(format string, args ...any) (*cronSpec, *ScheduleError) {
		return nil, &ScheduleError{Kind: "cron", Reason: fmt.Sprintf(format, args...)}
	}
	body, ok := strings.CutSuffix(strings.TrimPrefix(expr, "cron("), ")")
	if !ok {
		return fail(`must end with ")"`)
	}
	if body != strings.Trim(body, " \t") {
		return fail(`no blank is allowed after "cron(" or before ")"`)
	}
	fields := strings.FieldsFunc(body, func(r rune) bool { return r == ' ' || r == '\t' })
	if len(fields) != 6 {
		return fail("want 6 fields (minutes hours day-of-month month day-of-week year), got %d", len(fields))
	}
	// EventBridge accepts a field whose list ends with a comma, so that
	// fields may be written "0/5, 9-18, ?, *, MON-FRI, *" (accepted by
	// AWS, issue 8); an empty item anywhere else is still an error.
	for i, f := range fields {
		if len(f) > 1 && strings.HasSuffix(f, ",") && !strings.HasSuffix(f, ",,") {
			fields[i] = f[:len(f)-1]
		}
	}
	c := &cronSpec{}
	var err *ScheduleError
	if c.minutes, err = minutesField.parseList(fields[0]); err != nil {
		return nil, err
	}
	if c.hours, err = hoursField.parseList(fields[1]); err != nil {
		return nil, err
	}
	if c.dom, err = parseDayOfMonth(fields[2]); err != nil {
		return nil, err
	}
	if c.months, err = monthField.parseList(fields[3]); err != nil {
		return nil, err
	}
	if c.dow, err = parseDayOfWeek(fields[4]); err != nil {
		return nil, err
	}
	if c.years, err = yearField.parseList(fields[5]); err != nil {
		return nil, err
	}
	switch {
	case c.dom.rule == dayAny && c.dow.rule == dayAny:
		return nil, &ScheduleError{Kind: "cron", Field: "day-of-month, day-of-week",
			Reason: `only one of them may be "?"`}
	case c.dom.rule != dayAny && c.dow.rule != dayAny:
		return nil, &ScheduleError{Kind: "cron", Field: "day-of-month, day-of-week",
			Reason: fmt.Sprintf(`one of them must be "?" (got %q and %q)`, fields[2], fields[4])}
	}
	return c, nil
}

func (f *cronField) errorf(format string, args ...any) *ScheduleError {
	return &ScheduleError{Kind: "cron", Field: f.name, Reason: fmt.Sprintf(format, args...)}
}

// parseList parses the common syntax: "*" or a comma-separated list of
// values "v", ranges "a-b" and increments "v/n", "a-b/n", "*/n".
func (f *cronField) parseList(s string) (bitset, *ScheduleError) {
	var set bitset
	switch {
	case strings.Contains(s, "?"):
		return set, f.errorf("%q: \"?\" is allowed only as the whole day-of-month or day-of-week field", s)
	case strings.Contains(s, "#"):
		return set, f.errorf("%q: \"#\" is allowed only in day-of-week", s)
	case f.names == nil && strings.ContainsAny(s, "LWlw"):
		return set, f.errorf("%q: \"L\" and \"W\" are allowed only in day-of-month and day-of-week", s)
	}
	for _, item := range strings.Split(s, ",") {
		if item == "" {
			return set, f.errorf("%q has an empty list item", s)
		}
		base, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			if f.maxStep == 0 {
				return set, f.errorf("%q: increments (\"/\") are not allowed", item)
			}
			n, ok := digits(stepText, f.maxStep)
			if !ok || n < 1 {
				return set, f.errorf("%q: increment must be an integer from 1 to %d", item, f.maxStep)
			}
			step = n
		}
		var lo, hi int
		if base == "*" {
			lo, hi = f.min, f.max
		} else if a, b, isRange := strings.Cut(base, "-"); isRange {
			var err *ScheduleError
			if lo, err = f.value(a); err != nil {
				return set, err
			}
			if hi, err = f.value(b); err != nil {
				return set, err
			}
		} else {
			var err *ScheduleError
			if lo, err = f.value(base); err != nil {
				return set, err
			}
			hi = lo
			if hasStep {
				hi = f.max
			}
		}
		span := f.max - f.min + 1
		if hi < lo {
			if !f.cyclic {
				return set, f.errorf("range %q ends before it starts", base)
			}
			hi += span // wrap: walk past max and fold back below
		}
		for v := lo; v <= hi; v += step {
			set.add((v - f.min) % span)
		}
	}
	return set, nil
}

// value parses a single number or name of the field.
func (f *cronField) value(tok string) (int, *ScheduleError) {
	if tok == "" {
		return 0, f.errorf("missing value")
	}
	if isDigits(tok) {
		n, ok := digits(tok, f.max)
		if !ok || n < f.min {
			return 0, f.errorf("%q out of range %d-%d", tok, f.min, f.max)
		}
		return n, nil
	}
	if f.names != nil {
		up := asciiUpper(tok)
		for i, name := range f.names {
			if up == name {
				return f.min + i, nil
			}
		}
		return 0, f.errorf("%q is not a number from %d to %d or a name %s-%s",
			tok, f.min, f.max, f.names[0], f.names[len(f.names)-1])
	}
	return 0, f.errorf("%q is not a number from %d to %d", tok, f.min, f.max)
}

// parseDayOfMonth parses day-of-month: "?", "L", "L-n", "LW", "nW" or the
// common list syntax.
func parseDayOfMonth(s string) (daySpec, *ScheduleError) {
	f := &domField
	up := asciiUpper(s)
	switch {
	case s == "?":
		return daySpec{rule: dayAny}, nil
	case up == "L":
		return daySpec{rule: dayLast}, nil
	case up == "LW":
		return daySpec{rule: dayLastWeekday}, nil
	case strings.HasPrefix(up, "L-"):
		n, ok := digits(s[2:], 30)
		if !ok {
			return daySpec{}, f.errorf("%q: the offset after \"L-\" must be an integer from 0 to 30", s)
		}
		return daySpec{rule: dayLast, n: n}, nil
	case strings.HasSuffix(up, "W"):
		if !isDigits(s[:len(s)-1]) {
			return daySpec{}, f.errorf("%q: \"W\" follows a single day, as in \"15W\", or \"L\"", s)
		}
		d, err := f.value(s[:len(s)-1])
		if err != nil {
			return daySpec{}, err
		}
		return daySpec{rule: dayNearestWeekday, n: d}, nil
	case strings.ContainsAny(up, "LW"):
		return daySpec{}, f.errorf("%q: \"L\" and \"W\" stand alone, as in \"L\", \"L-3\", \"LW\" or \"15W\"", s)
	}
	set, err := f.parseList(s)
	return daySpec{rule: dayList, set: set}, err
}

// parseDayOfWeek parses day-of-week: "?", "L" (Saturday), "nL", "n#k" or
// the common list syntax.
func parseDayOfWeek(s string) (daySpec, *ScheduleError) {
	f := &dowField
	up := asciiUpper(s)
	switch {
	case s == "?":
		return daySpec{rule: dayAny}, nil
	case strings.Contains(s, "#"):
		day, nth, _ := strings.Cut(s, "#")
		if strings.ContainsAny(s, ",-*/") || strings.Count(s, "#") > 1 {
			return daySpec{}, f.errorf("%q: with \"#\" the field holds one expression, as in \"3#2\"", s)
		}
		d, err := f.value(day)
		if err != nil {
			return daySpec{}, err
		}
		k, ok := digits(nth, 5)
		if !ok || k < 1 {
			return daySpec{}, f.errorf("%q: the number after \"#\" must be from 1 to 5", s)
		}
		return daySpec{rule: dayNth, n: d, k: k}, nil
	case up == "L":
		var set bitset
		set.add(7 - 1)
		return daySpec{rule: dayList, set: set}, nil
	case strings.HasSuffix(up, "L"):
		day := s[:len(s)-1]
		if strings.ContainsAny(day, ",-*/") {
			return daySpec{}, f.errorf("%q: \"L\" follows a single day, as in \"6L\"", s)
		}
		d, err := f.value(day)
		if err != nil {
			return daySpec{}, err
		}
		return daySpec{rule: dayLast, n: d}, nil
	case strings.Contains(up, "L"):
		// No day name contains an L, so this one is misplaced.
		return daySpec{}, f.errorf("%q: \"L\" stands alone or after a single day, as in \"L\" or \"6L\"", s)
	}
	set, err := f.parseList(s)
	return daySpec{rule: dayList, set: set}, err
}

// next returns the first whole UTC minute strictly after `after` that the
// expression matches, or the zero Time if none is left before 2200.
//
// It does not scan minute by minute. It walks down the fields: find the
// first allowed year at or after the candidate, then the month, the day,
// the hour and the minute; whenever a field has no value left, it moves the
// next field up by one and resets the ones below, like an odometer. Each
// month costs one computation of its matching days (a bit mask), so even
// an expression that never fires (February 30th) gives up after at most
// 230 years × 12 months.
func (c *cronSpec) next(after time.Time) time.Time {
	t := after.UTC()
	if t.Year() > yearField.max {
		return time.Time{}
	}
	if t.Year() < yearField.min {
		t = time.Date(yearField.min, time.January, 1, 0, 0, 0, 0, time.UTC)
	} else {
		t = t.Truncate(time.Minute).Add(time.Minute)
	}
	y, mo, d := t.Date()
	h, mi := t.Hour(), t.Minute()
	var (
		days         uint64 // matching days of (maskY, maskMo)
		maskY        int
		maskMo       time.Month
		nextMonth    = func() { mo, d, h, mi = mo+1, 1, 0, 0 }
		restartMonth = func() { d, h, mi = 1, 0, 0 }
	)
	for y <= yearField.max {
		if mo > time.December {
			y, mo = y+1, time.January
			restartMonth()
			continue
		}
		yi, ok := c.years.next(y - yearField.min)
		if !ok {
			return time.Time{}
		}
		if ny := yi + yearField.min; ny != y {
			y, mo = ny, time.January
			restartMonth()
		}
		mIdx, ok := c.months.next(int(mo) - 1)
		if !ok {
			mo = time.December + 1
			continue
		}
		if nm := time.Month(mIdx + 1); nm != mo {
			mo = nm
			restartMonth()
		}
		if maskY != y || maskMo != mo {
			days, maskY, maskMo = c.dayMask(y, mo), y, mo
		}
		nd := nextBit(days, d)
		if nd < 0 {
			nextMonth()
			continue
		}
		if nd != d {
			d, h, mi = nd, 0, 0
		}
		nh, ok := c.hours.next(h)
		if !ok || nh > hoursField.max {
			d, h, mi = d+1, 0, 0
			continue
		}
		if nh != h {
			h, mi = nh, 0
		}
		nmin, ok := c.minutes.next(mi)
		if !ok || nmin > minutesField.max {
			h, mi = h+1, 0
			continue
		}
		return time.Date(y, mo, d, h, nmin, 0, 0, time.UTC)
	}
	return time.Time{}
}

// nextBit returns the smallest set bit >= i of m, or -1.
func nextBit(m uint64, i int) int {
	m &= ^uint64(0) << i // a shift by 64 or more leaves nothing
	if m == 0 {
		return -1
	}
	return bits.TrailingZeros64(m)
}

// dayMask returns the days of month mo of year y that the day fields
// match, as bits 1..31.
func (c *cronSpec) dayMask(y int, mo time.Month) uint64 {
	last := time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC).Day()
	first := int(time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).Weekday()) // 0 = Sunday
	// weekday returns day-of-week of day d as EventBridge counts it, 1 = SUN.
	weekday := func(d int) int { return (first+d-1)%7 + 1 }
	// firstOn returns the first day of the month that falls on weekday w.
	firstOn := func(w int) int { return 1 + (w-1-first+7)%7 }

	var m uint64
	switch c.dom.rule {
	case dayList:
		m = c.dom.set[0] << 1
	case dayLast:
		if d := last - c.dom.n; d >= 1 {
			m = 1 << d
		}
	case dayLastWeekday:
		m = 1 << nearestWeekday(last, last, weekday(last))
	case dayNearestWeekday:
		if c.dom.n <= last {
			m = 1 << nearestWeekday(c.dom.n, last, weekday(c.dom.n))
		}
	case dayAny:
		switch c.dow.rule {
		case dayList:
			for w := 1; w <= 7; w++ {
				if c.dow.set[0]&(1<<(w-1)) == 0 {
					continue
				}
				for d := firstOn(w); d <= last; d += 7 {
					m |= 1 << d
				}
			}
		case dayLast:
			m = 1 << (last - (weekday(last)-c.dow.n+7)%7)
		case dayNth:
			if d := firstOn(c.dow.n) + 7*(c.dow.k-1); d <= last {
				m = 1 << d
			}
		}
	}
	return m & (uint64(1)<<(last+1) - 2)
}

// nearestWeekday returns the weekday (Monday to Friday) nearest day d,
// without leaving the month: a Saturday moves back to Friday unless it is
// the 1st (then forward to Monday the 3rd), a Sunday moves forward to
// Monday unless it is the last day (then back to Friday).
func nearestWeekday(d, last, wd int) int {
	switch wd {
	case 7: // Saturday
		if d == 1 {
			return 3
		}
		return d - 1
	case 1: // Sunday
		if d == last {
			return d - 2
		}
		return d + 1
	}
	return d
}

// isDigits reports whether s is a non-empty string of ASCII digits.
func isDigits(s string) bool {
	return s != "" && strings.TrimLeft(s, "0123456789") == ""
}

// digits parses s as a decimal integer no greater than limit.
func digits(s string, limit int) (int, bool) {
	if !isDigits(s) {
		return 0, false
	}
	return parseDecimal(s, limit)
}

// asciiUpper upper-cases ASCII letters only, so that names never match
// through Unicode case folding and byte offsets are kept.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}
