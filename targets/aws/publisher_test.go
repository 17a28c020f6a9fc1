package awstarget_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
	"github.com/switchyard-go/switchyard"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

var _ switchyard.Publisher = (*awstarget.Publisher)(nil)

func entries(n int, bus string) []switchyard.Entry {
	es := make([]switchyard.Entry, n)
	for i := range es {
		es[i] = switchyard.Entry{Source: "shop", DetailType: "Order Placed", Detail: fmt.Sprintf(`{"n":%d}`, i), EventBusName: bus}
	}
	return es
}

// Publishing 12 entries to moto's EventBridge: two requests (10 + 2), one
// result per entry. A rule routes the first and the last entry to a queue
// (moto takes most of a second per routed event, so not all of them).
func TestPublisherOnMoto(t *testing.T) {
	requireMoto(t)
	ctx := ctxT(t)
	busARN, url := routeBusToQueue(t, `{"detail":{"n":[0,11]}}`)
	p, err := awstarget.NewResolver(motoConfig()).Publisher(region)
	require.NoError(t, err)
	res, err := p.PutEvents(ctx, entries(12, busARN))
	require.NoError(t, err)
	require.Zero(t, res.FailedEntryCount)
	require.Len(t, res.Entries, 12)
	ids := map[string]bool{}
	for _, e := range res.Entries {
		require.NotEmpty(t, e.EventID)
		ids[e.EventID] = true
	}
	require.Len(t, ids, 12)
	var got []string
	for _, m := range receiveAll(t, sqs.NewFromConfig(motoConfig()), url, 2) {
		var ev struct {
			ID     string          `json:"id"`
			Detail struct{ N int } `json:"detail"`
		}
		require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &ev))
		// The id EventBridge delivered is the one PutEvents returned for
		// that entry.
		got = append(got, fmt.Sprintf("%d=%s", ev.Detail.N, ev.ID))
	}
	slices.Sort(got)
	require.Equal(t, []string{"0=" + res.Entries[0].EventID, "11=" + res.Entries[11].EventID}, got)
}

// fakeEventBridge records PutEvents requests and answers from a script.
type fakeEventBridge struct {
	calls  [][]ebtypes.PutEventsRequestEntry
	answer func(call int, in *eventbridge.PutEventsInput) (*eventbridge.PutEventsOutput, error)
}

func (f *fakeEventBridge) PutEvents(_ context.Context, in *eventbridge.PutEventsInput, _ ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	f.calls = append(f.calls, in.Entries)
	return f.answer(len(f.calls)-1, in)
}

// accept answers each entry with an id made of the call and the entry's
// detail, or fails those whose detail is "{}" with InvalidArgument.
func accept(call int, in *eventbridge.PutEventsInput) (*eventbridge.PutEventsOutput, error) {
	out := &eventbridge.PutEventsOutput{}
	for _, e := range in.Entries {
		if aws.ToString(e.Detail) == "{}" {
			out.FailedEntryCount++
			out.Entries = append(out.Entries, ebtypes.PutEventsResultEntry{ErrorCode: aws.String("InvalidArgument"), ErrorMessage: aws.String("bad")})
			continue
		}
		out.Entries = append(out.Entries, ebtypes.PutEventsResultEntry{EventId: aws.String(fmt.Sprintf("%d:%s", call, aws.ToString(e.Detail)))})
	}
	return out, nil
}

func TestPublisherSplitsAndMapsResults(t *testing.T) {
	ctx := ctxT(t)
	big := strings.Repeat("x", 100*1024)
	cases := []struct {
		name      string
		entries   []switchyard.Entry
		opts      []awstarget.PublisherOption
		wantSizes []int
	}{
		{"10 entries: one request", entries(10, ""), nil, []int{10}},
		{"21 entries: 10+10+1", entries(21, ""), nil, []int{10, 10, 1}},
		{"WithMaxEntries(4)", entries(9, ""), []awstarget.PublisherOption{awstarget.WithMaxEntries(4)}, []int{4, 4, 1}},
		{"256 KiB: two 100 KiB entries per request", func() []switchyard.Entry {
			es := entries(5, "")
			for i := range es {
				es[i].Detail = `{"b":"` + big + `","n":` + fmt.Sprint(i) + `}`
			}
			return es
		}(), nil, []int{2, 2, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeEventBridge{answer: accept}
			p, err := awstarget.NewPublisher(f, tc.opts...)
			require.NoError(t, err)
			res, err := p.PutEvents(ctx, tc.entries)
			require.NoError(t, err)
			var sizes []int
			for _, c := range f.calls {
				sizes = append(sizes, len(c))
			}
			require.Equal(t, tc.wantSizes, sizes)
			require.Len(t, res.Entries, len(tc.entries))
			// Results in input order: entry i's id names its own detail.
			call, k := 0, 0
			for i, e := range tc.entries {
				if k == tc.wantSizes[call] {
					call, k = call+1, 0
				}
				require.Equal(t, fmt.Sprintf("%d:%s", call, e.Detail), res.Entries[i].EventID)
				k++
			}
		})
	}
}

