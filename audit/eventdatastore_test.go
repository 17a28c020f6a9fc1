package audit_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/audit"
)

// The event data store lifecycle with CloudTrail's defaults (CloudTrail
// API reference, CreateEventDataStore: MultiRegionEnabled and
// TerminationProtectionEnabled default to true, BillingMode to
// EXTENDABLE_RETENTION_PRICING with 366 days; DeleteEventDataStore: the
// store is PENDING_DELETION for seven days, then gone).
func TestAuditEventDataStoreLifecycle(t *testing.T) {
	ctx := context.Background()
	clk := &auditClock{now: auditTestNow}
	lake, _ := auditNewLake(t, audit.WithClock(clk))
	const arn = "arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/00000000-0000-4000-8000-000000000002"

	created, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{
		Name: "my-store", AdvancedEventSelectors: auditSelectExternal, TagsList: []audit.Tag{{Key: "env", Value: "test"}},
	})
	require.NoError(t, err)
	want := audit.EventDataStoreDescription{
		EventDataStoreARN: arn, Name: "my-store", Status: audit.StatusEnabled,
		AdvancedEventSelectors: auditSelectExternal, MultiRegionEnabled: true, RetentionPeriod: 366,
		TerminationProtectionEnabled: true, CreatedTimestamp: auditTestNow, UpdatedTimestamp: auditTestNow,
		BillingMode: audit.BillingExtendable,
	}
	require.Equal(t, audit.CreateEventDataStoreOutput{EventDataStoreDescription: want, TagsList: []audit.Tag{{Key: "env", Value: "test"}}}, created)

	for _, ref := range []string{arn, "00000000-0000-4000-8000-000000000002"} {
		got, err := lake.GetEventDataStore(ctx, audit.GetEventDataStoreInput{EventDataStore: ref})
		require.NoError(t, err)
		require.Equal(t, want, got)
	}

	list, err := lake.ListEventDataStores(ctx, audit.ListEventDataStoresInput{})
	require.NoError(t, err)
	require.Equal(t, []audit.EventDataStore{{EventDataStoreARN: auditEDS, Name: "eds"}, {EventDataStoreARN: arn, Name: "my-store"}}, list.EventDataStores)

	clk.Set(auditTestNow.Add(time.Hour))
	off := false
	name := "renamed"
	days := 30
	upd, err := lake.UpdateEventDataStore(ctx, audit.UpdateEventDataStoreInput{
		EventDataStore: arn, Name: &name, RetentionPeriod: &days, TerminationProtectionEnabled: &off,
	})
	require.NoError(t, err)
	want.Name, want.RetentionPeriod, want.TerminationProtectionEnabled = "renamed", 30, false
	want.UpdatedTimestamp = auditTestNow.Add(time.Hour)
	require.Equal(t, want, upd)

	_, err = lake.DeleteEventDataStore(ctx, audit.DeleteEventDataStoreInput{EventDataStore: arn})
	require.NoError(t, err)
	got, err := lake.GetEventDataStore(ctx, audit.GetEventDataStoreInput{EventDataStore: arn})
	require.NoError(t, err)
	require.Equal(t, audit.StatusPendingDeletion, got.Status)
	_, err = lake.DeleteEventDataStore(ctx, audit.DeleteEventDataStoreInput{EventDataStore: arn})
	auditRequireCode(t, err, audit.CodeInactiveEventDataStore, "")
	_, err = lake.UpdateEventDataStore(ctx, audit.UpdateEventDataStoreInput{EventDataStore: arn, Name: &name})
	auditRequireCode(t, err, audit.CodeInactiveEventDataStore, "")
	err = lake.Query(ctx, audit.QueryInput{EventDataStore: arn}, func(audit.Record) error { return nil })
	auditRequireCode(t, err, audit.CodeInactiveEventDataStore, "")

	// Seven days later it is gone, and its name is free.
	clk.Set(auditTestNow.Add(time.Hour + 7*24*time.Hour))
	_, err = lake.GetEventDataStore(ctx, audit.GetEventDataStoreInput{EventDataStore: arn})
	auditRequireCode(t, err, audit.CodeEventDataStoreNotFound, "")
	require.ErrorIs(t, err, audit.ErrEventDataStoreNotFound)
	_, err = lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "renamed"})
	require.NoError(t, err)
}

