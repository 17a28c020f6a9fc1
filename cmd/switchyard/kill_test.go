package main

import (
	"context"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/stretchr/testify/require"
)

// TestSIGKILLKeepsAcknowledgedChanges kills the server with SIGKILL while
// four clients stream control-plane calls at it, restarts it on the same
// data directory, and requires every change that was answered 200 to be
// there, with the creation time it had (issue 9: "A change acknowledged
// with HTTP 200 survives SIGKILL").
func TestSIGKILLKeepsAcknowledgedChanges(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	c := startChild(t, dir)
	eb := eventsClient(c.url, keyA, "us-east-1")

	type acked struct {
		bus     string
		created time.Time
		rule    bool // a rule on the bus was acknowledged too
	}
	var (
		mu     sync.Mutex
		acks   []acked
		wg     sync.WaitGroup
		ctx    = context.Background()
		enough = make(chan struct{})
		once   sync.Once
	)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				name := fmt.Sprintf("bus-%d-%d", w, i)
				if _, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(name)}); err != nil {
					return // the server is gone
				}
				// Acknowledged: from here on it must survive.
				a := acked{bus: name}
				d, err := eb.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String(name)})
				if err == nil {
					a.created = aws.ToTime(d.CreationTime)
					_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventBusName: aws.String(name),
						EventPattern: aws.String(`{"source":["shop"]}`)})
					a.rule = err == nil
				}
				mu.Lock()
				acks = append(acks, a)
				if len(acks) >= 40 {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-enough:
	case <-time.After(60 * time.Second):
		t.Fatal("the clients made too few changes")
	}
	_ = c.stop(t, syscall.SIGKILL)
	wg.Wait()

	c2 := startChild(t, dir)
	eb2 := eventsClient(c2.url, keyA, "us-east-1")
	mu.Lock()
	defer mu.Unlock()
	for _, a := range acks {
		d, err := eb2.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String(a.bus)})
		require.NoError(t, err, "bus %s was acknowledged before the kill", a.bus)
		if !a.created.IsZero() {
			require.True(t, a.created.Equal(aws.ToTime(d.CreationTime)), "%s created %v, restored as %v", a.bus, a.created, aws.ToTime(d.CreationTime))
		}
		if a.rule {
			_, err := eb2.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("r"), EventBusName: aws.String(a.bus)})
			require.NoError(t, err, "the rule on %s was acknowledged before the kill", a.bus)
		}
	}
	t.Logf("%d acknowledged buses survived SIGKILL", len(acks))
}
