package audit

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Channel resource policies
//
// A channel policy is an IAM resource policy whose only action is
// cloudtrail-data:PutAuditEvents (CloudTrail User Guide, "AWS CloudTrail
// resource-based policy examples", channel policies):
//
//	{"Version": "2012-10-17",
//	 "Statement": [{
//	   "Effect": "Allow",
//	   "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:root"]},
//	   "Action": "cloudtrail-data:PutAuditEvents",
//	   "Resource": "arn:aws:cloudtrail:us-east-1:777777777777:channel/<uuid>",
//	   "Condition": {"StringEquals": {"cloudtrail:ExternalId": "my-external-id"}}}]}
//
// Switchyard knows callers by account only (the server derives the account
// from the access key), so a principal stands for its account: a 12-digit
// ID, any IAM ARN in that account (arn:aws:iam::<account>:root, :user/...,
// :role/...), or "*" for everyone. A statement applies to a call when the
// caller's account is among its principals, its Resource (if any) is the
// channel or "*", and every condition holds. Conditions understood:
// StringEquals, StringLike (with * and ?), StringNotEquals and
// StringNotLike on the key cloudtrail:ExternalId (keys compare without
// regard to case, as IAM's do); a condition on any other key or with any
// other operator cannot be evaluated and so never holds, which makes an
// Allow with it grant nothing rather than too much. As in IAM, an
// explicit Deny that applies wins over any Allow.

// Limits of a channel policy (CloudTrail API reference, PutResourcePolicy).
const (
	maxPolicyLen        = 8192
	maxPolicyStatements = 20
	maxPolicyPrincipals = 50
	policyAction        = "cloudtrail-data:PutAuditEvents"
	externalIDKey       = "cloudtrail:externalid" // compared in lower case
)

// resourcePolicy is a parsed channel policy.
type resourcePolicy struct {
	doc        string // as put
	statements []policyStatement
}

type policyStatement struct {
	allow      bool
	anyone     bool     // Principal "*"
	accounts   []string // principals' accounts
	resources  []string // empty: any
	conditions []policyCondition
}

type policyCondition struct {
	op     string // StringEquals, StringLike, StringNotEquals, StringNotLike, or another (never holds)
	key    string // lower case
	values []string
}

