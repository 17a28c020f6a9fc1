package awstarget

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/switchyard-go/switchyard"
)

// StepFunctionsAPI is the part of *sfn.Client the Step Functions target uses.
type StepFunctionsAPI interface {
	StartExecution(ctx context.Context, in *sfn.StartExecutionInput, opts ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error)
}

// StepFunctions starts an execution of an AWS Step Functions state machine
// for each delivery, with d.Payload as the execution's input. The service
// names the execution, as it does for EventBridge.
type StepFunctions struct {
	api StepFunctionsAPI
	arn resourceARN
}

// NewStepFunctions returns the target for the state machine stateMachineARN
// ("arn:aws:states:us-east-1:123456789012:stateMachine:orders").
func NewStepFunctions(api StepFunctionsAPI, stateMachineARN string, opts ...TargetOption) (*StepFunctions, error) {
	a, err := parseARN(stateMachineARN, svcStates)
	if err != nil {
		return nil, err
	}
	if _, err := newTargetConfig(opts); err != nil {
		return nil, err
	}
	return &StepFunctions{api: api, arn: a}, nil
}

// ARN returns the state machine's ARN.
func (t *StepFunctions) ARN() string { return t.arn.raw }

// Deliver starts one execution with d.Payload as its input.
func (t *StepFunctions) Deliver(ctx context.Context, d switchyard.Delivery) error {
	_, err := t.api.StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: aws.String(t.arn.raw),
		Input:           aws.String(string(d.Payload)),
	})
	return classify("StepFunctions", "StartExecution", err)
}
