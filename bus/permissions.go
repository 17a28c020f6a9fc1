package bus

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// putEventsAction is the only action PutPermission grants.
const putEventsAction = "events:PutEvents"

// Condition narrows a PutPermission grant to the accounts of an AWS
// organization, as EventBridge's Condition does: Type "StringEquals", Key
// "aws:PrincipalOrgID", Value the organization id. An account's
// organization is set with WithOrganization.
type Condition struct {
	Type  string `json:"Type"`
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// PutPermissionInput is the input of PutPermission: either Action,
// Principal, StatementID (and optionally Condition) to add or replace one
// statement, or Policy to replace the whole policy.
type PutPermissionInput struct {
	EventBusName string `json:"EventBusName,omitempty"` // name or ARN; empty means the default bus
	Action       string `json:"Action,omitempty"`       // must be "events:PutEvents"
	// Principal is a 12-digit account id, or "*" for every account (then
	// usually with an organization Condition).
	Principal string `json:"Principal,omitempty"`
	// StatementID is 1 to 64 characters of [a-zA-Z0-9-_]; an existing
	// statement with that id is replaced.
	StatementID string     `json:"StatementId,omitempty"`
	Condition   *Condition `json:"Condition,omitempty"`
	// Policy is a whole resource policy document (JSON) that replaces the
	// bus's policy. It excludes the fields above.
	Policy string `json:"Policy,omitempty"`
}

// PutPermissionOutput is the (empty) result of PutPermission.
type PutPermissionOutput struct{}

// PutPermission grants other accounts permission to put events to a bus of
// the caller, one statement at a time or as a whole policy. The grant is
// enforced by PutEvents, PutPartnerEvents and bus-to-bus rule targets.
func (b *Bus) PutPermission(ctx context.Context, in PutPermissionInput) (PutPermissionOutput, error) {
	if b.closed.Load() {
		return PutPermissionOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Length(in.EventBusName, "eventBusName", 0, 256)
	v.Length(in.Action, "action", 0, 64)
	v.Length(in.Principal, "principal", 0, 12)
	v.Length(in.StatementID, "statementId", 0, 64)
	if in.Principal != "" && in.Principal != "*" && !accountRE.MatchString(in.Principal) {
		v.Add(in.Principal, "principal", `satisfy regular expression pattern: (\d{12}|\*)`)
	}
	if in.StatementID != "" && !isStatementID(in.StatementID) {
		v.Add(in.StatementID, "statementId", "satisfy regular expression pattern: [a-zA-Z0-9-_]+")
	}
	if err := v.Err(); err != nil {
		return PutPermissionOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(ctx, in.EventBusName)
	if err != nil {
		return PutPermissionOutput{}, err
	}
	var next *policy
	if in.Policy != "" {
		if in.Action != "" || in.Principal != "" || in.StatementID != "" || in.Condition != nil {
			return PutPermissionOutput{}, awsErr(switchyard.CodeValidation, msgPolicyAndStatement)
		}
		var doc policyDoc
		if err := json.Unmarshal([]byte(in.Policy), &doc); err != nil {
			return PutPermissionOutput{}, &switchyard.Error{Code: switchyard.CodeValidation,
				Message: "Parameter Policy is not valid. Reason: " + err.Error(), Err: err}
		}
		if doc.Version == "" {
			doc.Version = "2012-10-17"
		}
		p, err := parsePolicy(doc)
		if err != nil {
			return PutPermissionOutput{}, &switchyard.Error{Code: switchyard.CodeValidation,
				Message: "Parameter Policy is not valid. Reason: " + err.Error(), Err: err}
		}
		next = p
	} else {
		switch {
		case in.Principal == "":
			return PutPermissionOutput{}, awsErr(switchyard.CodeValidation, msgNoPrincipal)
		case in.StatementID == "":
			return PutPermissionOutput{}, awsErr(switchyard.CodeValidation, msgNoStatementID)
		case in.Action != putEventsAction:
			return PutPermissionOutput{}, awsErr(switchyard.CodeValidation, msgBadAction)
		}
		if c := in.Condition; c != nil {
			var cv awsreq.Violations
			if c.Type != "StringEquals" {
				cv.Add(c.Type, "condition.type", "satisfy regular expression pattern: StringEquals")
			}
			if c.Key != "aws:PrincipalOrgID" {
				cv.Add(c.Key, "condition.key", "satisfy regular expression pattern: aws:PrincipalOrgID")
			}
			cv.Length(c.Value, "condition.value", 1, 100)
			if err := cv.Err(); err != nil {
				return PutPermissionOutput{}, err
			}
		}
		doc := policyDoc{Version: "2012-10-17"}
		if p := eb.policy.Load(); p != nil {
			doc = p.doc
			doc.Statement = slices.Clone(doc.Statement)
		}
		st := statementFor(in.StatementID, in.Principal, eb.arn, in.Condition)
		if i := slices.IndexFunc(doc.Statement, func(x policyStatement) bool { return x.Sid == in.StatementID }); i >= 0 {
			doc.Statement[i] = st
		} else {
			doc.Statement = append(doc.Statement, st)
		}
		p, err := parsePolicy(doc)
		if err != nil {
			return PutPermissionOutput{}, &switchyard.Error{Code: switchyard.CodeInternal, Message: err.Error(), Err: err}
		}
		next = p
	}
	eb.policy.Store(next)
	eb.modified = b.clock.Now()
	return PutPermissionOutput{}, nil
}

// RemovePermissionInput is the input of RemovePermission.
type RemovePermissionInput struct {
	StatementID          string `json:"StatementId,omitempty"`          // the statement to remove
	RemoveAllPermissions bool   `json:"RemoveAllPermissions,omitempty"` // remove every statement instead
	EventBusName         string `json:"EventBusName,omitempty"`         // name or ARN; empty means the default bus
}

// RemovePermissionOutput is the (empty) result of RemovePermission.
type RemovePermissionOutput struct{}

// RemovePermission revokes a statement of a bus's policy, or all of them
// with RemoveAllPermissions.
func (b *Bus) RemovePermission(ctx context.Context, in RemovePermissionInput) (RemovePermissionOutput, error) {
	if b.closed.Load() {
		return RemovePermissionOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Length(in.StatementID, "statementId", 0, 64)
	v.Length(in.EventBusName, "eventBusName", 0, 256)
	if err := v.Err(); err != nil {
		return RemovePermissionOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	eb, err := b.lookupBusLocked(ctx, in.EventBusName)
	if err != nil {
		return RemovePermissionOutput{}, err
	}
	if in.RemoveAllPermissions {
		eb.policy.Store(nil)
		eb.modified = b.clock.Now()
		return RemovePermissionOutput{}, nil
	}
	if in.StatementID == "" {
		return RemovePermissionOutput{}, awsErr(switchyard.CodeValidation, msgNoStatementID)
	}
	p := eb.policy.Load()
	if p == nil || len(p.doc.Statement) == 0 {
		return RemovePermissionOutput{}, awsErr(switchyard.CodeResourceNotFound, msgNoPolicy)
	}
	i := slices.IndexFunc(p.doc.Statement, func(x policyStatement) bool { return x.Sid == in.StatementID })
	if i < 0 {
		return RemovePermissionOutput{}, awsErr(switchyard.CodeResourceNotFound, msgNoStatement)
	}
	doc := p.doc
	doc.Statement = slices.Delete(slices.Clone(doc.Statement), i, i+1)
	if len(doc.Statement) == 0 {
		eb.policy.Store(nil)
	} else {
		np, err := parsePolicy(doc)
		if err != nil {
			return RemovePermissionOutput{}, &switchyard.Error{Code: switchyard.CodeInternal, Message: err.Error(), Err: err}
		}
		eb.policy.Store(np)
	}
	eb.modified = b.clock.Now()
	return RemovePermissionOutput{}, nil
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

// admits reports whether an event from account (the sender) may be put on
// eb: always for eb's own account, otherwise when eb's policy allows it.
func (b *Bus) admits(eb *eventBus, account, source, detailType string) bool {
	if account == eb.account {
		return true
	}
	return eb.policy.Load().allows(request{
		account:    account,
		org:        b.cfg.orgs[account],
		resource:   eb.arn,
		source:     source,
		detailType: detailType,
	})
}

// accessDenied is the per-entry error of a PutEvents entry whose caller the
// bus's policy does not admit, worded as IAM words a missing grant.
func accessDenied(caller, busARN string) (code, msg string) {
	return switchyard.CodeAccessDenied, "User: arn:aws:iam::" + caller + ":root is not authorized to perform: " +
		putEventsAction + " on resource: " + busARN + " because no resource-based policy allows the " + putEventsAction + " action"
}