// parsePolicy checks doc against CloudTrail's channel policy rules and
// parses it for the channel channelARN.
func parsePolicy(doc, channelARN string) (*resourcePolicy, error) {
	invalid := func(format string, args ...any) error {
		return errf(CodeResourcePolicyNotValid, "The resource policy is not valid: "+format, args...)
	}
	if n := utf8.RuneCountInString(doc); n < 1 || n > maxPolicyLen {
		return nil, invalid("it must have 1 to %d characters; it has %d.", maxPolicyLen, n)
	}
	var raw struct {
		Version   string          `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return nil, invalid("it is not a JSON object: %v.", err)
	}
	var stmts []json.RawMessage
	if len(raw.Statement) > 0 && raw.Statement[0] == '{' {
		stmts = []json.RawMessage{raw.Statement}
	} else if err := json.Unmarshal(raw.Statement, &stmts); err != nil || len(raw.Statement) == 0 {
		return nil, invalid("Statement must be a statement or a list of statements.")
	}
	if len(stmts) < 1 || len(stmts) > maxPolicyStatements {
		return nil, invalid("it must have 1 to %d statements; it has %d.", maxPolicyStatements, len(stmts))
	}
	p := &resourcePolicy{doc: doc}
	for i, rs := range stmts {
		st, err := parseStatement(rs, channelARN)
		if err != nil {
			return nil, invalid("statement %d: %s", i+1, err.Error())
		}
		p.statements = append(p.statements, st)
	}
	return p, nil
}

// policyError is a reason a statement is not valid.
type policyError string

func (e policyError) Error() string { return string(e) }

func parseStatement(rs json.RawMessage, channelARN string) (policyStatement, error) {
	var raw struct {
		Effect       string                                `json:"Effect"`
		Principal    json.RawMessage                       `json:"Principal"`
		NotPrincipal json.RawMessage                       `json:"NotPrincipal"`
		Action       json.RawMessage                       `json:"Action"`
		NotAction    json.RawMessage                       `json:"NotAction"`
		Resource     json.RawMessage                       `json:"Resource"`
		Condition    map[string]map[string]json.RawMessage `json:"Condition"`
	}
	if err := json.Unmarshal(rs, &raw); err != nil {
		return policyStatement{}, policyError("it is not a JSON object of a policy statement.")
	}
	var st policyStatement
	switch raw.Effect {
	case "Allow":
		st.allow = true
	case "Deny":
	default:
		return st, policyError(`Effect must be "Allow" or "Deny".`)
	}
	if raw.NotPrincipal != nil || raw.NotAction != nil {
		return st, policyError("NotPrincipal and NotAction are not supported in a channel policy.")
	}
	if err := parsePrincipal(raw.Principal, &st); err != nil {
		return st, err
	}
	actions, ok := stringOrList(raw.Action)
	if !ok || len(actions) == 0 {
		return st, policyError("Action must be " + policyAction + ".")
	}
	for _, a := range actions {
		if !strings.EqualFold(a, policyAction) {
			return st, policyError("the only action a channel policy may contain is " + policyAction + "; it has " + clip(a) + ".")
		}
	}
	if raw.Resource != nil {
		res, ok := stringOrList(raw.Resource)
		if !ok {
			return st, policyError("Resource must be a string or a list of strings.")
		}
		for _, r := range res {
			if r != "*" && r != channelARN {
				return st, policyError("Resource " + clip(r) + " is not this channel's ARN, " + channelARN + ".")
			}
		}
		st.resources = res
	}
	for op, keys := range raw.Condition {
		for key, v := range keys {
			vals, ok := stringOrList(v)
			if !ok {
				return st, policyError("the values of condition " + op + " " + key + " must be strings.")
			}
			st.conditions = append(st.conditions, policyCondition{op: op, key: strings.ToLower(key), values: vals})
		}
	}
	return st, nil
}

// parsePrincipal reads "*", {"AWS": "*"}, {"AWS": "<principal>"} or
// {"AWS": [...]}.
func parsePrincipal(raw json.RawMessage, st *policyStatement) error {
	if raw == nil {
		return policyError("a statement must have at least one principal.")
	}
	var star string
	if json.Unmarshal(raw, &star) == nil {
		if star != "*" {
			return policyError(`Principal must be "*" or {"AWS": ...}.`)
		}
		st.anyone = true
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return policyError(`Principal must be "*" or {"AWS": ...}.`)
	}
	n := 0
	for kind, v := range m {
		if kind != "AWS" {
			return policyError("principals of type " + clip(kind) + " cannot call PutAuditEvents; use AWS principals.")
		}
		list, ok := stringOrList(v)
		if !ok {
			return policyError("the AWS principals must be a string or a list of strings.")
		}
		for _, pr := range list {
			n++
			if pr == "*" {
				st.anyone = true
				continue
			}
			acct, ok := principalAccount(pr)
			if !ok {
				return policyError("principal " + clip(pr) + " is neither an account ID nor an IAM ARN.")
			}
			st.accounts = append(st.accounts, acct)
		}
	}
	if n < 1 || n > maxPolicyPrincipals {
		return policyError("a statement must have 1 to 50 principals.")
	}
	return nil
}

// principalAccount returns the account a principal stands for: a 12-digit
// account ID, or arn:aws:iam::<account>:<anything>.
func principalAccount(p string) (string, bool) {
	if accountRE.MatchString(p) {
		return p, true
	}
	parts := strings.SplitN(p, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[3] == "" && accountRE.MatchString(parts[4]) && parts[5] != "" {
		return parts[4], true
	}
	return "", false
}

// stringOrList decodes a JSON string or list of strings.
func stringOrList(raw json.RawMessage) ([]string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}, true
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list, true
	}
	return nil, false
}

// allows reports whether the policy lets account call PutAuditEvents on
// channelARN with externalID: some Allow applies and no Deny does.
func (p *resourcePolicy) allows(account, channelARN, externalID string) bool {
	allowed := false
	for i := range p.statements {
		st := &p.statements[i]
		if !st.applies(account, channelARN, externalID) {
			continue
		}
		if !st.allow {
			return false
		}
		allowed = true
	}
	return allowed
}

// denies reports whether an explicit Deny applies to the call.
func (p *resourcePolicy) denies(account, channelARN, externalID string) bool {
	for i := range p.statements {
		st := &p.statements[i]
		if !st.allow && st.applies(account, channelARN, externalID) {
			return true
		}
	}
	return false
}

func (st *policyStatement) applies(account, channelARN, externalID string) bool {
	if !st.anyone && !containsString(st.accounts, account) {
		return false
	}
	if len(st.resources) > 0 && !containsString(st.resources, "*") && !containsString(st.resources, channelARN) {
		return false
	}
	for _, c := range st.conditions {
		if !c.holds(externalID) {
			return false
		}
	}
	return true
}

// holds evaluates a condition on the call's external ID. A call without an
// external ID has no cloudtrail:ExternalId key, so StringEquals and
// StringLike do not hold, and StringNotEquals and StringNotLike do, as in
// IAM.
func (c policyCondition) holds(externalID string) bool {
	if c.key != externalIDKey {
		return false
	}
	match := func(like bool) bool {
		for _, v := range c.values {
			if like && globMatch(v, externalID) || !like && v == externalID {
				return true
			}
		}
		return false
	}
	switch c.op {
	case "StringEquals":
		return externalID != "" && match(false)
	case "StringLike":
		return externalID != "" && match(true)
	case "StringNotEquals":
		return externalID == "" || !match(false)
	case "StringNotLike":
		return externalID == "" || !match(true)
	}
	return false
}

// globMatch matches s against an IAM wildcard pattern: * is any run of
// characters, ? any one character.
func globMatch(pattern, s string) bool {
	px, sx := 0, 0
	star, mark := -1, 0
	for sx < len(s) {
		switch {
		case px < len(pattern) && (pattern[px] == '?' || pattern[px] == s[sx]):
			px++
			sx++
		case px < len(pattern) && pattern[px] == '*':
			star, mark = px, sx
			px++
		case star >= 0:
			px, mark = star+1, mark+1
			sx = mark
		default:
			return false
		}
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
