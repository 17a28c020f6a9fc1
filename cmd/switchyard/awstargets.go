package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/switchyard-go/switchyard/bus"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// awsEndpoints is what --aws-endpoint and --aws-endpoints say about where
// the AWS services behind rule targets and dead-letter queues live.
type awsEndpoints struct {
	all        string                       // every service, e.g. moto_server or LocalStack
	perService map[awstarget.Service]string // overrides, e.g. sqs=http://127.0.0.1:9324
}

// enabled reports whether targets named by SQS, SNS, Lambda, Kinesis,
// Firehose, Step Functions, CloudWatch Logs or EventBridge ARNs are
// delivered. They are only when an endpoint is given: a local endpoint
// must not start calling real AWS because a rule names a real queue.
func (e awsEndpoints) enabled() bool { return e.all != "" || len(e.perService) > 0 }

// parseAWSEndpoints reads --aws-endpoints, "sqs=URL,sns=URL": the service
// names are the ARN namespaces (sqs, sns, lambda, kinesis, firehose,
// states, logs, events).
func parseAWSEndpoints(all, list string) (awsEndpoints, error) {
	e := awsEndpoints{all: all, perService: map[awstarget.Service]string{}}
	if all != "" {
		if err := checkEndpointURL("--aws-endpoint", all); err != nil {
			return e, err
		}
	}
	if list == "" {
		return e, nil
	}
	known := map[string]awstarget.Service{}
	for _, s := range []awstarget.Service{awstarget.ServiceSQS, awstarget.ServiceSNS, awstarget.ServiceLambda,
		awstarget.ServiceKinesis, awstarget.ServiceFirehose, awstarget.ServiceStepFunctions,
		awstarget.ServiceLogs, awstarget.ServiceEventBridge} {
		known[string(s)] = s
	}
	for _, item := range strings.Split(list, ",") {
		name, u, ok := strings.Cut(strings.TrimSpace(item), "=")
		svc, isKnown := known[name]
		if !ok || !isKnown {
			return e, fmt.Errorf("--aws-endpoints %q: want service=URL items separated by commas, service one of sqs, sns, lambda, kinesis, firehose, states, logs, events", item)
		}
		if err := checkEndpointURL("--aws-endpoints "+name, u); err != nil {
			return e, err
		}
		e.perService[svc] = u
	}
	return e, nil
}

func checkEndpointURL(flag, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s %q: want an http:// or https:// URL", flag, s)
	}
	return nil
}

// awsTargetResolver resolves AWS service ARNs in rule targets and
// dead-letter configs to targets/aws's targets. Credentials come from the
// usual chain (AWS_ACCESS_KEY_ID, profiles, ...); a call that fails for
// want of them fails the delivery, which the logs and /metrics show and
// the retry policy and dead-letter queue handle, never a silent drop.
func awsTargetResolver(ctx context.Context, e awsEndpoints) (bus.TargetResolver, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration for --aws-endpoint: %w", err)
	}
	if e.all != "" {
		cfg.BaseEndpoint = &e.all
	}
	var opts []awstarget.Option
	for svc, u := range e.perService {
		opts = append(opts, awstarget.WithEndpoint(svc, u))
	}
	return awstarget.NewResolver(cfg, opts...).ForBus(), nil
}
