package server

import (
	"context"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// Wire shapes for the bus operations whose Go signature is not yet
// Op(ctx, OpInput) (OpOutput, error) with AWS-named members. Each is the
// operation's request or response as the EventBridge API Reference
// (2015-10-07) defines it.
type (
	putEventsRequest struct {
		Entries []putEventsEntry
	}
	putEventsEntry struct {
		Time         time.Time
		Source       string
		Resources    []string
		DetailType   string
		Detail       string
		EventBusName string
		TraceHeader  string
	}
	putEventsResponse struct {
		FailedEntryCount int
		Entries          []putEventsResultEntry
	}
	putEventsResultEntry struct {
		EventID      string `json:"EventId,omitempty"`
		ErrorCode    string `json:",omitempty"`
		ErrorMessage string `json:",omitempty"`
	}
	ruleRef struct {
		Name         string
		EventBusName string
	}
	busRef struct {
		Name string
	}
	testEventPatternRequest struct {
		EventPattern string
		Event        string
	}
	testEventPatternResponse struct {
		Result bool
	}
	putRuleResponse struct {
		RuleArn string
	}
	createEventBusResponse struct {
		EventBusArn string
	}
	wireRule struct {
		Name               string
		Arn                string
		EventBusName       string
		EventPattern       string `json:",omitempty"`
		ScheduleExpression string `json:",omitempty"`
		State              string
		Description        string `json:",omitempty"`
		CreatedBy          string `json:",omitempty"`
		ManagedBy          string `json:",omitempty"`
	}
	listRulesResponse struct {
		Rules     []wireRule
		NextToken string `json:",omitempty"`
	}
	wireEventBus struct {
		Name             string
		Arn              string
		Description      string `json:",omitempty"`
		Policy           string `json:",omitempty"`
		CreationTime     time.Time
		LastModifiedTime time.Time
	}
	listEventBusesResponse struct {
		EventBuses []wireEventBus
		NextToken  string `json:",omitempty"`
	}
	putPermissionRequest struct {
		EventBusName string
		Action       string
		Principal    string
		StatementID  string `json:"StatementId"`
	}
	removePermissionRequest struct {
		EventBusName         string
		StatementID          string `json:"StatementId"`
		RemoveAllPermissions bool
	}
)

func busOps(b *bus.Bus) []operation {
	return []operation{
		call("PutEvents", false, func(ctx context.Context, in putEventsRequest) (putEventsResponse, error) {
			res, err := b.PutEvents(ctx, toEntries(in.Entries))
			return fromResult(res), err
		}),
		call("PutPartnerEvents", false, func(ctx context.Context, in putEventsRequest) (putEventsResponse, error) {
			res, err := b.PutPartnerEvents(ctx, toEntries(in.Entries))
			return fromResult(res), err
		}),
		call("TestEventPattern", false, func(ctx context.Context, in testEventPatternRequest) (testEventPatternResponse, error) {
			ok, err := b.TestEventPattern(ctx, in.EventPattern, in.Event)
			return testEventPatternResponse{Result: ok}, err
		}),
		call("PutRule", true, func(ctx context.Context, in bus.PutRuleInput) (putRuleResponse, error) {
			arn, err := b.PutRule(ctx, in)
			return putRuleResponse{RuleArn: arn}, err
		}),
		call("DescribeRule", false, func(ctx context.Context, in ruleRef) (wireRule, error) {
			r, err := b.DescribeRule(ctx, in.Name, in.EventBusName)
			return toWireRule(r), err
		}),
		call("ListRules", false, func(ctx context.Context, in bus.ListRulesInput) (listRulesResponse, error) {
			out, err := b.ListRules(ctx, in)
			resp := listRulesResponse{NextToken: out.NextToken, Rules: []wireRule{}}
			for _, r := range out.Rules {
				resp.Rules = append(resp.Rules, toWireRule(r))
			}
			return resp, err
		}),
		callNoOutput("EnableRule", true, func(ctx context.Context, in ruleRef) error {
			return b.EnableRule(ctx, in.Name, in.EventBusName)
		}),
		callNoOutput("DisableRule", true, func(ctx context.Context, in ruleRef) error {
			return b.DisableRule(ctx, in.Name, in.EventBusName)
		}),
		callNoOutput("DeleteRule", true, b.DeleteRule),
		call("CreateEventBus", true, func(ctx context.Context, in bus.CreateEventBusInput) (createEventBusResponse, error) {
			arn, err := b.CreateEventBus(ctx, in)
			return createEventBusResponse{EventBusArn: arn}, err
		}),
		callNoOutput("DeleteEventBus", true, func(ctx context.Context, in busRef) error {
			return b.DeleteEventBus(ctx, in.Name)
		}),
		call("DescribeEventBus", false, func(ctx context.Context, in busRef) (wireEventBus, error) {
			eb, err := b.DescribeEventBus(ctx, in.Name)
			return toWireBus(eb), err
		}),
		call("ListEventBuses", false, func(ctx context.Context, in bus.ListEventBusesInput) (listEventBusesResponse, error) {
			out, err := b.ListEventBuses(ctx, in)
			resp := listEventBusesResponse{NextToken: out.NextToken, EventBuses: []wireEventBus{}}
			for _, eb := range out.EventBuses {
				resp.EventBuses = append(resp.EventBuses, toWireBus(eb))
			}
			return resp, err
		}),
		callNoOutput("PutPermission", true, func(ctx context.Context, in putPermissionRequest) error {
			return b.PutPermission(ctx, bus.PutPermissionInput{EventBusName: in.EventBusName, Action: in.Action, Principal: in.Principal, StatementID: in.StatementID})
		}),
		callNoOutput("RemovePermission", true, func(ctx context.Context, in removePermissionRequest) error {
			return b.RemovePermission(ctx, bus.RemovePermissionInput{EventBusName: in.EventBusName, StatementID: in.StatementID, RemoveAllPermissions: in.RemoveAllPermissions})
		}),
	}
}

func toEntries(in []putEventsEntry) []switchyard.Entry {
	out := make([]switchyard.Entry, len(in))
	for i, e := range in {
		out[i] = switchyard.Entry{Time: e.Time, Source: e.Source, Resources: e.Resources, DetailType: e.DetailType,
			Detail: e.Detail, EventBusName: e.EventBusName, TraceHeader: e.TraceHeader}
	}
	return out
}

func fromResult(res switchyard.PutEventsResult) putEventsResponse {
	out := putEventsResponse{FailedEntryCount: res.FailedEntryCount, Entries: make([]putEventsResultEntry, len(res.Entries))}
	for i, e := range res.Entries {
		out.Entries[i] = putEventsResultEntry{EventID: e.EventID, ErrorCode: e.ErrorCode, ErrorMessage: e.ErrorMessage}
	}
	return out
}

func toWireRule(r bus.Rule) wireRule {
	return wireRule{Name: r.Name, Arn: r.ARN, EventBusName: r.EventBusName, EventPattern: r.EventPattern,
		ScheduleExpression: r.ScheduleExpression, State: string(r.State), Description: r.Description, CreatedBy: r.CreatedBy, ManagedBy: r.ManagedBy}
}

func toWireBus(eb bus.EventBus) wireEventBus {
	return wireEventBus{Name: eb.Name, Arn: eb.ARN, Description: eb.Description, Policy: eb.Policy,
		CreationTime: eb.CreationTime, LastModifiedTime: eb.LastModifiedTime}
}
