package pattern

import (
	"bytes"
	"errors"
	"strings"
)

// A wildcard is a string with '*' standing for any run of characters,
// possibly empty. It is kept as the literal segments between the stars.
// Because '*' is the only metacharacter, a greedy left-to-right search
// (each middle segment at its leftmost occurrence) is a complete matcher:
// taking the leftmost occurrence never rules out a later segment.
type wildcard struct {
	segs       []string // literal text between stars
	leadStar   bool     // the pattern starts with '*'
	trailStar  bool     // the pattern ends with '*'
	exact      bool     // no star at all: segs[0] must equal the value
	minLen     int      // total length of the segments
	complexity int      // see wildcardComplexity
}

// Errors from parseWildcard, turned into CompileErrors by the caller.
var (
	errWildcardDoubleStar = errors.New(`consecutive wildcard characters ("**") are not allowed`)
	errWildcardEscape     = errors.New(`invalid escape: only "\\*" and "\\\\" may follow a backslash`)
)

// parseWildcard compiles the wildcard syntax: '*' is a wildcard, "\*" a
// literal star, "\\" a literal backslash; any other escape and "**" are
// errors.
func parseWildcard(s string) (*wildcard, error) {
	w := &wildcard{}
	var cur strings.Builder
	prevStar := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*':
			if prevStar {
				return nil, errWildcardDoubleStar
			}
			if i == 0 {
				w.leadStar = true
			} else {
				w.segs = append(w.segs, cur.String())
				cur.Reset()
			}
			prevStar = true
			continue
		case '\\':
			if i+1 >= len(s) || (s[i+1] != '*' && s[i+1] != '\\') {
				return nil, errWildcardEscape
			}
			i++
			c = s[i]
		}
		prevStar = false
		cur.WriteByte(c)
	}
	w.trailStar = prevStar && len(s) > 0
	if !w.trailStar || cur.Len() > 0 {
		w.segs = append(w.segs, cur.String())
	}
	if !w.leadStar && !w.trailStar && len(w.segs) == 1 {
		w.exact = true
	}
	for _, seg := range w.segs {
		w.minLen += len(seg)
	}
	w.complexity = wildcardComplexity(w)
	return w, nil
}

// match reports whether v matches the wildcard.
func (w *wildcard) match(v []byte) bool {
	if len(v) < w.minLen {
		return false
	}
	if w.exact {
		return bytesView(v) == w.segs[0]
	}
	segs := w.segs
	if !w.leadStar {
		if !bytes.HasPrefix(v, []byte(segs[0])) {
			return false
		}
		v = v[len(segs[0]):]
		segs = segs[1:]
	}
	if !w.trailStar && len(segs) > 0 {
		last := segs[len(segs)-1]
		if !bytes.HasSuffix(v, []byte(last)) {
			return false
		}
		v = v[:len(v)-len(last)]
		segs = segs[:len(segs)-1]
	}
	for _, seg := range segs {
		i := bytes.Index(v, []byte(seg))
		if i < 0 {
			return false
		}
		v = v[i+len(seg):]
	}
	return true
}

// maxWildcardComplexity is the largest complexity Compile accepts.
const maxWildcardComplexity = 4

// maxWildcardStates bounds the subset construction below.
const maxWildcardStates = 4096

// wildcardComplexity measures how much work a wildcard can force on a
// matcher that runs it as an automaton, as EventBridge's does. A star keeps
// its position live forever, so after a run of stars every one of them can
// be waiting for the same next character: in "*:*:*:*:*:event-bus/*" a
// single ':' advances five positions at once, and each of those fans out
// again. AWS rejects that pattern as too complex, and its message names the
// two causes: many wildcards, and repeating characters after them. We
// measure exactly that: the largest number of live positions that one input
// character advances, over every set of positions some input can reach.
// The sets are explored over the pattern's own alphabet plus one "other"
// character, and more than maxWildcardStates of them counts as too complex.
func wildcardComplexity(w *wildcard) int {
	// Flatten into literal bytes with a loop flag per position: state p
	// means "the first p literal bytes are matched"; loop[p] means a star
	// sits before literal p, so state p stays live on any byte.
	var lit []byte
	var loop []bool
	for i, seg := range w.segs {
		star := i > 0 || w.leadStar
		for j := 0; j < len(seg); j++ {
			loop = append(loop, star && j == 0)
			lit = append(lit, seg[j])
		}
	}
	loop = append(loop, w.trailStar)
	m := len(lit)
	alphabet := map[byte]bool{}
	for _, c := range lit {
		alphabet[c] = true
	}
	var other byte
	for other = 1; alphabet[other]; other++ {
	}
	letters := []byte{other}
	for c := range alphabet {
		letters = append(letters, c)
	}

	key := func(set []bool) string {
		b := make([]byte, len(set))
		for i, v := range set {
			if v {
				b[i] = 1
			}
		}
		return string(b)
	}
	start := make([]bool, m+1)
	start[0] = true
	seen := map[string]bool{key(start): true}
	queue := [][]bool{start}
	worst := 0
	for len(queue) > 0 {
		set := queue[0]
		queue = queue[1:]
		for _, c := range letters {
			next := make([]bool, m+1)
			live, advanced := 0, 0
			for p, on := range set {
				if !on {
					continue
				}
				if loop[p] && !next[p] {
					next[p] = true
					live++
				}
				if p < m && lit[p] == c {
					advanced++
					if !next[p+1] {
						next[p+1] = true
						live++
					}
				}
			}
			worst = max(worst, advanced)
			if live == 0 {
				continue
			}
			k := key(next)
			if seen[k] {
				continue
			}
			if len(seen) >= maxWildcardStates {
				return maxWildcardComplexity + 1
			}
			seen[k] = true
			queue = append(queue, next)
		}
	}
	return worst
}
