package pattern_test

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/pattern"
)

// Source: issue 12 ("An accepted event can silently match nothing"). An
// event whose Detail nests arrays deeper than the walk follows, or holds
// a key of invalid UTF-8, used to fail the whole walk once any rule read
// that part, so every rule missed it. Now the unreadable part is passed
// over, and a Matcher returns exactly the patterns whose Match is true.
func TestUnreadablePartsDoNotHideTheEvent(t *testing.T) {
	rules := []string{
		`{"source":["app"]}`,
		`{"detail":{"a":[{"exists":true}]}}`,
		`{"detail":{"b":["x"]}}`,
		`{"detail":{"a":[{"exists":false}]}}`,
	}
	deep := func(n int, inner string) string {
		return strings.Repeat(`[`, n) + inner + strings.Repeat(`]`, n)
	}
	tests := []struct {
		name  string
		event string
		want  []int
	}{
		// The input: 300 empty nested arrays hold no leaf value.
		{"300 nested arrays", `{"source":"app","detail":{"a":` + deep(300, ``) + `}}`, []int{0, 3}},
		// A value deeper than the walk follows is not seen by any rule.
		{"deep value", `{"source":"app","detail":{"a":` + deep(300, `1`) + `,"b":"x"}}`, []int{0, 2, 3}},
		// Within the limit it is seen as usual (nested arrays flatten).
		{"shallow value", `{"source":"app","detail":{"a":` + deep(200, `1`) + `}}`, []int{0, 1}},
		{"invalid UTF-8 key", "{\"source\":\"app\",\"detail\":{\"\xff\xfe\":1,\"b\":\"x\"}}", []int{0, 2, 3}},
		{"invalid UTF-8 value", "{\"source\":\"app\",\"detail\":{\"a\":\"\xff\",\"b\":\"x\"}}", []int{0, 1, 2}},
	}
	m := pattern.NewMatcher[int]()
	pats := make([]*pattern.Pattern, len(rules))
	for i, r := range rules {
		pats[i] = pattern.MustCompile(r)
		require.NoError(t, m.Add(i, pats[i]))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := []byte(tt.event)
			var single []int
			for i, p := range pats {
				if p.Match(ev) {
					single = append(single, i)
				}
			}
			require.Equal(t, tt.want, single, "Pattern.Match")
			require.ElementsMatch(t, tt.want, m.MatchAppend(nil, ev), "Matcher")
		})
	}
}

// manyValues is a pattern whose one field lists n distinct operands made
// by value(i).
func manyValues(n int, value func(i int) string) string {
	var b strings.Builder
	b.WriteString(`{"detail":{"f":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(value(i))
	}
	b.WriteString(`]}}`)
	return b.String()
}

// bytesToBuild is the heap allocated to compile src, match one event with
// it and add it to a Matcher that then matches the event.
func bytesToBuild(t *testing.T, src string, ev []byte) uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	// Thousands of wildcards on one field are over EventBridge's
	// complexity limit (complexity.go); the limit is lifted to measure
	// the build alone.
	p, err := pattern.CompileWith([]byte(src), pattern.Limits{MaxWildcardComplexity: math.MaxInt})
	require.NoError(t, err)
	p.Match(ev)
	m := pattern.NewMatcher[int]()
	require.NoError(t, m.Add(0, p))
	m.MatchAppend(nil, ev)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Source: issue 12 ("Compiling or first matching a pattern with many values
// in one field is quadratic"). The work is measured as bytes allocated,
// not time: building a pattern with 4x the values must allocate about 4x
// (linear, a little more for the log factors of the indexes), where a
// quadratic build allocates about 16x.
func TestManyValuesBuildLinearly(t *testing.T) {
	q := strconv.Quote
	tests := []struct {
		name  string
		value func(i int) string
	}{
		{"strings", func(i int) string { return q("v" + strconv.Itoa(i)) }},
		{"numbers", func(i int) string { return strconv.Itoa(i) }},
		{"prefixes", func(i int) string { return `{"prefix":` + q("p"+strconv.Itoa(i)) + `}` }},
		{"equals-ignore-case", func(i int) string { return `{"equals-ignore-case":` + q("E"+strconv.Itoa(i)) + `}` }},
		{"wildcards", func(i int) string { return `{"wildcard":` + q(fmt.Sprintf("w%05d*x", i)) + `}` }},
		{"numeric", func(i int) string { return `{"numeric":[">",` + strconv.Itoa(i) + `,"<",` + strconv.Itoa(i+1) + `]}` }},
		{"cidr", func(i int) string {
			return `{"cidr":"10.` + strconv.Itoa(i/256%256) + `.` + strconv.Itoa(i%256) + `.0/24"}`
		}},
		{"anything-but", func(i int) string { return `{"anything-but":` + q("a"+strconv.Itoa(i)) + `}` }},
	}
	ev := []byte(`{"detail":{"f":"v3"}}`)
	const n = 2_000
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			small := bytesToBuild(t, manyValues(n, tt.value), ev)
			large := bytesToBuild(t, manyValues(4*n, tt.value), ev)
			ratio := float64(large) / float64(small)
			require.Less(t, ratio, 7.0, "%d values allocate %d bytes, %d values %d: not linear", n, small, 4*n, large)
		})
	}
}
