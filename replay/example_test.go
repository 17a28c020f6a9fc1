package replay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
)

// lines is a target that notes what it receives.
type lines struct {
	mu  sync.Mutex
	got []string
}

func (l *lines) Deliver(_ context.Context, d switchyard.Delivery) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, d.Event.Time.Format("15:04")+" "+d.Event.ReplayName+" "+string(d.Event.Detail))
	return nil
}

// A replay sends archived events again, to the rules of their bus, marked
// with the replay's name: here the archived events of 09:00 to 10:00 go to
// a rule created after they happened.
func ExampleReplayer_StartReplay() {
	ctx := context.Background()
	b, _ := bus.New()
	archives, _ := archive.NewArchives(b)
	replays, _ := replay.New(b, archives)
	defer func() {
		_ = replays.Close(ctx)
		_ = b.Close(ctx)
		_ = archives.Close(ctx)
	}()

	busARN, _ := b.EventBusARN(ctx, "default")
	ar, _ := archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "orders", EventSourceARN: busARN})
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, h := range []int{8, 9, 9, 10} {
		_, _ = b.PutEvents(ctx, []switchyard.Entry{{
			Source: "orders", DetailType: "OrderPlaced", Detail: fmt.Sprintf(`{"hour":%d}`, h), Time: day.Add(time.Duration(h) * time.Hour),
		}})
	}
	_ = b.Flush(ctx)

	ruleARN, _ := b.PutRule(ctx, bus.PutRuleInput{Name: "late-consumer", EventPattern: `{"source":["orders"]}`})
	received := &lines{}
	_, _ = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "late-consumer", Targets: []bus.Target{{ID: "note", Target: received}}})

	out, err := replays.StartReplay(ctx, replay.StartReplayInput{
		ReplayName:     "nine-to-ten",
		EventSourceARN: ar.ArchiveARN,
		EventStartTime: day.Add(9 * time.Hour),
		EventEndTime:   day.Add(10 * time.Hour),
		Destination:    replay.Destination{ARN: busARN, FilterARNs: []string{ruleARN.RuleARN}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.State)
	for {
		r, _ := replays.DescribeReplay(ctx, replay.DescribeReplayInput{ReplayName: "nine-to-ten"})
		if r.State == replay.StateCompleted {
			_ = b.Flush(ctx)
			fmt.Println(r.State, r.EventLastReplayedTime.Format("15:04"))
			break
		}
		time.Sleep(time.Millisecond)
	}
	received.mu.Lock()
	for _, l := range received.got {
		fmt.Println(l)
	}
	received.mu.Unlock()
	// Output:
	// STARTING
	// COMPLETED 09:00
	// 09:00 nine-to-ten {"hour":9}
	// 09:00 nine-to-ten {"hour":9}
}

// The JSON an `aws events start-replay --cli-input-json` takes decodes into
// StartReplayInput; the member names are EventBridge's.
func ExampleStartReplayInput() {
	var in replay.StartReplayInput
	err := json.Unmarshal([]byte(`{
		"ReplayName": "backfill",
		"EventSourceArn": "arn:aws:events:us-east-1:123456789012:archive/orders",
		"EventStartTime": "2026-01-01T09:00:00Z",
		"EventEndTime": "2026-01-01T10:00:00Z",
		"Destination": {
			"Arn": "arn:aws:events:us-east-1:123456789012:event-bus/default",
			"FilterArns": ["arn:aws:events:us-east-1:123456789012:rule/late-consumer"]
		}}`), &in)
	fmt.Println(err)
	fmt.Println(in.ReplayName, in.EventEndTime.Sub(in.EventStartTime))
	fmt.Println(in.Destination.ARN)
	fmt.Println(in.Destination.FilterARNs)
	// Output:
	// <nil>
	// backfill 1h0m0s
	// arn:aws:events:us-east-1:123456789012:event-bus/default
	// [arn:aws:events:us-east-1:123456789012:rule/late-consumer]
}
