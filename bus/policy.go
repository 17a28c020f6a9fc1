package bus

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Event bus policies
//
// A bus's resource-based policy decides which other accounts may put
// events to it. The bus owner's account is always let in; any other
// account needs an Allow statement for events:PutEvents on the bus whose
// principal and conditions fit it, and no Deny statement that fits. An
// entry from an account that is not let in fails alone, with
// AccessDeniedException; the rest of the call goes through. See
// "Permissions for event buses in Amazon EventBridge" (user guide,
// eb-event-bus-perms) and PutPermission in the API reference.
//
// PutPermission edits the policy a statement at a time (Principal,
// Condition) or replaces it whole (Policy); both end up as the one
// document model below, which DescribeEventBus renders as JSON.
//
// The evaluation covers what EventBridge bus policies use: Effect Allow
// and Deny; Principal "*", {"AWS": "*"}, an account id or an
// arn:aws:iam::<account>:root (one or a list); Action events:PutEvents,
// events:* or *; Resource with * and ? wildcards; and conditions
// StringEquals, StringNotEquals, StringLike and StringNotLike (and their
// IfExists forms) on aws:PrincipalOrgID, aws:PrincipalAccount,
// events:source and events:detail-type. A condition on any other key or
// with any other operator never holds, so an Allow that depends on it
// grants nothing.

// policy is an immutable, parsed bus policy; nil is no policy.
type policy struct {
	doc   policyDoc
	stmts []compiledStatement
}

// policyDoc is an IAM policy document as EventBridge stores it.
type policyDoc struct {
	Version   string            `json:"Version"`
	ID        string            `json:"Id,omitempty"`
	Statement []policyStatement `json:"Statement"`
}

// policyStatement is one statement. Principal, Action and Resource may be
// a string or a list (Principal also an object), so they stay raw.
type policyStatement struct {
	Sid       string                                `json:"Sid,omitempty"`
	Effect    string                                `json:"Effect"`
	Principal json.RawMessage                       `json:"Principal,omitempty"`
	Action    json.RawMessage                       `json:"Action,omitempty"`
	Resource  json.RawMessage                       `json:"Resource,omitempty"`
	Condition map[string]map[string]json.RawMessage `json:"Condition,omitempty"`
}

// compiledStatement is a statement ready to evaluate.
type compiledStatement struct {
	sid        string
	allow      bool
	principals []string // account ids, or "*"
	actions    []string
	resources  []string
	conditions []condition
}

type condition struct {
	op       string // StringEquals, StringLike, ... without IfExists
	ifExists bool
	key      string // lower case
	values   []string
}

// request is what a PutEvents entry asks a policy: may account (in
// organization org, "" when none) put an event of source and detailType
// on resource?
type request struct {
	account, org, resource, source, detailType string
}

// allows evaluates p for r: an explicit Deny wins, then an Allow.
func (p *policy) allows(r request) bool {
	if p == nil {
		return false
	}
	allowed := false
	for i := range p.stmts {
		s := &p.stmts[i]
		if !s.applies(r) {
			continue
		}
		if !s.allow {
			return false
		}
		allowed = true
	}
	return allowed
}

func (s *compiledStatement) applies(r request) bool {
	if !slices.ContainsFunc(s.principals, func(p string) bool { return p == "*" || p == r.account }) {
		return false
	}
	if !slices.ContainsFunc(s.actions, func(a string) bool { return wildMatch(strings.ToLower(a), strings.ToLower(putEventsAction)) }) {
		return false
	}
	if !slices.ContainsFunc(s.resources, func(res string) bool { return wildMatch(res, r.resource) }) {
		return false
	}
	for _, c := range s.conditions {
		if !c.holds(r) {
			return false
		}
	}
	return true
}

func (c *condition) holds(r request) bool {
	var got string
	switch c.key {
	case "aws:principalorgid":
		got = r.org
	case "aws:principalaccount":
		got = r.account
	case "events:source":
		got = r.source
	case "events:detail-type":
		got = r.detailType
	default:
		return false
	}
	if got == "" {
		return c.ifExists
	}
	switch c.op {
	case "StringEquals":
		return slices.Contains(c.values, got)
	case "StringNotEquals":
		return !slices.Contains(c.values, got)
	case "StringLike":
		return slices.ContainsFunc(c.values, func(v string) bool { return wildMatch(v, got) })
	case "StringNotLike":
		return !slices.ContainsFunc(c.values, func(v string) bool { return wildMatch(v, got) })
	}
	return false
}

