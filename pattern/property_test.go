package pattern_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/pattern"
)

// The properties below compare the Matcher against Pattern.Match on random
// patterns and events drawn from a small vocabulary, so that the two share
// many field paths and values and disagree if the Matcher's shared state
// mixes rules up.

var (
	propStrings = []string{"red", "Red", "RED", "green", "", "café", "a*b", "x.png", "10.0.0.7", "2001:db8::1", "init-1", `q"uote`}
	propNumbers = []string{"0", "1", "-3", "2.5", "300", "3e2", "300.0", "1e308", "-1.5e-3", "9007199254740993"}
	// propBounds are the numbers a float64 holds exactly: numeric bounds and
	// anything-but numbers must be (number.go).
	propBounds   = propNumbers[:len(propNumbers)-1]
	propPrefixes = []string{"", "r", "R", "gr", "caf", "10.", "2001:", "x"}
	propWilds    = []string{"*", "r*", "*d", "R*d", "*.png", "a\\*b", "c*é", "*0.0*", "x*y*z"}
	propCIDRs    = []string{"10.0.0.0/24", "10.0.0.0/8", "2001:db8::/32", "0.0.0.0/0", "10.0.0.7/32"}
)

type propGen struct{ r *rand.Rand }

func (g propGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (g propGen) str() string { return jsonString(g.pick(propStrings)) }

// scalar returns the JSON text of a random leaf value.
func (g propGen) scalar() string {
	switch g.r.IntN(10) {
	case 0, 1, 2, 3:
		return g.str()
	case 4, 5, 6:
		return g.pick(propNumbers)
	case 7:
		return "true"
	case 8:
		return "false"
	default:
		return "null"
	}
}

// value returns a scalar, an array of scalars, a nested array, or an empty
// container.
func (g propGen) value() string {
	switch g.r.IntN(10) {
	case 0, 1, 2, 3, 4, 5:
		return g.scalar()
	case 6, 7:
		n := 1 + g.r.IntN(3)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = g.scalar()
		}
		return "[" + strings.Join(parts, ",") + "]"
	case 8:
		return "[" + g.scalar() + ",[" + g.scalar() + "]]"
	default:
		if g.r.IntN(2) == 0 {
			return "{}"
		}
		return "[]"
	}
}

// event builds an event over fields a, b, c.{d,e} and arr[].{x,y}, each
// present with some probability.
func (g propGen) event() string {
	var fields []string
	if g.r.IntN(4) != 0 {
		fields = append(fields, `"a":`+g.value())
	}
	if g.r.IntN(4) != 0 {
		fields = append(fields, `"b":`+g.value())
	}
	if g.r.IntN(4) != 0 {
		switch g.r.IntN(4) {
		case 0:
			fields = append(fields, `"c":`+g.value())
		case 1:
			fields = append(fields, `"c":[`+g.cObject()+`,`+g.cObject()+`]`)
		default:
			fields = append(fields, `"c":`+g.cObject())
		}
	}
	if g.r.IntN(3) != 0 {
		n := g.r.IntN(4)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = g.xyObject()
		}
		fields = append(fields, `"arr":[`+strings.Join(parts, ",")+`]`)
	}
	g.r.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	return "{" + strings.Join(fields, ",") + "}"
}

func (g propGen) cObject() string {
	var f []string
	if g.r.IntN(3) != 0 {
		f = append(f, `"d":`+g.value())
	}
	if g.r.IntN(3) != 0 {
		f = append(f, `"e":`+g.value())
	}
	return "{" + strings.Join(f, ",") + "}"
}

func (g propGen) xyObject() string {
	var f []string
	if g.r.IntN(4) != 0 {
		f = append(f, `"x":`+g.scalar())
	}
	if g.r.IntN(4) != 0 {
		f = append(f, `"y":`+g.scalar())
	}
	return "{" + strings.Join(f, ",") + "}"
}

