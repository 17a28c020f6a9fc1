package bus_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// The JSON the aws CLI takes and prints decodes into the Go types and
// encodes back the same (issue 8 item 3). The documents are the request
// and response syntax of the API reference, filled in.
func TestAWSJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		into any
	}{
		{"put-targets --targets", `{"Rule":"r","EventBusName":"orders","Targets":[
			{"Id":"q","Arn":"arn:aws:sqs:us-east-1:123456789012:q.fifo","RoleArn":"arn:aws:iam::123456789012:role/r",
			 "InputTransformer":{"InputPathsMap":{"id":"$.detail.id"},"InputTemplate":"{\"id\": <id>}"},
			 "SqsParameters":{"MessageGroupId":"g"},
			 "DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:123456789012:dlq"},
			 "RetryPolicy":{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":600}},
			{"Id":"api","Arn":"arn:aws:events:us-east-1:123456789012:api-destination/d/1","InputPath":"$.detail",
			 "HttpParameters":{"PathParameterValues":["$.detail.id"],"HeaderParameters":{"h":"v"},"QueryStringParameters":{"q":"v"}}},
			{"Id":"ecs","Arn":"arn:aws:ecs:us-east-1:123456789012:cluster/c","Input":"{}",
			 "EcsParameters":{"TaskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/t","TaskCount":1},
			 "KinesisParameters":{"PartitionKeyPath":"$.id"}}]}`, &bus.PutTargetsInput{}},
		{"list-targets-by-rule", `{"Targets":[{"Id":"t","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/b"}],"NextToken":"x"}`, &bus.ListTargetsByRuleOutput{}},
		{"put-rule", `{"Name":"r","ScheduleExpression":"rate(5 minutes)","State":"ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
			"Description":"d","RoleArn":"arn:aws:iam::123456789012:role/r","Tags":[{"Key":"k","Value":"v"}],"EventBusName":"default"}`, &bus.PutRuleInput{}},
		{"describe-rule", `{"Name":"r","Arn":"arn:aws:events:us-east-1:123456789012:rule/r","EventPattern":"{}","State":"ENABLED",
			"ManagedBy":"prod.vhs.events.aws.internal","EventBusName":"default","CreatedBy":"123456789012"}`, &bus.DescribeRuleOutput{}},
		{"put-events --entries", `{"FailedEntryCount":1,"Entries":[{"EventId":"11710aed-b79e-4468-a20b-bb3c0c3b4860"},
			{"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}]}`, &switchyard.PutEventsResult{}},
		{"put-events entry", `{"Source":"shop","Resources":["r"],"DetailType":"d","Detail":"{}","EventBusName":"b","TraceHeader":"Root=1"}`, &switchyard.Entry{}},
		{"put-permission", `{"EventBusName":"b","Action":"events:PutEvents","Principal":"*","StatementId":"s",
			"Condition":{"Type":"StringEquals","Key":"aws:PrincipalOrgID","Value":"o-1"}}`, &bus.PutPermissionInput{}},
		{"remove-permission", `{"StatementId":"s","RemoveAllPermissions":true,"EventBusName":"b"}`, &bus.RemovePermissionInput{}},
		{"create-event-bus", `{"Name":"b","Description":"d","KmsKeyIdentifier":"k","DeadLetterConfig":{"Arn":"a"},
			"LogConfig":{"IncludeDetail":"FULL","Level":"TRACE"},"Tags":[{"Key":"k","Value":""}]}`, &bus.CreateEventBusInput{}},
		{"create-connection", `{"Name":"c","Description":"d","AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{
			"OAuthParameters":{"AuthorizationEndpoint":"https://a.example/token","HttpMethod":"POST",
			"ClientParameters":{"ClientID":"id","ClientSecret":"s"},
			"OAuthHttpParameters":{"BodyParameters":[{"Key":"scope","Value":"x","IsValueSecret":true}]}},
			"InvocationHttpParameters":{"HeaderParameters":[{"Key":"h","Value":"v"}]}}}`, &bus.CreateConnectionInput{}},
		{"create-api-destination", `{"Name":"d","ConnectionArn":"arn:aws:events:us-east-1:123456789012:connection/c/1",
			"InvocationEndpoint":"https://a.example/*","HttpMethod":"POST","InvocationRateLimitPerSecond":10}`, &bus.CreateAPIDestinationInput{}},
		{"test-event-pattern", `{"Result":true}`, &bus.TestEventPatternOutput{}},
		{"list-partner-event-source-accounts", `{"PartnerEventSourceAccounts":[{"Account":"123456789012","State":"ACTIVE"}]}`, &bus.ListPartnerEventSourceAccountsOutput{}},
		{"tag-resource", `{"ResourceARN":"arn:aws:events:us-east-1:123456789012:rule/r","Tags":[{"Key":"k","Value":"v"}]}`, &bus.TagResourceInput{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, json.Unmarshal([]byte(tc.doc), tc.into))
			back, err := json.Marshal(tc.into)
			require.NoError(t, err)
			require.JSONEq(t, tc.doc, string(back))
		})
	}
}

// Empty outputs encode as {}, as the server sends them.
func TestEmptyOutputsEncodeAsObjects(t *testing.T) {
	for _, v := range []any{bus.DeleteRuleOutput{}, bus.EnableRuleOutput{}, bus.PutPermissionOutput{}, bus.TagResourceOutput{}, bus.DeleteEventBusOutput{}} {
		out, err := json.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, "{}", string(out))
	}
}
