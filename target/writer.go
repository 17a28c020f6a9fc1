package target

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/jsonenc"
)

// WriterOption configures a Writer target.
type WriterOption func(*writerTarget)

// WithMetadata wraps each payload in an object that also says which event,
// rule and target it belongs to and which attempt this is:
//
//	{"eventId":"...","ruleArn":"...","targetId":"...","attempt":1,"payload":{...}}
func WithMetadata() WriterOption {
	return func(t *writerTarget) { t.metadata = true }
}

// maxPooledLine bounds the buffers a Writer keeps for reuse, so one huge
// event does not pin its memory for the writer's lifetime.
const maxPooledLine = 64 << 10

type writerTarget struct {
	mu       sync.Mutex // serializes writes to w
	w        io.Writer
	metadata bool
	bufs     sync.Pool // *[]byte line buffers
}

// Writer returns a Target that writes each payload to w as one line of JSON
// (JSON Lines). A payload that is JSON is written minified, so it fits on
// one line; any other payload (the output of a text InputTemplate, say) is
// written as a JSON string. The target is safe for concurrent use: lines are
// built outside the lock and written whole, one Write call each.
//
// A failed Write is returned to the bus and retried; a line may then be
// written twice, as delivery is at-least-once.
func Writer(w io.Writer, opts ...WriterOption) switchyard.Target {
	t := &writerTarget{w: w}
	t.bufs.New = func() any { return new([]byte) }
	for _, o := range opts {
		o(t)
	}
	return t
}

// Deliver writes d's payload as one line.
func (t *writerTarget) Deliver(ctx context.Context, d switchyard.Delivery) error {
	if t.w == nil {
		return Permanent(errors.New("target: Writer was given a nil io.Writer"))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	bp := t.bufs.Get().(*[]byte)
	line := t.appendLine((*bp)[:0], &d)
	t.mu.Lock()
	_, err := t.w.Write(line)
	t.mu.Unlock()
	if cap(line) <= maxPooledLine {
		*bp = line
		t.bufs.Put(bp)
	}
	if err != nil {
		return fmt.Errorf("target: Writer: %w", err)
	}
	return nil
}

func (t *writerTarget) appendLine(dst []byte, d *switchyard.Delivery) []byte {
	if !t.metadata {
		return append(appendPayloadJSON(dst, d.Payload), '\n')
	}
	id := ""
	if d.Event != nil {
		id = d.Event.ID
	}
	dst = append(dst, `{"eventId":`...)
	dst = jsonenc.AppendString(dst, id)
	dst = append(dst, `,"ruleArn":`...)
	dst = jsonenc.AppendString(dst, d.RuleARN)
	dst = append(dst, `,"targetId":`...)
	dst = jsonenc.AppendString(dst, d.TargetID)
	dst = append(dst, `,"attempt":`...)
	dst = strconv.AppendInt(dst, int64(d.Attempt), 10)
	dst = append(dst, `,"payload":`...)
	dst = appendPayloadJSON(dst, d.Payload)
	return append(dst, "}\n"...)
}

// appendPayloadJSON appends payload as single-line JSON: minified when it is
// JSON, as a JSON string when it is not.
func appendPayloadJSON(dst, payload []byte) []byte {
	if json.Valid(payload) {
		// Valid JSON has no raw newline inside strings, so removing the
		// white space between tokens leaves one line.
		return appendCompact(dst, bytesToString(payload))
	}
	return jsonenc.AppendString(dst, bytesToString(payload))
}
