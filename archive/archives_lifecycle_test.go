package archive_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/storetest"
	"github.com/switchyard-go/switchyard/bus"
)

// *bus.Bus is what archives attach to.
var _ archive.Attacher = (*bus.Bus)(nil)

// The default store meets the Store contract.
func TestArchivesDefaultStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) archive.Store { return archive.ArchivesDefaultStore() })
}

// The lifecycle recorded against AWS (aws-archive-replay-schedule.md,
// section 1, test_create_list_describe_update_delete_archive), on the
// default bus and on a custom bus.
func TestArchivesLifecycle(t *testing.T) {
	for _, busName := range []string{"default", "orders-bus"} {
		t.Run(busName, func(t *testing.T) {
			ctx := context.Background()
			f := archivesNew(t)
			busARN := archivesDefaultBusARN
			if busName != "default" {
				arn, err := f.bus.CreateEventBus(ctx, bus.CreateEventBusInput{Name: busName})
				require.NoError(t, err)
				busARN = arn.EventBusARN
			}
			const pattern = `{"source":["test"]}`
			created, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{
				ArchiveName: "test-archive-1", EventSourceARN: busARN, Description: "d", EventPattern: pattern, RetentionDays: 1,
			})
			require.NoError(t, err)
			require.Equal(t, archive.CreateArchiveOutput{
				ArchiveARN:   "arn:aws:events:us-east-1:123456789012:archive/test-archive-1",
				State:        archive.ArchiveEnabled,
				CreationTime: archivesT0,
			}, created)

			// The archive's rule is on the bus, managed, with the pattern.
			rule, err := f.bus.DescribeRule(ctx, bus.DescribeRuleInput{Name: "Events-Archive-test-archive-1", EventBusName: busName})
			require.NoError(t, err)
			require.Equal(t, pattern, rule.EventPattern)
			require.True(t, rule.HasFilter)
			require.Equal(t, bus.ArchiveManagedBy, rule.ManagedBy)

			// List entries carry no ARN, description or pattern.
			list, err := f.archives.ListArchives(ctx, archive.ListArchivesInput{NamePrefix: "test-archive"})
			require.NoError(t, err)
			require.Equal(t, []archive.Archive{{
				ArchiveName: "test-archive-1", EventSourceARN: busARN, State: archive.ArchiveEnabled,
				RetentionDays: 1, CreationTime: archivesT0,
			}}, list.Archives)
			require.Empty(t, list.NextToken)

			desc, err := f.archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "test-archive-1"})
			require.NoError(t, err)
			require.Equal(t, archive.DescribeArchiveOutput{
				ArchiveName: "test-archive-1", ArchiveARN: created.ArchiveARN, EventSourceARN: busARN,
				Description: "d", EventPattern: pattern, State: archive.ArchiveEnabled, RetentionDays: 1,
				CreationTime: archivesT0,
			}, desc)

			const pattern2 = `{"source":["test2"]}`
			updated, err := f.archives.UpdateArchive(ctx, archive.UpdateArchiveInput{
				ArchiveName: "test-archive-1", Description: archivesPtr("d2"), EventPattern: archivesPtr(pattern2), RetentionDays: archivesPtr(2),
			})
			require.NoError(t, err)
			require.Equal(t, archive.UpdateArchiveOutput{ArchiveARN: created.ArchiveARN, State: archive.ArchiveEnabled, CreationTime: archivesT0}, updated)
			desc, err = f.archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "test-archive-1"})
			require.NoError(t, err)
			require.Equal(t, "d2", desc.Description)
			require.Equal(t, pattern2, desc.EventPattern)
			require.Equal(t, 2, desc.RetentionDays)
			rule, err = f.bus.DescribeRule(ctx, bus.DescribeRuleInput{Name: "Events-Archive-test-archive-1", EventBusName: busName})
			require.NoError(t, err)
			require.Equal(t, pattern2, rule.EventPattern)

			require.NoError(t, func() error {
				_, err := f.archives.DeleteArchive(ctx, archive.DeleteArchiveInput{ArchiveName: "test-archive-1"})
				return err
			}())
			_, err = f.archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "test-archive-1"})
			archivesRequireCode(t, err, switchyard.CodeResourceNotFound, "Archive test-archive-1 does not exist.")
			_, err = f.bus.DescribeRule(ctx, bus.DescribeRuleInput{Name: "Events-Archive-test-archive-1", EventBusName: busName})
			require.ErrorIs(t, err, switchyard.ErrResourceNotFound, "the archive's rule is gone")
		})
	}
}

