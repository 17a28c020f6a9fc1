package pattern

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// The shared wildcard automaton accepts exactly the wildcards whose own
// matcher (wildcard.match) accepts a value, over random wildcards and
// values on a small alphabet, where overlaps and repeats are common.
func TestAutomatonAgreesWithWildcards(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	word := func(n int, alphabet string) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	var s scratch
	for round := 0; round < 200; round++ {
		a := newAutomaton()
		var ws []*wildcard
		for len(ws) < 1+rng.IntN(30) {
			w, err := parseWildcard(word(rng.IntN(7), "ab*"))
			if err != nil {
				continue // "**"
			}
			a.add(w, predList{{id: int32(len(ws))}})
			ws = append(ws, w)
		}
		a.finish()
		for v := 0; v < 50; v++ {
			val := []byte(word(rng.IntN(9), "abc"))
			var got, want []int32
			for _, q := range a.run(&s, val) {
				for _, p := range a.states[q].accept {
					got = append(got, p.id)
				}
			}
			for i, w := range ws {
				if w.match(val) {
					want = append(want, int32(i))
				}
			}
			slices.Sort(got)
			got = slices.Compact(got)
			require.Equal(t, want, got, "value %q", val)
		}
	}
}

// The interval tree finds exactly the ranges that contain a value.
func TestIntervalTreeAgreesWithRanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	bound := func() float64 { return float64(rng.IntN(20)) / 2 }
	for round := 0; round < 200; round++ {
		var rs []rangePreds
		for i := 0; i < 1+rng.IntN(40); i++ {
			r := numericRange{lo: negInf, hi: posInf, loInc: rng.IntN(2) == 0, hiInc: rng.IntN(2) == 0}
			switch rng.IntN(4) {
			case 0:
				r.lo = bound()
			case 1:
				r.hi = bound()
			case 2:
				r.lo = bound()
				r.hi, r.loInc, r.hiInc = r.lo, true, true
			default:
				r.lo = bound()
				r.hi = r.lo + 0.5 + bound()
			}
			rs = append(rs, rangePreds{r: r, preds: predList{{id: int32(i)}}})
		}
		tree := buildITree(slices.Clone(rs))
		for v := -1.0; v <= 21; v += 0.25 {
			var s scratch
			e := &engine{npreds: int32(len(rs))}
			s.reset(e, 0)
			w := walker{e: e, s: &s}
			num := &value{kind: jNumber, tok: strconv.AppendFloat(nil, v, 'g', -1, 64), f: v, numBuf: new([]byte)}
			tree.find(&w, num)
			var got, want []int32
			for i := range rs {
				if s.predHit[i] == s.epoch {
					got = append(got, int32(i))
				}
				if rs[i].r.contains(v) {
					want = append(want, int32(i))
				}
			}
			require.Equal(t, want, got, "value %v", v)
		}
	}
}

// foldASCII is appendFold, with or without a prefix in dst.
func TestFoldASCIIAgreesWithAppendFold(t *testing.T) {
	for _, s := range []string{"", "abc", "JEFFERSON", "Mixed Case 42", "caf\u00e9", "\u212aelvin", "STRASSE \u00df", "bad \xff utf8", "ẞ"} {
		require.Equal(t, appendFold(nil, []byte(s)), foldASCII(nil, []byte(s)), "%q", s)
		require.Equal(t, appendFold([]byte("x"), []byte(s)), foldASCII([]byte("x"), []byte(s)), "%q with a prefix", s)
	}
}
