// Package aws delivers Switchyard events to AWS services (SQS, SNS, Lambda,
// Kinesis, Firehose, Step Functions, CloudWatch Logs and EventBridge) the way
// EventBridge does, through aws-sdk-go-v2. It is a nested module so the core
// never imports AWS service clients.
package aws
