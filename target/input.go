package target

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// Limits from the EventBridge API model (Target, InputTransformer).
const (
	maxInputLen      = 8192 // TargetInput
	maxInputPathsMap = 100  // TransformerPaths
	maxPathKeyLen    = 256  // InputTransformerPathKey
)

// ErrTransform is wrapped by every error Apply returns: the event could not
// be shaped into a payload for the target. Such errors are also marked
// Permanent, since delivering the same event again cannot succeed.
var ErrTransform = errors.New("target: input transformation failed")

// Input selects what a target receives; at most one field may be set.
type Input struct {
	Input            string // constant JSON text
	InputPath        string // JSONPath into the event, e.g. "$.detail"
	InputTransformer *InputTransformer
}

// InputTransformer builds the payload from a template whose placeholders are
// filled with values taken from the event.
//
// The template is minified as EventBridge minifies it: in a template that
// is JSON, the whitespace between tokens is removed, so the payload is
// compact JSON whatever the template's layout; inside JSON strings, and in
// a template that is not JSON (which yields a plain text payload), every
// character is kept as written.
type InputTransformer struct {
	InputPathsMap map[string]string `json:"InputPathsMap,omitempty"` // name -> JSONPath; at most 100 entries
	InputTemplate string            `json:"InputTemplate"`
}

// Meta is what the reserved aws.events.* placeholders need.
type Meta struct {
	RuleARN, RuleName string
	IngestionTime     time.Time
}

// transformKind is what a Transform does.
type transformKind uint8

const (
	kindConstant transformKind = iota + 1
	kindPath
	kindTemplate
)

// Transform is a compiled Input, InputPath or InputTransformer. It is
// immutable and safe for concurrent use. A nil *Transform passes the whole
// event.
type Transform struct {
	kind     transformKind
	constant []byte
	pathText string
	path     *jsonPath
	tmpl     *template
}

// CompileInput validates and compiles in once (at PutTargets). Invalid input
// returns a *switchyard.Error with Code "ValidationException" and AWS's exact
// message (see the recorded cases). A zero Input returns (nil, nil): a nil
// *Transform delivers the whole event.
//
// The checks are EventBridge's: only one of the three fields may be set;
// Input must be valid JSON of at most 8192 characters; a path must be one
// EventBridge supports ($, .name, .*, [n], [*], ['name']) and at most 256
// characters; InputPathsMap has at most 100 entries whose keys are 1 to 256
// characters of [A-Za-z0-9_-]; InputTemplate is 1 to 8192 characters, names
// only placeholders that are keys of InputPathsMap or reserved variables,
// and, when it is a JSON object or array, is valid JSON with no placeholder
// as an object key. Messages name the target and the field.
func CompileInput(targetID string, in Input) (*Transform, error) {
	set := 0
	for _, ok := range []bool{in.Input != "", in.InputPath != "", in.InputTransformer != nil} {
		if ok {
			set++
		}
	}
	switch {
	case set == 0:
		return nil, nil
	case set > 1:
		return nil, invalid("Only one of Input, InputPath, or InputTransformer must be provided for target %s.", targetID)
	case in.Input != "":
		return compileConstant(targetID, in.Input)
	case in.InputPath != "":
		return compileInputPath(targetID, in.InputPath)
	default:
		return compileTransformer(targetID, in.InputTransformer)
	}
}

func invalid(format string, args ...any) error {
	return awsreq.Errorf(switchyard.CodeValidation, format, args...)
}

func compileConstant(targetID, input string) (*Transform, error) {
	if utf8.RuneCountInString(input) > maxInputLen {
		return nil, invalid("Input for target %s is longer than %d characters.", targetID, maxInputLen)
	}
	if !json.Valid([]byte(input)) {
		line, col := jacksonPosition(input)
		return nil, invalid("JSON syntax error in input for target %s: [Source: (String)\"%s\"; line: %d, column: %d]", targetID, input, line, col)
	}
	return &Transform{kind: kindConstant, constant: []byte(input)}, nil
}

