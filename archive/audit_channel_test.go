package archive_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/memstore"
)

func TestAuditCreateChannel(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	in := archive.AuditChannelInput{
		Name:         "my-partner-channel",
		Source:       "ExamplePartner",
		Destinations: []archive.AuditDestination{{Type: "EVENT_DATA_STORE", Location: "EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE"}},
	}
	ch, err := lake.CreateChannel(ctx, in)
	require.NoError(t, err)
	// arn:aws:cloudtrail:<region>:<account>:channel/<uuid>, as in the CLI guide.
	require.Regexp(t, regexp.MustCompile(`^arn:aws:cloudtrail:eu-west-1:111122223333:channel/[0-9a-f-]{36}$`), ch.ChannelARN)
	require.Equal(t, "my-partner-channel", ch.Name)
	require.Equal(t, "ExamplePartner", ch.Source)
	require.Equal(t, in.Destinations, ch.Destinations)
	require.True(t, ch.IngestionStatus.LatestIngestionAttemptTime.IsZero())

	// By ARN and by ID (the ARN suffix).
	got, err := lake.GetChannel(ctx, ch.ChannelARN)
	require.NoError(t, err)
	require.Equal(t, ch, got)
	id := ch.ChannelARN[strings.LastIndexByte(ch.ChannelARN, '/')+1:]
	got, err = lake.GetChannel(ctx, id)
	require.NoError(t, err)
	require.Equal(t, ch, got)

	// The returned value is a copy.
	got.Destinations[0].Location = "changed"
	again, err := lake.GetChannel(ctx, id)
	require.NoError(t, err)
	require.Equal(t, in.Destinations, again.Destinations)
}

func TestAuditChannelFixedID(t *testing.T) {
	lake, _ := auditNewLake(t)
	const id = "5a4b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d"
	ch, err := lake.CreateChannel(context.Background(), archive.AuditChannelInput{Name: "fixed", Source: "Custom", ChannelID: id})
	require.NoError(t, err)
	require.Equal(t, "arn:aws:cloudtrail:eu-west-1:111122223333:channel/"+id, ch.ChannelARN)
}

func TestAuditCreateChannelErrors(t *testing.T) {
	long := strings.Repeat("a", 129)
	tests := []struct {
		name    string
		opts    []archive.AuditOption
		setup   []archive.AuditChannelInput
		in      archive.AuditChannelInput
		code    string
		message string
	}{
		{
			name: "name too short", in: archive.AuditChannelInput{Name: "ab", Source: "Custom"},
			code:    archive.AuditCodeInvalidParameter,
			message: `Name "ab" is not valid: a channel name has 3 to 128 characters of letters, digits, '.', '_' and '-'.`,
		},
		{
			name: "name too long", in: archive.AuditChannelInput{Name: long, Source: "Custom"},
			code: archive.AuditCodeInvalidParameter,
		},
		{
			name: "name with a space", in: archive.AuditChannelInput{Name: "my channel", Source: "Custom"},
			code: archive.AuditCodeInvalidParameter,
		},
		{
			name: "empty source", in: archive.AuditChannelInput{Name: "abc"},
			code: archive.AuditCodeInvalidSource, message: "Source must have 1 to 256 characters; it has 0.",
		},
		{
			name: "source too long", in: archive.AuditChannelInput{Name: "abc", Source: strings.Repeat("s", 257)},
			code: archive.AuditCodeInvalidSource, message: "Source must have 1 to 256 characters; it has 257.",
		},
		{
			name: "destination type",
			in: archive.AuditChannelInput{Name: "abc", Source: "Custom",
				Destinations: []archive.AuditDestination{{Type: "AWS_SERVICE", Location: "eds-1"}}},
			code:    archive.AuditCodeInvalidParameter,
			message: `Destinations[0].Type "AWS_SERVICE" is not valid; the valid type of destination is EVENT_DATA_STORE.`,
		},
		{
			name: "destination location too short",
			in: archive.AuditChannelInput{Name: "abc", Source: "Custom",
				Destinations: []archive.AuditDestination{{Type: "EVENT_DATA_STORE", Location: "ab"}}},
			code:    archive.AuditCodeInvalidParameter,
			message: "Destinations[0].Location must have 3 to 1024 characters; it has 2.",
		},
		{
			name: "too many destinations",
			in: archive.AuditChannelInput{Name: "abc", Source: "Custom",
				Destinations: make([]archive.AuditDestination, 201)},
			code: archive.AuditCodeInvalidParameter, message: "Destinations has 201 members; the maximum is 200.",
		},
		{
			name: "bad external id", in: archive.AuditChannelInput{Name: "abc", Source: "Custom", ExternalID: "has space"},
			code: archive.AuditCodeInvalidParameter,
		},
		{
			name: "event sources on a partner channel",
			in:   archive.AuditChannelInput{Name: "abc", Source: "ExamplePartner", EventSources: []string{"x"}},
			code: archive.AuditCodeInvalidParameter,
		},
		{
			name: "channel id not a uuid", in: archive.AuditChannelInput{Name: "abc", Source: "Custom", ChannelID: "chan-1"},
			code: archive.AuditCodeInvalidParameter, message: `ChannelID "chan-1" is not a UUID.`,
		},
		{
			name:  "name taken",
			setup: []archive.AuditChannelInput{{Name: "abc", Source: "Custom"}},
			in:    archive.AuditChannelInput{Name: "abc", Source: "Custom"},
			code:  archive.AuditCodeChannelAlreadyExists, message: "A channel named abc already exists.",
		},
		{
			// "A maximum of one channel is allowed per source."
			name:  "partner source taken",
			setup: []archive.AuditChannelInput{{Name: "first", Source: "ExamplePartner"}},
			in:    archive.AuditChannelInput{Name: "second", Source: "ExamplePartner"},
			code:  archive.AuditCodeChannelAlreadyExists,
			message: "Channel first already exists for source ExamplePartner; " +
				"a maximum of one channel is allowed per source.",
		},
		{
			name:  "channel id taken",
			setup: []archive.AuditChannelInput{{Name: "first", Source: "Custom", ChannelID: "5a4b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d"}},
			in:    archive.AuditChannelInput{Name: "second", Source: "Custom", ChannelID: "5a4b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d"},
			code:  archive.AuditCodeChannelAlreadyExists,
		},
		{
			name:  "max channels",
			opts:  []archive.AuditOption{archive.WithAuditMaxChannels(1)},
			setup: []archive.AuditChannelInput{{Name: "first", Source: "Custom"}},
			in:    archive.AuditChannelInput{Name: "second", Source: "Custom"},
			code:  archive.AuditCodeChannelMaxLimitExceeded, message: "The maximum number of channels (1) is exceeded.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			lake, _ := auditNewLake(t, tc.opts...)
			for _, in := range tc.setup {
				_, err := lake.CreateChannel(ctx, in)
				require.NoError(t, err)
			}
			_, err := lake.CreateChannel(ctx, tc.in)
			auditRequireCode(t, err, tc.code, tc.message)
			list, err := lake.ListChannels(ctx)
			require.NoError(t, err)
			require.Len(t, list, len(tc.setup), "a failed CreateChannel must not create a channel")
		})
	}
}

