package audit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/audit"
)

// auditPartnerPolicy is the channel policy of the CloudTrail User Guide's
// partner example: another account may put events with an external ID.
func auditPartnerPolicy(channelARN string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"ChannelPolicy","Effect":"Allow",
		"Principal":{"AWS":["arn:aws:iam::999999999999:root","888888888888"]},
		"Action":"cloudtrail-data:PutAuditEvents","Resource":"` + channelARN + `",
		"Condition":{"StringEquals":{"cloudtrail:ExternalId":"UniqueExternalIDFromPartner"}}}]}`
}

// Who may call PutAuditEvents: the owner's account always; another
// account only as the channel's resource policy allows, external-ID
// condition included (CloudTrail User Guide, resource-based policy
// examples for channels; CloudTrail Data API reference,
// ChannelInsufficientPermission and externalId).
func TestAuditPolicyDecidesWhoMayPut(t *testing.T) {
	ctx := context.Background()
	lake, store := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "partner")
	as := func(account string) context.Context {
		return switchyard.WithCaller(ctx, switchyard.Caller{Account: account, Region: auditTestRegion})
	}
	put := func(ctx context.Context, externalID string) error {
		_, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}}, externalID)
		return err
	}

	// No policy: only the owner.
	require.NoError(t, put(ctx, ""))
	auditRequireCode(t, put(as("999999999999"), "UniqueExternalIDFromPartner"), audit.CodeChannelInsufficientPermission,
		"The caller's account ID must be the same as the channel owner's account ID: the channel belongs to 111122223333, "+
			"the caller is 999999999999, and the channel has no resource policy.")

	_, err := lake.PutResourcePolicy(ctx, audit.PutResourcePolicyInput{ResourceARN: ch.ChannelARN, ResourcePolicy: auditPartnerPolicy(ch.ChannelARN)})
	require.NoError(t, err)
	for _, tc := range []struct {
		name, account, externalID string
		ok                        bool
	}{
		{"owner", auditTestAccount, "", true},
		{"partner by root ARN", "999999999999", "UniqueExternalIDFromPartner", true},
		{"partner by account ID", "888888888888", "UniqueExternalIDFromPartner", true},
		{"partner without external ID", "999999999999", "", false},
		{"partner with another external ID", "999999999999", "guess", false},
		{"stranger", "777777777777", "UniqueExternalIDFromPartner", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := put(as(tc.account), tc.externalID)
			if tc.ok {
				require.NoError(t, err)
				return
			}
			auditRequireCode(t, err, audit.CodeChannelInsufficientPermission, "")
			require.ErrorIs(t, err, audit.ErrChannelInsufficientPermission)
		})
	}

	// A partner of another region does not reach the channel.
	_, err = auditPut(lake, switchyard.WithCaller(ctx, switchyard.Caller{Account: "999999999999", Region: "us-east-1"}),
		ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}}, "UniqueExternalIDFromPartner")
	auditRequireCode(t, err, audit.CodeChannelNotFound, "")

	// An explicit Deny wins, even for the owner.
	deny := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":"*","Action":"cloudtrail-data:PutAuditEvents"},
		{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"cloudtrail-data:PutAuditEvents",
		 "Condition":{"StringNotLike":{"cloudtrail:ExternalId":"ops-*"}}}]}`
	_, err = lake.PutResourcePolicy(ctx, audit.PutResourcePolicyInput{ResourceARN: ch.ChannelARN, ResourcePolicy: deny})
	require.NoError(t, err)
	auditRequireCode(t, put(ctx, ""), audit.CodeChannelInsufficientPermission, "")
	require.NoError(t, put(ctx, "ops-1"))
	require.NoError(t, put(as("777777777777"), ""), `Principal "*" allows anyone`)

	// Deleting the policy leaves the owner alone again.
	_, err = lake.DeleteResourcePolicy(ctx, audit.DeleteResourcePolicyInput{ResourceARN: ch.ChannelARN})
	require.NoError(t, err)
	auditRequireCode(t, put(as("777777777777"), ""), audit.CodeChannelInsufficientPermission, "")
	require.NoError(t, put(ctx, ""))
	require.Equal(t, int64(7), auditCount(t, store))
}

