package bus

import (
	"strings"
	"time"

	"github.com/switchyard-go/switchyard"
)

// msgInvalidSchedule is the message EventBridge returns, with code
// ValidationException, for every schedule expression it cannot parse. AWS
// gives no further detail; ParseSchedule adds it as a wrapped
// *ScheduleError.
const msgInvalidSchedule = "Parameter ScheduleExpression is not valid."

// Schedule is a parsed EventBridge schedule expression: either a rate
// expression, "rate(value unit)", or a six-field cron expression,
// "cron(minutes hours day-of-month month day-of-week year)", evaluated in
// UTC. A Schedule is immutable and safe for concurrent use.
//
// A cron schedule fires at fixed calendar minutes. A rate schedule has no
// calendar: EventBridge starts it when the rule is created and fires once
// per period after that, so its firing times depend on an anchor (see
// [Schedule.NextAfter]).
type Schedule struct {
	expr string
	rate *rateSpec // set for rate(...)
	cron *cronSpec // set for cron(...)
}

// ParseSchedule parses an EventBridge schedule expression. The expression
// must be exactly "rate(...)" or "cron(...)" with no surrounding
// whitespace; see the rate and cron expression references in the
// EventBridge User Guide for the syntax.
//
// An invalid expression yields a *switchyard.Error with code
// ValidationException and EventBridge's message "Parameter
// ScheduleExpression is not valid."; it wraps a *ScheduleError naming the
// field at fault and why, reachable with errors.As.
//
// Some cron expressions are valid but never fire, such as
// cron(0 0 30 2 ? *) (February 30th) or a year range that is over; they
// are accepted, as EventBridge accepts cron(15 10 ? * 6L 2002-2005), and
// their Next is the zero time.
func ParseSchedule(expr string) (*Schedule, error) {
	var serr *ScheduleError
	s := &Schedule{expr: expr}
	switch {
	case strings.HasPrefix(expr, "rate("):
		s.rate, serr = parseRate(expr)
	case strings.HasPrefix(expr, "cron("):
		s.cron, serr = parseCron(expr)
	default:
		serr = &ScheduleError{Reason: `must be "rate(value unit)" or "cron(fields)"`}
	}
	if serr != nil {
		serr.Expression = expr
		return nil, &switchyard.Error{
			Code:    switchyard.CodeValidation,
			Message: msgInvalidSchedule,
			Err:     serr,
		}
	}
	return s, nil
}

// String returns the expression exactly as it was given to ParseSchedule,
// the way ListRules and DescribeRule echo it.
func (s *Schedule) String() string {
	if s == nil {
		return ""
	}
	return s.expr
}

// IsRate reports whether s is a rate expression, whose firing times depend
// on when the schedule started (see NextAfter).
func (s *Schedule) IsRate() bool { return s != nil && s.rate != nil }

// Next returns the first firing time strictly after `after`, in UTC, or the
// zero Time if there is none (a cron whose last year is over, or one that
// can never match, such as February 30th).
//
// For a cron schedule, firing times are whole UTC minutes. For a rate
// schedule `after` is taken as the previous firing (or the moment the
// schedule started), so Next returns after plus one period. Calling Next
// with each firing in turn walks the schedule from a start; to stay on the
// grid of a start after missed firings, use NextAfter.
func (s *Schedule) Next(after time.Time) time.Time {
	switch {
	case s == nil:
		return time.Time{}
	case s.rate != nil:
		return s.rate.next(after, after)
	case s.cron != nil:
		return s.cron.next(after)
	}
	return time.Time{}
}

// NextAfter returns the first firing strictly after `after` of the
// schedule started at anchor, in UTC, or the zero Time if there is none.
// The bus passes a rule's creation time as anchor.
//
// A rate schedule fires at anchor + k·period for k = 1, 2, ...: it does not
// fire at the anchor itself. A cron schedule ignores when it started except
// that it never fires at or before anchor, so NextAfter(anchor, after) is
// Next of the later of the two.
func (s *Schedule) NextAfter(anchor, after time.Time) time.Time {
	switch {
	case s == nil:
		return time.Time{}
	case s.rate != nil:
		return s.rate.next(anchor, after)
	case s.cron != nil:
		if after.Before(anchor) {
			after = anchor
		}
		return s.cron.next(after)
	}
	return time.Time{}
}

// ScheduleError says why ParseSchedule rejected an expression. It is the
// cause wrapped by the ValidationException ParseSchedule returns; EventBridge
// itself reports only "Parameter ScheduleExpression is not valid.".
type ScheduleError struct {
	Expression string // the expression as given
	Kind       string // "rate" or "cron"; empty when it is neither
	Field      string // the offending field, such as "unit" or "day-of-month"; empty when the expression as a whole is wrong
	Reason     string // what is wrong with it
}

// Error returns the kind, field and reason, such as
// `cron: day-of-month: "32" out of range 1-31`.
func (e *ScheduleError) Error() string {
	var b strings.Builder
	if e.Kind != "" {
		b.WriteString(e.Kind)
	} else {
		b.WriteString("schedule")
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}
