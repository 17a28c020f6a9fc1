package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
	"github.com/switchyard-go/switchyard/audit"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/replay"
	"github.com/switchyard-go/switchyard/server"
	"github.com/switchyard-go/switchyard/server/boltstate"
)

// serveConfig is what `switchyard serve` is told on its command line.
type serveConfig struct {
	addr        string
	dataDir     string
	credentials string
	logLevel    slog.Level
	shutdown    time.Duration
	deliveryLog bool
	timeouts    timeouts
	region      string // the region of unsigned requests; empty: server.DefaultRegion
	aws         awsEndpoints
}

// timeouts bound what a slow or stalled client can hold.
type timeouts struct {
	header, read, write, idle time.Duration
}

// defaultTimeouts: a request must send its headers within 10 s and its
// body within a minute, and an idle keep-alive connection is closed after
// two; a stalled client costs one goroutine for at most that long.
var defaultTimeouts = timeouts{header: 10 * time.Second, read: time.Minute, write: time.Minute, idle: 2 * time.Minute}

func parseServeFlags(args []string, stderr io.Writer) (serveConfig, error) {
	cfg := serveConfig{timeouts: defaultTimeouts}
	fs := flag.NewFlagSet("switchyard serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:4010", "address to listen on (host:port; port 0 picks a free one)")
	fs.StringVar(&cfg.dataDir, "data-dir", "./switchyard-data", "directory of the durable state: control plane, archives, audit events")
	fs.StringVar(&cfg.credentials, "credentials", "", "JSON file of [{AccessKeyId, SecretAccessKey, AccountId}]; without it any signature is accepted")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	fs.BoolVar(&cfg.deliveryLog, "delivery-log", true, "keep accepted events' deliveries in a durable log in --data-dir, so they survive a crash (PutEvents answers once they are on disk)")
	fs.DurationVar(&cfg.shutdown, "shutdown-timeout", 30*time.Second, "how long a graceful shutdown may take to drain deliveries")
	awsAll := fs.String("aws-endpoint", "", "URL of the AWS services behind SQS, SNS, Lambda, Kinesis, Firehose, Step Functions, CloudWatch Logs and EventBridge target and dead-letter ARNs (moto_server, LocalStack, ...); credentials from the usual AWS chain")
	awsList := fs.String("aws-endpoints", "", "per-service endpoints overriding --aws-endpoint, as sqs=URL,sns=URL (services: sqs sns lambda kinesis firehose states logs events)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	var err error
	if cfg.aws, err = parseAWSEndpoints(*awsAll, *awsList); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return cfg, fmt.Errorf("--log-level %q: want debug, info, warn or error", *level)
	}
	return cfg, nil
}

// runServe is `switchyard serve`: it runs until SIGTERM or SIGINT, then
// stops accepting requests, drains deliveries and closes the stores.
func runServe(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServeFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "switchyard serve:", err)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := serve(ctx, cfg, log, stdout); err != nil {
		log.Error("switchyard serve", "err", err)
		return exitOther
	}
	return exitOK
}

// instance is a running Switchyard: backends, server and HTTP listener.
type instance struct {
	bus      *bus.Bus
	archives *archive.Archives
	replays  *replay.Replayer
	audit    *audit.Lake
	server   *server.Server
	http     *http.Server
	metrics  *metrics
}

// serve runs the server on cfg until ctx is done.
func serve(ctx context.Context, cfg serveConfig, log *slog.Logger, stdout io.Writer) error {
	inst, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		inst.close(context.Background(), log)
		return err
	}
	// The first line on stdout names the address, so scripts and tests
	// that asked for port 0 know where to connect.
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "switchyard listening on %s\n", url)
	// A CLI command that finds the data directory busy names this address.
	urlFile := filepath.Join(cfg.dataDir, addrFile)
	if err := os.WriteFile(urlFile, []byte(url+"\n"), 0o600); err != nil {
		log.Warn("switchyard: cannot record the address in the data directory", "err", err)
	}
	defer os.Remove(urlFile)
	log.Info("switchyard: serving", "addr", ln.Addr().String(), "data-dir", cfg.dataDir)
	errc := make(chan error, 1)
	go func() { errc <- inst.http.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		log.Info("switchyard: shutting down")
	}
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdown)
	defer cancel()
	if serr := inst.http.Shutdown(sctx); serr != nil {
		log.Error("switchyard: stopping HTTP", "err", serr)
	}
	inst.close(sctx, log)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// open builds the backends over the data directory and replays the