// "When an archive is created without EventPattern, DescribeArchive has no
// EventPattern key at all" (aws-archive-replay-schedule.md, section 1).
func TestArchivesNoPattern(t *testing.T) {
	f := archivesNew(t)
	f.create(t, "all", "", 0)
	d, err := f.archives.DescribeArchive(context.Background(), archive.DescribeArchiveInput{ArchiveName: "all"})
	require.NoError(t, err)
	require.Empty(t, d.EventPattern)
	require.Zero(t, d.RetentionDays)
}

// Every error of an archive call, with AWS's code and message. Recorded
// ones cite aws-archive-replay-schedule.md, section 1; the request
// constraints come from the EventBridge API reference (CreateArchive,
// Archive: name 1-48 of [\.\-_A-Za-z0-9], description up to 512, pattern up
// to 4096, RetentionDays >= 0); the ListArchives filter rule and the state
// enum message from moto's EventBridge model (moto/events/models.py).
func TestArchivesErrors(t *testing.T) {
	ctx := context.Background()
	f := archivesNew(t)
	f.create(t, "exists", "", 0)
	f.create(t, "other", "", 0)
	long := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = 'a'
		}
		return string(b)
	}
	const missingBus = "arn:aws:events:us-east-1:123456789012:event-bus/nope"
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"create: name in use (recorded)", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "exists", EventSourceARN: archivesDefaultBusARN})
			return err
		}, switchyard.CodeResourceAlreadyExists, "Archive exists already exists."},
		{"create: bus does not exist (recorded: the message names the bus, not the ARN)", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "new", EventSourceARN: missingBus})
			return err
		}, switchyard.CodeResourceNotFound, "Event bus nope does not exist."},
		{"create: bus of another account", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "new", EventSourceARN: "arn:aws:events:us-east-1:111111111111:event-bus/default"})
			return err
		}, switchyard.CodeResourceNotFound, "Event bus default does not exist."},
		{"create: name too long", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: long(49), EventSourceARN: archivesDefaultBusARN})
			return err
		}, switchyard.CodeValidation, "1 validation error detected: Value '" + long(49) + "' at 'archiveName' failed to satisfy constraint: Member must have length less than or equal to 48"},
		{"create: bad name", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "a b", EventSourceARN: archivesDefaultBusARN})
			return err
		}, switchyard.CodeValidation, `1 validation error detected: Value 'a b' at 'archiveName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`},
		{"create: no name", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{EventSourceARN: archivesDefaultBusARN})
			return err
		}, switchyard.CodeValidation, "1 validation error detected: Value null at 'archiveName' failed to satisfy constraint: Member must not be null"},
		{"create: source not an ARN", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "new", EventSourceARN: "default"})
			return err
		}, switchyard.CodeValidation, `1 validation error detected: Value 'default' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:.+\/.+$`},
		{"create: negative retention and long description", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "new", EventSourceARN: archivesDefaultBusARN, RetentionDays: -1, Description: long(513)})
			return err
		}, switchyard.CodeValidation, "2 validation errors detected: Value '" + long(513) + "' at 'description' failed to satisfy constraint: Member must have length less than or equal to 512; Value '-1' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"create: bad pattern", func() error {
			_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "new", EventSourceARN: archivesDefaultBusARN, EventPattern: `{"source":"x"}`})
			return err
		}, switchyard.CodeInvalidEventPattern, ""},
		{"describe: unknown (recorded)", func() error {
			_, err := f.archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "nope"})
			return err
		}, switchyard.CodeResourceNotFound, "Archive nope does not exist."},
		{"delete: unknown (recorded)", func() error {
			return func() error {
				_, err := f.archives.DeleteArchive(ctx, archive.DeleteArchiveInput{ArchiveName: "nope"})
				return err
			}()
		}, switchyard.CodeResourceNotFound, "Archive nope does not exist."},
		{"update: nothing to update, checked before existence (recorded)", func() error {
			_, err := f.archives.UpdateArchive(ctx, archive.UpdateArchiveInput{ArchiveName: "nope"})
			return err
		}, switchyard.CodeValidation, "At least one of EventPattern, RetentionDays or Description must be provided."},
		{"update: unknown", func() error {
			_, err := f.archives.UpdateArchive(ctx, archive.UpdateArchiveInput{ArchiveName: "nope", RetentionDays: archivesPtr(3)})
			return err
		}, switchyard.CodeResourceNotFound, "Archive nope does not exist."},
		{"update: negative retention", func() error {
			_, err := f.archives.UpdateArchive(ctx, archive.UpdateArchiveInput{ArchiveName: "exists", RetentionDays: archivesPtr(-2)})
			return err
		}, switchyard.CodeValidation, "1 validation error detected: Value '-2' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"list: bus does not exist (recorded)", func() error {
			_, err := f.archives.ListArchives(ctx, archive.ListArchivesInput{EventSourceARN: missingBus})
			return err
		}, switchyard.CodeResourceNotFound, "Event bus nope does not exist."},
		{"list: source not an ARN", func() error {
			_, err := f.archives.ListArchives(ctx, archive.ListArchivesInput{EventSourceARN: "default"})
			return err
		}, switchyard.CodeValidation, `1 validation error detected: Value 'default' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:.+\/.+$`},
		{"list: two filters", func() error {
			_, err := f.archives.ListArchives(ctx, archive.ListArchivesInput{NamePrefix: "e", State: archive.ArchiveEnabled})
			return err
		}, switchyard.CodeValidation, "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix."},
		{"list: bad state", func() error {
			_, err := f.archives.ListArchives(ctx, archive.ListArchivesInput{State: "ON"})
			return err
		}, switchyard.CodeValidation, "1 validation error detected: Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, CREATING, UPDATING, CREATE_FAILED, UPDATE_FAILED]"},
		{"list: bad limit", func() error {
			_, err := f.archives.ListArchives(ctx, archive.ListArchivesInput{Limit: 101})
			return err
		}, switchyard.CodeValidation, "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
		{"list: foreign token", func() error {
			_, err := f.archives.ListArchives(ctx, archive.ListArchivesInput{NextToken: "abc"})
			return err
		}, switchyard.CodeValidation, "The NextToken provided is not valid."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if tc.msg == "" {
				require.ErrorIs(t, err, &switchyard.Error{Code: tc.code})
				require.Contains(t, err.Error(), "Event pattern is not valid. Reason: ")
				return
			}
			archivesRequireCode(t, err, tc.code, tc.msg)
		})
	}
	// Nothing was created or changed by the failed calls.
	list, err := f.archives.ListArchives(ctx, archive.ListArchivesInput{})
	require.NoError(t, err)
	require.Len(t, list.Archives, 2)
}

