package audit_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/audit"
)

func TestAuditCreateChannel(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	in := audit.CreateChannelInput{
		Name:         "my-partner-channel",
		Source:       "ExamplePartner",
		Destinations: []audit.Destination{{Type: "EVENT_DATA_STORE", Location: auditEDS}},
		Tags:         []audit.Tag{{Key: "team", Value: "security"}},
	}
	ch, err := lake.CreateChannel(ctx, in)
	require.NoError(t, err)
	// arn:aws:cloudtrail:<region>:<account>:channel/<uuid>, as in the CLI
	// guide; the UUID is the ID source's second draw (the store had the
	// first).
	const arn = "arn:aws:cloudtrail:eu-west-1:111122223333:channel/00000000-0000-4000-8000-000000000002"
	require.Equal(t, audit.CreateChannelOutput{
		ChannelARN: arn, Name: "my-partner-channel", Source: "ExamplePartner",
		Destinations: in.Destinations, Tags: in.Tags,
	}, ch)

	// By ARN and by ID (the ARN suffix).
	want := audit.GetChannelOutput{
		ChannelARN: arn, Name: "my-partner-channel", Source: "ExamplePartner",
		SourceConfig: audit.SourceConfig{AdvancedEventSelectors: []audit.AdvancedEventSelector{{
			FieldSelectors: []audit.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"ActivityAuditLog"}}},
		}}},
		Destinations: in.Destinations,
	}
	got, err := lake.GetChannel(ctx, audit.GetChannelInput{Channel: arn})
	require.NoError(t, err)
	require.Equal(t, want, got)
	got, err = lake.GetChannel(ctx, audit.GetChannelInput{Channel: "00000000-0000-4000-8000-000000000002"})
	require.NoError(t, err)
	require.Equal(t, want, got)

	// The returned value is a copy.
	got.Destinations[0].Location = "changed"
	again, err := lake.GetChannel(ctx, audit.GetChannelInput{Channel: arn})
	require.NoError(t, err)
	require.Equal(t, in.Destinations, again.Destinations)

	// CloudTrail's JSON member names (CloudTrail API reference, GetChannel).
	b, err := json.Marshal(again)
	require.NoError(t, err)
	require.JSONEq(t, `{"ChannelArn":"`+arn+`","Name":"my-partner-channel","Source":"ExamplePartner",
		"SourceConfig":{"ApplyToAllRegions":false,"AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"eventCategory","Equals":["ActivityAuditLog"]}]}]},
		"Destinations":[{"Type":"EVENT_DATA_STORE","Location":"`+auditEDS+`"}],"IngestionStatus":{}}`, string(b))
}