func TestAuditEventDataStoreErrors(t *testing.T) {
	ctx := context.Background()
	days := func(n int) *int { return &n }
	tests := []struct {
		name string
		in   audit.CreateEventDataStoreInput
		code string
	}{
		{"name too short", audit.CreateEventDataStoreInput{Name: "ab"}, audit.CodeInvalidParameter},
		{"name with a slash", audit.CreateEventDataStoreInput{Name: "a/b"}, audit.CodeInvalidParameter},
		{"name taken", audit.CreateEventDataStoreInput{Name: "eds"}, audit.CodeEventDataStoreAlreadyExists},
		{"retention 6", audit.CreateEventDataStoreInput{Name: "abc", RetentionPeriod: days(6)}, audit.CodeInvalidParameter},
		{"retention 3654", audit.CreateEventDataStoreInput{Name: "abc", RetentionPeriod: days(3654)}, audit.CodeInvalidParameter},
		{"fixed retention 2558", audit.CreateEventDataStoreInput{Name: "abc", BillingMode: audit.BillingFixed, RetentionPeriod: days(2558)}, audit.CodeInvalidParameter},
		{"billing mode", audit.CreateEventDataStoreInput{Name: "abc", BillingMode: "CHEAP"}, audit.CodeInvalidParameter},
		{"six selectors", audit.CreateEventDataStoreInput{Name: "abc", AdvancedEventSelectors: make([]audit.AdvancedEventSelector, 6)}, audit.CodeInvalidEventSelectors},
		{"selector without fields", audit.CreateEventDataStoreInput{Name: "abc", AdvancedEventSelectors: []audit.AdvancedEventSelector{{Name: "x"}}}, audit.CodeInvalidEventSelectors},
		{"field without values", audit.CreateEventDataStoreInput{Name: "abc", AdvancedEventSelectors: []audit.AdvancedEventSelector{{
			FieldSelectors: []audit.AdvancedFieldSelector{{Field: "eventCategory"}}}}}, audit.CodeInvalidEventSelectors},
		{"tag without key", audit.CreateEventDataStoreInput{Name: "abc", TagsList: []audit.Tag{{Value: "v"}}}, audit.CodeInvalidTagParameter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lake, _ := auditNewLake(t)
			_, err := lake.CreateEventDataStore(ctx, tc.in)
			auditRequireCode(t, err, tc.code, "")
			list, err := lake.ListEventDataStores(ctx, audit.ListEventDataStoresInput{})
			require.NoError(t, err)
			require.Len(t, list.EventDataStores, 1, "a failed create creates nothing")
		})
	}

	lake, _ := auditNewLake(t, audit.WithMaxEventDataStores(2))
	_, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "second"})
	require.NoError(t, err)
	_, err = lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "third"})
	auditRequireCode(t, err, audit.CodeEventDataStoreMaxLimitExceeded, "Your account has used the maximum number of event data stores (2).")

	for ref, code := range map[string]string{
		"x": audit.CodeEventDataStoreARNInvalid,
		strings.Replace(auditEDS, "eventdatastore", "channel", 1): audit.CodeEventDataStoreARNInvalid,
		"00000000-0000-4000-8000-999999999999":                    audit.CodeEventDataStoreNotFound,
		strings.Replace(auditEDS, "eu-west-1", "us-east-1", 1):    audit.CodeEventDataStoreNotFound,
	} {
		_, err := lake.GetEventDataStore(ctx, audit.GetEventDataStoreInput{EventDataStore: ref})
		auditRequireCode(t, err, code, "")
	}

	_, err = lake.UpdateEventDataStore(ctx, audit.UpdateEventDataStoreInput{EventDataStore: auditEDS})
	auditRequireCode(t, err, audit.CodeInvalidParameter, "At least one parameter other than EventDataStore must be specified.")
	fixed := audit.BillingFixed
	_, err = lake.UpdateEventDataStore(ctx, audit.UpdateEventDataStoreInput{EventDataStore: auditEDS, BillingMode: &fixed})
	auditRequireCode(t, err, audit.CodeInvalidParameter, "")
}

