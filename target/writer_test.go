package target

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

func TestWriterLines(t *testing.T) {
	tests := []struct {
		name, payload, want string
	}{
		{"JSON is minified onto one line", "{\n  \"a\": [1, 2],\n  \"s\": \"x y\\n\"\n}", `{"a":[1,2],"s":"x y\n"}`},
		{"JSON string", `"instance i-1 is RUNNING"`, `"instance i-1 is RUNNING"`},
		{"text becomes a JSON string", "\"one\"\n\"two\"", `"\"one\"\n\"two\""`},
		{"plain text", `i-1 is RUNNING`, `"i-1 is RUNNING"`},
		{"empty payload", ``, `""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Writer(&buf).Deliver(context.Background(), switchyard.Delivery{Payload: []byte(tt.payload)})
			require.NoError(t, err)
			require.Equal(t, tt.want+"\n", buf.String())
			require.True(t, json.Valid([]byte(tt.want)))
		})
	}
}

func TestWriterMetadata(t *testing.T) {
	var buf bytes.Buffer
	d := switchyard.Delivery{
		Event:    &switchyard.Event{ID: "e-1"},
		Payload:  []byte(`{"a": 1}`),
		RuleARN:  "arn:aws:events:us-east-1:123456789012:rule/r",
		TargetID: "t\"1",
		Attempt:  2,
	}
	require.NoError(t, Writer(&buf, WithMetadata()).Deliver(context.Background(), d))
	require.Equal(t, `{"eventId":"e-1","ruleArn":"arn:aws:events:us-east-1:123456789012:rule/r","targetId":"t\"1","attempt":2,"payload":{"a":1}}`+"\n", buf.String())

	buf.Reset()
	d.Event = nil
	require.NoError(t, Writer(&buf, WithMetadata()).Deliver(context.Background(), d))
	require.True(t, strings.HasPrefix(buf.String(), `{"eventId":"",`))
}

// lineWriter records each Write call, failing when the test says so.
type lineWriter struct {
	mu     sync.Mutex
	writes []string
	fail   error
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fail != nil {
		return 0, w.fail
	}
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

func TestWriterConcurrentWholeLines(t *testing.T) {
	w := &lineWriter{}
	tgt := Writer(w)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				p := fmt.Sprintf(`{"g":%d,"i":%d,"pad":%q}`, g, i, strings.Repeat("x", 100*i))
				if err := tgt.Deliver(context.Background(), switchyard.Delivery{Payload: []byte(p)}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	require.Len(t, w.writes, 400)
	seen := map[string]bool{}
	for _, line := range w.writes {
		require.True(t, strings.HasSuffix(line, "\n"))
		require.Equal(t, 1, strings.Count(line, "\n"), "one Write per line")
		var v struct{ G, I int }
		require.NoError(t, json.Unmarshal([]byte(line), &v))
		seen[fmt.Sprint(v.G, v.I)] = true
	}
	require.Len(t, seen, 400)

	var out bytes.Buffer
	for _, l := range w.writes {
		out.WriteString(l)
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
	}
	require.Equal(t, 400, n)
}

func TestWriterErrors(t *testing.T) {
	disk := errors.New("disk full")
	err := Writer(&lineWriter{fail: disk}).Deliver(context.Background(), switchyard.Delivery{Payload: []byte(`{}`)})
	require.ErrorIs(t, err, disk)
	require.False(t, IsPermanent(err), "a failed write is retried")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := &lineWriter{}
	require.ErrorIs(t, Writer(w).Deliver(ctx, switchyard.Delivery{Payload: []byte(`{}`)}), context.Canceled)
	require.Empty(t, w.writes)

	err = Writer(nil).Deliver(context.Background(), switchyard.Delivery{})
	require.True(t, IsPermanent(err))
	require.Contains(t, err.Error(), "nil io.Writer")
}