// matchElem returns one element of a leaf array: a literal or an operator.
func (g propGen) matchElem() string {
	switch g.r.IntN(16) {
	case 0, 1:
		return g.scalar()
	case 2:
		return `{"prefix":` + jsonString(g.pick(propPrefixes)) + `}`
	case 3:
		return `{"suffix":` + g.str() + `}`
	case 4:
		return `{"equals-ignore-case":` + g.str() + `}`
	case 5:
		return `{"wildcard":` + jsonString(g.pick(propWilds)) + `}`
	case 6:
		return `{"anything-but":` + g.str() + `}`
	case 7:
		return `{"anything-but":[` + g.pick(propBounds) + `,` + g.pick(propBounds) + `]}`
	case 8:
		ops := []string{"prefix", "suffix", "equals-ignore-case", "wildcard"}
		op := g.pick(ops)
		// AWS rejects an empty anything-but prefix or suffix, so draw from
		// the non-empty prefixes.
		v := jsonString(g.pick(propPrefixes[1:]))
		if op == "wildcard" {
			v = jsonString(g.pick(propWilds))
		}
		return `{"anything-but":{"` + op + `":` + v + `}}`
	case 9:
		ops := []string{"<", "<=", "=", ">", ">="}
		return `{"numeric":["` + g.pick(ops) + `",` + g.pick(propBounds) + `]}`
	case 10:
		return `{"numeric":[">",-3,"<=",300]}`
	case 11:
		if g.r.IntN(2) == 0 {
			return `{"exists":true}`
		}
		return `{"exists":false}`
	case 12:
		return `{"cidr":` + jsonString(g.pick(propCIDRs)) + `}`
	case 13:
		return `{"prefix":{"equals-ignore-case":` + jsonString(strings.ToUpper(g.pick(propStrings))) + `}}`
	case 14:
		return `{"suffix":{"equals-ignore-case":` + g.str() + `}}`
	default:
		return g.str()
	}
}

func (g propGen) leaf() string {
	n := 1 + g.r.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.matchElem()
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// pattern builds a pattern over the event vocabulary, sometimes with a $or.
func (g propGen) pattern(depth int) string {
	cands := []func() string{
		func() string { return `"a":` + g.leaf() },
		func() string { return `"b":` + g.leaf() },
		func() string { return `"c":{"d":` + g.leaf() + `}` },
		func() string { return `"c.e":` + g.leaf() },
		func() string { return `"c":{"d":` + g.leaf() + `,"e":` + g.leaf() + `}` },
		func() string { return `"arr":{"x":` + g.leaf() + `}` },
		func() string { return `"arr":{"x":` + g.leaf() + `,"y":` + g.leaf() + `}` },
	}
	n := 1 + g.r.IntN(2)
	used := map[int]bool{}
	var fields []string
	for len(fields) < n {
		i := g.r.IntN(len(cands))
		if used[i] {
			continue
		}
		used[i] = true
		fields = append(fields, cands[i]())
	}
	if depth < 2 && g.r.IntN(4) == 0 {
		fields = append(fields, `"$or":[`+g.pattern(depth+1)+`,`+g.pattern(depth+1)+`]`)
	}
	return "{" + strings.Join(fields, ",") + "}"
}

// expectedKeys returns, sorted, the keys any of whose patterns matches ev.
func expectedKeys(byKey map[int][]*pattern.Pattern, ev []byte) []int {
	var keys []int
	for k, ps := range byKey {
		for _, p := range ps {
			if p.Match(ev) {
				keys = append(keys, k)
				break
			}
		}
	}
	slices.Sort(keys)
	return keys
}

func checkMatcher(t *testing.T, m *pattern.Matcher[int], byKey map[int][]*pattern.Pattern, srcs map[int][]string, events []string) {
	t.Helper()
	dst := make([]int, 0, 64)
	for _, e := range events {
		ev := []byte(e)
		dst = m.MatchAppend(dst[:0], ev)
		got := slices.Clone(dst)
		slices.Sort(got)
		require.Equal(t, len(got), len(slices.Compact(slices.Clone(got))), "a key was returned twice for %s: %v", e, dst)
		want := expectedKeys(byKey, ev)
		if !slices.Equal(want, got) {
			var b strings.Builder
			for _, k := range symmetricDiff(want, got) {
				fmt.Fprintf(&b, "\n  key %d patterns %v", k, srcs[k])
			}
			require.Failf(t, "Matcher disagrees with Pattern.Match", "event %s\nwant %v\ngot  %v%s", e, want, got, b.String())
		}
	}
}

func symmetricDiff(a, b []int) []int {
	var d []int
	for _, x := range a {
		if !slices.Contains(b, x) {
			d = append(d, x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			d = append(d, x)
		}
	}
	return d
}

// TestMatcherAgreesWithPatternMatch: MatchAppend returns exactly the keys
// one of whose patterns matches, each once, before and after removals and
// re-additions.
func TestMatcherAgreesWithPatternMatch(t *testing.T) {
	seeds := 6
	if testing.Short() || raceEnabled {
		seeds = 2
	}
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			g := propGen{rand.New(rand.NewPCG(seed, 0x5eed))}
			m := pattern.NewMatcher[int]()
			byKey := map[int][]*pattern.Pattern{}
			srcs := map[int][]string{}
			add := func(k int) {
				for n := 1 + g.r.IntN(3); n > 0; n-- {
					src := g.pattern(0)
					p, err := pattern.Compile([]byte(src))
					require.NoError(t, err, "generated pattern %s", src)
					require.NoError(t, m.Add(k, p))
					byKey[k] = append(byKey[k], p)
					srcs[k] = append(srcs[k], src)
				}
			}
			const keys = 40
			for k := 0; k < keys; k++ {
				add(k)
			}
			events := make([]string, 250)
			for i := range events {
				events[i] = g.event()
			}
			checkMatcher(t, m, byKey, srcs, events)

			// Remove about a third of the keys.
			for k := 0; k < keys; k++ {
				if g.r.IntN(3) == 0 {
					require.True(t, m.Remove(k), "Remove(%d) of a present key", k)
					require.False(t, m.Remove(k), "Remove(%d) twice", k)
					delete(byKey, k)
					delete(srcs, k)
				}
			}
			checkMatcher(t, m, byKey, srcs, events)

			// Re-add some removed keys and add to some present ones.
			for k := 0; k < keys+10; k++ {
				if g.r.IntN(3) == 0 {
					add(k)
				}
			}
			checkMatcher(t, m, byKey, srcs, events)
		})
	}
}