// Listing filters and paging (aws-archive-replay-schedule.md, section 1,
// "Listing filters").
func TestArchivesList(t *testing.T) {
	ctx := context.Background()
	f := archivesNew(t)
	custom, err := f.bus.CreateEventBus(ctx, bus.CreateEventBusInput{Name: "custom"})
	customARN := custom.EventBusARN
	require.NoError(t, err)
	for _, n := range []string{"test-archive-a", "test-archive-b", "test-archive-c", "zz"} {
		f.create(t, n, "", 0)
	}
	_, err = f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "on-custom", EventSourceARN: customARN})
	require.NoError(t, err)

	names := func(in archive.ListArchivesInput) ([]string, string) {
		t.Helper()
		out, err := f.archives.ListArchives(ctx, in)
		require.NoError(t, err)
		var ns []string
		for _, a := range out.Archives {
			ns = append(ns, a.ArchiveName)
		}
		return ns, out.NextToken
	}
	tests := []struct {
		name string
		in   archive.ListArchivesInput
		want []string
	}{
		{"all", archive.ListArchivesInput{}, []string{"on-custom", "test-archive-a", "test-archive-b", "test-archive-c", "zz"}},
		{"prefix", archive.ListArchivesInput{NamePrefix: "test-archive"}, []string{"test-archive-a", "test-archive-b", "test-archive-c"}},
		{"full name", archive.ListArchivesInput{NamePrefix: "test-archive-b"}, []string{"test-archive-b"}},
		{"no match is an empty list", archive.ListArchivesInput{NamePrefix: "doesnotexist"}, nil},
		{"source bus", archive.ListArchivesInput{EventSourceARN: customARN}, []string{"on-custom"}},
		{"state", archive.ListArchivesInput{State: archive.ArchiveEnabled}, []string{"on-custom", "test-archive-a", "test-archive-b", "test-archive-c", "zz"}},
		{"state nobody is in", archive.ListArchivesInput{State: archive.ArchiveDisabled}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, next := names(tc.in)
			require.Equal(t, tc.want, got)
			require.Empty(t, next)
		})
	}
	t.Run("paging", func(t *testing.T) {
		page1, next := names(archive.ListArchivesInput{Limit: 2})
		require.Equal(t, []string{"on-custom", "test-archive-a"}, page1)
		require.NotEmpty(t, next)
		page2, next := names(archive.ListArchivesInput{Limit: 3, NextToken: next})
		require.Equal(t, []string{"test-archive-b", "test-archive-c", "zz"}, page2)
		require.Empty(t, next)
	})
}

