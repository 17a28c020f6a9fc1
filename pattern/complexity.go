package pattern

import (
	"math"
	"slices"
	"strings"
)

// Wildcard complexity: how EventBridge decides a rule is "too complex".
//
// EventBridge matches wildcards with event-ruler, which runs every wildcard
// value of a field as one nondeterministic automaton over the bytes of the
// event value. Its cost per byte is the number of automaton states that are
// alive at once, so EventBridge refuses rules whose worst case is high:
//
//	Rule is too complex - try using fewer wildcard characters or fewer
//	repeating character sequences after a wildcard character
//
// event-ruler measures this with MachineComplexityEvaluator
// (src/main/software/amazon/event/ruler/MachineComplexityEvaluator.java):
// "the maximum possible number of wildcard rule prefixes that could match a
// theoretical input value". Its README shows the validation a service runs:
// compile the rule into its "$or"-free sub-rules, put every sub-rule that has
// a wildcard into one fresh machine, and reject the rule when the machine's
// complexity is over a fixed maximum. We compute the same number without
// building event-ruler's machine:
//
//   - A wildcard rule prefix is a prefix of a wildcard value in the pattern's
//     own syntax: "a*bc" has the prefixes "a", "a*", "a*b" and "a*bc". A
//     prefix matches an input when the input is in the prefix's language
//     ('*' standing for any run, including the empty one). So after the input
//     "ab", "a*" and "a*b" match and "a" and "a*bc" do not.
//   - Values of one field that reach the same point of event-ruler's machine
//     share one byte automaton, in which equal prefixes are one state. Each
//     state counts once per distinct wildcard value ("pattern") it leads to:
//     "ab*cd", "ab*wx" and "ab*yz" after "ab" score 6 (the states "ab" and
//     "ab*", three patterns each). Identical values are one pattern; an
//     "anything-but" wildcard list is one pattern however many strings it
//     holds; exact, prefix, suffix, equals-ignore-case and the other
//     operators share states but score nothing.
//   - The complexity of a field's automaton is the largest score over every
//     non-empty input; the rule's complexity is the largest over its
//     automata. Fields are visited in event-ruler's order (sorted by name),
//     and two sub-rules share a field's automaton when every field before it
//     holds the same condition in both, as they share event-ruler's NameState.
//
// The score over all inputs is found by the subset construction: start from
// the empty input, and for every reachable set of live prefixes try each
// byte that extends one of them plus one byte that extends none.
// A star prefix stays alive on any byte; a prefix followed by a literal byte
// advances on that byte; a live prefix also makes the prefix with a star
// appended to it alive, since the star may match nothing. The search stops
// as soon as one set scores the limit, so, like event-ruler's evaluator
// (which caps at its maxComplexity), its cost is bounded by the limit and
// never by the input the patterns could see.
//
// The default limit is 10. EventBridge's recorded answers bound it:
//
//	accepted  {"FileName":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}   7
//	accepted  detail.stack-id with three "*:stack/<name>/*" values                   9
//	rejected  {"EventBusArn":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}               11
//	rejected  detail.stack-id with four "*:stack/<name>/*" values                   12
//
// so the largest accepted complexity is 9 or 10 (a rule is rejected when
// its complexity is over the limit). Of the two we take 10, the per-rule
// limit event-ruler's README gives as its example of this very check
// ("you could limit each single-rule machine to complexity of 10").
//
// Known difference: event-ruler scores one anything-but wildcard list whose
// strings share a prefix with a star after it slightly lower than we do
// (["a*aaa","aa*aa"] is 6 there, 7 here), because its machine merges some
// states of one pattern. We may therefore reject a rule at the limit that
// EventBridge accepts; we never accept one it rejects on that account.

// defaultWildcardComplexity is Limits.MaxWildcardComplexity's default.
const defaultWildcardComplexity = 10

// maxComplexitySets, plus four per prefix, bounds the subset
// construction. A rule that reaches the bound while still under the limit
// in score does not occur in practice; it is reported as over the limit.
const maxComplexitySets = 1 << 14

// errTooComplex is EventBridge's wording, word for word.
const errTooComplex = "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character"

// wildcardSource is one event-ruler pattern that scores complexity: a
// "wildcard" value, or an "anything-but" wildcard with its strings.
type wildcardSource struct {
	id   string   // identity: equal ids are one event-ruler pattern
	strs []string // the wildcard strings, in pattern syntax
}

func newWildcardSource(anythingBut bool, strs []string) wildcardSource {
	kind := "w\x00"
	if anythingBut {
		kind = "a\x00"
		strs = slices.Clone(strs)
		slices.Sort(strs)
		strs = slices.Compact(strs)
	}
	return wildcardSource{id: kind + strings.Join(strs, "\x00"), strs: strs}
}

// starToken stands for '*' in a tokenized wildcard; bytes are 0..255.
const starToken = -1

// wildcardTokens splits a valid wildcard string into bytes and stars,
// resolving the escapes "\*" and "\\".
func wildcardTokens(s string) []int16 {
	toks := make([]int16, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '*':
			toks = append(toks, starToken)
		case c == '\\' && i+1 < len(s):
			i++
			toks = append(toks, int16(s[i]))
		default:
			toks = append(toks, int16(c))
		}
	}
	return toks
}

