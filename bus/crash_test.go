package bus_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
)

// The crash test runs this test binary again as a child process (selected
// by crashEnv) that puts events on a Bus with a durable delivery log, whose
// targets append every delivery they take to a file; the parent SIGKILLs it
// at a random point and starts the next child on the same log. Every entry
// a child acknowledged must reach each of its targets at least once (or the
// target's dead-letter target), whatever the kills did.
const (
	crashEnv      = "SWITCHYARD_BUS_CRASH_CHILD"
	crashDirEnv   = "SWITCHYARD_BUS_CRASH_DIR"
	crashSeedEnv  = "SWITCHYARD_BUS_CRASH_SEED"
	crashFinalEnv = "SWITCHYARD_BUS_CRASH_FINAL"
	crashWriters  = 4
)

// recorder is a target that appends "<event id>\n" to a file for every
// delivery it takes; flaky ones fail a quarter of their attempts first.
type recorder struct {
	mu    sync.Mutex
	f     *os.File
	flaky bool
	rng   *rand.Rand
}

func openRecorder(t *testing.T, path string, flaky bool, seed uint64) *recorder {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	require.NoError(t, err)
	return &recorder{f: f, flaky: flaky, rng: rand.New(rand.NewPCG(seed, 7))}
}

func (r *recorder) Deliver(_ context.Context, d switchyard.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.flaky && r.rng.IntN(4) == 0 {
		return errors.New("flaky")
	}
	// One write(2) per delivery: in the page cache, it survives SIGKILL.
	_, err := r.f.WriteString(d.Event.ID + "\n")
	return err
}

// dropFile writes every dropped delivery to a file: a crash child's drops
// explain a loss.
type dropFile struct {
	bus.NopHooks
	f *os.File
}

func (h dropFile) OnDrop(i bus.DropInfo) {
	fmt.Fprintf(h.f, "%s %s %s %v\n", i.EventID, i.TargetID, i.Reason, i.Err)
}

// TestDeliveryCrashChild is the child side of TestDeliveryCrash; run
// directly it skips.
func TestDeliveryCrashChild(t *testing.T) {
	if os.Getenv(crashEnv) == "" {
		t.Skip("run by TestDeliveryCrash as a child process")
	}
	dir := os.Getenv(crashDirEnv)
	seed, err := strconv.ParseUint(os.Getenv(crashSeedEnv), 10, 64)
	require.NoError(t, err)
	drops, err := os.OpenFile(filepath.Join(dir, "drops"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	require.NoError(t, err)
	b, err := bus.New(
		bus.WithHooks(dropFile{f: drops}),
		bus.WithLogger(slog.New(slog.NewTextHandler(drops, &slog.HandlerOptions{Level: slog.LevelWarn}))),
		bus.WithDeliveryLog(filepath.Join(dir, "deliveries.db")), // fsync on: the real thing
		// A small memory budget: most events spill to the log only.
		bus.WithLimits(bus.Limits{RetryBaseDelay: 2 * time.Millisecond, RetryMaxDelay: 10 * time.Millisecond, BusBudget: 16}),
	)
	require.NoError(t, err)
	ctx := context.Background()
	_, err = b.PutRule(ctx, bus.PutRuleInput{Name: "r", EventPattern: `{"source":["crash"]}`})
	require.NoError(t, err)
	// Target a fails now and then, retries twice, then dead-letters;
	// target b always takes the delivery.
	_, err = b.PutTargets(ctx, bus.PutTargetsInput{Rule: "r", Targets: []bus.Target{
		{ID: "a", Target: openRecorder(t, filepath.Join(dir, "a"), true, seed),
			RetryPolicy: &bus.RetryPolicy{MaximumRetryAttempts: ptr(2)},
			DeadLetter:  openRecorder(t, filepath.Join(dir, "a.dlq"), false, seed)},
		{ID: "b", Target: openRecorder(t, filepath.Join(dir, "b"), false, seed)},
	}})
	require.NoError(t, err)
	// What the previous child left in the log resumed with PutTargets.
	fctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	require.NoError(t, b.Flush(fctx))
	cancel()
	fmt.Fprintf(os.Stdout, "drained %d\n", b.Stats().Resumed)
	if os.Getenv(crashFinalEnv) != "" {
		require.NoError(t, b.Close(ctx))
		st := b.Stats()
		// Every delivery this run created or resumed ended exactly once.
		require.Equal(t, st.Enqueued+st.Resumed, st.Delivered+st.DeadLettered+st.Dropped+st.Kept+uint64(st.Pending), "%+v", st)
		require.Zero(t, st.Pending+st.Orphaned+st.Spilled, "%+v", st)
		require.Zero(t, st.Dropped, "%+v", st)
		return
	}

	var out sync.Mutex
	var wg sync.WaitGroup
	var spilled atomic.Bool
	deadline := time.Now().Add(time.Minute) // never outlive a lost parent for long
	for w := range crashWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			for n := 0; time.Now().Before(deadline); n++ {
				batch := make([]switchyard.Entry, 1+rng.IntN(10))
				for i := range batch {
					batch[i] = switchyard.Entry{Source: "crash", DetailType: "t", Detail: fmt.Sprintf(`{"w":%d,"n":%d,"i":%d}`, w, n, i)}
				}
				res, err := b.PutEvents(ctx, batch)
				if err != nil {
					fmt.Fprintf(os.Stderr, "put: %v\n", err)
					os.Exit(3)
				}
				var sb strings.Builder
				for _, r := range res.Entries {
					if !r.Failed() {
						sb.WriteString("ack " + r.EventID + "\n")
					}
				}
				if b.Stats().Spilled > 0 && spilled.CompareAndSwap(false, true) {
					sb.WriteString("spilled\n")
				}
				out.Lock()
				// One write(2) per call on an unbuffered *os.File, under
				// PIPE_BUF: the parent reads the lines whole.
				os.Stdout.WriteString(sb.String())
				out.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Fatal("the parent never killed this child")
}

// crashChild runs one child. With killAfter > 0 it SIGKILLs the child once
// it has acknowledged that many entries; otherwise the child drains the
// log and exits. It returns the acknowledged event ids and whether the
// child reported draining; check runs when it does.
func crashChild(t *testing.T, dir string, seed uint64, killAfter int, check func(resumed int)) (acked []string, spilled bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDeliveryCrashChild$", "-test.count=1", "-test.timeout=2m")
	cmd.Env = append(os.Environ(), crashEnv+"=1", crashDirEnv+"="+dir, crashSeedEnv+"="+strconv.FormatUint(seed, 10))
	if killAfter == 0 {
		cmd.Env = append(cmd.Env, crashFinalEnv+"=1")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	killed := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if line == "spilled" {
			spilled = true
			continue
		}
		if rest, ok := strings.CutPrefix(line, "drained "); ok {
			n, err := strconv.Atoi(rest)
			require.NoError(t, err)
			check(n)
			continue
		}
		id, ok := strings.CutPrefix(line, "ack ")
		if !ok {
			continue // the testing package's own output
		}
		acked = append(acked, id)
		if !killed && killAfter > 0 && len(acked) >= killAfter {
			require.NoError(t, cmd.Process.Kill()) // SIGKILL: no deferred code runs
			killed = true
		}
	}
	err = cmd.Wait()
	if killAfter == 0 {
		require.NoError(t, err, "final child\n%s", stderr.String())
		return acked, spilled
	}
	require.True(t, killed, "child exited before it was killed: %v\n%s", err, stderr.String())
	return acked, spilled
}

// readIDs counts the event ids a recorder file holds.
func readIDs(t *testing.T, path string) map[string]int {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]int{}
	}
	require.NoError(t, err)
	ids := map[string]int{}
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" {
			ids[l]++
		}
	}
	return ids
}

