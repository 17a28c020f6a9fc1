package bus

import (
	"encoding/base64"
	"sort"
	"strings"

	"github.com/switchyard-go/switchyard"
)

// defaultPageSize is the page size when a List call gives no Limit.
const defaultPageSize = 100

// tokenPrefix marks the page tokens this package issues, so that a token
// from elsewhere is rejected instead of silently restarting the listing.
const tokenPrefix = "sy1:"

// encodeToken returns the NextToken that continues a listing after key.
func encodeToken(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + key))
}

// decodeToken returns the key a NextToken continues after.
func decodeToken(tok string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", awsErr(switchyard.CodeValidation, msgBadNextToken)
	}
	key, ok := strings.CutPrefix(string(raw), tokenPrefix)
	if !ok {
		return "", awsErr(switchyard.CodeValidation, msgBadNextToken)
	}
	return key, nil
}

// paginate returns the page of sorted keys that start with prefix and come
// after token's key, at most limit of them (defaultPageSize when 0), and
// the token of the next page. Keys, not offsets, mark the position, so a
// listing stays correct while entries are added or removed.
func paginate(keys []string, prefix, token string, limit int) ([]string, string, error) {
	if limit <= 0 {
		limit = defaultPageSize
	}
	start := 0
	if token != "" {
		after, err := decodeToken(token)
		if err != nil {
			return nil, "", err
		}
		start = sort.Search(len(keys), func(i int) bool { return keys[i] > after })
	}
	var page []string
	for i := start; i < len(keys); i++ {
		if !strings.HasPrefix(keys[i], prefix) {
			continue
		}
		if len(page) == limit {
			return page, encodeToken(page[len(page)-1]), nil
		}
		page = append(page, keys[i])
	}
	return page, "", nil
}