// Source: design.md section 2 (Matcher API): MatchAppend appends to dst,
// returns each key once, and Remove reports whether the key was present.
func TestMatcherAPI(t *testing.T) {
	ev := []byte(`{"source":"aws.ec2","detail":{"state":"running","n":5}}`)
	m := pattern.NewMatcher[string]()
	require.Empty(t, m.MatchAppend(nil, ev), "an empty Matcher matches nothing")
	require.False(t, m.Remove("absent"))

	require.NoError(t, m.Add("two-patterns", pattern.MustCompile(`{"source":["aws.ec2"]}`)))
	require.NoError(t, m.Add("two-patterns", pattern.MustCompile(`{"detail":{"state":["running"]}}`)))
	require.NoError(t, m.Add("same-twice", pattern.MustCompile(`{"detail":{"n":[5]}}`)))
	require.NoError(t, m.Add("same-twice", pattern.MustCompile(`{"detail":{"n":[5]}}`)))
	require.NoError(t, m.Add("second-only", pattern.MustCompile(`{"source":["nope"]}`)))
	require.NoError(t, m.Add("second-only", pattern.MustCompile(`{"detail":{"n":[{"numeric":[">",1]}]}}`)))
	require.NoError(t, m.Add("never", pattern.MustCompile(`{"source":["aws.s3"]}`)))

	got := m.MatchAppend([]string{"prefix"}, ev)
	require.Equal(t, "prefix", got[0], "MatchAppend must append after the existing elements of dst")
	require.ElementsMatch(t, []string{"two-patterns", "same-twice", "second-only"}, got[1:])

	require.True(t, m.Remove("two-patterns"))
	require.False(t, m.Remove("two-patterns"))
	require.ElementsMatch(t, []string{"same-twice", "second-only"}, m.MatchAppend(nil, ev))

	// A removed key can be added again, and removing one key leaves the
	// others' patterns alone even when they share field paths.
	require.NoError(t, m.Add("two-patterns", pattern.MustCompile(`{"source":["aws.ec2"]}`)))
	require.True(t, m.Remove("second-only"))
	require.ElementsMatch(t, []string{"two-patterns", "same-twice"}, m.MatchAppend(nil, ev))

	// Reusing dst with room must not disturb results.
	dst := make([]string, 0, 8)
	for i := 0; i < 3; i++ {
		dst = m.MatchAppend(dst[:0], ev)
		require.ElementsMatch(t, []string{"two-patterns", "same-twice"}, dst)
	}
}

// The same *Pattern may be shared by several keys and by several Matchers.
func TestPatternSharedAcrossMatchers(t *testing.T) {
	p := pattern.MustCompile(`{"detail":{"state":[{"prefix":"run"}]}}`)
	m1 := pattern.NewMatcher[int]()
	m2 := pattern.NewMatcher[int]()
	require.NoError(t, m1.Add(1, p))
	require.NoError(t, m1.Add(2, p))
	require.NoError(t, m2.Add(3, p))
	ev := []byte(`{"detail":{"state":"running"}}`)
	require.ElementsMatch(t, []int{1, 2}, m1.MatchAppend(nil, ev))
	require.True(t, m1.Remove(1))
	require.Equal(t, []int{2}, m1.MatchAppend(nil, ev))
	require.Equal(t, []int{3}, m2.MatchAppend(nil, ev))
	require.True(t, p.Match(ev), "removing a key must not alter the Pattern")
}

