package awstarget

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// resourceARN is a parsed ARN of a resource this package delivers to, with
// the resource's name taken out of the service-specific resource part.
type resourceARN struct {
	arn.ARN
	raw  string
	name string // queue, topic, function, stream, state machine, log group or bus name
}

// Service names as they appear in ARNs.
const (
	svcSQS      = "sqs"
	svcSNS      = "sns"
	svcLambda   = "lambda"
	svcKinesis  = "kinesis"
	svcFirehose = "firehose"
	svcStates   = "states"
	svcLogs     = "logs"
	svcEvents   = "events"
)

// parseARN parses s and checks it names a resource of service. The resource
// forms are AWS's:
//
//	sqs       arn:aws:sqs:us-east-1:123456789012:queue-name
//	sns       arn:aws:sns:us-east-1:123456789012:topic-name
//	lambda    arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]
//	kinesis   arn:aws:kinesis:us-east-1:123456789012:stream/name
//	firehose  arn:aws:firehose:us-east-1:123456789012:deliverystream/name
//	states    arn:aws:states:us-east-1:123456789012:stateMachine:name
//	logs      arn:aws:logs:us-east-1:123456789012:log-group:name[:*]
//	events    arn:aws:events:us-east-1:123456789012:event-bus/name
func parseARN(s, service string) (resourceARN, error) {
	a, err := arn.Parse(s)
	if err != nil {
		return resourceARN{}, fmt.Errorf("awstarget: ARN %q: %w", s, err)
	}
	if a.Service != service {
		return resourceARN{}, fmt.Errorf("awstarget: ARN %q names a %q resource, want %q", s, a.Service, service)
	}
	if a.Region == "" || a.AccountID == "" {
		return resourceARN{}, fmt.Errorf("awstarget: ARN %q: region and account ID are required", s)
	}
	name, ok := resourceName(service, a.Resource)
	if !ok || name == "" {
		return resourceARN{}, fmt.Errorf("awstarget: ARN %q: resource %q is not %s", s, a.Resource, resourceKind(service))
	}
	return resourceARN{ARN: a, raw: s, name: name}, nil
}

// resourceName extracts the resource's name from an ARN's resource part.
func resourceName(service, res string) (string, bool) {
	switch service {
	case svcSQS, svcSNS:
		return res, !strings.ContainsAny(res, ":/")
	case svcLambda:
		// A qualified function ARN (version or alias) is invoked as given:
		// Invoke accepts the whole ARN as FunctionName.
		rest, ok := strings.CutPrefix(res, "function:")
		return rest, ok
	case svcKinesis:
		return strings.CutPrefix(res, "stream/")
	case svcFirehose:
		return strings.CutPrefix(res, "deliverystream/")
	case svcStates:
		return strings.CutPrefix(res, "stateMachine:")
	case svcLogs:
		rest, ok := strings.CutPrefix(res, "log-group:")
		rest = strings.TrimSuffix(rest, ":*")
		return rest, ok && !strings.Contains(rest, ":")
	case svcEvents:
		return strings.CutPrefix(res, "event-bus/")
	}
	return "", false
}

func resourceKind(service string) string {
	switch service {
	case svcSQS:
		return "a queue"
	case svcSNS:
		return "a topic"
	case svcLambda:
		return "a function (function:NAME)"
	case svcKinesis:
		return "a stream (stream/NAME)"
	case svcFirehose:
		return "a delivery stream (deliverystream/NAME)"
	case svcStates:
		return "a state machine (stateMachine:NAME)"
	case svcLogs:
		return "a log group (log-group:NAME)"
	case svcEvents:
		return "an event bus (event-bus/NAME)"
	}
	return "a " + service + " resource"
}