func TestAuditPolicyCalls(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "partner")
	doc := auditPartnerPolicy(ch.ChannelARN)

	_, err := lake.GetResourcePolicy(ctx, audit.GetResourcePolicyInput{ResourceARN: ch.ChannelARN})
	auditRequireCode(t, err, audit.CodeResourcePolicyNotFound, "")
	_, err = lake.DeleteResourcePolicy(ctx, audit.DeleteResourcePolicyInput{ResourceARN: ch.ChannelARN})
	auditRequireCode(t, err, audit.CodeResourcePolicyNotFound, "")

	put, err := lake.PutResourcePolicy(ctx, audit.PutResourcePolicyInput{ResourceARN: ch.ChannelARN, ResourcePolicy: doc})
	require.NoError(t, err)
	require.Equal(t, audit.PutResourcePolicyOutput{ResourceARN: ch.ChannelARN, ResourcePolicy: doc}, put)
	got, err := lake.GetResourcePolicy(ctx, audit.GetResourcePolicyInput{ResourceARN: ch.ChannelARN})
	require.NoError(t, err)
	require.Equal(t, audit.GetResourcePolicyOutput{ResourceARN: ch.ChannelARN, ResourcePolicy: doc}, got)

	for _, tc := range []struct{ name, arn, code string }{
		{"not an ARN", "x y", audit.CodeResourceARNNotValid},
		{"event data store", auditEDS, audit.CodeResourceTypeNotSupported},
		{"unknown channel", strings.Replace(ch.ChannelARN, "000000000002", "000000000099", 1), audit.CodeResourceNotFound},
		{"another account's channel", strings.Replace(ch.ChannelARN, auditTestAccount, "444455556666", 1), audit.CodeResourceNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lake.PutResourcePolicy(ctx, audit.PutResourcePolicyInput{ResourceARN: tc.arn, ResourcePolicy: doc})
			auditRequireCode(t, err, tc.code, "")
			_, err = lake.GetResourcePolicy(ctx, audit.GetResourcePolicyInput{ResourceARN: tc.arn})
			auditRequireCode(t, err, tc.code, "")
		})
	}

	// Deleting the channel deletes its policy with it.
	require.NoError(t, auditDeleteChannel(lake, ctx, ch.ChannelARN))
	_, err = lake.GetResourcePolicy(ctx, audit.GetResourcePolicyInput{ResourceARN: ch.ChannelARN})
	auditRequireCode(t, err, audit.CodeResourceNotFound, "")
}

// CloudTrail's rules for a channel policy (CloudTrail API reference,
// PutResourcePolicy): only the action cloudtrail-data:PutAuditEvents, 1
// to 20 statements, 1 to 50 principals each.
func TestAuditPolicyRules(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "partner")
	stmt := func(body string) string { return `{"Version":"2012-10-17","Statement":[` + body + `]}` }
	okStmt := `{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"cloudtrail-data:PutAuditEvents"}`
	principals := func(n int) string {
		list := make([]string, n)
		for i := range list {
			list[i] = `"` + strings.Repeat("1", 11) + string(rune('0'+i%10)) + `"`
		}
		return `{"Effect":"Allow","Principal":{"AWS":[` + strings.Join(list, ",") + `]},"Action":"cloudtrail-data:PutAuditEvents"}`
	}
	for _, tc := range []struct {
		name, doc string
		ok        bool
	}{
		{"one statement", stmt(okStmt), true},
		{"statement as an object", `{"Version":"2012-10-17","Statement":` + okStmt + `}`, true},
		{"20 statements", stmt(strings.TrimSuffix(strings.Repeat(okStmt+",", 20), ",")), true},
		{"50 principals", stmt(principals(50)), true},
		{"empty", "", false},
		{"not JSON", "{", false},
		{"no statements", stmt(""), false},
		{"21 statements", stmt(strings.TrimSuffix(strings.Repeat(okStmt+",", 21), ",")), false},
		{"51 principals", stmt(principals(51)), false},
		{"no principal", stmt(`{"Effect":"Allow","Action":"cloudtrail-data:PutAuditEvents"}`), false},
		{"another action", stmt(`{"Effect":"Allow","Principal":"*","Action":["cloudtrail-data:PutAuditEvents","cloudtrail:GetChannel"]}`), false},
		{"bad effect", stmt(`{"Effect":"Maybe","Principal":"*","Action":"cloudtrail-data:PutAuditEvents"}`), false},
		{"service principal", stmt(`{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"cloudtrail-data:PutAuditEvents"}`), false},
		{"another resource", stmt(`{"Effect":"Allow","Principal":"*","Action":"cloudtrail-data:PutAuditEvents","Resource":"arn:aws:s3:::b"}`), false},
		{"too long", stmt(okStmt + strings.Repeat(" ", 8192)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lake.PutResourcePolicy(ctx, audit.PutResourcePolicyInput{ResourceARN: ch.ChannelARN, ResourcePolicy: tc.doc})
			if tc.ok {
				require.NoError(t, err)
				return
			}
			auditRequireCode(t, err, audit.CodeResourcePolicyNotValid, "")
			require.ErrorIs(t, err, audit.ErrResourcePolicyNotValid)
		})
	}
}