// allocSink keeps allocation tests honest: results are stored, so the calls
// cannot be optimised away.
var allocSink atomic.Int64

// allocEvent exercises escaped strings, exponent numbers, arrays at several
// depths, arrays of objects and every JSON type.
var allocEvent = []byte(`{
  "version":"0","source":"aws.ec2","detail-type":"State \"change\"",
  "detail":{
    "s":"caf\u00e9 \"quoted\" back\\slash \ud83d\ude00",
    "up":"CAF\u00c9","n":3.0e2,"neg":-1.25E-3,"big":1.7976931348623157e308,"tiny":5e-324,
    "huge":123456789012345678901234567890,
    "ip":"10.0.0.7","ip6":"2001:db8::1",
    "arr":[1,"x",2.5e1,{"k":"v\u0021"},[true,null]],
    "objs":[{"a":"1","b":"2"},{"a":"3","b":"4"}],
    "nested":[[1,[2]],["z"]],
    "nul":null,"t":true,"f":false,"empty":{},"ea":[]
  },
  "resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-1","arn:aws:s3:::bucket"]
}`)

// allocPatterns holds one pattern per operator (and shape), matching and not.
var allocPatterns = []string{
	`{"source":["aws.ec2"]}`,
	`{"source":["aws.s3"]}`,
	`{"detail":{"s":["café \"quoted\" back\\slash 😀"]}}`,
	`{"detail":{"n":[300]}}`,
	`{"detail":{"huge":[123456789012345678901234567890]}}`,
	`{"detail":{"t":[true],"f":[false],"nul":[null]}}`,
	`{"detail":{"s":[{"prefix":"café"}]}}`,
	`{"detail":{"s":[{"prefix":{"equals-ignore-case":"CAFÉ"}}]}}`,
	`{"detail":{"s":[{"suffix":"😀"}]}}`,
	`{"detail":{"up":[{"suffix":{"equals-ignore-case":"fé"}}]}}`,
	`{"detail":{"up":[{"equals-ignore-case":"café"}]}}`,
	`{"detail":{"s":[{"wildcard":"caf*back*"}]}}`,
	`{"detail":{"s":[{"anything-but":"x"}]}}`,
	`{"detail":{"n":[{"anything-but":[300,400]}]}}`,
	`{"detail":{"s":[{"anything-but":{"prefix":"caf"}}]}}`,
	`{"detail":{"s":[{"anything-but":{"suffix":"x"}}]}}`,
	`{"detail":{"up":[{"anything-but":{"equals-ignore-case":["CAFÉ","tea"]}}]}}`,
	`{"detail":{"s":[{"anything-but":{"wildcard":["*x*","*y*"]}}]}}`,
	`{"detail":{"neg":[{"numeric":["<",0]}],"big":[{"numeric":[">",1e308]}],"tiny":[{"numeric":[">",0,"<",1e-300]}]}}`,
	`{"detail":{"arr":[{"numeric":[">=",25,"<",26]}]}}`,
	`{"detail":{"empty":[{"exists":false}],"ea":[{"exists":false}],"nul":[{"exists":true}]}}`,
	`{"detail":{"missing":[{"exists":false}]}}`,
	`{"detail":{"ip":[{"cidr":"10.0.0.0/24"}],"ip6":[{"cidr":"2001:db8::/32"}]}}`,
	`{"detail":{"objs":{"a":["3"],"b":["4"]}}}`,
	`{"detail":{"objs":{"a":["1"],"b":["4"]}}}`,
	`{"detail":{"nested":["z"]}}`,
	`{"detail":{"arr":{"k":["v!"]}}}`,
	`{"resources":[{"prefix":"arn:aws:s3"}]}`,
	`{"$or":[{"source":["x"]},{"detail":{"$or":[{"n":[1]},{"up":[{"equals-ignore-case":"CAFÉ"}]}]}}]}`,
	`{"detail.s":[{"exists":true}],"detail-type":[{"wildcard":"State*"}]}`,
}

