package bus

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/switchyard-go/switchyard"
)

// A bus's resource policy decides which accounts may put events to it.
// EventBridge always lets the bus owner's account in; other accounts need a
// statement granting events:PutEvents to them or to everyone ("*"); an
// entry from an account that has none fails alone, with
// AccessDeniedException, the rest of the call going through. See
// "Permissions for event buses in Amazon EventBridge"
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html)
// and the PutPermission API reference.

// putEventsAction is the only action PutPermission grants.
const putEventsAction = "events:PutEvents"

type callerKey struct{}

// WithCallerAccount returns a context whose PutEvents calls are made on
// behalf of account: a bus whose owner is another account accepts them only
// when its policy allows that account (see PutPermission). Without it the
// caller is the bus owner.
func WithCallerAccount(ctx context.Context, account string) context.Context {
	return context.WithValue(ctx, callerKey{}, account)
}

// callerAccount returns the account set by WithCallerAccount, if any.
func callerAccount(ctx context.Context) (string, bool) {
	a, ok := ctx.Value(callerKey{}).(string)
	return a, ok && a != ""
}

// statement is one grant of a bus policy.
type statement struct {
	sid       string
	principal string // a 12-digit account or "*"
}

// busPolicy is an immutable snapshot of a bus's statements; nil is no
// policy.
type busPolicy struct {
	statements []statement
}

// allows reports whether account may put events. The owner is checked by
// the caller.
func (p *busPolicy) allows(account string) bool {
	if p == nil {
		return false
	}
	for _, s := range p.statements {
		if s.principal == "*" || s.principal == account {
			return true
		}
	}
	return false
}

// json renders the policy as DescribeEventBus shows it.
func (p *busPolicy) json(busARN string) string {
	if p == nil || len(p.statements) == 0 {
		return ""
	}
	type principal struct {
		AWS string `json:"AWS"`
	}
	type stmt struct {
		Sid       string `json:"Sid"`
		Effect    string `json:"Effect"`
		Principal any    `json:"Principal"`
		Action    string `json:"Action"`
		Resource  string `json:"Resource"`
	}
	doc := struct {
		Version   string `json:"Version"`
		Statement []stmt `json:"Statement"`
	}{Version: "2012-10-17"}
	for _, s := range p.statements {
		var pr any = "*"
		if s.principal != "*" {
			pr = principal{AWS: "arn:aws:iam::" + s.principal + ":root"}
		}
		doc.Statement = append(doc.Statement, stmt{Sid: s.sid, Effect: "Allow", Principal: pr, Action: putEventsAction, Resource: busARN})
	}
	out, _ := json.Marshal(doc) // only strings: cannot fail
	return string(out)
}

// PutPermissionInput is the input of PutPermission.
type PutPermissionInput struct {
	EventBusName string // name or ARN; empty means the default bus
	Action       string // must be "events:PutEvents"
	Principal    string // a 12-digit account id, or "*" for every account
	StatementID  string // 1 to 64 characters of [a-zA-Z0-9-_]; an existing id is replaced
}

// PutPermission lets an account, or every account, put events to a bus.
func (b *Bus) PutPermission(ctx context.Context, in PutPermissionInput) error {
	if b.closed.Load() {
		return ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(in.EventBusName)
	if err != nil {
		return err
	}
	if in.Principal == "" {
		return awsErr(switchyard.CodeValidation, msgNoPrincipal)
	}
	var v switchyard.Violations
	if in.Principal != "*" && !accountRE.MatchString(in.Principal) {
		v.Add(in.Principal, "principal", `satisfy regular expression pattern: (\d{12}|\*)`)
	}
	v.Length(in.StatementID, "statementId", 1, 64)
	if !isStatementID(in.StatementID) && in.StatementID != "" {
		v.Add(in.StatementID, "statementId", "satisfy regular expression pattern: [a-zA-Z0-9-_]+")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if in.Action != putEventsAction {
		return awsErr(switchyard.CodeValidation, msgBadAction)
	}
	var stmts []statement
	if p := eb.policy.Load(); p != nil {
		stmts = slices.Clone(p.statements)
	}
	s := statement{sid: in.StatementID, principal: in.Principal}
	if i := slices.IndexFunc(stmts, func(x statement) bool { return x.sid == in.StatementID }); i >= 0 {
		stmts[i] = s
	} else {
		stmts = append(stmts, s)
	}
	eb.policy.Store(&busPolicy{statements: stmts})
	eb.modified = b.clock.Now()
	return nil
}

// RemovePermissionInput is the input of RemovePermission.
type RemovePermissionInput struct {
	EventBusName         string // name or ARN; empty means the default bus
	StatementID          string // the statement to remove
	RemoveAllPermissions bool   // remove every statement instead
}

// RemovePermission revokes a statement of a bus's policy, or all of them.
func (b *Bus) RemovePermission(ctx context.Context, in RemovePermissionInput) error {
	if b.closed.Load() {
		return ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(in.EventBusName)
	if err != nil {
		return err
	}
	if in.RemoveAllPermissions {
		eb.policy.Store(nil)
		eb.modified = b.clock.Now()
		return nil
	}
	if in.StatementID == "" {
		return awsErr(switchyard.CodeValidation, msgNoStatementID)
	}
	p := eb.policy.Load()
	if p == nil || len(p.statements) == 0 {
		return awsErr(switchyard.CodeResourceNotFound, msgNoPolicy)
	}
	i := slices.IndexFunc(p.statements, func(x statement) bool { return x.sid == in.StatementID })
	if i < 0 {
		return awsErr(switchyard.CodeResourceNotFound, msgNoStatement)
	}
	stmts := slices.Delete(slices.Clone(p.statements), i, i+1)
	if len(stmts) == 0 {
		eb.policy.Store(nil)
	} else {
		eb.policy.Store(&busPolicy{statements: stmts})
	}
	eb.modified = b.clock.Now()
	return nil
}

// isStatementID reports whether s matches [a-zA-Z0-9-_]+.
func isStatementID(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// accessDenied is the per-entry error of a PutEvents entry whose caller the
// bus's policy does not admit, worded as IAM words a missing grant.
func accessDenied(caller, busARN string) (code, msg string) {
	return switchyard.CodeAccessDenied, "User: arn:aws:iam::" + caller + ":root is not authorized to perform: " +
		putEventsAction + " on resource: " + busARN + " because no resource-based policy allows the " + putEventsAction + " action"
}
