// Package caller resolves who an API call acts as: the switchyard.Caller in
// its context, with a component's default account and region for what the
// context leaves out. Package archive, replay and audit share it.
package caller

import (
	"context"

	"github.com/switchyard-go/switchyard"
)

// Resolve returns the Caller of ctx, with account and region filling in a
// missing Caller or its empty fields.
func Resolve(ctx context.Context, account, region string) switchyard.Caller {
	c := switchyard.Caller{Account: account, Region: region}
	if cc, ok := switchyard.CallerFrom(ctx); ok {
		if cc.Account != "" {
			c.Account = cc.Account
		}
		if cc.Region != "" {
			c.Region = cc.Region
		}
	}
	return c
}
