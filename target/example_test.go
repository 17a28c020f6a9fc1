package target_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/target"
)

func ExampleCompileInput() {
	// The InputTransformer of a target, as it would be given to PutTargets.
	tr, err := target.CompileInput("notify", target.Input{
		InputTransformer: &target.InputTransformer{
			InputPathsMap: map[string]string{
				"instance": "$.detail.instance-id",
				"state":    "$.detail.state",
			},
			InputTemplate: `{"instance": <instance>, "message": "instance <instance> is <state>", "rule": <aws.events.rule-name>}`,
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	event := switchyard.Event{
		ID:         "7bf73129-1428-4cd3-a780-95db273d1602",
		DetailType: "EC2 Instance State-change Notification",
		Source:     "aws.ec2",
		Account:    "123456789012",
		Time:       time.Date(2015, 11, 11, 21, 29, 54, 0, time.UTC),
		Region:     "us-east-1",
		Detail:     []byte(`{"instance-id": "i-0123456789", "state": "RUNNING"}`),
	}
	meta := target.Meta{RuleName: "ec2-state", RuleARN: "arn:aws:events:us-east-1:123456789012:rule/ec2-state"}

	payload, err := tr.Apply(nil, event.AppendJSON(nil), meta)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(payload))

	// Mistakes are caught when the target is added, with EventBridge's message.
	_, err = target.CompileInput("notify", target.Input{
		InputTransformer: &target.InputTransformer{InputTemplate: `"<instance> is <state>"`},
	})
	fmt.Println(err)
	// Output:
	// {"instance":"i-0123456789","message":"instance i-0123456789 is RUNNING","rule":"ec2-state"}
	// ValidationException: InputTemplate for target notify contains invalid placeholder instance.
}

func ExampleWriter() {
	w := target.Writer(os.Stdout)
	for _, p := range []string{"{\n  \"order\": 42\n}", `"order 42 shipped"`} {
		if err := w.Deliver(context.Background(), switchyard.Delivery{Payload: []byte(p)}); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// {"order":42}
	// "order 42 shipped"
}

func ExampleChan() {
	ch := make(chan switchyard.Delivery, 16)
	t := target.Chan(ch, target.NonBlocking())
	_ = t.Deliver(context.Background(), switchyard.Delivery{TargetID: "audit", Payload: []byte(`{"ok":true}`)})
	d := <-ch
	fmt.Println(d.TargetID, string(d.Payload))
	// Output: audit {"ok":true}
}