// checkComplexity returns the path of a field whose wildcard complexity is
// over max, or ok == true when there is none.
func checkComplexity(branches []branch, sources map[string][]wildcardSource, max int) (path []string, ok bool) {
	groups := map[string]*prefixTrie{}
	var order []string
	paths := map[string][]string{}
	for _, b := range branches {
		hasWild := false
		for i := range b {
			if len(sources[b[i].key]) > 0 {
				hasWild = true
				break
			}
		}
		if !hasWild {
			continue
		}
		sorted := slices.Clone(b)
		slices.SortStableFunc(sorted, func(x, y leaf) int {
			return strings.Compare(strings.Join(x.path, "."), strings.Join(y.path, "."))
		})
		var ctx strings.Builder
		for _, l := range sorted {
			if srcs := sources[l.key]; len(srcs) > 0 {
				g := ctx.String() + "\x02" + strings.Join(l.path, "\x00")
				t := groups[g]
				if t == nil {
					t = newPrefixTrie()
					groups[g] = t
					order = append(order, g)
					paths[g] = l.path
				}
				for _, s := range srcs {
					t.add(s)
				}
			}
			ctx.WriteString(l.key)
			ctx.WriteByte('\x03')
		}
	}
	limit := max
	if limit < math.MaxInt {
		limit++ // the first score over max is enough
	}
	for _, g := range order {
		if groups[g].complexity(limit) > max {
			return paths[g], false
		}
	}
	return nil, true
}

// prefixTrie holds the wildcard rule prefixes of one field's automaton:
// node 0 is the empty prefix, and a node's children extend it by one token.
type prefixTrie struct {
	kids   [][]edge // children, few per node
	star   []bool   // the node's prefix ends with '*'
	weight []int32  // distinct patterns the prefix leads to
	last   []int32  // the pattern that last added to weight
	ids    map[string]int32
}

// edge is a child of a trie node: the token that extends the prefix.
type edge struct {
	tok  int16
	node int32
}

func newPrefixTrie() *prefixTrie {
	t := &prefixTrie{ids: map[string]int32{}}
	t.node(false)
	return t
}

func (t *prefixTrie) node(star bool) int32 {
	t.kids = append(t.kids, nil)
	t.star = append(t.star, star)
	t.weight = append(t.weight, 0)
	t.last = append(t.last, -1)
	return int32(len(t.star) - 1)
}

// child returns n's child by tok, or -1.
func (t *prefixTrie) child(n int32, tok int16) int32 {
	for _, e := range t.kids[n] {
		if e.tok == tok {
			return e.node
		}
	}
	return -1
}

// add inserts every string of a pattern; a pattern already present (the
// same value twice) adds nothing.
func (t *prefixTrie) add(s wildcardSource) {
	if _, dup := t.ids[s.id]; dup {
		return
	}
	id := int32(len(t.ids))
	t.ids[s.id] = id
	for _, str := range s.strs {
		n := int32(0)
		for _, tok := range wildcardTokens(str) {
			next := t.child(n, tok)
			if next < 0 {
				next = t.node(tok == starToken)
				t.kids[n] = append(t.kids[n], edge{tok, next})
			}
			n = next
			if t.last[n] != id {
				t.last[n] = id
				t.weight[n]++
			}
		}
	}
}

// complexity returns the largest score of a set of live prefixes over all
// non-empty inputs, or limit if some input reaches it.
//
// From a set, only the bytes that extend one of its prefixes lead to
// different sets; every other byte leads to the same one (the set's star
// prefixes, which stay alive on anything), so each set tries its own
// bytes plus one "other". The work is then proportional to the sets
// reached and their transitions, not to the alphabet.
func (t *prefixTrie) complexity(limit int) int {
	start := []int32{0}
	if k := t.child(0, starToken); k >= 0 {
		start = append(start, k) // a leading star matches the empty input
	}
	seen := map[string]bool{}
	queue := [][]int32{start}
	mark := make([]bool, len(t.star))
	maxSets := maxComplexitySets + 4*len(t.star)
	worst := 0
	var letters []int16
	var next []int32
	var key []byte
	push := func(n int32) {
		if n >= 0 && !mark[n] {
			mark[n] = true
			next = append(next, n)
		}
	}
	for len(queue) > 0 {
		set := queue[0]
		queue = queue[1:]
		letters = letters[:0]
		for _, n := range set {
			for _, e := range t.kids[n] {
				if e.tok != starToken && !slices.Contains(letters, e.tok) {
					letters = append(letters, e.tok)
				}
			}
		}
		letters = append(letters, otherByte)
		for _, c := range letters {
			next = next[:0]
			for _, n := range set {
				if t.star[n] {
					push(n)
				}
				if c != otherByte {
					push(t.child(n, c))
				}
			}
			// A live prefix makes the prefix with a star after it live.
			for i := 0; i < len(next); i++ {
				push(t.child(next[i], starToken))
			}
			score := 0
			for _, n := range next {
				mark[n] = false
				score += int(t.weight[n])
			}
			if score >= limit {
				return limit
			}
			worst = max(worst, score)
			if len(next) == 0 {
				continue
			}
			slices.Sort(next)
			key = appendSetKey(key[:0], next)
			if seen[string(key)] {
				continue
			}
			if len(seen) >= maxSets {
				return limit
			}
			seen[string(key)] = true
			queue = append(queue, slices.Clone(next))
		}
	}
	return worst
}

// otherByte stands for every byte that extends none of a set's prefixes.
const otherByte = -2

// appendSetKey appends a map key for a sorted set of nodes to b.
func appendSetKey(b []byte, set []int32) []byte {
	for _, n := range set {
		b = append(b, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
	}
	return b
}
