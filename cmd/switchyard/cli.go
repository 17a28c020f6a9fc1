package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli"
)

// runCLI runs the `events` and `cloudtrail-data` subcommands (package
// internal/cli). Without --endpoint-url they run in this process on
// --data-dir, through the same handler `switchyard serve` uses
// (serve_embedded.go).
func runCLI(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return cli.Run(ctx, args, os.Stdin, os.Stdout, os.Stderr, cli.WithEmbedded(openEmbedded))
}
