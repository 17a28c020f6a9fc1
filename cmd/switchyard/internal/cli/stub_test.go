package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// stubRequest is one request the stub server received.
type stubRequest struct {
	Target string // AWSEvents.PutEvents, or the REST path and query
	Body   string
}

// stubServer answers EventBridge (JSON 1.1) and CloudTrail Data (REST)
// requests with fixed responses shaped like AWS's, and records what it
// was sent. Both the aws CLI and this CLI are pointed at it, so their
// outputs for the same response, and their requests for the same command
// line, can be compared.
type stubServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []stubRequest
}

func newStubServer(t *testing.T) *stubServer {
	s := &stubServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// take returns and forgets the requests received so far.
func (s *stubServer) take() []stubRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.requests
	s.requests = nil
	return out
}

func (s *stubServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	target := r.Header.Get("X-Amz-Target")
	if target == "" {
		target = r.URL.Path + "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	s.requests = append(s.requests, stubRequest{Target: target, Body: string(body)})
	s.mu.Unlock()
	var req map[string]any
	_ = json.Unmarshal(body, &req)
	status, resp := stubAnswer(target, req)
	if strings.HasPrefix(target, "AWSEvents.") {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("x-amzn-RequestId", "3f1e9c2a-0000-4000-8000-000000000000")
	w.WriteHeader(status)
	io.WriteString(w, resp)
}

func stubAnswer(target string, req map[string]any) (int, string) {
	op := strings.TrimPrefix(target, "AWSEvents.")
	switch op {
	case "PutEvents":
		entries, _ := req["Entries"].([]any)
		var out []string
		failed := 0
		for i, e := range entries {
			m, _ := e.(map[string]any)
			if m["Detail"] == nil {
				failed++
				out = append(out, `{"ErrorCode":"InvalidArgument","ErrorMessage":"Parameter Detail is not valid. Reason: Detail is a required argument."}`)
				continue
			}
			out = append(out, fmt.Sprintf(`{"EventId":"11710aed-b79e-4468-a20b-bb3c0c3b48%02d"}`, i))
		}
		return 200, fmt.Sprintf(`{"Entries":[%s],"FailedEntryCount":%d}`, strings.Join(out, ","), failed)
	case "PutPartnerEvents":
		return 200, `{"FailedEntryCount":0,"Entries":[{"EventId":"aa710aed-b79e-4468-a20b-bb3c0c3b4801"}]}`
	case "PutRule":
		return 200, fmt.Sprintf(`{"RuleArn":"arn:aws:events:us-east-1:123456789012:rule/%s"}`, req["Name"])
	case "DescribeRule":
		if req["Name"] == "missing" {
			return 400, `{"__type":"ResourceNotFoundException","message":"Rule missing does not exist on EventBus default."}`
		}
		return 200, fmt.Sprintf(`{"Name":"%s","Arn":"arn:aws:events:us-east-1:123456789012:rule/%s","EventPattern":"{\"source\":[\"com.mycompany.myapp\"]}","State":"ENABLED","Description":"Règle — 規則","EventBusName":"default","CreatedBy":"123456789012","Unknown":"dropped"}`, req["Name"], req["Name"])
	case "ListRules":
		if req["NextToken"] == "page2" {
			return 200, `{"Rules":[{"Name":"r3","Arn":"arn:aws:events:us-east-1:123456789012:rule/r3","ScheduleExpression":"rate(5 minutes)","State":"DISABLED","EventBusName":"default"}]}`
		}
		return 200, `{"NextToken":"page2","Rules":[{"Name":"r1","Arn":"arn:aws:events:us-east-1:123456789012:rule/r1","EventPattern":"{\"source\":[\"a\"]}","State":"ENABLED","EventBusName":"default"},{"Name":"r2","Arn":"arn:aws:events:us-east-1:123456789012:rule/r2","EventPattern":"{\"source\":[\"b\"]}","State":"ENABLED","Description":"second","EventBusName":"default"}]}`
	case "ListTargetsByRule":
		return 200, `{"Targets":[{"Id":"t1","Arn":"arn:aws:sqs:us-east-1:123456789012:q","InputTransformer":{"InputPathsMap":{"src":"$.source","b":"$.detail.b"},"InputTemplate":"\"<src>\""},"RetryPolicy":{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":600}}]}`
	case "ListRuleNamesByTarget":
		return 200, `{"RuleNames":[]}`
	case "PutTargets", "RemoveTargets":
		return 200, `{"FailedEntryCount":0,"FailedEntries":[]}`
	case "DeleteRule", "EnableRule", "DisableRule", "PutPermission", "RemovePermission", "DeleteEventBus":
		return 200, ``
	case "ListEventBuses":
		return 200, `{"EventBuses":[{"Name":"default","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default","CreationTime":1.700000000123E9,"LastModifiedTime":1700000000},{"Name":"orders","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/orders","Policy":"{\"Version\":\"2012-10-17\"}","CreationTime":1700000001.5,"LastModifiedTime":1.7E9}]}`
	case "DescribeEventBus":
		return 200, `{"Name":"default","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default","Policy":"{\"Statement\":[{\"Sid\":\"é\\n\"}]}","CreationTime":1700000000.25}`
	case "CreateEventBus":
		return 200, fmt.Sprintf(`{"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/%s"}`, req["Name"])
	case "TestEventPattern":
		return 200, `{"Result":true}`
	case "ListArchives":
		return 200, `{"Archives":[{"ArchiveName":"a1","EventSourceArn":"arn:aws:events:us-east-1:123456789012:event-bus/default","State":"ENABLED","RetentionDays":0,"SizeBytes":1024,"EventCount":3,"CreationTime":1.7000000005E9}]}`
	case "ListTagsForResource":
		return 200, `{"Tags":[{"Key":"team","Value":"orders"},{"Key":"env","Value":"dev"}]}`
	}
	if strings.HasPrefix(target, "/PutAuditEvents") {
		return 200, `{"successful":[{"id":"1","eventID":"2e2ac5b0-2f2b-4d2a-9f3a-000000000001"}],"failed":[{"id":"2","errorCode":"InvalidChecksum","errorMessage":"The checksum does not match."}]}`
	}
	return 400, fmt.Sprintf(`{"__type":"UnknownOperationException","message":"%s"}`, op)
}
