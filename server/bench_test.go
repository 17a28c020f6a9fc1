package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/bus"
	"github.com/switchyard-go/switchyard/server"
)

// processCPU returns the user and system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// countTarget acknowledges every delivery.
type countTarget struct{ n atomic.Int64 }

func (c *countTarget) Deliver(context.Context, switchyard.Delivery) error {
	c.n.Add(1)
	return nil
}

// putEventsBody is a PutEvents request of 10 entries of about 1 KB each.
func putEventsBody() []byte {
	var b strings.Builder
	b.WriteString(`{"Entries":[`)
	for i := range 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"Source":"com.mycompany.orders","DetailType":"OrderPlaced","Resources":["arn:aws:shop:us-east-1:123456789012:order/%d"],"Detail":"{\"orderId\":\"%08d\",\"total\":%d,\"note\":\"%s\"}"}`,
			i, i, 100+i, strings.Repeat("x", 900))
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkPutEventsHTTP measures PutEvents through the handler over
// loopback TCP: 64 keep-alive clients, each sending batches of 10 ~1 KB
// events, through one rule to an in-process target. Each op is one
// request (10 events). Reported: events/s, and per-request latency
// p50/p99 in milliseconds. "signed" has the server verify SigV4 with
// configured credentials, the clients signing each request as the SDKs do.
//
//	go test ./server -run '^$' -bench PutEventsHTTP -benchtime 20000x
func BenchmarkPutEventsHTTP(b *testing.B) {
	for _, signed := range []bool{false, true} {
		name := "open"
		if signed {
			name = "signed"
		}
		b.Run(name, func(b *testing.B) { benchPutEvents(b, signed) })
	}
}

// benchBus returns a bus owned by testKey's account with one rule for the
// benchmark's events, delivering to the returned target.
func benchBus(b *testing.B) (*bus.Bus, *countTarget) {
	ctx := context.Background()
	bb, err := bus.New(bus.WithAccount(testKey.AccountID))
	require.NoError(b, err)
	b.Cleanup(func() { _ = bb.Close(ctx) })
	tgt := &countTarget{}
	_, err = bb.PutRule(ctx, bus.PutRuleInput{Name: "orders", EventPattern: `{"source":["com.mycompany.orders"]}`})
	require.NoError(b, err)
	_, err = bb.PutTargets(ctx, bus.PutTargetsInput{Rule: "orders", Targets: []bus.Target{{ID: "count", Target: tgt}}})
	require.NoError(b, err)
	return bb, tgt
}

func benchPutEvents(b *testing.B, signed bool) {
	ctx := context.Background()
	bb, tgt := benchBus(b)
	opts := []server.Option{server.WithDefaultCaller(switchyard.Caller{Account: testKey.AccountID, Region: "us-east-1"})}
	if signed {
		opts = append(opts, server.WithCredentials(testKey))
	}
	s, err := server.New(ctx, server.Backends{Bus: bb}, opts...)
	require.NoError(b, err)
	hs := httptest.NewServer(s)
	defer hs.Close()

	const clients = 64
	body := putEventsBody()
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	transport := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}
	signer := v4.NewSigner()
	creds := aws.Credentials{AccessKeyID: testKey.AccessKeyID, SecretAccessKey: testKey.SecretAccessKey}

	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	var failed atomic.Int64
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	cpu0 := processCPU()
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				req, _ := http.NewRequest(http.MethodPost, hs.URL+"/", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/x-amz-json-1.1")
				req.Header.Set("X-Amz-Target", "AWSEvents.PutEvents")
				t0 := time.Now()
				if signed {
					_ = signer.SignHTTP(ctx, creds, req, payloadHash, "events", "us-east-1", t0)
				}
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	require.NoError(b, bb.Flush(ctx))
	elapsed := time.Since(start)
	cpu := processCPU() - cpu0
	b.StopTimer()
	require.Zero(b, failed.Load(), "failed requests")
	require.Equal(b, int64(b.N)*10, tgt.n.Load(), "every event delivered")
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N*10)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	// CPU time of the whole process (server, bus, target and the 64
	// clients) per event: on a shared machine wall-clock rates depend on
	// the neighbours, this does much less. 2 cores / cpu-us per event
	// bounds the rate this machine could sustain with the clients on it.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*10), "cpu-us/event")
}
