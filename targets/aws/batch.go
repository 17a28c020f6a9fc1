package awstarget

import "sync"

// span is a half-open range [lo, hi) of a batch's deliveries that go in one
// request.
type span struct{ lo, hi int }

// split cuts n items into spans of at most maxCount items and at most
// maxBytes bytes, keeping their order. size(i) is item i's size as the
// service counts it. An item larger than maxBytes gets a span of its own:
// the service then rejects it, and that rejection is reported for it alone.
func split(n, maxCount, maxBytes int, size func(i int) int) []span {
	var out []span
	lo, bytes := 0, 0
	for i := 0; i < n; i++ {
		s := size(i)
		if i > lo && (i-lo == maxCount || bytes+s > maxBytes) {
			out = append(out, span{lo, i})
			lo, bytes = i, 0
		}
		bytes += s
	}
	if lo < n {
		out = append(out, span{lo, n})
	}
	return out
}

// each runs fn for every span, at most parallel at a time, and returns when
// all have returned. fn calls write disjoint parts of the caller's slices,
// so they need no locking.
func each(spans []span, parallel int, fn func(span)) {
	if len(spans) == 1 || parallel <= 1 {
		for _, s := range spans {
			fn(s)
		}
		return
	}
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for _, s := range spans {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(s)
		}()
	}
	wg.Wait()
}

// fill sets errs[lo:hi] to err.
func fill(errs []error, s span, err error) {
	for i := s.lo; i < s.hi; i++ {
		errs[i] = err
	}
}