// wildMatch matches s against an IAM pattern with * and ?.
func wildMatch(pat, s string) bool {
	if !strings.ContainsAny(pat, "*?[\\") {
		return pat == s
	}
	// path.Match treats '/' as a separator that * does not cross; IAM's *
	// crosses it, so match with '/' mapped to a character ARNs never hold.
	const sep = "\x00"
	pat = strings.NewReplacer("/", sep, "[", "\\[", "\\", "\\\\").Replace(pat)
	ok, err := path.Match(pat, strings.ReplaceAll(s, "/", sep))
	return err == nil && ok
}

// json renders the policy as DescribeEventBus shows it.
func (p *policy) json() string {
	if p == nil || len(p.doc.Statement) == 0 {
		return ""
	}
	out, _ := json.Marshal(p.doc) // raw members were valid JSON when stored
	return string(out)
}

// parsePolicy parses and compiles a policy document, naming what is wrong.
func parsePolicy(doc policyDoc) (*policy, error) {
	p := &policy{doc: doc}
	for i, st := range doc.Statement {
		cs, err := compileStatement(st)
		if err != nil {
			return nil, fmt.Errorf("Statement[%d]: %w", i, err)
		}
		p.stmts = append(p.stmts, cs)
	}
	return p, nil
}

func compileStatement(st policyStatement) (compiledStatement, error) {
	cs := compiledStatement{sid: st.Sid}
	switch st.Effect {
	case "Allow":
		cs.allow = true
	case "Deny":
	default:
		return cs, fmt.Errorf("Effect must be Allow or Deny, got %q", st.Effect)
	}
	ps, err := principals(st.Principal)
	if err != nil {
		return cs, err
	}
	cs.principals = ps
	if cs.actions, err = stringOrList(st.Action, "Action"); err != nil {
		return cs, err
	}
	if cs.resources, err = stringOrList(st.Resource, "Resource"); err != nil {
		return cs, err
	}
	for op, keys := range st.Condition {
		base, ifExists := strings.CutSuffix(op, "IfExists")
		for k, raw := range keys {
			vals, err := stringOrList(raw, "Condition."+op+"."+k)
			if err != nil {
				return cs, err
			}
			cs.conditions = append(cs.conditions, condition{op: base, ifExists: ifExists, key: strings.ToLower(k), values: vals})
		}
	}
	return cs, nil
}

// stringOrList decodes an IAM member that is a string or a list of them.
func stringOrList(raw json.RawMessage, field string) ([]string, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("%s is required", field)
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil || len(many) == 0 {
		return nil, fmt.Errorf("%s must be a string or a non-empty list of strings", field)
	}
	return many, nil
}

// principals decodes a Principal member to account ids or "*".
func principals(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("Principal is required")
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		aws, ok := obj["AWS"]
		if !ok {
			// Service principals never put events as an account.
			return nil, nil
		}
		raw = aws
	}
	list, err := stringOrList(raw, "Principal")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(list))
	for _, p := range list {
		switch {
		case p == "*":
			out = append(out, "*")
		case accountRE.MatchString(p):
			out = append(out, p)
		default:
			a, ok := parseARN(p)
			if !ok || a.service != "iam" || !accountRE.MatchString(a.account) {
				return nil, fmt.Errorf("Principal %q is not an account id, an IAM ARN or *", p)
			}
			out = append(out, a.account)
		}
	}
	return out, nil
}

// statementFor builds the statement PutPermission adds for a principal and
// an optional organization condition.
func statementFor(sid, principal, busARN string, cond *Condition) policyStatement {
	var pr json.RawMessage
	if principal == "*" {
		pr = json.RawMessage(`"*"`)
	} else {
		pr, _ = json.Marshal(map[string]string{"AWS": "arn:aws:iam::" + principal + ":root"})
	}
	st := policyStatement{
		Sid:       sid,
		Effect:    "Allow",
		Principal: pr,
		Action:    json.RawMessage(`"` + putEventsAction + `"`),
		Resource:  mustJSON(busARN),
	}
	if cond != nil {
		st.Condition = map[string]map[string]json.RawMessage{cond.Type: {cond.Key: mustJSON(cond.Value)}}
	}
	return st
}

func mustJSON(s string) json.RawMessage {
	out, _ := json.Marshal(s) // a string: cannot fail
	return out
}
