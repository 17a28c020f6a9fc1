// Package awstarget delivers Switchyard events to AWS services the way
// EventBridge does, and publishes events to EventBridge (or to a Switchyard
// server) through aws-sdk-go-v2.
//
// It lives in the nested module github.com/switchyard-go/switchyard/targets/aws
// so that the core module never imports AWS service clients. The package is
// named awstarget, not aws, because code that uses it nearly always imports
// aws-sdk-go-v2's own package aws (for aws.Config) too.
//
// # Targets
//
// Each target implements switchyard.Target, and switchyard.BatchTarget where
// the service takes several records in one call:
//
//	SQS            SendMessage / SendMessageBatch (10 per call)  standard and FIFO queues
//	SNS            Publish
//	Lambda         Invoke with InvocationType Event (asynchronous)
//	Kinesis        PutRecord / PutRecords (500 per call)         partition key from a path
//	Firehose       PutRecord / PutRecordBatch (500 per call)
//	StepFunctions  StartExecution
//	Logs           CreateLogStream + PutLogEvents                a stream per event, or one stream
//	EventBus       PutEvents to another bus (10 per call)
//
// A target sends the delivery's Payload (the event, or the output of the
// rule target's input transformation), except EventBus, which forwards the
// event itself as EventBridge does.
//
// # Errors
//
// Failures are classified as EventBridge classifies them: throttling, 5xx
// answers and transport failures are retried under the rule target's retry
// policy; access denied, a missing resource and invalid parameters are
// permanent (target.IsPermanent reports true) and go straight to the
// dead-letter queue. Every error is an *Error whose DeadLetterCode is one of
// the ERROR_CODE values EventBridge writes on dead-letter messages
// (THROTTLING, NO_PERMISSIONS, NO_RESOURCE, INVALID_PARAMETER, ...); a
// cancelled or timed-out delivery returns the context's error unchanged.
//
// # Dead-letter queues
//
// EventBridge's dead-letter queues are SQS queues. The SQS target is also
// the dead-letter target: when a delivery carries Attributes (RULE_ARN,
// TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION,
// RETRY_ATTEMPTS), they become String message attributes of the message.
//
// # Resolving ARNs
//
// A Resolver turns a target or dead-letter ARN into the right target, with
// one client per service and region and per-service endpoint overrides, so a
// server can deliver to LocalStack, moto or real AWS. Resolver.ForBus plugs
// it into a bus (bus.WithTargetResolver), so PutTargets can name targets
// and dead-letter queues by ARN, with their SqsParameters and
// KinesisParameters:
//
//	res := awstarget.NewResolver(cfg, awstarget.WithEndpoint(awstarget.ServiceSQS, "http://127.0.0.1:4566"))
//	b, err := bus.New(bus.WithTargetResolver(res.ForBus()))
//
// # Publishing
//
// Publisher implements switchyard.Publisher over EventBridge's PutEvents,
// splitting large calls into requests within AWS's limits and mapping each
// result back to its entry.
//
// # Retries inside the SDK
//
// Clients made by the Resolver do not retry on their own: the bus's retry
// policy decides when to try again, as EventBridge's does. Clients you pass
// to the New* constructors are used as they are.
package awstarget
