package bus_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// managedSink is a target that keeps copies of its payloads.
type managedSink struct {
	mu       sync.Mutex
	payloads []string
	events   []switchyard.Event
}

func (s *managedSink) Deliver(_ context.Context, d switchyard.Delivery) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.payloads = append(s.payloads, string(d.Payload))
	s.events = append(s.events, *d.Event)
	return nil
}

func (s *managedSink) got() ([]string, []switchyard.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.payloads...), append([]switchyard.Event(nil), s.events...)
}

// managedBus returns a bus the test closes when it ends.
func managedBus(t *testing.T, opts ...bus.Option) *bus.Bus {
	t.Helper()
	b, err := bus.New(opts...)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = b.Close(ctx)
	})
	return b
}

// managedPut puts entries and waits for their delivery.
func managedPut(t *testing.T, b *bus.Bus, entries ...switchyard.Entry) []string {
	t.Helper()
	ctx := context.Background()
	res, err := b.PutEvents(ctx, entries)
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount, "%+v", res.Entries)
	require.NoError(t, b.Flush(ctx))
	ids := make([]string, len(res.Entries))
	for i, e := range res.Entries {
		ids[i] = e.EventID
	}
	return ids
}

const managedArchiveARN = "arn:aws:events:us-east-1:123456789012:archive/a"

// An archive rule ("Events-Archive-<name>", as EventBridge names it; moto's
// EventBridge model, create_archive) delivers the whole event of every
// matching, not replayed event to the archive, and is listed like any rule.
func TestManagedAttachArchive(t *testing.T) {
	ctx := context.Background()
	b := managedBus(t)
	sink := &managedSink{}
	arn, err := b.AttachArchive(ctx, "default", "Events-Archive-a", `{"source":["orders"]}`, managedArchiveARN, sink)
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:rule/Events-Archive-a", arn)

	rules, err := b.ListRules(ctx, bus.ListRulesInput{})
	require.NoError(t, err)
	require.Len(t, rules.Rules, 1)
	require.Equal(t, "Events-Archive-a", rules.Rules[0].Name)
	require.Equal(t, `{"source":["orders"]}`, rules.Rules[0].EventPattern)
	targets, err := b.ListTargetsByRule(ctx, bus.ListTargetsByRuleInput{Rule: "Events-Archive-a"})
	require.NoError(t, err)
	require.Len(t, targets.Targets, 1)
	require.Equal(t, "Events-Archive-a", targets.Targets[0].ID)
	require.Equal(t, managedArchiveARN, targets.Targets[0].ARN)

	ids := managedPut(t, b,
		switchyard.Entry{Source: "orders", DetailType: "t", Detail: `{"replay-name":"in the detail is not a replay"}`},
		switchyard.Entry{Source: "other", DetailType: "t", Detail: `{}`},
	)
	ev := switchyard.Event{ID: ids[0], Source: "orders", DetailType: "t", Account: "123456789012", Region: "us-east-1",
		Time: time.Now(), Detail: json.RawMessage(`{}`), ReplayName: "r"}
	require.NoError(t, b.Route(ctx, bus.RouteInput{EventBusName: "default", Event: ev, RuleARNs: nil}))
	require.NoError(t, b.Flush(ctx))

	payloads, events := sink.got()
	require.Len(t, payloads, 1, "only the live, matching event")
	require.Equal(t, ids[0], events[0].ID)
	var whole map[string]any
	require.NoError(t, json.Unmarshal([]byte(payloads[0]), &whole))
	require.Equal(t, "orders", whole["source"], "the payload is the whole event")
	require.Contains(t, whole, "detail")

	// Attaching again replaces the pattern and keeps a single target.
	_, err = b.AttachArchive(ctx, "default", "Events-Archive-a", "", managedArchiveARN, sink)
	require.NoError(t, err)
	r, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "Events-Archive-a"})
	require.NoError(t, err)
	require.Empty(t, r.EventPattern)
	targets, err = b.ListTargetsByRule(ctx, bus.ListTargetsByRuleInput{Rule: "Events-Archive-a"})
	require.NoError(t, err)
	require.Len(t, targets.Targets, 1)
	managedPut(t, b, switchyard.Entry{Source: "other", DetailType: "t", Detail: `{}`})
	payloads, _ = sink.got()
	require.Len(t, payloads, 2, "without a pattern every event is archived")

	require.NoError(t, b.DetachArchive(ctx, "default", "Events-Archive-a"))
	_, err = b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "Events-Archive-a"})
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound)
	require.NoError(t, b.DetachArchive(ctx, "default", "Events-Archive-a"), "detaching twice is fine")
	require.NoError(t, b.DetachArchive(ctx, "no-such-bus", "Events-Archive-a"))
}

