package pattern

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// White-box tests of the engine's building blocks. Behaviour of the
// language as a whole is tested through the public API in the _test
// package files.

// A pmap agrees with a Go map, and every snapshot is unchanged by the
// updates made after it, whether the updates copy (no token) or change in
// place the nodes their batch's token owns (a new token after each
// snapshot and every batch updates).
func TestPmapAgainstMap(t *testing.T) {
	for _, batch := range []int{0, 1, 1000} {
		t.Run(fmt.Sprint("batch=", batch), func(t *testing.T) {
			testPmapAgainstMap(t, batch)
		})
	}
}

func testPmapAgainstMap(t *testing.T, batch int) {
	h := hasher{seed: maphash.MakeSeed()}
	rng := rand.New(rand.NewPCG(1, 2))
	var m pmap[int]
	ref := map[string]int{}
	snapshots := []pmap[int]{}
	refs := []map[string]int{}
	var tok *editToken
	for i := range 20000 {
		if batch > 0 && i%batch == 0 {
			tok = new(editToken)
		}
		k := strconv.Itoa(rng.IntN(3000))
		if rng.IntN(3) == 0 {
			m = m.del(k, h.str(k))
			delete(ref, k)
		} else {
			m = m.setIn(k, h.str(k), i, tok)
			ref[k] = i
		}
		if i%5000 == 0 {
			snapshots = append(snapshots, m)
			refs = append(refs, clone(ref))
			if batch > 0 {
				tok = new(editToken)
			}
		}
	}
	snapshots, refs = append(snapshots, m), append(refs, ref)
	// Every snapshot is unchanged by the updates made after it.
	for si, snap := range snapshots {
		require.Equal(t, len(refs[si]), snap.len(), "snapshot %d size", si)
		for k, v := range refs[si] {
			got, ok := snap.get(k, h.str(k))
			require.True(t, ok, "snapshot %d lost %q", si, k)
			require.Equal(t, v, got)
		}
		n := 0
		snap.each(func(string, int) { n++ })
		require.Equal(t, snap.len(), n)
	}
	_, ok := m.get("absent", h.str("absent"))
	require.False(t, ok)
}

func TestPmapFullHashCollisions(t *testing.T) {
	var m pmap[string]
	// Keys forced onto one hash exercise the collision nodes.
	for i := range 10 {
		k := fmt.Sprint("k", i)
		m = m.set(k, 42, k)
	}
	require.Equal(t, 10, m.len())
	for i := range 10 {
		k := fmt.Sprint("k", i)
		v, ok := m.get(k, 42)
		require.True(t, ok)
		require.Equal(t, k, v)
	}
	for i := range 10 {
		m = m.del(fmt.Sprint("k", i), 42)
	}
	require.Equal(t, 0, m.len())
	require.Nil(t, m.root)
}

func clone(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func TestAppendCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0", "0"}, {"-0", "0"}, {"0.000", "0"}, {"0e10", "0"},
		{"300", "3e2"}, {"300.0", "3e2"}, {"3.0e2", "3e2"}, {"3E+2", "3e2"},
		{"0.5", "5e-1"}, {"-12.50", "-125e-1"}, {"1e-7", "1e-7"},
		{"9007199254740993", "9007199254740993e0"},
	} {
		require.Equal(t, tc.want, string(appendCanonical(nil, []byte(tc.in))), tc.in)
	}
}

func TestRepresentable(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"0.1", true}, {"300", true}, {"-122.42916360922355", true},
		{"9007199254740992", true},     // 2^53
		{"9007199254740993", false},    // 2^53+1 rounds
		{"0.10000000000000001", false}, // rounds to 0.1
		{"1e400", false},               // overflows
		{"5e-324", true},               // smallest subnormal round-trips
		{"1e-400", false},              // underflows to 0
		{"-0.0e5", true},               // zero
	} {
		f := parseFloat([]byte(tc.in))
		got, _ := representable([]byte(tc.in), f, nil)
		require.Equal(t, tc.want, got, tc.in)
	}
}

func TestValidJSON(t *testing.T) {
	var stack []byte
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{`{}`, true}, {`{"a":[1,-2.5e+3,true,false,null,"x\u00e9\n"]}`, true},
		{` {"a" : { "b" : [ ] } } `, true},
		{`{"a":1,}`, false}, {`{"a":01}`, false}, {`{"a":1.}`, false}, {`{"a":.5}`, false},
		{`{"a":"\x"}`, false}, {`{"a":"` + "\x01" + `"}`, false},
		// Invalid UTF-8 is passed over, as encoding/json.Valid does (issue 12).
		{"{\"a\":\"\xff\"}", true},
		{`{"a":[1,2}`, false}, {`{"a":1`, false}, {`{"a":1}}`, false}, {`{"a" 1}`, false},
		{`{"a":tru}`, false}, {`[1,2]`, true}, {`"x"`, true},
	} {
		i := validValue([]byte(tc.in), skipSpace([]byte(tc.in), 0), &stack)
		got := i >= 0 && skipSpace([]byte(tc.in), i) == len(tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
}

func TestSWARRunsAgreeWithBytewise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("0123456789abc\"\\\x01\x1f \x7f\x80\xc3\xa9\xfa\xff.-e")
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		for start := 0; start <= len(b); start++ {
			want := start
			for want < len(b) && plainASCII[b[want]] {
				want++
			}
			require.Equal(t, want, plainRun(b, start), "plainRun(%q, %d)", b, start)
			want = start
			for want < len(b) && isDigit(b[want]) {
				want++
			}
			require.Equal(t, want, digitRun(b, start), "digitRun(%q, %d)", b, start)
		}
	}
}

func TestTableGrowsInPlace(t *testing.T) {
	var tb table[int]
	var snaps []table[int]
	for i := range 5000 {
		require.Equal(t, int32(i), tb.push(i*3))
		if i%777 == 0 {
			snaps = append(snaps, tb)
		}
	}
	for i := range 5000 {
		require.Equal(t, i*3, *tb.at(int32(i)))
	}
	// Earlier headers still read their prefix after later pushes.
	for _, s := range snaps {
		for i := range s.n {
			require.Equal(t, i*3, *s.at(int32(i)))
		}
	}
}