func TestAuditSeveralCustomChannels(t *testing.T) {
	lake, _ := auditNewLake(t)
	a := auditCustomChannel(t, lake, "zeta")
	b := auditCustomChannel(t, lake, "alpha")
	require.NotEqual(t, a.ChannelARN, b.ChannelARN)
	list, err := lake.ListChannels(context.Background())
	require.NoError(t, err)
	require.Equal(t, []string{"alpha", "zeta"}, []string{list[0].Name, list[1].Name})
}

func TestAuditGetDeleteChannelErrors(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	ch := auditCustomChannel(t, lake, "main")
	id := ch.ChannelARN[strings.LastIndexByte(ch.ChannelARN, '/')+1:]
	tests := []struct {
		name, ref, code string
	}{
		{"empty", "", archive.AuditCodeChannelARNInvalid},
		{"not an id", "no such/channel", archive.AuditCodeChannelARNInvalid},
		{"other service", "arn:aws:events:eu-west-1:111122223333:rule/x", archive.AuditCodeChannelARNInvalid},
		{"event data store", "arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/" + id, archive.AuditCodeChannelARNInvalid},
		{"unknown id", "00000000-0000-4000-8000-999999999999", archive.AuditCodeChannelNotFoundException},
		{"other region", "arn:aws:cloudtrail:us-east-1:111122223333:channel/" + id, archive.AuditCodeChannelNotFoundException},
		{"other account", "arn:aws:cloudtrail:eu-west-1:444455556666:channel/" + id, archive.AuditCodeChannelNotFoundException},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lake.GetChannel(ctx, tc.ref)
			auditRequireCode(t, err, tc.code, "")
			auditRequireCode(t, lake.DeleteChannel(ctx, tc.ref), tc.code, "")
		})
	}

	require.NoError(t, lake.DeleteChannel(ctx, ch.ChannelARN))
	_, err := lake.GetChannel(ctx, ch.ChannelARN)
	auditRequireCode(t, err, archive.AuditCodeChannelNotFoundException,
		"CloudTrail cannot find the specified channel: "+ch.ChannelARN+".")
	require.ErrorIs(t, err, archive.ErrAuditChannelNotFoundException)
	// The name is free again.
	auditCustomChannel(t, lake, "main")
}

func TestAuditOptionsRejectBadValues(t *testing.T) {
	store := memstore.New()
	tests := []struct {
		name string
		opt  archive.AuditOption
	}{
		{"account", archive.WithAuditAccount("12345")},
		{"region", archive.WithAuditRegion("Europe")},
		{"clock", archive.WithAuditClock(nil)},
		{"ids", archive.WithAuditIDs(nil)},
		{"max events", archive.WithAuditMaxEvents(0)},
		{"max bytes", archive.WithAuditMaxRequestBytes(-1)},
		{"max channels", archive.WithAuditMaxChannels(-1)},
		{"logger", archive.WithAuditLogger(nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := archive.NewAuditLake(store, tc.opt)
			require.Error(t, err)
		})
	}
	_, err := archive.NewAuditLake(nil)
	require.Error(t, err)
}

func TestAuditClosedLake(t *testing.T) {
	ctx := context.Background()
	lake, err := archive.NewAuditLake(memstore.New())
	require.NoError(t, err)
	require.NoError(t, lake.Close(ctx))
	_, err = lake.CreateChannel(ctx, archive.AuditChannelInput{Name: "abc", Source: "Custom"})
	require.ErrorIs(t, err, archive.ErrAuditClosed)
	_, err = lake.PutAuditEvents(ctx, "x", nil, "")
	require.ErrorIs(t, err, archive.ErrAuditClosed)
	_, err = lake.ListChannels(ctx)
	require.ErrorIs(t, err, archive.ErrAuditClosed)
	err = lake.QueryAuditEvents(ctx, auditTestNow, auditTestNow, nil, func(archive.AuditRecord) error { return nil })
	require.ErrorIs(t, err, archive.ErrAuditClosed)
}
