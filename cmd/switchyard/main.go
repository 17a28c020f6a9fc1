// Command switchyard runs Switchyard as an EventBridge-compatible endpoint
// (`switchyard serve`) and offers the `aws events` and `aws cloudtrail-data`
// commands as one Go binary (`switchyard events put-events ...`).
//
// Usage:
//
//	switchyard serve [--addr 127.0.0.1:4010] [--data-dir ./switchyard-data] [--credentials FILE] [--log-level info]
//	switchyard events <subcommand> ...
//	switchyard cloudtrail-data put-audit-events ...
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes, as the aws CLI uses them.
const (
	exitOK    = 0
	exitUsage = 252
	exitOther = 255
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		usage(stdout)
		return exitOK
	default:
		// "events", "cloudtrail-data" and their options belong to the CLI
		// (cli.go, package internal/cli).
		return runCLI(args)
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: switchyard <command> [options]

commands:
  serve             run the EventBridge / CloudTrail / CloudTrail Data endpoint
  events            the aws events commands (put-events, list-rules, ...)
  cloudtrail-data   the aws cloudtrail-data commands (put-audit-events)

Run 'switchyard serve --help' for the server's options, 'switchyard events help'
for the commands (spelled and answered as the aws CLI's).

Without a server or an AWS account (CI):
  switchyard events test-event-pattern --event-pattern file://rule.json --event file://event.json --explain
  switchyard events validate-rules DIR
Against a server (or set SWITCHYARD_ENDPOINT):
  switchyard --endpoint-url http://127.0.0.1:4010 events put-events --entries file://putevents.json
Without --endpoint-url, commands run in-process on --data-dir (default ./switchyard-data).
`)
}