// jacksonPosition returns where EventBridge's JSON parser (Jackson) reports
// the syntax error of the invalid JSON text s: the line (from 1) and the
// column (from 1) just after the offending token — after a whole bare word
// such as env in "env:dev" (column 4, issue 8), after a single bad
// character otherwise ("{'db_name'..." gives column 3, as AWS answered in
// ansible-collections/community.aws issue 201), or one past the end when
// the text ends early.
func jacksonPosition(s string) (line, col int) {
	var v any
	err := json.Unmarshal([]byte(s), &v)
	end := len(s)
	var se *json.SyntaxError
	if errors.As(err, &se) && int(se.Offset) <= len(s) && se.Offset > 0 {
		i := int(se.Offset) - 1 // the offending byte
		switch {
		case strings.HasPrefix(se.Error(), "unexpected end"):
			end = len(s)
		case isWordByte(s[i]):
			end = i
			for end < len(s) && isWordByte(s[end]) {
				end++
			}
		default:
			end = i + 1
		}
	}
	line = 1 + strings.Count(s[:end], "\n")
	col = end - strings.LastIndexByte(s[:end], '\n')
	return line, col
}

// isWordByte reports whether c continues a bare word as Jackson reads one.
func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func compileInputPath(targetID, path string) (*Transform, error) {
	p, err := compilePath(path)
	if err != nil {
		return nil, invalid("InputPath for target %s %s", targetID, err.Error())
	}
	return &Transform{kind: kindPath, pathText: path, path: p}, nil
}

// compilePath checks a path's length and syntax; its error completes a
// sentence about the field.
func compilePath(path string) (*jsonPath, error) {
	if utf8.RuneCountInString(path) > maxPathLen {
		return nil, fmt.Errorf("is longer than %d characters.", maxPathLen)
	}
	p, err := parsePath(path)
	if err != nil {
		return nil, fmt.Errorf("is not a valid JSON path: %s.", err.Error())
	}
	return p, nil
}

func compileTransformer(targetID string, it *InputTransformer) (*Transform, error) {
	if len(it.InputPathsMap) > maxInputPathsMap {
		return nil, invalid("InputPathsMap for target %s has %d entries; at most %d are allowed.",
			targetID, len(it.InputPathsMap), maxInputPathsMap)
	}
	// Sorted, so that the first problem reported does not depend on map
	// iteration order.
	keys := make([]string, 0, len(it.InputPathsMap))
	for k := range it.InputPathsMap {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	paths := make(map[string]*jsonPath, len(keys))
	for _, k := range keys {
		if !validPathKey(k) {
			return nil, invalid("InputPathsMap for target %s has invalid key %q: keys are 1 to %d characters of A-Z, a-z, 0-9, _ and -.",
				targetID, k, maxPathKeyLen)
		}
		p, err := compilePath(it.InputPathsMap[k])
		if err != nil {
			return nil, invalid("InputPathsMap value for key %s of target %s %s", k, targetID, err.Error())
		}
		paths[k] = p
	}
	if n := utf8.RuneCountInString(it.InputTemplate); n < 1 || n > maxTemplateLen {
		return nil, invalid("InputTemplate for target %s must be 1 to %d characters long.", targetID, maxTemplateLen)
	}
	tmpl, err := parseTemplate(it.InputTemplate, paths)
	if err != nil {
		return nil, invalid("InputTemplate for target %s %s", targetID, err.Error())
	}
	return &Transform{kind: kindTemplate, tmpl: tmpl}, nil
}

// Apply appends the payload for event (the event envelope JSON) to dst. A
// nil receiver appends event unchanged.
//
// Apply allocates nothing beyond growing dst, except for paths with
// wildcards. It fails, with an error wrapping ErrTransform and marked
// Permanent, when InputPath matches nothing in the event, or when a value
// that is an object or array would land inside a string of a JSON template
// (EventBridge does not deliver such events either). On failure it returns
// dst unchanged.
func (t *Transform) Apply(dst, event []byte, meta Meta) ([]byte, error) {
	if t == nil {
		return append(dst, event...), nil
	}
	switch t.kind {
	case kindConstant:
		return append(dst, t.constant...), nil
	case kindPath:
		if len(t.path.steps) == 0 {
			return append(dst, event...), nil
		}
		var scratch []byte
		v := t.path.lookup(bytesToString(event), &scratch)
		if !v.Exists() {
			return dst, Permanent(fmt.Errorf("%w: InputPath %s matches nothing in the event", ErrTransform, t.pathText))
		}
		return appendJSONValue(dst, v), nil
	case kindTemplate:
		n := len(dst)
		out, err := t.tmpl.apply(dst, bytesToString(event), meta)
		if err != nil {
			return dst[:n], err
		}
		return out, nil
	}
	return dst, Permanent(fmt.Errorf("%w: zero Transform; use CompileInput", ErrTransform))
}

// validPathKey reports whether k is an InputTransformerPathKey: 1 to 256
// characters matching [A-Za-z0-9\_\-]+ (EventBridge API model).
func validPathKey(k string) bool {
	if k == "" || len(k) > maxPathKeyLen {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