// An event data store cannot be deleted while termination protection is
// on, nor while a channel logs to it; a channel's destination must keep
// selecting ActivityAuditLog events.
func TestAuditEventDataStoreDeleteGuards(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	_, err := lake.DeleteEventDataStore(ctx, audit.DeleteEventDataStoreInput{EventDataStore: auditEDS})
	auditRequireCode(t, err, audit.CodeEventDataStoreTerminationProtect, "")
	off := false
	_, err = lake.UpdateEventDataStore(ctx, audit.UpdateEventDataStoreInput{EventDataStore: auditEDS, TerminationProtectionEnabled: &off})
	require.NoError(t, err)
	ch := auditCustomChannel(t, lake, "app")
	_, err = lake.DeleteEventDataStore(ctx, audit.DeleteEventDataStoreInput{EventDataStore: auditEDS})
	auditRequireCode(t, err, audit.CodeChannelExistsForEDS, "")
	_, err = lake.UpdateEventDataStore(ctx, audit.UpdateEventDataStoreInput{EventDataStore: auditEDS,
		AdvancedEventSelectors: []audit.AdvancedEventSelector{{FieldSelectors: []audit.AdvancedFieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}})
	auditRequireCode(t, err, audit.CodeInvalidEventSelectors, "")
	require.NoError(t, auditDeleteChannel(lake, ctx, ch.ChannelARN))
	_, err = lake.DeleteEventDataStore(ctx, audit.DeleteEventDataStoreInput{EventDataStore: auditEDS})
	require.NoError(t, err)
}

// Event data stores belong to the caller's account and region.
func TestAuditEventDataStoreCallers(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	other := switchyard.WithCaller(ctx, switchyard.Caller{Account: "444455556666", Region: "us-west-2"})
	out, err := lake.CreateEventDataStore(other, audit.CreateEventDataStoreInput{Name: "eds"})
	require.NoError(t, err, "the same name in another account")
	require.Equal(t, "arn:aws:cloudtrail:us-west-2:444455556666:eventdatastore/00000000-0000-4000-8000-000000000002", out.EventDataStoreARN)
	_, err = lake.GetEventDataStore(ctx, audit.GetEventDataStoreInput{EventDataStore: out.EventDataStoreARN})
	auditRequireCode(t, err, audit.CodeEventDataStoreNotFound, "")
	list, err := lake.ListEventDataStores(other, audit.ListEventDataStoresInput{})
	require.NoError(t, err)
	require.Len(t, list.EventDataStores, 1)
}

// The JSON of `aws cloudtrail create-event-data-store --cli-input-json`
// decodes into the input, and the output has CloudTrail's member names
// (CloudTrail API reference, CreateEventDataStore).
func TestAuditEventDataStoreJSON(t *testing.T) {
	var in audit.CreateEventDataStoreInput
	require.NoError(t, json.Unmarshal([]byte(`{"Name":"my-event-data-store",
		"AdvancedEventSelectors":[{"Name":"Select all external events","FieldSelectors":[{"Field":"eventCategory","Equals":["ActivityAuditLog"]}]}],
		"MultiRegionEnabled":false,"RetentionPeriod":90,"TerminationProtectionEnabled":false,"TagsList":[{"Key":"k","Value":"v"}],
		"StartIngestion":true,"BillingMode":"FIXED_RETENTION_PRICING"}`), &in))
	require.Equal(t, "my-event-data-store", in.Name)
	require.Equal(t, auditSelectExternal, in.AdvancedEventSelectors)
	require.False(t, *in.MultiRegionEnabled)
	require.Equal(t, 90, *in.RetentionPeriod)
	require.Equal(t, audit.BillingFixed, in.BillingMode)

	b, err := json.Marshal(audit.CreateEventDataStoreOutput{EventDataStoreDescription: audit.EventDataStoreDescription{
		EventDataStoreARN: "arn:x", Name: "n", Status: audit.StatusEnabled, RetentionPeriod: 90, BillingMode: audit.BillingFixed,
		CreatedTimestamp: auditTestNow,
	}})
	require.NoError(t, err)
	require.JSONEq(t, `{"EventDataStoreArn":"arn:x","Name":"n","Status":"ENABLED","MultiRegionEnabled":false,
		"OrganizationEnabled":false,"RetentionPeriod":90,"TerminationProtectionEnabled":false,
		"CreatedTimestamp":"2024-05-06T07:08:09Z","BillingMode":"FIXED_RETENTION_PRICING"}`, string(b))
}

// At most 50 tags per resource: "The number of tags per trail, event data
// store, dashboard, or channel has exceeded the permitted amount.
// Currently, the limit is 50." (CloudTrail API reference,
// TagsLimitExceededException).
func TestAuditTagsLimit(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	tags := make([]audit.Tag, 51)
	for i := range tags {
		tags[i] = audit.Tag{Key: "k" + strings.Repeat("x", i)}
	}
	_, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "tagged", TagsList: tags})
	auditRequireCode(t, err, audit.CodeTagsLimitExceeded, "")
	_, err = auditCreateChannel(lake, ctx, audit.CreateChannelInput{Name: "tagged", Source: "Custom", Tags: tags})
	auditRequireCode(t, err, audit.CodeTagsLimitExceeded, "")
	_, err = lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: "tagged", TagsList: tags[:50]})
	require.NoError(t, err)
}

