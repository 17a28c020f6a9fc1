package main

import (
	"fmt"
	"os"
)

// runCLI runs the `events` and `cloudtrail-data` subcommands. It is the
// seam for the CLI (issue 11, package internal/cli), which replaces this
// file; until then it prints the usage and fails as the aws CLI does on a
// usage error.
func runCLI(args []string) int {
	fmt.Fprintf(os.Stderr, "switchyard: %q is not available in this build yet; run 'switchyard serve' and use the aws CLI with --endpoint-url\n\n", args[0])
	usage(os.Stderr)
	return exitUsage
}