func TestAuditCreateChannelErrors(t *testing.T) {
	long := strings.Repeat("a", 129)
	tests := []struct {
		name    string
		opts    []audit.Option
		setup   []audit.CreateChannelInput
		in      audit.CreateChannelInput
		code    string
		message string
	}{
		{
			name: "name too short", in: audit.CreateChannelInput{Name: "ab", Source: "Custom"},
			code:    audit.CodeInvalidParameter,
			message: `Name "ab" is not valid: a channel name has 3 to 128 characters of letters, digits, '.', '_' and '-'.`,
		},
		{name: "name too long", in: audit.CreateChannelInput{Name: long, Source: "Custom"}, code: audit.CodeInvalidParameter},
		{name: "name with a space", in: audit.CreateChannelInput{Name: "my channel", Source: "Custom"}, code: audit.CodeInvalidParameter},
		{
			name: "empty source", in: audit.CreateChannelInput{Name: "abc"},
			code: audit.CodeInvalidSource, message: "Source must have 1 to 256 characters; it has 0.",
		},
		{
			name: "source too long", in: audit.CreateChannelInput{Name: "abc", Source: strings.Repeat("s", 257)},
			code: audit.CodeInvalidSource, message: "Source must have 1 to 256 characters; it has 257.",
		},
		{
			name: "no destinations", in: audit.CreateChannelInput{Name: "abc", Source: "Custom", Destinations: []audit.Destination{}},
			code: audit.CodeInvalidParameter, message: "Destinations must have 1 to 200 members; it has 0.",
		},
		{
			name: "destination type",
			in: audit.CreateChannelInput{Name: "abc", Source: "Custom",
				Destinations: []audit.Destination{{Type: "AWS_SERVICE", Location: auditEDS}}},
			code:    audit.CodeInvalidParameter,
			message: `Destinations[0].Type "AWS_SERVICE" is not valid; the valid type of destination is EVENT_DATA_STORE.`,
		},
		{
			name: "destination location too short",
			in: audit.CreateChannelInput{Name: "abc", Source: "Custom",
				Destinations: []audit.Destination{{Type: "EVENT_DATA_STORE", Location: "ab"}}},
			code:    audit.CodeInvalidParameter,
			message: "Destinations[0].Location must have 3 to 1024 characters; it has 2.",
		},
		{
			name: "too many destinations",
			in: audit.CreateChannelInput{Name: "abc", Source: "Custom",
				Destinations: make([]audit.Destination, 201)},
			code: audit.CodeInvalidParameter, message: "Destinations must have 1 to 200 members; it has 201.",
		},
		{
			name: "destination is not an event data store ARN",
			in: audit.CreateChannelInput{Name: "abc", Source: "Custom",
				Destinations: []audit.Destination{{Type: "EVENT_DATA_STORE", Location: "my-store"}}},
			code: audit.CodeEventDataStoreARNInvalid,
		},
		{
			name: "destination does not exist",
			in: audit.CreateChannelInput{Name: "abc", Source: "Custom",
				Destinations: []audit.Destination{{Type: "EVENT_DATA_STORE", Location: "00000000-0000-4000-8000-999999999999"}}},
			code: audit.CodeEventDataStoreNotFound,
		},
		{
			name: "destination of another account",
			in: audit.CreateChannelInput{Name: "abc", Source: "Custom",
				Destinations: []audit.Destination{{Type: "EVENT_DATA_STORE", Location: strings.Replace(auditEDS, "111122223333", "444455556666", 1)}}},
			code: audit.CodeEventDataStoreNotFound,
		},
		{
			name:  "name taken",
			setup: []audit.CreateChannelInput{{Name: "abc", Source: "Custom"}},
			in:    audit.CreateChannelInput{Name: "abc", Source: "Custom"},
			code:  audit.CodeChannelAlreadyExists, message: "A channel named abc already exists.",
		},
		{
			// "A maximum of one channel is allowed per source."
			name:  "partner source taken",
			setup: []audit.CreateChannelInput{{Name: "first", Source: "ExamplePartner"}},
			in:    audit.CreateChannelInput{Name: "second", Source: "ExamplePartner"},
			code:  audit.CodeChannelAlreadyExists,
			message: "Channel first already exists for source ExamplePartner; " +
				"a maximum of one channel is allowed per source.",
		},
		{
			name:  "max channels",
			opts:  []audit.Option{audit.WithMaxChannels(1)},
			setup: []audit.CreateChannelInput{{Name: "first", Source: "Custom"}},
			in:    audit.CreateChannelInput{Name: "second", Source: "Custom"},
			code:  audit.CodeChannelMaxLimitExceeded, message: "The maximum number of channels (1) is exceeded.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			lake, _ := auditNewLake(t, tc.opts...)
			for _, in := range tc.setup {
				_, err := auditCreateChannel(lake, ctx, in)
				require.NoError(t, err)
			}
			_, err := auditCreateChannel(lake, ctx, tc.in)
			auditRequireCode(t, err, tc.code, tc.message)
			list, err := auditListChannels(lake, ctx)
			require.NoError(t, err)
			require.Len(t, list, len(tc.setup), "a failed CreateChannel must not create a channel")
		})
	}
}