// crashTally checks every acknowledged id against the targets' files and
// counts losses and duplicates.
func crashTally(t *testing.T, dir string, acked []string) (losses, dups int) {
	a, adlq, b := readIDs(t, filepath.Join(dir, "a")), readIDs(t, filepath.Join(dir, "a.dlq")), readIDs(t, filepath.Join(dir, "b"))
	for _, id := range acked {
		if a[id]+adlq[id] == 0 {
			losses++
			drops, _ := os.ReadFile(filepath.Join(dir, "drops"))
			t.Errorf("entry %s acknowledged, never delivered to target a nor dead-lettered; drops:\n%s", id, drops)
		}
		if b[id] == 0 {
			losses++
			t.Errorf("entry %s acknowledged, never delivered to target b", id)
		}
	}
	for _, m := range []map[string]int{a, adlq, b} {
		for _, n := range m {
			dups += n - 1
		}
	}
	return losses, dups
}

// TestDeliveryCrash SIGKILLs a process putting events with a durable
// delivery log at random points, over 50 rounds (10 with -short), and
// checks after every restart that each acknowledged entry was delivered
// at least once to each target or dead-lettered (issue 12).
func TestDeliveryCrash(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("in the child")
	}
	rounds := 50
	if testing.Short() {
		rounds = 10
	}
	dir := t.TempDir()
	var acked []string
	resumed, spills := 0, 0
	for round := range rounds {
		seed := uint64(round + 1)
		killAfter := 1 + rand.New(rand.NewPCG(seed, 0)).IntN(400)
		before := acked
		got, spilled := crashChild(t, dir, seed, killAfter, func(n int) {
			resumed += n
			// After the restart, everything acknowledged before it has
			// arrived.
			losses, _ := crashTally(t, dir, before)
			require.Zero(t, losses, "round %d", round)
		})
		acked = append(acked[:len(acked):len(acked)], got...)
		if spilled {
			spills++
		}
	}
	crashChild(t, dir, 1<<40, 0, func(n int) { resumed += n })
	losses, dups := crashTally(t, dir, acked)
	require.Zero(t, losses)
	require.NotEmpty(t, acked)
	// The last child settled everything: the log is empty, and no run
	// found a delivery state left without its event (see
	// deliveryLog.finish), which a later event given the same key would
	// have taken for its own.
	path := filepath.Join(dir, "deliveries.db")
	require.Zero(t, logEvents(t, path), "events left in the log")
	require.Zero(t, logKeys(t, path, "states"), "states left in the log")
	drops, err := os.ReadFile(filepath.Join(dir, "drops"))
	require.NoError(t, err)
	require.NotContains(t, string(drops), "without their event")
	t.Logf("rounds %d (%d with events spilled to the log), acknowledged %d, resumed after restarts %d, duplicates %d, losses %d",
		rounds, spills, len(acked), resumed, dups, losses)
}