// Source: design.md section 2: Match is "0 allocations per call" and
// MatchAppend "0 allocs when dst has room".
func TestZeroAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates; allocation counts are meaningless under -race")
	}
	events := [][]byte{
		allocEvent,
		[]byte(`{"source":"aws.ec2","detail":{"s":"\u0041\u00df\u212a"}}`),
		[]byte(`{"source":"aws.ec2","detail":{"s":"truncated`), // invalid: must not allocate either
	}
	m := pattern.NewMatcher[int]()
	for i, src := range allocPatterns {
		p := pattern.MustCompile(src)
		require.NoError(t, m.Add(i, p))
		for j, ev := range events {
			var hits int64
			allocs := testing.AllocsPerRun(100, func() {
				if p.Match(ev) {
					hits++
				}
			})
			allocSink.Add(hits)
			require.Zero(t, allocs, "Pattern.Match allocates: pattern %s, event #%d", src, j)
		}
	}
	dst := make([]int, 0, len(allocPatterns))
	for j, ev := range events {
		allocs := testing.AllocsPerRun(100, func() {
			dst = m.MatchAppend(dst[:0], ev)
		})
		allocSink.Add(int64(len(dst)))
		require.Zero(t, allocs, "Matcher.MatchAppend allocates with a roomy dst, event #%d", j)
	}
	// The event matches most of the patterns, so the loop above exercised
	// the append path, not just the empty result.
	dst = m.MatchAppend(dst[:0], allocEvent)
	require.Greater(t, len(dst), len(allocPatterns)/2, "allocEvent should match most allocPatterns; got %v", dst)
}

// TestMatcherConcurrentAddRemove runs MatchAppend while other goroutines Add
// and Remove keys (design.md: "safe for concurrent MatchAppend while
// Add/Remove run"). Run it with -race. Every result must be consistent with
// some snapshot: the key that is never removed is always present, keys whose
// patterns never match never appear, and no key appears twice.
func TestMatcherConcurrentAddRemove(t *testing.T) {
	const (
		always    = 0
		churnBase = 1   // keys 1..churnKeys-1 match the event when present
		neverBase = 100 // keys 100.. never match
		churnKeys = 40
	)
	iters := 2000
	if testing.Short() {
		iters = 300
	}
	ev := []byte(`{"source":"aws.ec2","detail":{"n":5,"tags":["a","b"],"objs":[{"k":"x","v":1},{"k":"y","v":2}]}}`)
	yes := []*pattern.Pattern{
		pattern.MustCompile(`{"detail":{"n":[{"numeric":[">",0]}]}}`),
		pattern.MustCompile(`{"detail":{"tags":["b"]}}`),
		pattern.MustCompile(`{"detail":{"objs":{"k":["y"],"v":[2]}}}`),
	}
	no := []*pattern.Pattern{
		pattern.MustCompile(`{"detail":{"n":[{"numeric":["<",0]}]}}`),
		pattern.MustCompile(`{"detail":{"objs":{"k":["x"],"v":[2]}}}`),
		pattern.MustCompile(`{"source":[{"anything-but":"aws.ec2"}]}`),
	}
	m := pattern.NewMatcher[int]()
	require.NoError(t, m.Add(always, pattern.MustCompile(`{"source":["aws.ec2"]}`)))

	var (
		wg      sync.WaitGroup
		stop    atomic.Bool
		failed  atomic.Value
		readers = 3
		writers = 2
	)
	fail := func(msg string) {
		failed.CompareAndSwap(nil, msg)
		stop.Store(true)
	}
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for i := 0; i < iters && !stop.Load(); i++ {
				k := churnBase + r.IntN(churnKeys-1)
				if r.IntN(2) == 0 {
					if err := m.Add(k, yes[r.IntN(len(yes))]); err != nil {
						fail(fmt.Sprintf("Add(%d): %v", k, err))
						return
					}
				} else {
					m.Remove(k)
				}
				nk := neverBase + r.IntN(churnKeys)
				if r.IntN(2) == 0 {
					if err := m.Add(nk, no[r.IntN(len(no))]); err != nil {
						fail(fmt.Sprintf("Add(%d): %v", nk, err))
						return
					}
				} else {
					m.Remove(nk)
				}
			}
		}(w)
	}
	for rd := 0; rd < readers; rd++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := make([]int, 0, 2*churnKeys)
			for i := 0; i < iters && !stop.Load(); i++ {
				dst = m.MatchAppend(dst[:0], ev)
				seen := map[int]bool{}
				for _, k := range dst {
					switch {
					case seen[k]:
						fail(fmt.Sprintf("key %d returned twice: %v", k, dst))
						return
					case k >= neverBase:
						fail(fmt.Sprintf("key %d has only non-matching patterns: %v", k, dst))
						return
					}
					seen[k] = true
				}
				if !seen[always] {
					fail(fmt.Sprintf("the permanent key is missing: %v", dst))
					return
				}
			}
		}()
	}
	wg.Wait()
	if msg := failed.Load(); msg != nil {
		t.Fatal(msg)
	}
	// After the churn the Matcher still agrees with its patterns.
	got := m.MatchAppend(nil, ev)
	require.Contains(t, got, always)
	for _, k := range got {
		require.Less(t, k, neverBase)
	}
}
