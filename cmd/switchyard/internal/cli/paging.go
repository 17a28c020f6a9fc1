package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

// call runs an operation and shapes its response for printing. Paginated
// operations (list-rules, list-targets-by-rule, list-rule-names-by-target)
// are paged automatically as the aws CLI pages them: every page is fetched
// and the result lists concatenated, --page-size sets each request's
// Limit, --max-items stops early and prints a NextToken to resume from
// with --starting-token. --no-paginate, or an explicit --next-token or
// --limit, makes one call and prints it whole.
func (r *runner) call(ctx context.Context, c caller, svc *model.Service, op *model.Operation, req map[string]any, a *opArgs) (result, error) {
	var out *model.Shape
	if op.Output != "" {
		out = svc.Shape(op.Output)
	}
	p := op.Paginator
	_, manualToken := req[tokenKey(p)]
	_, manualLimit := req[limitKey(p)]
	if p == nil || r.g.noPaginate || manualToken || manualLimit {
		if p != nil && r.g.noPaginate && (a.startToken != "" || a.pageSize != "" || a.maxItems != "") {
			return result{}, usagef("Cannot specify --no-paginate along with pagination arguments: %s", pagingArgs(a))
		}
		body, err := c.call(ctx, svc, op, req)
		if err != nil {
			return result{}, err
		}
		return decodeResponse(svc, out, body)
	}
	return r.paginate(ctx, c, svc, op, req, a)
}

func tokenKey(p *model.Paginator) string {
	if p == nil {
		return ""
	}
	return p.InputToken
}

func limitKey(p *model.Paginator) string {
	if p == nil {
		return ""
	}
	return p.LimitKey
}

func pagingArgs(a *opArgs) string {
	var s []string
	for name, v := range map[string]string{"--starting-token": a.startToken, "--page-size": a.pageSize, "--max-items": a.maxItems} {
		if v != "" {
			s = append(s, name)
		}
	}
	return fmt.Sprint(s)
}

// decodeResponse parses a response body in the model's shape. An empty
// body is an empty response.
func decodeResponse(svc *model.Service, out *model.Shape, body []byte) (result, error) {
	res := result{value: &jsonObject{}, svc: svc, shape: out}
	if len(bytes.TrimSpace(body)) == 0 || out == nil {
		return res, nil
	}
	v, err := decodeOrdered(body)
	if err != nil {
		return result{}, fmt.Errorf("the service sent a response that is not JSON: %w", err)
	}
	res.value = normalize(svc, out, v)
	return res, nil
}

// pageToken is botocore's resume token: base64 of a JSON object with the
// service's token and how many items of that page were already printed.
type pageToken struct {
	Token    *string
	Truncate int
}

func encodeToken(key string, t pageToken) string {
	// Python's json.dumps layout, so tokens round-trip with the aws CLI's.
	tok := "null"
	if t.Token != nil {
		b, _ := json.Marshal(*t.Token)
		tok = string(b)
	}
	s := fmt.Sprintf(`{"%s": %s`, key, tok)
	if t.Truncate > 0 {
		s += fmt.Sprintf(`, "boto_truncate_amount": %d`, t.Truncate)
	}
	return base64.StdEncoding.EncodeToString([]byte(s + "}"))
}

func decodeToken(key, s string) (pageToken, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return pageToken{}, usagef("Bad value for --starting-token %s: not a token printed by this CLI", s)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return pageToken{}, usagef("Bad value for --starting-token %s: not a token printed by this CLI", s)
	}
	var t pageToken
	if v, ok := m[key]; ok {
		_ = json.Unmarshal(v, &t.Token)
	}
	if v, ok := m["boto_truncate_amount"]; ok {
		_ = json.Unmarshal(v, &t.Truncate)
	}
	return t, nil
}

func (r *runner) paginate(ctx context.Context, c caller, svc *model.Service, op *model.Operation, req map[string]any, a *opArgs) (result, error) {
	p := op.Paginator
	out := svc.Shape(op.Output)
	maxItems := -1
	if a.maxItems != "" {
		n, err := strconv.Atoi(a.maxItems)
		if err != nil {
			return result{}, usagef("argument --max-items: invalid int value: '%s'", a.maxItems)
		}
		maxItems = n
	}
	if a.pageSize != "" {
		n, err := strconv.ParseInt(a.pageSize, 10, 64)
		if err != nil {
			return result{}, usagef("argument --page-size: invalid int value: '%s'", a.pageSize)
		}
		req[p.LimitKey] = n
	}
	skip := 0
	if a.startToken != "" {
		t, err := decodeToken(p.InputToken, a.startToken)
		if err != nil {
			return result{}, err
		}
		skip = t.Truncate
		if t.Token != nil {
			req[p.InputToken] = *t.Token
		}
	}
	full := &jsonObject{}
	var items []any
	found := false
	var resume *pageToken
	var pages []any
	for {
		sent, _ := req[p.InputToken].(string)
		body, err := c.call(ctx, svc, op, req)
		if err != nil {
			return result{}, err
		}
		page, err := decodeResponse(svc, out, body)
		if err != nil {
			return result{}, err
		}
		obj := page.value.(*jsonObject)
		list, ok := obj.vals[p.ResultKey].([]any)
		found = found || ok
		dropped := skip
		if skip > 0 {
			list = list[min(skip, len(list)):]
			skip = 0
		}
		next, _ := obj.vals[p.OutputToken].(string)
		done := next == "" || next == sent
		if maxItems >= 0 && len(items)+len(list) >= maxItems {
			take := maxItems - len(items)
			if take < len(list) {
				var tok *string
				if sent != "" {
					tok = &sent
				}
				resume = &pageToken{Token: tok, Truncate: dropped + take}
			} else if !done {
				resume = &pageToken{Token: &next}
			}
			list = list[:take]
			done = true
		}
		items = append(items, list...)
		// The text output prints page by page, each with its result list.
		pg := &jsonObject{}
		if ok {
			pg.set(p.ResultKey, list)
		}
		pages = append(pages, pg)
		if done {
			break
		}
		req[p.InputToken] = next
	}
	if found {
		full.set(p.ResultKey, items)
	}
	res := result{value: full, svc: svc, shape: out, pages: pages}
	if resume != nil {
		res.resume = encodeToken(p.InputToken, *resume)
		full.set("NextToken", res.resume)
	}
	return res, nil
}
