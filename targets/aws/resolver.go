package awstarget

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/switchyard-go/switchyard"
)

// Service identifies an AWS service by its ARN namespace, for per-service
// endpoint overrides.
type Service string

// The services a Resolver delivers to.
const (
	ServiceSQS           Service = svcSQS
	ServiceSNS           Service = svcSNS
	ServiceLambda        Service = svcLambda
	ServiceKinesis       Service = svcKinesis
	ServiceFirehose      Service = svcFirehose
	ServiceStepFunctions Service = svcStates
	ServiceLogs          Service = svcLogs
	ServiceEventBridge   Service = svcEvents
)

// ErrUnsupportedARN is wrapped by Resolve's error for an ARN of a service
// this package does not deliver to, and by DeadLetter's for an ARN that is
// not an SQS queue's.
var ErrUnsupportedARN = errors.New("awstarget: unsupported target ARN")

// Resolver maps target and dead-letter ARNs to targets, the way EventBridge
// routes to a target by its ARN. It makes one client per service and region
// (the region in the ARN) from an aws.Config, and reaches each service at
// the config's endpoint unless WithEndpoint overrides it, so one Resolver
// can deliver to LocalStack, moto or real AWS. It is safe for concurrent
// use.
type Resolver struct {
	cfg        aws.Config
	endpoints  map[Service]string
	sdkRetries bool

	mu      sync.Mutex
	clients map[clientKey]any
}

type clientKey struct {
	service Service
	region  string
}

// Option configures a Resolver.
type Option func(*Resolver)

// WithEndpoint sends the calls to one service to url
// ("http://127.0.0.1:4566") instead of the config's endpoint. The config's
// BaseEndpoint, if set, applies to the services without an override.
func WithEndpoint(service Service, url string) Option {
	return func(r *Resolver) { r.endpoints[service] = url }
}

// WithSDKRetries lets the SDK's clients retry failed calls themselves, with
// the config's Retryer, before the bus sees the failure. By default they do
// not: the bus's retry policy alone decides, as EventBridge's does.
func WithSDKRetries() Option {
	return func(r *Resolver) { r.sdkRetries = true }
}