// AttachArchive works on custom buses, named by ARN, and refuses what it
// must.
func TestManagedAttachArchiveErrors(t *testing.T) {
	ctx := context.Background()
	b := managedBus(t)
	busARN, err := busARNOf(b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "custom"}))
	require.NoError(t, err)
	sink := &managedSink{}
	arn, err := b.AttachArchive(ctx, busARN, "Events-Archive-a", "", managedArchiveARN, sink)
	require.NoError(t, err)
	require.Equal(t, "arn:aws:events:us-east-1:123456789012:rule/custom/Events-Archive-a", arn)

	_, err = b.PutRule(ctx, bus.PutRuleInput{Name: "Events-Archive-mine", EventPattern: `{"source":["x"]}`})
	require.NoError(t, err)
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"missing bus", func() error {
			_, err := b.AttachArchive(ctx, "arn:aws:events:us-east-1:123456789012:event-bus/nope", "Events-Archive-a", "", managedArchiveARN, sink)
			return err
		}, switchyard.CodeResourceNotFound, "Event bus nope does not exist."},
		{"a rule the account made", func() error {
			_, err := b.AttachArchive(ctx, "default", "Events-Archive-mine", "", managedArchiveARN, sink)
			return err
		}, switchyard.CodeResourceAlreadyExists, "Rule Events-Archive-mine already exists."},
		{"detach a rule the account made", func() error {
			return b.DetachArchive(ctx, "default", "Events-Archive-mine")
		}, switchyard.CodeValidation, "Rule Events-Archive-mine is not an archive rule."},
		{"nil target", func() error {
			_, err := b.AttachArchive(ctx, "default", "Events-Archive-b", "", managedArchiveARN, nil)
			return err
		}, switchyard.CodeValidation, "Parameter Target is not valid. Reason: the archive target is nil."},
		{"bad pattern", func() error {
			_, err := b.AttachArchive(ctx, "default", "Events-Archive-b", `{"source":"x"}`, managedArchiveARN, sink)
			return err
		}, switchyard.CodeInvalidEventPattern, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.ErrorIs(t, err, &switchyard.Error{Code: tc.code})
			if tc.msg != "" {
				require.Equal(t, tc.code+": "+tc.msg, err.Error())
			}
		})
	}
	_, err = b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "Events-Archive-b"})
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound, "a failed attach leaves no rule")
	mine, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: "Events-Archive-mine"})
	require.NoError(t, err)
	require.Equal(t, `{"source":["x"]}`, mine.EventPattern, "the account's rule is untouched")
}

// EventBusARN resolves names and ARNs of existing buses only.
func TestManagedEventBusARN(t *testing.T) {
	ctx := context.Background()
	b := managedBus(t)
	_, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "custom"})
	require.NoError(t, err)
	tests := []struct {
		in, want, err string
	}{
		{"default", "arn:aws:events:us-east-1:123456789012:event-bus/default", ""},
		{"", "arn:aws:events:us-east-1:123456789012:event-bus/default", ""},
		{"custom", "arn:aws:events:us-east-1:123456789012:event-bus/custom", ""},
		{"arn:aws:events:us-east-1:123456789012:event-bus/custom", "arn:aws:events:us-east-1:123456789012:event-bus/custom", ""},
		{"nope", "", "ResourceNotFoundException: Event bus nope does not exist."},
		{"arn:aws:events:eu-west-1:123456789012:event-bus/custom", "", "ResourceNotFoundException: Event bus custom does not exist."},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := b.EventBusARN(ctx, tc.in)
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

// EventBridge refuses changes to the rules it manages: PutRule, PutTargets,
// EnableRule and DisableRule always, DeleteRule and RemoveTargets unless
// Force is set (ManagedRuleException, EventBridge API reference).
func TestManagedRuleRefusesChanges(t *testing.T) {
	ctx := context.Background()
	b, err := bus.New()
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close(ctx) })
	sink := switchyard.TargetFunc(func(context.Context, switchyard.Delivery) error { return nil })
	const name = "Events-Archive-a"
	_, err = b.AttachArchive(ctx, "default", name, "", managedArchiveARN, sink)
	require.NoError(t, err)

	r, err := b.DescribeRule(ctx, bus.DescribeRuleInput{Name: name})
	require.NoError(t, err)
	require.Equal(t, bus.ArchiveManagedBy, r.ManagedBy)

	managed := func(err error) {
		t.Helper()
		require.ErrorIs(t, err, &switchyard.Error{Code: switchyard.CodeManagedRule})
	}
	_, err = b.PutRule(ctx, bus.PutRuleInput{Name: name, EventPattern: `{"source":["x"]}`})
	managed(err)
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: name, Targets: []bus.Target{{ID: "x", Target: sink}}})
	managed(err)
	managed(errOf(b.DisableRule(ctx, bus.DisableRuleInput{Name: name})))
	managed(errOf(b.EnableRule(ctx, bus.EnableRuleInput{Name: name})))
	managed(errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: name})))
	_, err = b.RemoveTargets(ctx, bus.RemoveTargetsInput{Rule: name, IDs: []string{name}})
	managed(err)

	// The bus itself may update its rule, and Force removes it.
	_, err = b.AttachArchive(ctx, "default", name, `{"source":["y"]}`, managedArchiveARN, sink)
	require.NoError(t, err)
	require.NoError(t, errOf(b.DeleteRule(ctx, bus.DeleteRuleInput{Name: name, Force: true})))
	_, err = b.DescribeRule(ctx, bus.DescribeRuleInput{Name: name})
	require.ErrorIs(t, err, switchyard.ErrResourceNotFound)
}