// A channel can log only to an event data store that selects events from
// outside AWS (eventCategory ActivityAuditLog), as the CloudTrail User
// Guide's integration walkthrough creates it; one pending deletion takes
// no channel.
func TestAuditChannelDestinationCategory(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	mgmt, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "management"})
	require.NoError(t, err)
	_, err = lake.CreateChannel(ctx, audit.CreateChannelInput{Name: "abc", Source: "Custom",
		Destinations: []audit.Destination{{Type: "EVENT_DATA_STORE", Location: mgmt.EventDataStoreARN}}})
	auditRequireCode(t, err, audit.CodeInvalidEventDataStoreCategory, "")

	gone, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "gone",
		AdvancedEventSelectors: auditSelectExternal, TerminationProtectionEnabled: new(bool)})
	require.NoError(t, err)
	_, err = lake.DeleteEventDataStore(ctx, audit.DeleteEventDataStoreInput{EventDataStore: gone.EventDataStoreARN})
	require.NoError(t, err)
	_, err = lake.CreateChannel(ctx, audit.CreateChannelInput{Name: "abc", Source: "Custom",
		Destinations: []audit.Destination{{Type: "EVENT_DATA_STORE", Location: gone.EventDataStoreARN}}})
	auditRequireCode(t, err, audit.CodeInactiveEventDataStore, "")
}

func TestAuditListChannels(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	for _, n := range []string{"zeta", "alpha", "mid"} {
		auditCustomChannel(t, lake, n)
	}
	page, err := lake.ListChannels(ctx, audit.ListChannelsInput{MaxResults: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"alpha", "mid"}, []string{page.Channels[0].Name, page.Channels[1].Name})
	require.NotEmpty(t, page.NextToken)
	page, err = lake.ListChannels(ctx, audit.ListChannelsInput{MaxResults: 2, NextToken: page.NextToken})
	require.NoError(t, err)
	require.Len(t, page.Channels, 1)
	require.Equal(t, "zeta", page.Channels[0].Name)
	require.Empty(t, page.NextToken)

	_, err = lake.ListChannels(ctx, audit.ListChannelsInput{MaxResults: 1001})
	auditRequireCode(t, err, audit.CodeInvalidMaxResults, "")
	_, err = lake.ListChannels(ctx, audit.ListChannelsInput{NextToken: "bogus"})
	auditRequireCode(t, err, audit.CodeInvalidNextToken, "")

	// Another account sees none of them.
	other := switchyard.WithCaller(ctx, switchyard.Caller{Account: "444455556666", Region: auditTestRegion})
	page, err = lake.ListChannels(other, audit.ListChannelsInput{})
	require.NoError(t, err)
	require.Empty(t, page.Channels)
}

func TestAuditUpdateChannel(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "app")
	second, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "second", AdvancedEventSelectors: auditSelectExternal})
	require.NoError(t, err)
	dests := []audit.Destination{{Type: "EVENT_DATA_STORE", Location: second.EventDataStoreARN}}
	name := "renamed"
	out, err := lake.UpdateChannel(ctx, audit.UpdateChannelInput{Channel: ch.ChannelARN, Name: &name, Destinations: dests})
	require.NoError(t, err)
	require.Equal(t, audit.UpdateChannelOutput{ChannelARN: ch.ChannelARN, Name: "renamed", Source: "Custom", Destinations: dests}, out)

	// Events now go to the second store only.
	_, err = auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}}, "")
	require.NoError(t, err)
	n := 0
	require.NoError(t, lake.Query(ctx, audit.QueryInput{EventDataStore: second.EventDataStoreARN}, func(audit.Record) error { n++; return nil }))
	require.Equal(t, 1, n)
	require.NoError(t, auditQuery(lake, ctx, auditTestNow.AddDate(-10, 0, 0), auditTestNow.AddDate(10, 0, 0), nil, func(audit.Record) error {
		t.Fatal("the old destination got an event")
		return nil
	}))

	auditCustomChannel(t, lake, "taken")
	taken := "taken"
	_, err = lake.UpdateChannel(ctx, audit.UpdateChannelInput{Channel: ch.ChannelARN, Name: &taken})
	auditRequireCode(t, err, audit.CodeChannelAlreadyExists, "")
}

