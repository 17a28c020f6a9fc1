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
	segs      []string // literal text between stars
	leadStar  bool     // the pattern starts with '*'
	trailStar bool     // the pattern ends with '*'
	exact     bool     // no star at all: segs[0] must equal the value
	minLen    int      // total length of the segments
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
