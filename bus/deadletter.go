package bus

import (
	"context"
	"errors"
	"log/slog"
	"strconv"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
)

// Dead-letter messages carry these attributes, as EventBridge sets them on
// the SQS messages of a dead-letter queue ("Using dead-letter queues to
// process undelivered events in EventBridge",
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
const (
	AttrRuleARN                 = "RULE_ARN"
	AttrTargetARN               = "TARGET_ARN"
	AttrErrorCode               = "ERROR_CODE"
	AttrErrorMessage            = "ERROR_MESSAGE"
	AttrExhaustedRetryCondition = "EXHAUSTED_RETRY_CONDITION"
	AttrRetryAttempts           = "RETRY_ATTEMPTS"
)

// ERROR_CODE values, from EventBridge's list of dead-letter error codes.
const (
	errFromTarget       = "ERROR_FROM_TARGET" // the target returned an error
	errTimeout          = "TIMEOUT"           // the target's context deadline passed
	errInvalidParameter = "INVALID_PARAMETER" // the input transformation failed on the event
)

// levelDrop is the log level of dropped deliveries and events.
const levelDrop = slog.LevelWarn

// DeadLetterCoder is implemented by target errors that know EventBridge's
// ERROR_CODE for themselves (NO_PERMISSIONS, NO_RESOURCE, THROTTLING, ...):
// an AWS service target classifies the service's answer, and the bus writes
// that code into the dead-letter attributes instead of ERROR_FROM_TARGET.
type DeadLetterCoder interface {
	DeadLetterCode() string
}

// errorCode classifies a target's error for the ERROR_CODE attribute.
func errorCode(err error) string {
	var c DeadLetterCoder
	if errors.As(err, &c) {
		if code := c.DeadLetterCode(); code != "" {
			return code
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return errTimeout
	}
	return errFromTarget
}

// giveUp ends a delivery that failed for good: it goes to the target's
// dead-letter target, or is dropped. condition is the retry limit that was
// reached (EXHAUSTED_RETRY_CONDITION), empty when retrying was not the
// reason: a permanent error, or a failure while the bus was closing.
func (w *worker) giveUp(d *delivery, err error, code, condition string) {
	t := d.t
	if t.dlq == nil {
		reason := DropRetriesExhausted
		switch {
		case condition != "":
		case target.IsPermanent(err):
			reason = DropPermanentError
		default:
			reason = DropClosed // failed while the bus was closing
		}
		w.drop(d, reason, err)
		return
	}
	attrs := map[string]string{
		AttrRuleARN:       t.ruleARN,
		AttrTargetARN:     t.arn,
		AttrErrorCode:     code,
		AttrErrorMessage:  errString(err),
		AttrRetryAttempts: strconv.Itoa(d.attempts - 1),
	}
	if condition != "" {
		attrs[AttrExhaustedRetryCondition] = condition
	}
	ctx := w.e.ctx
	if d.ev.hops > 0 {
		ctx = switchyard.WithHops(ctx, d.ev.hops)
	}
	// EventBridge sends the original event to a dead-letter queue, not the
	// payload after input transformation.
	dlqErr := deliver(ctx, t.dlq, switchyard.Delivery{
		Event:         &d.ev.event,
		Payload:       d.ev.json,
		RuleARN:       t.ruleARN,
		RuleName:      t.ruleName,
		TargetID:      t.id,
		TargetARN:     t.arn,
		IngestionTime: d.ev.ingested,
		Attempt:       1,
		Attributes:    attrs,
	})
	if dlqErr != nil {
		if w.logged(d) && w.e.aborted.Load() {
			// Close gave up and cancelled the targets' context while the
			// dead-letter send was in flight: its failure says nothing of
			// the dead-letter target, and the log can keep the delivery,
			// in its last state, for the next run rather than lose it.
			w.keep(d)
			return
		}
		w.drop(d, DropDeadLetterFailed, errors.Join(err, dlqErr))
		return
	}
	w.deadLettered++
	w.settleOne(d, true)
	b := w.e.b
	if b.log.Enabled(context.Background(), slog.LevelInfo) {
		b.log.Info("bus: delivery dead-lettered", "event_id", d.ev.event.ID, "rule_arn", t.ruleARN,
			"target_id", t.id, "dead_letter_arn", t.dlqARN, "error_code", code, "condition", condition, "error", errString(err))
	}
	if h := b.hooks; h != nil {
		h.OnDeadLetter(DeadLetterInfo{EventID: d.ev.event.ID, RuleARN: t.ruleARN, TargetID: t.id, Attributes: attrs, Err: err})
	}
}
