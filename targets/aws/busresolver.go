package awstarget

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// ForBus returns r as a bus.TargetResolver, for bus.WithTargetResolver: the
// bus then resolves the target and dead-letter ARNs of PutTargets that name
// SQS queues, SNS topics, Lambda functions, Kinesis and Firehose streams,
// Step Functions state machines and CloudWatch Logs log groups, reading
// the target's SqsParameters.MessageGroupId and
// KinesisParameters.PartitionKeyPath. It answers (nil, nil) for other ARNs,
// so the bus asks its next resolver. Event bus ARNs never reach it: the bus
// forwards to its own buses itself.
//
//	res := awstarget.NewResolver(cfg)
//	b, err := bus.New(bus.WithTargetResolver(res.ForBus()))
func (r *Resolver) ForBus() bus.TargetResolver {
	return func(ctx context.Context, t bus.Target) (switchyard.Target, error) {
		a, err := arn.Parse(t.ARN)
		if err != nil || !resolvable(a.Service) {
			return nil, nil
		}
		var opts []TargetOption
		if p := t.SqsParameters; p != nil && p.MessageGroupID != "" {
			opts = append(opts, WithMessageGroupID(p.MessageGroupID))
		}
		if p := t.KinesisParameters; p != nil && p.PartitionKeyPath != "" {
			opts = append(opts, WithPartitionKeyPath(p.PartitionKeyPath))
		}
		return r.Target(ctx, t.ARN, opts...)
	}
}

// resolvable reports whether Target handles ARNs of the service.
func resolvable(service string) bool {
	switch service {
	case svcSQS, svcSNS, svcLambda, svcKinesis, svcFirehose, svcStates, svcLogs, svcEvents:
		return true
	}
	return false
}
