package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/server"
)

// A Server in a test: the same requests the aws CLI and SDKs send.
func Example() {
	ctx := context.Background()
	b, _ := bus.New()
	defer b.Close(ctx)
	s, _ := server.New(ctx, server.Backends{Bus: b})
	hs := httptest.NewServer(s)
	defer hs.Close()

	req, _ := http.NewRequest(http.MethodPost, hs.URL+"/", strings.NewReader(`{"Name":"nope"}`))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSEvents.DescribeRule")
	resp, _ := http.DefaultClient.Do(req)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))
	// Output: 400 {"__type":"ResourceNotFoundException","message":"Rule nope does not exist on EventBus default."}
}
