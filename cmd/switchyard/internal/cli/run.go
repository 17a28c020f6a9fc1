// Package cli is the `switchyard events ...` and `switchyard
// cloudtrail-data ...` command line: the aws CLI's commands for EventBridge
// and CloudTrail Data, as one Go binary.
//
// Every operation of the two services is a subcommand spelled as the aws
// CLI spells it (put-events, list-rules, put-audit-events), with the aws
// CLI's option names and input forms: JSON, file:// and fileb://,
// shorthand syntax, --cli-input-json and --generate-cli-skeleton. Output is
// the aws CLI's: json (byte for byte), text or table, filtered by --query
// (JMESPath), with automatic paging unless --no-paginate. Exit codes are
// the aws CLI's: 0, 252 for usage errors, 254 for service errors, 255 for
// anything else.
//
// With --endpoint-url (or SWITCHYARD_ENDPOINT) commands are sent to a
// server with aws-sdk-go-v2, signed with the usual credential chain.
// Two commands need no server at all: `events test-event-pattern` matches
// locally, and `events validate-rules DIR` (no AWS equivalent) compiles
// every pattern, CloudFormation and Terraform rule in a directory.
package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"strings"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

// Option configures Run.
type Option func(*runner)

// WithEnv replaces os.Getenv (tests use it to pin the environment).
func WithEnv(getenv func(string) string) Option {
	return func(r *runner) { r.env = getenv }
}

// WithHTTPClient sets the HTTP client used to reach --endpoint-url.
func WithHTTPClient(c *http.Client) Option {
	return func(r *runner) { r.httpClient = c }
}

// WithEmbedded gives commands without --endpoint-url a server to run in
// this process on --data-dir (the embedded mode). open is called once per
// command; the command's requests are served by the returned handler.
func WithEmbedded(open func(ctx context.Context, dataDir, region string) (Embedded, error)) Option {
	return func(r *runner) { r.openEmbedded = open }
}

// Embedded is a Switchyard server opened in-process on a data directory.
type Embedded interface {
	// Handler serves the wire API (EventBridge JSON 1.1, CloudTrail Data
	// REST) exactly as `switchyard serve` does.
	http.Handler
	// Settle returns once every event accepted so far has been delivered,
	// dead-lettered or parked for a retry, so that `put-events` exits with
	// its work done and never waits hours for a retry timer.
	Settle(ctx context.Context) error
	// Close releases the data directory.
	Close(ctx context.Context) error
}

type runner struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            func(string) string
	httpClient     *http.Client
	openEmbedded   func(ctx context.Context, dataDir, region string) (Embedded, error)
	g              globals
}

// Run runs one command line (the words after the program name, starting
// with the service: "events", "put-events", "--entries", ...) and returns
// the process exit code. Output goes to stdout, errors to stderr.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, opts ...Option) int {
	r := &runner{stdin: stdin, stdout: stdout, stderr: stderr, env: os.Getenv}
	for _, o := range opts {
		o(r)
	}
	err := r.runSafely(ctx, args)
	if err != nil {
		r.reportError(err)
	}
	return exitCode(err)
}

func (r *runner) reportError(err error) {
	var u *UsageError
	switch {
	case errors.Is(err, errRulesInvalid):
		// validate-rules has printed each problem already.
	case errors.As(err, &u):
		fmt.Fprintf(r.stderr, "usage: switchyard [options] <command> <subcommand> [parameters]\nTo see help text, you can run:\n\n  switchyard help\n  switchyard <command> help\n  switchyard <command> <subcommand> help\n\nswitchyard: error: %s\n", u.Msg)
	default:
		fmt.Fprintf(r.stderr, "\n%s\n", err)
	}
}

// runSafely turns a panic into an error (exit 255) with the stack under
// --debug: a defect must not print a Go trace at a user.
func (r *runner) runSafely(ctx context.Context, args []string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v (please report it)", p)
			if r.g.debug {
				fmt.Fprintf(r.stderr, "%s\n", debug.Stack())
			}
		}
	}()
	return r.run(ctx, args)
}

func (r *runner) run(ctx context.Context, args []string) error {
	// Global options may come before the service name.
	i := 0
	for i < len(args) && isOptionWord(args[i]) && args[i] != "--help" {
		name, inline, hasInline := strings.Cut(args[i][2:], "=")
		if name == "version" {
			fmt.Fprintln(r.stdout, "switchyard (aws CLI compatible: events, cloudtrail-data)")
			return nil
		}
		takes, ok := globalFlags[name]
		if !ok {
			return usagef("Unknown options: %s", args[i])
		}
		v := inline
		if takes && !hasInline {
			if i+1 >= len(args) {
				return usagef("argument --%s: expected one argument", name)
			}
			i++
			v = args[i]
		}
		if err := r.g.set(name, v); err != nil {
			return err
		}
		i++
	}
	args = args[i:]
	if len(args) == 0 || isHelp(args[0]) {
		r.topHelp()
		return nil
	}
	svc, ok := model.Lookup(args[0])
	if !ok {
		return usagef("argument command: Invalid choice, valid choices are: events, cloudtrail-data\n\nInvalid choice: '%s'", args[0])
	}
	if len(args) == 1 || isHelp(args[1]) {
		r.serviceHelp(svc)
		return nil
	}
	opName, rest := args[1], args[2:]
	if svc.Name == "events" && opName == "validate-rules" {
		return r.validateRules(rest)
	}
	op, ok := svc.Operation(opName)
	if !ok {
		return usagef("argument operation: Invalid choice: '%s'%s", opName, suggest(opName, svc.OperationNames()))
	}
	if len(rest) > 0 && isHelp(rest[0]) {
		r.operationHelp(svc, op)
		return nil
	}
	return r.runOperation(ctx, svc, op, rest)
}

