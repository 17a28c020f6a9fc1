package target

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchyard-go/switchyard"
)

// transformerCase is one line of testdata/transformer.jsonl: an input
// transformation recorded against real EventBridge. See each line's note.
type transformerCase struct {
	Name           string            `json:"name"`
	Kind           string            `json:"kind"` // input_path, input_transformer, input, none
	InputPath      *string           `json:"input_path"`
	InputPathsMap  map[string]string `json:"input_paths_map"`
	InputTemplate  *string           `json:"input_template"`
	Input          *string           `json:"input"`
	Event          json.RawMessage   `json:"event"`
	PutEventsEntry *putEventsEntry   `json:"put_events_entry"`
	RuleName       string            `json:"rule_name"`
	RuleARN        string            `json:"rule_arn"`
	TargetID       *string           `json:"target_id"`
	Delivered      *bool             `json:"delivered"`
	Expected       *string           `json:"expected"`
	Compare        *string           `json:"compare"` // exact or json
	ExpectedError  *recordedError    `json:"expected_error"`
	Note           string            `json:"note"`
}

type putEventsEntry struct {
	Source       string   `json:"Source"`
	DetailType   string   `json:"DetailType"`
	Detail       string   `json:"Detail"`
	Resources    []string `json:"Resources"`
	EventBusName string   `json:"EventBusName"`
}

type recordedError struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Operation string `json:"operation"`
}

// recorderTokens are the snapshot recorder's stand-ins for values that vary
// between runs. They are replaced throughout a line, consistently, with
// concrete values before the case runs. Two tokens stay: "date" (the event
// time, and in one case the ingestion time; left as the literal string so
// that the transform reproduces it, as the notes say) and "<ingestion-time>"
// (a value the recorder did not keep: a wildcard).
var recorderTokens = strings.NewReplacer(
	"<bus-name>", "orders-bus",
	"<event-bus-name>", "orders-bus",
	"<rule-name>", "route-orders",
	"<rule-name-0>", "route-orders-0",
	"<rule-name-1>", "route-orders-1",
	"<partition>", "aws",
	"<region>", "eu-west-1",
	"<target-id>", "target-5f2c9a",
	"<target-id-1>", "target-5f2c9a-1",
	"<target-id-2>", "target-5f2c9a-2",
	"<uuid>", "5b6f2d2c-4f0e-4b7e-9a57-3c9e6f4a1d20",
	"<uuid:2>", "8e0b8f8e-1c5d-4c59-8f34-0d2a7b6c9e11",
	"<uuid:3>", "c3a1e7d4-6b2f-4a8e-b5d9-7f1e2c3b4a56",
)

const (
	wildcardToken = "<ingestion-time>"
	eventTimeTok  = "date"
)

// The times the test uses: the event's (written as "date" once the envelope
// is built) and the ingestion time the bus would pass in Meta.
var (
	conformanceEventTime     = time.Date(2025, 3, 12, 10, 19, 1, 0, time.UTC)
	conformanceIngestionTime = time.Date(2025, 3, 12, 10, 19, 13, 0, time.UTC)
)

func loadTransformerCases(t *testing.T) []transformerCase {
	t.Helper()
	f, err := os.Open("testdata/transformer.jsonl")
	require.NoError(t, err)
	defer f.Close()
	var cases []transformerCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := recorderTokens.Replace(sc.Text())
		var c transformerCase
		require.NoError(t, json.Unmarshal([]byte(line), &c), "line %d", len(cases)+1)
		cases = append(cases, c)
	}
	require.NoError(t, sc.Err())
	return cases
}

