package audit

import (
	"context"

	"github.com/switchyard-go/switchyard"
)

// PutResourcePolicyInput is the request of PutResourcePolicy.
type PutResourcePolicyInput struct {
	// ResourceARN is the channel's ARN (3 to 256 characters).
	ResourceARN string `json:"ResourceArn"`
	// ResourcePolicy is the policy document, JSON of 1 to 8192
	// characters (see PutResourcePolicy for the rules it must follow).
	ResourcePolicy string `json:"ResourcePolicy"`
}

// PutResourcePolicyOutput is the response of PutResourcePolicy.
type PutResourcePolicyOutput struct {
	ResourceARN    string `json:"ResourceArn"`
	ResourcePolicy string `json:"ResourcePolicy"`
}

// GetResourcePolicyInput is the request of GetResourcePolicy.
type GetResourcePolicyInput struct {
	ResourceARN string `json:"ResourceArn"`
}

// GetResourcePolicyOutput is the response of GetResourcePolicy.
type GetResourcePolicyOutput struct {
	ResourceARN    string `json:"ResourceArn"`
	ResourcePolicy string `json:"ResourcePolicy"`
}

// DeleteResourcePolicyInput is the request of DeleteResourcePolicy.
type DeleteResourcePolicyInput struct {
	ResourceARN string `json:"ResourceArn"`
}

// DeleteResourcePolicyOutput is the (empty) response of
// DeleteResourcePolicy.
type DeleteResourcePolicyOutput struct{}

// PutResourcePolicy attaches a resource policy to one of the caller's
// channels, replacing the one it had. The policy decides which other
// accounts may call PutAuditEvents on the channel (see PutAuditEvents).
//
// CloudTrail's rules for a channel policy (CloudTrail API reference,
// PutResourcePolicy), each a ResourcePolicyNotValidException when broken:
// JSON of at most 8192 characters; 1 to 20 statements; each with Effect
// Allow or Deny, 1 to 50 principals, and only the action
// cloudtrail-data:PutAuditEvents. A Resource, when given, must be the
// channel's ARN or "*".
//
// Errors: ResourceARNNotValidException for a ResourceArn that is not an
// ARN, ResourceTypeNotSupportedException for an ARN of anything but a
// channel (Switchyard has no event data store or dashboard policies), and
// ResourceNotFoundException when the caller has no such channel.
func (l *Lake) PutResourcePolicy(ctx context.Context, in PutResourcePolicyInput) (PutResourcePolicyOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return PutResourcePolicyOutput{}, err
	}
	defer l.inflight.Done()
	if err := checkResourceARN(in.ResourceARN); err != nil {
		return PutResourcePolicyOutput{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ch, err := l.policyChannelLocked(in.ResourceARN, c)
	if err != nil {
		return PutResourcePolicyOutput{}, err
	}
	p, err := parsePolicy(in.ResourcePolicy, ch.arn)
	if err != nil {
		return PutResourcePolicyOutput{}, err
	}
	ch.policy = p
	return PutResourcePolicyOutput{ResourceARN: ch.arn, ResourcePolicy: p.doc}, nil
}

// GetResourcePolicy returns the policy of one of the caller's channels,
// as it was put. A channel without one is a
// ResourcePolicyNotFoundException; other errors are PutResourcePolicy's.
func (l *Lake) GetResourcePolicy(ctx context.Context, in GetResourcePolicyInput) (GetResourcePolicyOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return GetResourcePolicyOutput{}, err
	}
	defer l.inflight.Done()
	if err := checkResourceARN(in.ResourceARN); err != nil {
		return GetResourcePolicyOutput{}, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	ch, err := l.policyChannelLocked(in.ResourceARN, c)
	if err != nil {
		return GetResourcePolicyOutput{}, err
	}
	if ch.policy == nil {
		return GetResourcePolicyOutput{}, errNoPolicy(ch.arn)
	}
	return GetResourcePolicyOutput{ResourceARN: ch.arn, ResourcePolicy: ch.policy.doc}, nil
}

// DeleteResourcePolicy removes a channel's policy: from then on only the
// owner's account may put audit events to it. A channel without one is a
// ResourcePolicyNotFoundException.
func (l *Lake) DeleteResourcePolicy(ctx context.Context, in DeleteResourcePolicyInput) (DeleteResourcePolicyOutput, error) {
	c, err := l.begin(ctx)
	if err != nil {
		return DeleteResourcePolicyOutput{}, err
	}
	defer l.inflight.Done()
	if err := checkResourceARN(in.ResourceARN); err != nil {
		return DeleteResourcePolicyOutput{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ch, err := l.policyChannelLocked(in.ResourceARN, c)
	if err != nil {
		return DeleteResourcePolicyOutput{}, err
	}
	if ch.policy == nil {
		return DeleteResourcePolicyOutput{}, errNoPolicy(ch.arn)
	}
	ch.policy = nil
	return DeleteResourcePolicyOutput{}, nil
}

// checkResourceARN applies ResourceArn's constraints: 3 to 256 of
// [a-zA-Z0-9._/\-:].
func checkResourceARN(arn string) error {
	ok := len(arn) >= 3 && len(arn) <= 256
	for i := 0; ok && i < len(arn); i++ {
		c := arn[i]
		ok = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '/' || c == '-' || c == ':'
	}
	if !ok {
		return errf(CodeResourceARNNotValid, "The ResourceArn %q is not a valid resource ARN.", clip(arn))
	}
	return nil
}

// policyChannelLocked resolves the channel of a policy call. Called with
// Lake.mu held.
func (l *Lake) policyChannelLocked(arn string, c switchyard.Caller) (*channel, error) {
	r, ok := parseRef(arn, c)
	if !ok || r.kind == "" {
		return nil, errf(CodeResourceARNNotValid, "The ResourceArn %q is not a valid resource ARN.", clip(arn))
	}
	if r.kind != kindChannel {
		return nil, errf(CodeResourceTypeNotSupported, "The resource type %s does not support resource policies here; only channels do.", r.kind)
	}
	ch := l.channels[r.id]
	if ch == nil || ch.account != c.Account || ch.region != c.Region || r.account != ch.account || r.region != ch.region {
		return nil, errf(CodeResourceNotFound, "The channel %s does not exist.", clip(arn))
	}
	return ch, nil
}

func errNoPolicy(arn string) error {
	return errf(CodeResourcePolicyNotFound, "The resource %s has no resource policy.", arn)
}
