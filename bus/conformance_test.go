package bus_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// conformanceCase is one line of testdata/putevents.jsonl: a PutEvents call
// recorded against real EventBridge (LocalStack's AWS-validated snapshots of
// tests/aws/services/events/test_events.py).
type conformanceCase struct {
	Name    string `json:"name"`
	Entries []struct {
		Source       *string `json:"Source"`
		DetailType   *string `json:"DetailType"`
		Detail       *string `json:"Detail"`
		EventBusName *string `json:"EventBusName"`
		Time         *int64  `json:"Time"`
	} `json:"entries"`
	Expected struct {
		FailedEntryCount *int `json:"FailedEntryCount"`
		Entries          []struct {
			EventID      string `json:"EventId"`
			ErrorCode    string `json:"ErrorCode"`
			ErrorMessage string `json:"ErrorMessage"`
		} `json:"Entries"`
		Exception *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"exception"`
		DeliveredEventTime string `json:"delivered_event_time"`
		Delivered          string `json:"delivered"`
		DescribeNonexist   *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"describe_event_bus_nonexistent"`
	} `json:"expected"`
	Expand *struct {
		Entry  int    `json:"entry"`
		Field  string `json:"field"`
		Marker string `json:"marker"`
		Char   string `json:"char"`
		Count  int    `json:"count"`
	} `json:"expand"`
	Note string `json:"note"`
}

// The recorder's placeholders, and what this test puts in their place.
const (
	customBus      = "conformance-bus"
	nonexistentBus = "conformance-missing-bus"
)

func loadConformance(t *testing.T) []conformanceCase {
	f, err := os.Open("testdata/putevents.jsonl")
	require.NoError(t, err)
	defer f.Close()
	var cases []conformanceCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c conformanceCase
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c))
		cases = append(cases, c)
	}
	require.NoError(t, sc.Err())
	return cases
}

func TestConformancePutEvents(t *testing.T) {
	cases := loadConformance(t)
	require.Len(t, cases, 16, "the recording has 16 cases")
	for _, c := range cases {
		t.Run(c.Name[strings.LastIndex(c.Name, "::")+2:], func(t *testing.T) {
			runConformanceCase(t, c)
		})
	}
}

func runConformanceCase(t *testing.T, c conformanceCase) {
	ctx := context.Background()
	b := newBus(t)
	_, err := b.CreateEventBus(ctx, bus.CreateEventBusInput{Name: customBus})
	require.NoError(t, err)

	// Every bus gets a rule matching everything; the target of the default
	// bus fails for the delivery-failure case, and the entries-order case
	// has two targets on one rule.
	sinks := map[string][]*collector{}
	for _, busName := range []string{bus.DefaultBusName, customBus} {
		var targets []bus.Target
		n := 1
		if strings.Contains(c.Name, "entries_order") {
			n = 2
		}
		for i := range n {
			col := &collector{}
			sinks[busName] = append(sinks[busName], col)
			targets = append(targets, bus.Target{ID: "t" + string(rune('0'+i)), Target: col})
		}
		if strings.Contains(c.Name, "delivery_failure") {
			targets = []bus.Target{{ID: "gone", Target: &failing{}, RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(0)}}}
		}
		addRule(t, b, busName, "all", catchAll, targets...)
	}

	var entries []switchyard.Entry
	for i, e := range c.Entries {
		var en switchyard.Entry
		if e.Source != nil {
			en.Source = *e.Source
		}
		if e.DetailType != nil {
			en.DetailType = *e.DetailType
		}
		if e.Detail != nil {
			en.Detail = *e.Detail
		}
		if c.Expand != nil && c.Expand.Entry == i && c.Expand.Field == "Detail" {
			en.Detail = strings.Replace(en.Detail, c.Expand.Marker, strings.Repeat(c.Expand.Char, c.Expand.Count), 1)
		}
		if e.EventBusName != nil {
			en.EventBusName = strings.NewReplacer("<bus-name>", customBus, "<custom-event-bus>", nonexistentBus).Replace(*e.EventBusName)
		}
		if e.Time != nil {
			en.Time = time.Unix(*e.Time, 0)
		}
		entries = append(entries, en)
	}

	res, err := b.PutEvents(ctx, entries)
	if x := c.Expected.Exception; x != nil {
		require.Error(t, err)
		var se *switchyard.Error
		require.True(t, errors.As(err, &se))
		require.Equal(t, x.Code, se.Code)
		want := x.Message
		if strings.Contains(c.Name, "ten_entries") {
			// '<bus-name>' is the recorder's token for the bus name.
			name := customBus
			if strings.HasSuffix(c.Name, "[default]") {
				name = bus.DefaultBusName
			}
			want = strings.ReplaceAll(want, "<bus-name>", name)
		}
		require.Equal(t, want, se.Message)
		require.Empty(t, res.Entries, "a request-level error has no per-entry result")
		return
	}
	require.NoError(t, err)
	if c.Expected.FailedEntryCount != nil {
		require.Equal(t, *c.Expected.FailedEntryCount, res.FailedEntryCount)
	}
	require.Len(t, res.Entries, len(entries))
	if len(c.Expected.Entries) > 0 {
		require.Len(t, res.Entries, len(c.Expected.Entries))
		ids := map[string]bool{}
		for i, want := range c.Expected.Entries {
			got := res.Entries[i]
			require.Equal(t, want.ErrorCode, got.ErrorCode, "entry %d", i)
			require.Equal(t, want.ErrorMessage, got.ErrorMessage, "entry %d", i)
			if want.EventID != "" {
				require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, got.EventID)
				require.False(t, ids[got.EventID], "event ids are distinct")
				ids[got.EventID] = true
			} else {
				require.Empty(t, got.EventID)
			}
		}
	}
	flush(t, b)

	switch {
	case c.Expected.DeliveredEventTime != "":
		got := sinks[customBus][0].deliveries()
		require.Len(t, got, 1)
		require.Equal(t, c.Expected.DeliveredEventTime, decode(t, got[0].Payload)["time"])
	case strings.Contains(c.Name, "nonexistent_event_bus"):
		got := sinks[bus.DefaultBusName][0].deliveries()
		require.Len(t, got, 1, c.Expected.Delivered)
		require.Equal(t, res.Entries[0].EventID, got[0].Event.ID)
		require.Empty(t, sinks[customBus][0].deliveries())
		require.EqualValues(t, 1, b.Stats().Unroutable)
		_, err := b.DescribeEventBus(ctx, bus.DescribeEventBusInput{Name: nonexistentBus})
		want := strings.ReplaceAll(c.Expected.DescribeNonexist.Message, "<custom-event-bus>", nonexistentBus)
		requireCode(t, err, c.Expected.DescribeNonexist.Code, want)
	case strings.Contains(c.Name, "entries_order"):
		for _, col := range sinks[bus.DefaultBusName] {
			got := col.deliveries()
			require.Len(t, got, 1)
			require.Equal(t, res.Entries[0].EventID, decode(t, got[0].Payload)["id"])
		}
	case strings.Contains(c.Name, "delivery_failure"):
		st := b.Stats()
		require.EqualValues(t, 1, st.Dropped, "the failed delivery is counted, not lost")
		require.Zero(t, st.Delivered)
	case res.FailedEntryCount == len(entries):
		// Rejected entries reach no target.
		require.Empty(t, sinks[bus.DefaultBusName][0].deliveries())
		require.Zero(t, b.Stats().Accepted)
	}
}
