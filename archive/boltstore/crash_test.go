package boltstore_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard/archive"
	"github.com/switchyard-go/switchyard/archive/boltstore"
)

// The crash test runs this test binary again as a child process (selected
// by crashEnv) that appends to an archive from several goroutines and
// reports every acknowledged batch on stdout; the parent SIGKILLs it at a
// random point and checks the file.
const (
	crashEnv     = "SWITCHYARD_BOLTSTORE_CRASH_CHILD"
	crashPathEnv = "SWITCHYARD_BOLTSTORE_CRASH_PATH"
	crashSeedEnv = "SWITCHYARD_BOLTSTORE_CRASH_SEED"
	crashWriters = 4
)

// crashPayload is the data of record seq in the batch [lo, lo+n): it names
// its batch, so the parent can check batches are whole, and its size varies
// from tens of bytes to 20 KB (records that span bbolt overflow pages).
func crashPayload(seq, lo uint64, n int) []byte {
	size := 40 + int(seq*7919%2000)
	if seq%97 == 0 {
		size = 20000
	}
	head := fmt.Sprintf(`{"seq":%d,"lo":%d,"n":%d,"pad":"`, seq, lo, n)
	return []byte(head + strings.Repeat(string(rune('a'+seq%26)), size) + `"}`)
}

// crashRecord is record seq of the batch [lo, lo+n). Times are scattered,
// so batches insert all over the tree rather than only at its end.
func crashRecord(seq, lo uint64, n int) archive.Record {
	return archive.Record{
		Time:     time.Unix(1_700_000_000, 0).Add(time.Duration(seq*2654435761%1_000_000) * time.Millisecond),
		Seq:      seq,
		Ingested: time.Unix(1_700_000_000, int64(seq)),
		Data:     crashPayload(seq, lo, n),
	}
}

// TestCrashChild is the child side of TestCrash; run directly it skips.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashEnv) == "" {
		t.Skip("run by TestCrash as a child process")
	}
	seed, err := strconv.ParseUint(os.Getenv(crashSeedEnv), 10, 64)
	require.NoError(t, err)
	s, err := boltstore.Open(os.Getenv(crashPathEnv)) // fsync on: the real thing
	require.NoError(t, err)
	var out sync.Mutex
	var wg sync.WaitGroup
	deadline := time.Now().Add(time.Minute) // never outlive a lost parent for long
	for w := range crashWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			// Each writer of each round has its own range of sequences.
			next := seed<<32 | uint64(w)<<28
			var prev []archive.Record
			for time.Now().Before(deadline) {
				var batch []archive.Record
				if prev != nil && rng.IntN(10) == 0 {
					batch = prev // a retry: same keys, same bytes
				} else {
					n := 1 + rng.IntN(50)
					for i := range n {
						batch = append(batch, crashRecord(next+uint64(i), next, n))
					}
					next += uint64(n)
				}
				if err := s.Append(context.Background(), batch); err != nil {
					fmt.Fprintf(os.Stderr, "append: %v\n", err)
					os.Exit(3)
				}
				prev = batch
				out.Lock()
				// One write(2) per line on an unbuffered *os.File: the
				// parent can read it the moment Append has returned.
				fmt.Fprintf(os.Stdout, "ack %d %d\n", batch[0].Seq, len(batch))
				out.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Fatal("the parent never killed this child")
}

// TestCrash kills a writing process at random points and checks that every
// acknowledged record survived, byte for byte, that no batch is torn, that
// stats agree with a scan and that the archive still takes appends.
func TestCrash(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("in the child")
	}
	rounds := 8
	if testing.Short() {
		rounds = 3
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	acked := map[uint64]int{} // first seq of an acknowledged batch -> its length
	for round := range rounds {
		seed := uint64(round + 1)
		killAfter := 1 + rand.New(rand.NewPCG(seed, 0)).IntN(150)
		got := runCrashChild(t, path, seed, killAfter)
		for lo, n := range got {
			acked[lo] = n
		}
		checkAfterCrash(t, path, acked, round)
	}
}

