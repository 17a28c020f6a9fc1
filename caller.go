package switchyard

import "context"

// Caller names the AWS account and region an API call is made as. EventBridge
// scopes every resource (buses, rules, archives, channels) to one account and
// region; so does Switchyard. The server derives the caller from the SigV4
// credential (the access key's account and the credential scope's region);
// in-process code sets it with WithCaller. A call whose context carries no
// Caller acts as the component's default account and region.
type Caller struct {
	Account string // 12-digit account ID, e.g. "123456789012"
	Region  string // region name, e.g. "us-east-1"
}

type callerKey struct{}

// WithCaller returns a copy of ctx that makes API calls as c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the Caller that ctx carries, if any.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}
