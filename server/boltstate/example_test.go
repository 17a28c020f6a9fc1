package boltstate_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/server"
	"github.com/switchyard-go/switchyard/server/boltstate"
)

// A durable server: the backends take the server's Clock and IDs, and
// server.New re-applies the journal in the data directory to them.
func Example() {
	dir, _ := os.MkdirTemp("", "switchyard")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	for run := 1; run <= 2; run++ {
		st, err := boltstate.Open(filepath.Join(dir, "control.db"))
		if err != nil {
			panic(err)
		}
		clock, ids := server.NewClock(nil), server.NewIDs()
		b, _ := bus.New(bus.WithClock(clock), bus.WithResourceIDs(ids.New))
		s, err := server.New(ctx, server.Backends{Bus: b}, server.WithState(st, clock, ids))
		if err != nil {
			panic(err)
		}
		hs := httptest.NewServer(s)
		if run == 1 {
			req, _ := http.NewRequest(http.MethodPost, hs.URL, strings.NewReader(`{"Name":"orders"}`))
			req.Header.Set("X-Amz-Target", "AWSEvents.CreateEventBus")
			resp, _ := http.DefaultClient.Do(req)
			resp.Body.Close()
		}
		seq, _ := st.LastSeq(ctx)
		fmt.Printf("run %d: %d journaled change(s)\n", run, seq)
		hs.Close()
		_ = b.Close(ctx)
		_ = s.Close()
	}
	// Output:
	// run 1: 1 journaled change(s)
	// run 2: 1 journaled change(s)
}