// isHelp reports whether a word asks for help: the aws CLI's "help", and
// the -h and --help that people type anyway.
func isHelp(w string) bool { return w == "help" || w == "--help" || w == "-h" }

// suggest names the closest operations to a mistyped one.
func suggest(name string, names []string) string {
	var close []string
	for _, n := range names {
		if editDistance(name, n) <= 2 || (len(name) > 3 && strings.Contains(n, name)) {
			close = append(close, "  * "+n)
		}
	}
	if len(close) == 0 {
		return "\n\nRun 'switchyard <command> help' to list the subcommands."
	}
	return ", maybe you meant:\n\n" + strings.Join(close, "\n")
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func (r *runner) runOperation(ctx context.Context, svc *model.Service, op *model.Operation, words []string) error {
	explain := false
	if svc.Name == "events" && op.Name == "TestEventPattern" {
		kept := words[:0:0]
		for _, w := range words {
			if w == "--explain" {
				explain = true
				continue
			}
			kept = append(kept, w)
		}
		words = kept
	}
	a, err := parseOpArgs(svc, op, words, &r.g)
	if err != nil {
		return err
	}
	r.g.defaults(r.env)
	if a.skeleton == "input" {
		var v any = &jsonObject{}
		if op.Input != "" {
			v = skeleton(svc, svc.Shape(op.Input), "", false, map[string]int{})
		}
		var buf bytes.Buffer
		writePyJSON(&buf, v, nil)
		_, err := r.stdout.Write(buf.Bytes())
		return err
	}
	req, err := buildRequest(svc, op, a)
	if err != nil {
		return err
	}
	if a.skeleton == "output" {
		res := result{value: &jsonObject{}, title: op.Name, svc: svc}
		if op.Output != "" {
			res.shape = svc.Shape(op.Output)
			res.value = skeleton(svc, res.shape, "", true, map[string]int{})
		}
		return r.print(res)
	}
	if svc.Name == "events" && op.Name == "TestEventPattern" && (r.g.endpointURL == "" || explain) {
		return r.testEventPatternLocal(req, explain)
	}
	c, err := r.caller(ctx)
	if err != nil {
		return err
	}
	defer c.close(ctx)
	res, err := r.call(ctx, c, svc, op, req, a)
	if err != nil {
		return err
	}
	res.title = op.Name
	return r.print(res)
}

// print formats a result with --query and --output and writes it.
func (r *runner) print(res result) error {
	if r.g.output == "text" && res.pages != nil {
		return r.printTextPages(res)
	}
	if r.g.query != "" {
		q, err := applyQuery(r.g.query, res)
		if err != nil {
			return err
		}
		res = q
	}
	var buf bytes.Buffer
	switch r.g.output {
	case "text":
		formatText(&buf, res.value)
	case "table":
		formatTableTitled(&buf, res.title, res.value)
	default:
		formatJSON(&buf, res)
	}
	_, err := r.stdout.Write(buf.Bytes())
	return err
}

// caller sends one operation's request and returns the response body.
type caller interface {
	call(ctx context.Context, svc *model.Service, op *model.Operation, req map[string]any) ([]byte, error)
	close(ctx context.Context) error
}

// caller picks where operations run: the server at --endpoint-url, or a
// server opened in-process on --data-dir.
func (r *runner) caller(ctx context.Context) (caller, error) {
	if r.g.endpointURL != "" {
		return newRemote(ctx, r, nil)
	}
	if r.openEmbedded == nil {
		return nil, errors.New("no --endpoint-url given and this build has no embedded mode: pass --endpoint-url http://127.0.0.1:4010 (or set SWITCHYARD_ENDPOINT) to use a running `switchyard serve`")
	}
	e, err := r.openEmbedded(ctx, r.g.dataDir, r.g.region)
	if err != nil {
		return nil, err
	}
	return newEmbeddedCaller(ctx, r, e)
}

// printTextPages prints a paged response in text the way the aws CLI
// does: each page on its own (--query applied to each), then the resume
// token, if any, as a NEXTTOKEN line.
func (r *runner) printTextPages(res result) error {
	var buf bytes.Buffer
	pages := res.pages
	if res.resume != "" {
		tok := &jsonObject{}
		tok.set("NextToken", res.resume)
		wrap := &jsonObject{}
		wrap.set("NextToken", tok)
		pages = append(pages, wrap)
	}
	for _, pg := range pages {
		v := pg
		if r.g.query != "" {
			q, err := applyQuery(r.g.query, result{value: pg, svc: res.svc, shape: res.shape})
			if err != nil {
				return err
			}
			v = q.value
		}
		formatText(&buf, v)
	}
	_, err := r.stdout.Write(buf.Bytes())
	return err
}