func TestPublisherPartialFailures(t *testing.T) {
	ctx := ctxT(t)
	es := entries(25, "")
	es[3].Detail = "{}" // rejected by the service, alone
	throttled := &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded"}
	f := &fakeEventBridge{answer: func(call int, in *eventbridge.PutEventsInput) (*eventbridge.PutEventsOutput, error) {
		if call == 1 {
			return nil, throttled // the second request fails as a whole
		}
		return accept(call, in)
	}}
	p, err := awstarget.NewPublisher(f)
	require.NoError(t, err)
	res, err := p.PutEvents(ctx, es)
	require.NoError(t, err, "the first request's events were accepted: no call-level error")
	require.Equal(t, 11, res.FailedEntryCount)
	require.Equal(t, switchyard.ResultEntry{ErrorCode: "InvalidArgument", ErrorMessage: "bad"}, res.Entries[3])
	for i := 10; i < 20; i++ {
		require.Equal(t, switchyard.ResultEntry{ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded"}, res.Entries[i])
	}
	require.Equal(t, "2:"+es[24].Detail, res.Entries[24].EventID)

	// A call that fits one request behaves as EventBridge: the request's
	// error is the call's error.
	f = &fakeEventBridge{answer: func(int, *eventbridge.PutEventsInput) (*eventbridge.PutEventsOutput, error) { return nil, throttled }}
	p, err = awstarget.NewPublisher(f)
	require.NoError(t, err)
	_, err = p.PutEvents(ctx, entries(3, ""))
	require.ErrorIs(t, err, error(throttled))

	// Empty: no request.
	res, err = p.PutEvents(ctx, nil)
	require.NoError(t, err)
	require.Empty(t, res.Entries)
	require.Len(t, f.calls, 1)
}

func TestPublisherEntryFields(t *testing.T) {
	ctx := ctxT(t)
	f := &fakeEventBridge{answer: accept}
	p, err := awstarget.NewPublisher(f)
	require.NoError(t, err)
	at := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	_, err = p.PutEvents(ctx, []switchyard.Entry{
		{Time: at, Source: "s", DetailType: "d", Detail: `{"a":1}`, Resources: []string{"r"}, EventBusName: "b", TraceHeader: "Root=1"},
		{Detail: `{"a":2}`},
	})
	require.NoError(t, err)
	got := f.calls[0]
	require.Equal(t, at, aws.ToTime(got[0].Time))
	require.Equal(t, []string{"s", "d", `{"a":1}`, "b", "Root=1"},
		[]string{aws.ToString(got[0].Source), aws.ToString(got[0].DetailType), aws.ToString(got[0].Detail), aws.ToString(got[0].EventBusName), aws.ToString(got[0].TraceHeader)})
	require.Equal(t, []string{"r"}, got[0].Resources)
	// Missing fields are sent as absent, so EventBridge words the error.
	require.Nil(t, got[1].Source)
	require.Nil(t, got[1].DetailType)
	require.Nil(t, got[1].Time)
}

func TestNewPublisherLimits(t *testing.T) {
	_, err := awstarget.NewPublisher(&fakeEventBridge{}, awstarget.WithMaxEntries(11))
	require.ErrorContains(t, err, "WithMaxEntries")
	_, err = awstarget.NewPublisher(&fakeEventBridge{}, awstarget.WithMaxBytes(0))
	require.ErrorContains(t, err, "WithMaxBytes")
}
