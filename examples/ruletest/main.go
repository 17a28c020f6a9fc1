// Command ruletest checks an EventBridge rule's event pattern against
// sample events, locally, with Switchyard's in-process bus: the same
// pattern file a team deploys to AWS, the same matching, no AWS account.
//
//	go run ./examples/ruletest -pattern examples/ruletest/testdata/order-rule.json \
//	    -events examples/ruletest/testdata/events.json
//
// The events file is a JSON array of samples, each with a name, the
// expected outcome ("match": true or false) and the event's source,
// detail-type and detail. The program puts the samples on a bus that has
// the rule, reports which were delivered to the rule's target, and exits
// with status 1 when any sample's outcome differs from what it expects.
// ruletest_test.go shows the same check as a Go unit test.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// Sample is one event of the events file and whether the rule should
// match it.
type Sample struct {
	Name       string          `json:"name"`
	Match      bool            `json:"match"`
	Source     string          `json:"source"`
	DetailType string          `json:"detail-type"`
	Detail     json.RawMessage `json:"detail"`
}

// Outcome is what happened to one sample.
type Outcome struct {
	Sample    Sample
	Delivered bool
	// Why lists, when the rule did not match the sample, the pattern's
	// fields the sample failed (from ExplainEventPattern), per "$or"
	// branch.
	Why []string
}

// OK reports whether the sample went where it was expected to.
func (o Outcome) OK() bool { return o.Delivered == o.Sample.Match }

// LoadSamples reads an events file.
func LoadSamples(path string) ([]Sample, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var samples []Sample
	if err := json.Unmarshal(raw, &samples); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return samples, nil
}

// Check puts the samples on a fresh bus whose only rule has the given
// event pattern, and reports, sample by sample, whether the rule's target
// received it.
func Check(ctx context.Context, eventPattern string, samples []Sample) ([]Outcome, error) {
	b, err := bus.New()
	if err != nil {
		return nil, err
	}
	defer b.Close(ctx)

	if _, err := b.PutRule(ctx, bus.PutRuleInput{Name: "rule-under-test", EventPattern: eventPattern}); err != nil {
		return nil, fmt.Errorf("PutRule: %w", err)
	}
	var mu sync.Mutex
	delivered := map[string]bool{} // event ids
	record := switchyard.TargetFunc(func(_ context.Context, d switchyard.Delivery) error {
		mu.Lock()
		delivered[d.Event.ID] = true
		mu.Unlock()
		return nil
	})
	if _, err := b.PutTargets(ctx, bus.PutTargetsInput{Rule: "rule-under-test", Targets: []bus.Target{{ID: "recorder", Target: record}}}); err != nil {
		return nil, fmt.Errorf("PutTargets: %w", err)
	}

	ids := make([]string, len(samples))
	for i, s := range samples {
		res, err := b.PutEvents(ctx, []switchyard.Entry{{Source: s.Source, DetailType: s.DetailType, Detail: string(s.Detail)}})
		if err != nil {
			return nil, fmt.Errorf("sample %q: PutEvents: %w", s.Name, err)
		}
		if r := res.Entries[0]; r.Failed() {
			return nil, fmt.Errorf("sample %q: %s: %s", s.Name, r.ErrorCode, r.ErrorMessage)
		}
		ids[i] = res.Entries[0].EventID
	}
	if err := b.Flush(ctx); err != nil {
		return nil, err
	}
	out := make([]Outcome, len(samples))
	for i, s := range samples {
		out[i] = Outcome{Sample: s, Delivered: delivered[ids[i]]}
		if !out[i].Delivered {
			out[i].Why = why(ctx, b, eventPattern, ids[i], s)
		}
	}
	return out, nil
}

// why asks the bus which of the pattern's fields the sample fails.
func why(ctx context.Context, b *bus.Bus, eventPattern, id string, s Sample) []string {
	ev := switchyard.Event{ID: id, Source: s.Source, DetailType: s.DetailType, Detail: s.Detail,
		Account: b.Account(), Region: b.Region(), Time: time.Now()}
	raw, err := ev.MarshalJSON()
	if err != nil {
		return []string{err.Error()}
	}
	out, err := b.ExplainEventPattern(ctx, bus.ExplainEventPatternInput{EventPattern: eventPattern, Event: string(raw)})
	if err != nil {
		return []string{err.Error()}
	}
	var reasons []string
	for _, br := range out.Explanation.Branches {
		var failed []string
		for _, c := range br.Conditions {
			if !c.Matched {
				failed = append(failed, c.Path)
			}
		}
		reasons = append(reasons, "fails "+strings.Join(failed, ", "))
	}
	return reasons
}

func run(stdout io.Writer, args []string) (ok bool, err error) {
	fs := flag.NewFlagSet("ruletest", flag.ContinueOnError)
	patternPath := fs.String("pattern", "testdata/order-rule.json", "file holding the rule's event pattern")
	eventsPath := fs.String("events", "testdata/events.json", "file holding the sample events")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	eventPattern, err := os.ReadFile(*patternPath)
	if err != nil {
		return false, err
	}
	samples, err := LoadSamples(*eventsPath)
	if err != nil {
		return false, err
	}
	outcomes, err := Check(context.Background(), string(eventPattern), samples)
	if err != nil {
		return false, err
	}
	ok = true
	for _, o := range outcomes {
		verdict := "ok  "
		if !o.OK() {
			verdict, ok = "FAIL", false
		}
		fmt.Fprintf(stdout, "%s %-24s expected match=%-5v delivered=%v\n", verdict, o.Sample.Name, o.Sample.Match, o.Delivered)
		if !o.OK() {
			for _, w := range o.Why {
				fmt.Fprintf(stdout, "     %s\n", w)
			}
		}
	}
	return ok, nil
}

func main() {
	ok, err := run(os.Stdout, os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "ruletest:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}
