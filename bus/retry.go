package bus

import (
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"math/rand/v2"
	"strconv"
	"time"
)

// RetryPolicy is how long and how often the bus retries a failed delivery
// to a target, as on EventBridge. A nil field takes EventBridge's default.
// Retrying stops at whichever limit is reached first.
type RetryPolicy struct {
	// MaximumRetryAttempts is how many times a delivery is retried after
	// its first attempt: 0 to 185, default 185.
	MaximumRetryAttempts *int `json:"MaximumRetryAttempts,omitempty"`
	// MaximumEventAgeInSeconds is how long after the bus accepted an event
	// its delivery may still be retried: 60 to 86400, default 86400.
	MaximumEventAgeInSeconds *int `json:"MaximumEventAgeInSeconds,omitempty"`
}

// EventBridge's retry policy bounds and defaults.
const (
	DefaultMaximumRetryAttempts     = 185
	DefaultMaximumEventAgeInSeconds = 86400
	minEventAge                     = 60
)

// Names of EXHAUSTED_RETRY_CONDITION, as EventBridge sets it on dead-letter
// messages.
const (
	exhaustedAttempts = "MaximumRetryAttempts"
	exhaustedAge      = "MaximumEventAgeInSeconds"
)

// retryLimits is a RetryPolicy with its defaults applied.
type retryLimits struct {
	maxRetries int
	maxAge     time.Duration
}

// resolve validates p (position is the 1-based index of the target in the
// PutTargets call, for messages) and applies the defaults.
func (p *RetryPolicy) resolve(v *awsreq.Violations, position int) retryLimits {
	out := retryLimits{maxRetries: DefaultMaximumRetryAttempts, maxAge: DefaultMaximumEventAgeInSeconds * time.Second}
	if p == nil {
		return out
	}
	field := "targets." + strconv.Itoa(position) + ".member.retryPolicy."
	if n := p.MaximumRetryAttempts; n != nil {
		switch {
		case *n < 0:
			v.Add(strconv.Itoa(*n), field+"maximumRetryAttempts", "have value greater than or equal to 0")
		case *n > DefaultMaximumRetryAttempts:
			v.Add(strconv.Itoa(*n), field+"maximumRetryAttempts", "have value less than or equal to 185")
		}
		out.maxRetries = *n
	}
	if n := p.MaximumEventAgeInSeconds; n != nil {
		switch {
		case *n < minEventAge:
			v.Add(strconv.Itoa(*n), field+"maximumEventAgeInSeconds", "have value greater than or equal to 60")
		case *n > DefaultMaximumEventAgeInSeconds:
			v.Add(strconv.Itoa(*n), field+"maximumEventAgeInSeconds", "have value less than or equal to 86400")
		}
		out.maxAge = time.Duration(*n) * time.Second
	}
	return out
}

// backoff returns the delay before the retry that follows failed attempt n
// (1 for the first): exponential from base, doubling per attempt, capped at
// max, with "equal jitter" — half the step fixed, half random — so that
// retries of many events spread out yet never come back at once.
func backoff(n int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(d-half+1)
}