// A store created with StartIngestion false is STOPPED_INGESTION: a
// channel may log to it, but it keeps no events.
func TestAuditStoppedIngestion(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	off := false
	eds, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{
		Name: "stopped", AdvancedEventSelectors: auditSelectExternal, StartIngestion: &off,
	})
	require.NoError(t, err)
	require.Equal(t, audit.StatusStoppedIngestion, eds.Status)
	ch, err := lake.CreateChannel(ctx, audit.CreateChannelInput{Name: "app", Source: "Custom",
		Destinations: []audit.Destination{{Type: audit.DestinationEventDataStore, Location: eds.EventDataStoreARN}}})
	require.NoError(t, err)
	out, err := auditPut(lake, ctx, ch.ChannelARN, []audit.AuditEvent{{ID: "1", EventData: auditData(t, nil)}}, "")
	require.NoError(t, err)
	require.Len(t, out.Successful, 1)
	require.NoError(t, lake.Query(ctx, audit.QueryInput{EventDataStore: eds.EventDataStoreARN}, func(audit.Record) error {
		t.Fatal("a store that is not ingesting kept an event")
		return nil
	}))
}

func TestAuditListEventDataStoresPaging(t *testing.T) {
	ctx := context.Background()
	lake, _ := auditNewLake(t)
	for _, n := range []string{"zz-store", "aa-store"} {
		_, err := lake.CreateEventDataStore(ctx, audit.CreateEventDataStoreInput{Name: n})
		require.NoError(t, err)
	}
	var names []string
	token := ""
	for {
		page, err := lake.ListEventDataStores(ctx, audit.ListEventDataStoresInput{MaxResults: 1, NextToken: token})
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.EventDataStores), 1)
		for _, s := range page.EventDataStores {
			names = append(names, s.Name)
		}
		if token = page.NextToken; token == "" {
			break
		}
	}
	require.Equal(t, []string{"aa-store", "eds", "zz-store"}, names)
	_, err := lake.ListEventDataStores(ctx, audit.ListEventDataStoresInput{MaxResults: -1})
	auditRequireCode(t, err, audit.CodeInvalidMaxResults, "")
	_, err = lake.ListEventDataStores(ctx, audit.ListEventDataStoresInput{NextToken: "%%%"})
	auditRequireCode(t, err, audit.CodeInvalidNextToken, "")
}
