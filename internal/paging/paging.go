// Package paging pages through sorted keys with opaque NextTokens, for the
// List calls of bus, archive and replay.
//
// A token names the last key of the page it ends, not an offset, so a
// listing stays right while entries come and go. Each kind of listing
// stamps its tokens, so a token from another listing is refused instead of
// silently restarting this one.
package paging

import (
	"encoding/base64"
	"sort"
	"strings"
)

// DefaultLimit is the page size when a call gives none.
const DefaultLimit = 100

// Page returns the keys of sorted that keep accepts (all when keep is
// nil) and that come after the key token names, at most limit of them
// (DefaultLimit when limit <= 0), and the token of the next page, "" after
// the last. kind identifies the listing. ok is false for a token that is
// not one of kind's.
func Page(sorted []string, keep func(string) bool, token, kind string, limit int) (page []string, next string, ok bool) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	start := 0
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return nil, "", false
		}
		after, found := strings.CutPrefix(string(raw), kind+":")
		if !found {
			return nil, "", false
		}
		start = sort.Search(len(sorted), func(i int) bool { return sorted[i] > after })
	}
	for _, k := range sorted[start:] {
		if keep != nil && !keep(k) {
			continue
		}
		if len(page) == limit {
			return page, base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + page[len(page)-1])), true
		}
		page = append(page, k)
	}
	return page, "", true
}
