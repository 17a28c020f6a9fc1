package caller

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

func TestResolve(t *testing.T) {
	ctx := context.Background()
	def := switchyard.Caller{Account: "123456789012", Region: "us-east-1"}
	tests := []struct {
		name string
		ctx  context.Context
		want switchyard.Caller
	}{
		{"no caller", ctx, def},
		{"whole caller", switchyard.WithCaller(ctx, switchyard.Caller{Account: "111111111111", Region: "eu-west-1"}),
			switchyard.Caller{Account: "111111111111", Region: "eu-west-1"}},
		{"account only", switchyard.WithCaller(ctx, switchyard.Caller{Account: "111111111111"}),
			switchyard.Caller{Account: "111111111111", Region: "us-east-1"}},
		{"region only", switchyard.WithCaller(ctx, switchyard.Caller{Region: "eu-west-1"}),
			switchyard.Caller{Account: "123456789012", Region: "eu-west-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, Resolve(tc.ctx, def.Account, def.Region))
		})
	}
}
