package cli_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli"
)

// Test a rule against an event with no server and no credentials, as
// `switchyard events test-event-pattern` does.
func ExampleRun() {
	event := `{"id":"1","account":"123456789012","source":"shop","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"order","detail":{"total":42}}`
	code := cli.Run(context.Background(), []string{
		"events", "test-event-pattern",
		"--event-pattern", `{"source":["shop"],"detail":{"total":[{"numeric":[">",10]}]}}`,
		"--event", event,
	}, strings.NewReader(""), os.Stdout, os.Stderr)
	fmt.Println("exit", code)
	// Output:
	// {
	//     "Result": true
	// }
	// exit 0
}
