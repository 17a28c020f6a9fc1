package awstarget

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/switchyard-go/switchyard"
)

// SNSAPI is the part of *sns.Client the SNS target uses.
type SNSAPI interface {
	Publish(ctx context.Context, in *sns.PublishInput, opts ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// SNS delivers to an Amazon SNS topic: each delivery's Payload is published
// as one message. A FIFO topic (name ending in ".fifo") gets the message
// group set with WithMessageGroupID.
type SNS struct {
	api SNSAPI
	arn resourceARN
	cfg targetConfig
}

// NewSNS returns the target for the topic topicARN
// ("arn:aws:sns:us-east-1:123456789012:alerts").
func NewSNS(api SNSAPI, topicARN string, opts ...TargetOption) (*SNS, error) {
	a, err := parseARN(topicARN, svcSNS)
	if err != nil {
		return nil, err
	}
	cfg, err := newTargetConfig(opts)
	if err != nil {
		return nil, err
	}
	return &SNS{api: api, arn: a, cfg: cfg}, nil
}

// ARN returns the topic's ARN.
func (t *SNS) ARN() string { return t.arn.raw }

// Deliver publishes d.Payload to the topic.
func (t *SNS) Deliver(ctx context.Context, d switchyard.Delivery) error {
	in := &sns.PublishInput{TopicArn: aws.String(t.arn.raw), Message: aws.String(string(d.Payload))}
	if t.cfg.messageGroupID != "" && strings.HasSuffix(t.arn.name, ".fifo") {
		in.MessageGroupId = aws.String(t.cfg.messageGroupID)
	}
	_, err := t.api.Publish(ctx, in)
	return classify("SNS", "Publish", err)
}