// Two CreateArchive calls racing for one name: exactly one wins.
func TestArchivesCreateRace(t *testing.T) {
	ctx := context.Background()
	f := archivesNew(t)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "race", EventSourceARN: archivesDefaultBusARN})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		archivesRequireCode(t, err, switchyard.CodeResourceAlreadyExists, "Archive race already exists.")
	}
	require.Equal(t, 1, ok)
}

// After Close every call fails with ErrArchivesClosed, deliveries included
// (so the bus retries or dead-letters them instead of losing them), and a
// second Close is a no-op.
func TestArchivesClose(t *testing.T) {
	ctx := context.Background()
	f := archivesNew(t)
	f.create(t, "a", "", 0)
	require.NoError(t, f.archives.Close(ctx))
	require.NoError(t, f.archives.Close(ctx))

	_, err := f.archives.CreateArchive(ctx, archive.CreateArchiveInput{ArchiveName: "b", EventSourceARN: archivesDefaultBusARN})
	require.ErrorIs(t, err, archive.ErrArchivesClosed)
	_, err = f.archives.DescribeArchive(ctx, archive.DescribeArchiveInput{ArchiveName: "a"})
	require.ErrorIs(t, err, archive.ErrArchivesClosed)
	_, err = f.archives.ListArchives(ctx, archive.ListArchivesInput{})
	require.ErrorIs(t, err, archive.ErrArchivesClosed)
	_, err = f.archives.UpdateArchive(ctx, archive.UpdateArchiveInput{ArchiveName: "a", Description: archivesPtr("x")})
	require.ErrorIs(t, err, archive.ErrArchivesClosed)
	require.ErrorIs(t, func() error {
		_, err := f.archives.DeleteArchive(ctx, archive.DeleteArchiveInput{ArchiveName: "a"})
		return err
	}(), archive.ErrArchivesClosed)
	_, err = f.archives.EnforceRetention(ctx)
	require.ErrorIs(t, err, archive.ErrArchivesClosed)

	// The rule stays, and its deliveries fail rather than vanish.
	drops := 0
	_, err = f.bus.PutEvents(ctx, []switchyard.Entry{archivesEntry("s", archivesT0, `{}`)})
	require.NoError(t, err)
	for {
		require.NoError(t, f.bus.WaitIdle(ctx))
		if f.bus.Stats().Pending == 0 {
			break
		}
		f.clk.AdvanceToNext()
	}
	st := f.bus.Stats()
	drops = int(st.Dropped)
	require.Equal(t, 1, drops, "the delivery to the closed archive is counted as dropped")
	require.NotZero(t, st.Retried)
}