// control-plane journal into them.
func open(ctx context.Context, cfg serveConfig, log *slog.Logger) (*instance, error) {
	var creds []server.Credential
	if cfg.credentials != "" {
		var err error
		if creds, err = server.LoadCredentials(cfg.credentials); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(filepath.Join(cfg.dataDir, "archives"), 0o700); err != nil {
		return nil, err
	}
	state, err := boltstate.Open(filepath.Join(cfg.dataDir, "control.db"))
	if err != nil {
		return nil, err
	}
	inst := &instance{}
	clock, ids := server.NewClock(nil), server.NewIDs()
	reg := prometheus.NewRegistry()
	inst.metrics = newMetrics(reg)
	fail := func(err error) (*instance, error) {
		inst.close(context.Background(), log)
		_ = state.Close()
		return nil, err
	}
	busOpts := []bus.Option{bus.WithClock(clock), bus.WithResourceIDs(ids.New), bus.WithLogger(log), bus.WithHooks(inst.metrics)}
	if cfg.deliveryLog {
		busOpts = append(busOpts, bus.WithDeliveryLog(filepath.Join(cfg.dataDir, "deliveries.db")))
	}
	if cfg.aws.enabled() {
		resolve, err := awsTargetResolver(ctx, cfg.aws)
		if err != nil {
			return fail(err)
		}
		busOpts = append(busOpts, bus.WithTargetResolver(resolve))
	}
	if inst.bus, err = bus.New(busOpts...); err != nil {
		return fail(err)
	}
	inst.metrics.watch(inst.bus)
	// One file per archive, under its account and region: archive names
	// are unique only within them.
	archiveStore := func(account, region, name string) (archive.Store, error) {
		dir := filepath.Join(cfg.dataDir, "archives", account, region)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		return boltstore.Open(filepath.Join(dir, name+".db"), boltstore.WithFileMode(0o600), boltstore.WithLogger(log))
	}
	if inst.archives, err = archive.NewArchives(inst.bus, archive.WithStoreFactory(archiveStore),
		archive.WithArchiveClock(clock), archive.WithArchiveLogger(log)); err != nil {
		return fail(err)
	}
	// Ended replays are journaled by the server, which exists only once
	// the journal has been re-applied; none ends before that.
	var srv atomic.Pointer[server.Server]
	onEnd := func(d replay.DescribeReplayOutput) {
		if s := srv.Load(); s != nil {
			s.ReplayEnded(d)
		}
	}
	if inst.replays, err = replay.New(inst.bus, inst.archives, replay.WithClock(clock), replay.WithLogger(log), replay.WithOnEnd(onEnd)); err != nil {
		return fail(err)
	}
	// One file per event data store, named by its ID (the UUID of its
	// ARN), which the journal keeps stable across restarts.
	if err := os.MkdirAll(filepath.Join(cfg.dataDir, "event-data-stores"), 0o700); err != nil {
		return fail(err)
	}
	eventDataStore := func(id string) (archive.Store, error) {
		return boltstore.Open(filepath.Join(cfg.dataDir, "event-data-stores", id+".db"), boltstore.WithFileMode(0o600), boltstore.WithLogger(log))
	}
	if inst.audit, err = audit.New(audit.WithStoreFactory(eventDataStore), audit.WithClock(clock), audit.WithIDs(ids.New),
		audit.WithLogger(log)); err != nil {
		return fail(err)
	}
	opts := []server.Option{server.WithState(state, clock, ids), server.WithCredentials(creds...), server.WithLogger(log)}
	if cfg.region != "" {
		opts = append(opts, server.WithDefaultCaller(switchyard.Caller{Account: server.DefaultAccount, Region: cfg.region}))
	}
	backends := server.Backends{Bus: inst.bus, Archives: inst.archives, Replays: inst.replays, Audit: inst.audit}
	if inst.server, err = server.New(ctx, backends, opts...); err != nil {
		return fail(err)
	}
	srv.Store(inst.server)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/", inst.server)
	inst.http = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: cfg.timeouts.header,
		ReadTimeout:       cfg.timeouts.read,
		WriteTimeout:      cfg.timeouts.write,
		IdleTimeout:       cfg.timeouts.idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	return inst, nil
}

// close stops the backends in dependency order: replays feed the bus, the
// bus feeds the archives; the journal closes last. Parts that were never
// opened are skipped.
func (inst *instance) close(ctx context.Context, log *slog.Logger) {
	var steps []struct {
		name  string
		close func() error
	}
	add := func(name string, open bool, f func() error) {
		if open {
			steps = append(steps, struct {
				name  string
				close func() error
			}{name, f})
		}
	}
	add("replays", inst.replays != nil, func() error { return inst.replays.Close(ctx) })
	add("bus", inst.bus != nil, func() error { return inst.bus.Close(ctx) })
	add("archives", inst.archives != nil, func() error { return inst.archives.Close(ctx) })
	add("audit", inst.audit != nil, func() error { return inst.audit.Close(ctx) })
	add("state", inst.server != nil, func() error { return inst.server.Close() })
	for _, s := range steps {
		if err := s.close(); err != nil {
			log.Error("switchyard: closing "+s.name, "err", err)
		}
	}
}
