package awstarget

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/switchyard-go/switchyard"
)

// LambdaAPI is the part of *lambda.Client the Lambda target uses.
type LambdaAPI interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, opts ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// Lambda invokes an AWS Lambda function asynchronously (InvocationType
// Event), as EventBridge does: the delivery succeeds once Lambda has queued
// the invocation, and the function's own errors are Lambda's to retry.
type Lambda struct {
	api LambdaAPI
	arn resourceARN
}

// NewLambda returns the target for the function functionARN
// ("arn:aws:lambda:us-east-1:123456789012:function:resize", optionally with
// a version or alias after another colon).
func NewLambda(api LambdaAPI, functionARN string, opts ...TargetOption) (*Lambda, error) {
	a, err := parseARN(functionARN, svcLambda)
	if err != nil {
		return nil, err
	}
	if _, err := newTargetConfig(opts); err != nil {
		return nil, err
	}
	return &Lambda{api: api, arn: a}, nil
}

// ARN returns the function's ARN.
func (t *Lambda) ARN() string { return t.arn.raw }

// Deliver invokes the function with d.Payload as its event.
func (t *Lambda) Deliver(ctx context.Context, d switchyard.Delivery) error {
	_, err := t.api.Invoke(ctx, &lambda.InvokeInput{
		FunctionName:   aws.String(t.arn.raw),
		InvocationType: types.InvocationTypeEvent,
		Payload:        d.Payload,
	})
	return classify("Lambda", "Invoke", err)
}
