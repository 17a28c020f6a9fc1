package bus

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

// marshalRecord must produce exactly what Event.AppendJSON produces, with
// Detail pointing into the shared buffer.
func TestMarshalRecordMatchesAppendJSON(t *testing.T) {
	b, err := New()
	require.NoError(t, err)
	defer b.Close(context.Background())
	entries := []switchyard.Entry{
		{Source: "s", DetailType: "d", Detail: `{}`},
		{Source: "a\"b\\c\n", DetailType: "tab\there <&>", Detail: ` {"x": [1, 2, {"y": null}]} `, Resources: []string{"r1", "r\"2"}},
		{Source: "ünï", DetailType: "\u2028", Detail: `{"big":"` + strings.Repeat("z", 5000) + `"}`, Time: time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
	}
	for _, e := range entries {
		// Into no buffer, and into a slab slice sized by the hint (which
		// escaping can overflow) followed by a neighbour it must not touch.
		slab := make([]byte, jsonSizeHint(&e, b.scopeOf(context.Background()))+8)
		for _, buf := range [][]byte{nil, slab[: 0 : len(slab)-8]} {
			rec := b.newRecord(new(eventRecord), b.ids.next(), &e, b.scopeOf(context.Background()), time.Now(), 0, buf)
			want := rec.event.AppendJSON(nil)
			require.Equal(t, string(want), string(rec.json))
			require.Equal(t, e.Detail, string(rec.event.Detail))
			require.Equal(t, len(rec.event.Detail), cap(rec.event.Detail), "appending to Detail cannot write into the JSON")
			require.Equal(t, make([]byte, 8), slab[len(slab)-8:], "the neighbour is untouched")
		}
	}
}

func TestEventIDsAreVersion4(t *testing.T) {
	var s idSource
	s.init()
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := s.next()
		require.Regexp(t, re, id)
		require.False(t, seen[id])
		seen[id] = true
	}
	var scratch []byte
	for range 30 {
		ids := s.many(&scratch, 10)
		require.Len(t, ids, 10*idLen)
		for i := range 10 {
			id := ids[i*idLen : (i+1)*idLen]
			require.Regexp(t, re, id)
			require.False(t, seen[id])
			seen[id] = true
		}
	}
}

func TestBackoff(t *testing.T) {
	base, max := time.Second, 10*time.Second
	for n := 1; n <= 12; n++ {
		step := min(base<<(n-1), max)
		for range 50 {
			d := backoff(n, base, max)
			require.GreaterOrEqual(t, d, step/2, "attempt %d", n)
			require.LessOrEqual(t, d, step, "attempt %d", n)
		}
	}
	require.Equal(t, time.Duration(1), backoff(1, 1, 1))
	require.Equal(t, time.Duration(0), backoff(3, 0, 0))
}

func TestQueueClaims(t *testing.T) {
	var q queue
	q.init(1, 100, 3, 4)
	ds := make([]*delivery, 10)
	for i := range ds {
		ds[i] = &delivery{slot: true}
		require.True(t, q.reserve())
	}
	require.Equal(t, 1, q.push(ds[:2]...), "two deliveries make one batch")
	require.Zero(t, q.push(ds[2:4]...), "still one batch")
	require.Equal(t, 2, q.push(ds[4:10]...), "ten deliveries make three batches")
	require.Zero(t, q.push(), "never more claims than the concurrency")

	got := q.take(nil, 4)
	require.Equal(t, ds[:4], got)
	require.EqualValues(t, 6, q.reserved.Load(), "taking frees the slots")
	require.True(t, q.release(), "deliveries remain: the claim goes back")
	got = q.take(got[:0], 100)
	require.Len(t, got, 6)
	require.False(t, q.release())
	require.False(t, q.release())
	require.False(t, q.release())
	require.Zero(t, q.claims)
	require.Zero(t, q.reserved.Load())
}

func TestQueueReserveAndWait(t *testing.T) {
	var q queue
	q.init(1, 2, 1, 1)
	require.True(t, q.reserve())
	require.True(t, q.reserve())
	require.False(t, q.reserve())
	require.EqualValues(t, 2, q.reserved.Load(), "a failed reserve leaves the count alone")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, q.waitSlot(ctx, nil, q.reserve), context.DeadlineExceeded)

	done := make(chan error)
	go func() { done <- q.waitSlot(context.Background(), nil, q.reserve) }()
	q.push(&delivery{slot: true})
	q.take(nil, 1) // frees a slot and wakes the waiter
	require.NoError(t, <-done)

	closing := make(chan struct{})
	close(closing)
	require.ErrorIs(t, q.waitSlot(context.Background(), closing, q.reserve), ErrClosed)
}