func TestAuditGetDeleteChannelErrors(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "main")
	id := ch.ChannelARN[strings.LastIndexByte(ch.ChannelARN, '/')+1:]
	tests := []struct {
		name, ref, code string
	}{
		{"empty", "", audit.CodeChannelARNInvalid},
		{"not an id", "no such/channel", audit.CodeChannelARNInvalid},
		{"other service", "arn:aws:events:eu-west-1:111122223333:rule/x", audit.CodeChannelARNInvalid},
		{"event data store", "arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/" + id, audit.CodeChannelARNInvalid},
		{"unknown id", "00000000-0000-4000-8000-999999999999", audit.CodeChannelNotFoundException},
		{"other region", "arn:aws:cloudtrail:us-east-1:111122223333:channel/" + id, audit.CodeChannelNotFoundException},
		{"other account", "arn:aws:cloudtrail:eu-west-1:444455556666:channel/" + id, audit.CodeChannelNotFoundException},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lake.GetChannel(ctx, audit.GetChannelInput{Channel: tc.ref})
			auditRequireCode(t, err, tc.code, "")
			auditRequireCode(t, auditDeleteChannel(lake, ctx, tc.ref), tc.code, "")
		})
	}

	require.NoError(t, auditDeleteChannel(lake, ctx, ch.ChannelARN))
	_, err := lake.GetChannel(ctx, audit.GetChannelInput{Channel: ch.ChannelARN})
	auditRequireCode(t, err, audit.CodeChannelNotFoundException,
		"CloudTrail cannot find the specified channel: "+ch.ChannelARN+".")
	require.ErrorIs(t, err, audit.ErrChannelNotFoundException)
	// The name is free again.
	auditCustomChannel(t, lake, "main")
}

func TestAuditOptionsRejectBadValues(t *testing.T) {
	tests := []struct {
		name string
		opt  audit.Option
	}{
		{"account", audit.WithDefaultCaller("12345", "us-east-1")},
		{"region", audit.WithDefaultCaller("111122223333", "Europe")},
		{"clock", audit.WithClock(nil)},
		{"ids", audit.WithIDs(nil)},
		{"store factory", audit.WithStoreFactory(nil)},
		{"max events", audit.WithMaxEvents(0)},
		{"max bytes", audit.WithMaxRequestBytes(-1)},
		{"max channels", audit.WithMaxChannels(-1)},
		{"max event data stores", audit.WithMaxEventDataStores(0)},
		{"logger", audit.WithLogger(nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := audit.New(tc.opt)
			require.Error(t, err)
		})
	}
}

func TestAuditClosedLake(t *testing.T) {
	ctx := context.Background()
	lake, err := audit.New()
	require.NoError(t, err)
	require.NoError(t, lake.Close(ctx))
	require.NoError(t, lake.Close(ctx), "a second Close returns nil")
	_, err = lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "abc"})
	require.ErrorIs(t, err, audit.ErrClosed)
	_, err = auditCreateChannel(lake, ctx, audit.CreateChannelInput{Name: "abc", Source: "Custom"})
	require.ErrorIs(t, err, audit.ErrClosed)
	_, err = auditPut(lake, ctx, "x", nil, "")
	require.ErrorIs(t, err, audit.ErrClosed)
	_, err = auditListChannels(lake, ctx)
	require.ErrorIs(t, err, audit.ErrClosed)
	err = auditQuery(lake, ctx, auditTestNow, auditTestNow, nil, func(audit.Record) error { return nil })
	require.ErrorIs(t, err, audit.ErrClosed)
}
