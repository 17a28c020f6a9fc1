package server

import (
	"context"
	"fmt"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// rearmSchedules restarts the timers of the enabled scheduled rules after
// the journal has been re-applied.
//
// Why: re-applying PutRule at the rule's original creation time (the
// pinned clock) arms its timer for the first firing after that time. Once
// that fires, the bus arms the next firing after it, which is also in the
// past, and so on: a rate(1 minute) rule created a day ago would fire 1,440
// times in a burst to catch up. EventBridge does not deliver the firings
// of a schedule missed while it was not running, and neither does
// Switchyard: disabling and re-enabling the rule on the real clock arms it
// for its next firing from now. A rate schedule then counts from the
// restart, as it counts from an EnableRule.
//
// EventBridge allows schedules only on default buses, so the default bus
// of each account and region that appears in the journal is enough.
func rearmSchedules(ctx context.Context, b *bus.Bus, callers map[switchyard.Caller]bool) (int, error) {
	n := 0
	for caller := range callers {
		cctx := switchyard.WithCaller(ctx, caller)
		in := bus.ListRulesInput{}
		for {
			out, err := b.ListRules(cctx, in)
			if err != nil {
				return n, fmt.Errorf("listing the rules of %s/%s: %w", caller.Account, caller.Region, err)
			}
			for _, r := range out.Rules {
				if r.ScheduleExpression == "" || r.State != bus.RuleEnabled {
					continue
				}
				if _, err := b.DisableRule(cctx, bus.DisableRuleInput{Name: r.Name}); err != nil {
					return n, fmt.Errorf("re-arming %s: %w", r.ARN, err)
				}
				if _, err := b.EnableRule(cctx, bus.EnableRuleInput{Name: r.Name}); err != nil {
					return n, fmt.Errorf("re-arming %s: %w", r.ARN, err)
				}
				n++
			}
			if out.NextToken == "" {
				break
			}
			in.NextToken = out.NextToken
		}
	}
	return n, nil
}