func TestBusRef(t *testing.T) {
	s := scope{account: "111122223333", region: "eu-west-1"}
	tests := []struct {
		ref, arn, name string
		ok             bool
	}{
		{"", "arn:aws:events:eu-west-1:111122223333:event-bus/default", "default", true},
		{"orders", "arn:aws:events:eu-west-1:111122223333:event-bus/orders", "orders", true},
		{"arn:aws:events:eu-west-1:111122223333:event-bus/orders", "arn:aws:events:eu-west-1:111122223333:event-bus/orders", "orders", true},
		{"arn:aws:events:eu-west-1:111122223333:event-bus/aws.partner/p/x", "arn:aws:events:eu-west-1:111122223333:event-bus/aws.partner/p/x", "aws.partner/p/x", true},
		// Another region's or account's bus is named by its own ARN.
		{"arn:aws:events:us-east-1:222233334444:event-bus/orders", "arn:aws:events:us-east-1:222233334444:event-bus/orders", "orders", true},
		{"arn:aws:sqs:eu-west-1:111122223333:event-bus/orders", "", "", false},
		{"arn:aws:events:eu-west-1:111122223333:rule/orders", "", "", false},
		{"arn:broken", "", "", false},
	}
	for _, tc := range tests {
		k, ok := busRef(s, tc.ref)
		require.Equal(t, tc.ok, ok, tc.ref)
		if ok {
			require.Equal(t, tc.arn, k.arn(), tc.ref)
			require.Equal(t, tc.name, k.name, tc.ref)
		}
	}
}

func TestLimitsValidation(t *testing.T) {
	_, err := New(WithLimits(Limits{Workers: -1}))
	require.ErrorContains(t, err, "Limits.Workers")
	_, err = New(WithLimits(Limits{RetryBaseDelay: time.Hour}))
	require.ErrorContains(t, err, "RetryMaxDelay")
	_, err = New(WithAccount("12"))
	require.Error(t, err)
	_, err = New(WithRegion("Mars"))
	require.Error(t, err)
	_, err = New(WithMaxHops(0))
	require.Error(t, err)
	_, err = New(WithClock(nil))
	require.Error(t, err)
	_, err = New(WithLogger(nil))
	require.Error(t, err)
}

func TestPaginate(t *testing.T) {
	keys := []string{"a1", "a2", "a3", "b1"}
	page, next, err := paginate(keys, "a", "", 2)
	require.NoError(t, err)
	require.Equal(t, []string{"a1", "a2"}, page)
	page, next, err = paginate(keys, "a", next, 2)
	require.NoError(t, err)
	require.Equal(t, []string{"a3"}, page)
	require.Empty(t, next)
	_, _, err = paginate(keys, "", "!!", 2)
	require.Error(t, err)
	_, first, err := paginate(keys, "", "", 1)
	require.NoError(t, err)
	_, _, err = paginate(keys, "", first[1:], 2)
	require.Error(t, err)
}

// FuzzPaginate checks that any token either fails cleanly or continues a
// listing in order, never repeating a key.
func FuzzPaginate(f *testing.F) {
	f.Add("", 2)
	f.Add("c3kxOmEy", 1) // "sy1:a2"
	f.Add("c3kxOmEy", 0)
	f.Add("%%%", 3)
	keys := []string{"a1", "a2", "a3", "b1", "b2"}
	f.Fuzz(func(t *testing.T, token string, limit int) {
		if limit < 0 || limit > 100 {
			return
		}
		page, next, err := paginate(keys, "", token, limit)
		if err != nil {
			return
		}
		for i := 1; i < len(page); i++ {
			if page[i] <= page[i-1] {
				t.Fatalf("page out of order: %v", page)
			}
		}
		if next != "" {
			// The next page starts right after this one's last key.
			more, _, err := paginate(keys, "", next, 1)
			if err != nil || (len(more) > 0 && more[0] <= page[len(page)-1]) {
				t.Fatalf("next token %q does not continue after %v: %v %v", next, page, more, err)
			}
		}
	})
}

// FuzzBusRef checks that resolving any EventBusName neither panics nor
// resolves a foreign ARN as local.
func FuzzBusRef(f *testing.F) {
	s := scope{account: "123456789012", region: "us-east-1"}
	for _, ref := range []string{"", "default", "arn:aws:events:us-east-1:123456789012:event-bus/x", "arn::::", "arn:aws:events:us-east-1:123456789012:event-bus/"} {
		f.Add(ref)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		k, ok := busRef(s, ref)
		if !ok {
			return
		}
		arn, name := k.arn(), k.name
		if name == "" {
			t.Fatalf("%q resolved to an empty name", ref)
		}
		if !strings.HasPrefix(arn, "arn:aws:events:") || !strings.HasSuffix(arn, ":event-bus/"+name) {
			t.Fatalf("%q resolved to ARN %q, name %q", ref, arn, name)
		}
	})
}
