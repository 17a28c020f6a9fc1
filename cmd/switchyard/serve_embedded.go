package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli"
	"github.com/switchyard-go/switchyard/server/boltstate"
)

// addrFile, in the data directory, holds the URL of the `switchyard serve`
// using it, so that a CLI command that finds the directory busy can say
// where the server is.
const addrFile = "serve.url"

// embedded is a Switchyard opened in the CLI's process on a data
// directory: the CLI's embedded mode.
type embedded struct {
	inst *instance
	log  *slog.Logger
}

var _ cli.Embedded = (*embedded)(nil)

// openEmbedded opens dataDir as `switchyard serve` would, for one CLI
// command, acting as region when the command is unsigned.
func openEmbedded(ctx context.Context, dataDir, region string) (cli.Embedded, error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	cfg := serveConfig{dataDir: dataDir, deliveryLog: true, timeouts: defaultTimeouts, region: region}
	inst, err := open(ctx, cfg, log)
	if err != nil {
		if url, ok := serverURL(dataDir); ok && errors.Is(err, boltstate.ErrInUse) {
			return nil, fmt.Errorf("the data directory %s is in use by the switchyard server at %s: pass --endpoint-url %s", dataDir, url, url)
		}
		return nil, err
	}
	return &embedded{inst: inst, log: log}, nil
}

func (e *embedded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.inst.http.Handler.ServeHTTP(w, r)
}

// Settle waits until every accepted event has been delivered,
// dead-lettered, or parked for a retry. A parked retry may be hours away
// (EventBridge retries for up to 24 hours), so it is not waited for: the
// durable delivery log keeps it, and the next command or `switchyard
// serve` on the same data directory resumes it.
func (e *embedded) Settle(ctx context.Context) error { return e.inst.bus.WaitIdle(ctx) }

// Close closes the backends and the journal.
func (e *embedded) Close(ctx context.Context) error {
	e.inst.close(ctx, e.log)
	return nil
}

// serverURL reads the URL a running server left in dataDir.
func serverURL(dataDir string) (string, bool) {
	b, err := os.ReadFile(filepath.Join(dataDir, addrFile))
	if err != nil {
		return "", false
	}
	url := strings.TrimSpace(string(b))
	return url, url != ""
}