// NewResolver returns a Resolver over cfg, typically from
// config.LoadDefaultConfig, or an aws.Config with static credentials and a
// BaseEndpoint for a local AWS-API server.
func NewResolver(cfg aws.Config, opts ...Option) *Resolver {
	r := &Resolver{cfg: cfg, endpoints: map[Service]string{}, clients: map[clientKey]any{}}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Resolve returns the target for a target ARN with default parameters. It
// has the shape of a bus's ARN-resolution hook. It makes no call to AWS.
func (r *Resolver) Resolve(ctx context.Context, targetARN string) (switchyard.Target, error) {
	return r.Target(ctx, targetARN)
}

// Target returns the target for a target ARN with the rule target's
// parameters (WithMessageGroupID for SqsParameters, WithPartitionKeyPath
// for KinesisParameters...). The ARN's service picks the target: SQS, SNS,
// Lambda, Kinesis, Firehose, Step Functions, CloudWatch Logs or an
// EventBridge bus. Other ARNs fail with ErrUnsupportedARN.
func (r *Resolver) Target(_ context.Context, targetARN string, opts ...TargetOption) (switchyard.Target, error) {
	a, err := arn.Parse(targetARN)
	if err != nil {
		return nil, fmt.Errorf("awstarget: ARN %q: %w", targetARN, err)
	}
	switch a.Service {
	case svcSQS:
		return NewSQS(r.sqs(a.Region), targetARN, opts...)
	case svcSNS:
		return NewSNS(r.sns(a.Region), targetARN, opts...)
	case svcLambda:
		return NewLambda(r.lambda(a.Region), targetARN, opts...)
	case svcKinesis:
		return NewKinesis(r.kinesis(a.Region), targetARN, opts...)
	case svcFirehose:
		return NewFirehose(r.firehose(a.Region), targetARN, opts...)
	case svcStates:
		return NewStepFunctions(r.sfn(a.Region), targetARN, opts...)
	case svcLogs:
		return NewLogs(r.logs(a.Region), targetARN, opts...)
	case svcEvents:
		if !strings.HasPrefix(a.Resource, "event-bus/") {
			break // API destinations and the rest are the bus's own business
		}
		return NewEventBus(r.eventbridge(a.Region), targetARN, opts...)
	}
	return nil, fmt.Errorf("%w: %s (service %q)", ErrUnsupportedARN, targetARN, a.Service)
}

// DeadLetter returns the dead-letter target for DeadLetterConfig.Arn. As on
// EventBridge it must be an SQS queue, and a standard one: EventBridge does
// not support FIFO queues as dead-letter queues.
func (r *Resolver) DeadLetter(_ context.Context, queueARN string) (switchyard.Target, error) {
	a, err := parseARN(queueARN, svcSQS)
	if err != nil {
		return nil, fmt.Errorf("%w: dead-letter queue: %w", ErrUnsupportedARN, err)
	}
	if strings.HasSuffix(a.name, ".fifo") {
		return nil, fmt.Errorf("%w: dead-letter queue %s is a FIFO queue; EventBridge dead-letter queues are standard SQS queues", ErrUnsupportedARN, queueARN)
	}
	return NewSQS(r.sqs(a.Region), queueARN)
}

// Publisher returns a Publisher for the region, through the EventBridge
// endpoint (a Switchyard server's, or AWS's).
func (r *Resolver) Publisher(region string, opts ...PublisherOption) (*Publisher, error) {
	return NewPublisher(r.eventbridge(region), opts...)
}

// client returns the cached client for service and region, making it with
// mk the first time. The lock is held while mk runs: it only builds a
// struct, and holding it keeps one client per key.
func client[T any](r *Resolver, service Service, region string, mk func(aws.Config, string, bool) T) T {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := clientKey{service, region}
	if c, ok := r.clients[k]; ok {
		return c.(T)
	}
	cfg := r.cfg.Copy()
	if region != "" {
		cfg.Region = region
	}
	c := mk(cfg, r.endpoints[service], r.sdkRetries)
	r.clients[k] = c
	return c
}

// endpointAndRetry is what every client gets: the override, and no SDK
// retries unless asked for.
func endpointAndRetry(endpoint string, sdkRetries bool, base **string, retryer *aws.Retryer) {
	if endpoint != "" {
		*base = aws.String(endpoint)
	}
	if !sdkRetries {
		*retryer = aws.NopRetryer{}
	}
}

func (r *Resolver) sqs(region string) *sqs.Client {
	return client(r, ServiceSQS, region, func(cfg aws.Config, ep string, rt bool) *sqs.Client {
		return sqs.NewFromConfig(cfg, func(o *sqs.Options) { endpointAndRetry(ep, rt, &o.BaseEndpoint, &o.Retryer) })
	})
}

func (r *Resolver) sns(region string) *sns.Client {
	return client(r, ServiceSNS, region, func(cfg aws.Config, ep string, rt bool) *sns.Client {
		return sns.NewFromConfig(cfg, func(o *sns.Options) { endpointAndRetry(ep, rt, &o.BaseEndpoint, &o.Retryer) })
	})
}

func (r *Resolver) lambda(region string) *lambda.Client {
	return client(r, ServiceLambda, region, func(cfg aws.Config, ep string, rt bool) *lambda.Client {
		return lambda.NewFromConfig(cfg, func(o *lambda.Options) { endpointAndRetry(ep, rt, &o.BaseEndpoint, &o.Retryer) })
	})
}

func (r *Resolver) kinesis(region string) *kinesis.Client {
	return client(r, ServiceKinesis, region, func(cfg aws.Config, ep string, rt bool) *kinesis.Client {
		return kinesis.NewFromConfig(cfg, func(o *kinesis.Options) { endpointAndRetry(ep, rt, &o.BaseEndpoint, &o.Retryer) })
	})
}

func (r *Resolver) firehose(region string) *firehose.Client {
	return client(r, ServiceFirehose, region, func(cfg aws.Config, ep string, rt bool) *firehose.Client {
		return firehose.NewFromConfig(cfg, func(o *firehose.Options) { endpointAndRetry(ep, rt, &o.BaseEndpoint, &o.Retryer) })
	})
}

func (r *Resolver) sfn(region string) *sfn.Client {
	return client(r, ServiceStepFunctions, region, func(cfg aws.Config, ep string, rt bool) *sfn.Client {
		return sfn.NewFromConfig(cfg, func(o *sfn.Options) { endpointAndRetry(ep, rt, &o.BaseEndpoint, &o.Retryer) })
	})
}

func (r *Resolver) logs(region string) *cloudwatchlogs.Client {
	return client(r, ServiceLogs, region, func(cfg aws.Config, ep string, rt bool) *cloudwatchlogs.Client {
		return cloudwatchlogs.NewFromConfig(cfg, func(o *cloudwatchlogs.Options) { endpointAndRetry(ep, rt, &o.BaseEndpoint, &o.Retryer) })
	})
}

func (r *Resolver) eventbridge(region string) *eventbridge.Client {
	return client(r, ServiceEventBridge, region, func(cfg aws.Config, ep string, rt bool) *eventbridge.Client {
		return eventbridge.NewFromConfig(cfg, func(o *eventbridge.Options) { endpointAndRetry(ep, rt, &o.BaseEndpoint, &o.Retryer) })
	})
}
