package bus

import (
	"strings"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/paging"
)

// tokenKind marks the NextTokens of this package's List calls.
const tokenKind = "sy1"

// paginate returns the page of sorted keys that start with prefix and come
// after token's key, and the token of the next page (see package paging).
func paginate(keys []string, prefix, token string, limit int) ([]string, string, error) {
	var keep func(string) bool
	if prefix != "" {
		keep = func(k string) bool { return strings.HasPrefix(k, prefix) }
	}
	page, next, ok := paging.Page(keys, keep, token, tokenKind, limit)
	if !ok {
		return nil, "", awsErr(switchyard.CodeValidation, msgBadNextToken)
	}
	return page, next, nil
}