// runCrashChild runs a child appending to path and SIGKILLs it after
// killAfter acknowledgements. It returns every batch the child
// acknowledged, including those it reported after the kill was decided.
func runCrashChild(t *testing.T, path string, seed uint64, killAfter int) map[uint64]int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.timeout=2m")
	cmd.Env = append(os.Environ(), crashEnv+"=1", crashPathEnv+"="+path, crashSeedEnv+"="+strconv.FormatUint(seed, 10))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	acked := map[uint64]int{}
	killed := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var lo uint64
		var n int
		if _, err := fmt.Sscanf(sc.Text(), "ack %d %d", &lo, &n); err != nil {
			continue // the testing package's own output
		}
		acked[lo] = n
		if !killed && len(acked) >= killAfter {
			require.NoError(t, cmd.Process.Kill()) // SIGKILL: no deferred code runs
			killed = true
		}
	}
	err = cmd.Wait()
	require.True(t, killed, "child exited before it was killed: %v\n%s", err, stderr.String())
	require.Error(t, err, "child was killed, so it cannot have succeeded")
	return acked
}

// checkAfterCrash opens the archive a child was killed writing and checks
// it.
func checkAfterCrash(t *testing.T, path string, acked map[uint64]int, round int) {
	t.Helper()
	s, err := boltstore.Open(path)
	require.NoError(t, err, "round %d: reopen after the crash", round)
	defer func() { require.NoError(t, s.Close()) }()
	ctx := context.Background()
	require.NoError(t, s.Verify(ctx), "round %d", round)

	stored := map[uint64][2]uint64{} // seq -> its batch's first seq and length
	var prev archive.Record
	var sum archive.Stats
	err = s.Scan(ctx, time.Time{}, time.Time{}, func(r archive.Record) error {
		if sum.Count > 0 && (r.Time.Before(prev.Time) || r.Time.Equal(prev.Time) && r.Seq <= prev.Seq) {
			return fmt.Errorf("record %d after %d: out of order", r.Seq, prev.Seq)
		}
		var head struct {
			Seq, Lo uint64
			N       int
		}
		if err := json.Unmarshal(r.Data, &head); err != nil {
			return fmt.Errorf("record %d: torn data: %w", r.Seq, err)
		}
		want := crashRecord(r.Seq, head.Lo, head.N)
		if head.Seq != r.Seq || !bytes.Equal(r.Data, want.Data) || !r.Time.Equal(want.Time) || !r.Ingested.Equal(want.Ingested) {
			return fmt.Errorf("record %d is not what was appended", r.Seq)
		}
		stored[r.Seq] = [2]uint64{head.Lo, uint64(head.N)}
		prev = archive.Record{Time: r.Time, Seq: r.Seq}
		sum.Count++
		sum.Bytes += int64(len(want.Data))
		return nil
	})
	require.NoError(t, err, "round %d", round)

	ackedRecords := 0
	for lo, n := range acked {
		for seq := lo; seq < lo+uint64(n); seq++ {
			_, ok := stored[seq]
			require.True(t, ok, "round %d: acknowledged record %d (batch %d+%d) lost", round, seq, lo, n)
		}
		ackedRecords += n
	}
	// Batches are atomic: a record that is there brings its whole batch,
	// acknowledged or not.
	for seq, batch := range stored {
		for other := batch[0]; other < batch[0]+batch[1]; other++ {
			_, ok := stored[other]
			require.True(t, ok, "round %d: record %d stored without %d of its batch %d+%d", round, seq, other, batch[0], batch[1])
		}
	}
	st, err := s.Stats(ctx)
	require.NoError(t, err)
	require.Equal(t, sum, st, "round %d: Stats disagrees with a scan", round)
	require.GreaterOrEqual(t, st.Count, int64(ackedRecords))
	t.Logf("round %d: %d batches (%d records) acknowledged so far, %d records stored", round, len(acked), ackedRecords, st.Count)

	// Still takes appends.
	extra := crashRecord(1<<62+uint64(round), 1<<62+uint64(round), 1)
	require.NoError(t, s.Append(ctx, []archive.Record{extra}))
}