func TestConformanceTransformer(t *testing.T) {
	cases := loadTransformerCases(t)
	require.Len(t, cases, 42)
	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Logf("case %d: %s", i+1, c.Note)
			targetID := "target-5f2c9a"
			if c.TargetID != nil {
				targetID = *c.TargetID
			}
			tr, err := CompileInput(targetID, caseInput(t, c))
			if c.ExpectedError != nil {
				require.Error(t, err)
				require.Equal(t, "PutTargets", c.ExpectedError.Operation)
				var se *switchyard.Error
				require.ErrorAs(t, err, &se)
				require.Equal(t, c.ExpectedError.Code, se.Code)
				require.Equal(t, c.ExpectedError.Message, se.Message)
				require.ErrorIs(t, err, switchyard.ErrValidation)
				return
			}
			require.NoError(t, err, "PutTargets succeeded on EventBridge")
			if c.Kind == "none" {
				require.Nil(t, tr)
			} else {
				require.NotNil(t, tr)
			}

			event := caseEvent(t, c)
			meta := Meta{RuleARN: c.RuleARN, RuleName: c.RuleName, IngestionTime: conformanceIngestionTime}
			prefix := []byte("reused-buffer")
			out, err := tr.Apply(prefix, event, meta)
			require.NotNil(t, c.Delivered)
			if !*c.Delivered {
				require.Error(t, err, "EventBridge did not deliver this event")
				require.ErrorIs(t, err, ErrTransform)
				require.True(t, IsPermanent(err))
				require.Equal(t, "reused-buffer", string(out), "dst comes back unchanged on failure")
				return
			}
			require.NoError(t, err)
			require.True(t, bytes.HasPrefix(out, prefix), "Apply appends to dst")
			got := out[len(prefix):]
			// The recorder wrote the ingestion time as "date" too.
			got = bytes.ReplaceAll(got, []byte(conformanceIngestionTime.Format(switchyard.TimeLayout)), []byte(eventTimeTok))

			require.NotNil(t, c.Expected)
			require.NotNil(t, c.Compare)
			switch *c.Compare {
			case "exact":
				require.Equal(t, *c.Expected, string(got))
			case "json":
				require.True(t, json.Valid(got), "payload is JSON: %s", got)
				requireJSONMatch(t, *c.Expected, string(got))
			default:
				t.Fatalf("unknown compare %q", *c.Compare)
			}
		})
	}
}

// caseInput maps a recorded target configuration to an Input.
func caseInput(t *testing.T, c transformerCase) Input {
	t.Helper()
	var in Input
	if c.Input != nil {
		in.Input = *c.Input
	}
	if c.InputPath != nil {
		in.InputPath = *c.InputPath
	}
	if c.InputTemplate != nil {
		in.InputTransformer = &InputTransformer{InputPathsMap: c.InputPathsMap, InputTemplate: *c.InputTemplate}
	}
	return in
}

// caseEvent builds the event envelope the way the bus does, with
// switchyard.Event.AppendJSON from the recorded PutEvents entry, and checks
// it against the recorded envelope. The event time is then written as the
// recorder's "date" token. A case without an entry (a scheduled event) uses
// the recorded envelope as it is.
func caseEvent(t *testing.T, c transformerCase) []byte {
	t.Helper()
	require.NotEmpty(t, c.Event, "every delivered case records its event")
	if c.PutEventsEntry == nil {
		var buf bytes.Buffer
		require.NoError(t, json.Compact(&buf, c.Event))
		return buf.Bytes()
	}
	var recorded struct {
		ID      string `json:"id"`
		Account string `json:"account"`
		Region  string `json:"region"`
		Time    string `json:"time"`
	}
	require.NoError(t, json.Unmarshal(c.Event, &recorded))
	require.Equal(t, eventTimeTok, recorded.Time)
	e := switchyard.Event{
		ID:         recorded.ID,
		DetailType: c.PutEventsEntry.DetailType,
		Source:     c.PutEventsEntry.Source,
		Account:    recorded.Account,
		Time:       conformanceEventTime,
		Region:     recorded.Region,
		Resources:  c.PutEventsEntry.Resources,
		Detail:     json.RawMessage(c.PutEventsEntry.Detail),
	}
	built := e.AppendJSON(nil)
	stamp := []byte(`"time":"` + conformanceEventTime.Format(switchyard.TimeLayout) + `"`)
	require.Equal(t, 1, bytes.Count(built, stamp))
	built = bytes.Replace(built, stamp, []byte(`"time":"`+eventTimeTok+`"`), 1)
	require.JSONEq(t, string(c.Event), string(built), "envelope built like the bus matches the recorded one")
	return built
}

// requireJSONMatch compares two JSON texts as values. A string equal to the
// recorder's wildcard token in expected matches any string in actual.
func requireJSONMatch(t *testing.T, expected, actual string) {
	t.Helper()
	var want, got any
	require.NoError(t, json.Unmarshal([]byte(expected), &want))
	require.NoError(t, json.Unmarshal([]byte(actual), &got))
	require.NoError(t, matchJSON("$", want, got), "expected %s\nactual   %s", expected, actual)
}

func matchJSON(at string, want, got any) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return errors.New(at + ": objects differ in shape")
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return errors.New(at + ": missing member " + k)
			}
			if err := matchJSON(at+"."+k, wv, gv); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return errors.New(at + ": arrays differ in shape")
		}
		for i := range w {
			if err := matchJSON(at+"[]", w[i], g[i]); err != nil {
				return err
			}
		}
		return nil
	case string:
		if w == wildcardToken {
			if _, ok := got.(string); !ok {
				return errors.New(at + ": want any string")
			}
			return nil
		}
	}
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	if !bytes.Equal(wb, gb) {
		return errors.New(at + ": " + string(wb) + " != " + string(gb))
	}
	return nil
}
