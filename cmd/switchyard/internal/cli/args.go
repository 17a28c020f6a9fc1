package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/shorthand"
)

// globals are the options every command takes, spelled as the aws CLI
// spells them, plus --data-dir for the embedded mode.
type globals struct {
	endpointURL   string
	region        string
	output        string // json, text or table
	query         string // JMESPath applied to the response
	profile       string
	dataDir       string
	noPaginate    bool
	debug         bool
	noVerifySSL   bool
	noSignRequest bool
	color         string
}

// globalFlags lists the global options and whether each takes a value.
var globalFlags = map[string]bool{
	"endpoint-url": true, "region": true, "output": true, "query": true,
	"profile": true, "data-dir": true, "color": true, "ca-bundle": true,
	"cli-read-timeout": true, "cli-connect-timeout": true,
	"no-paginate": false, "debug": false, "no-verify-ssl": false,
	"no-sign-request": false,
}

func (g *globals) set(name, value string) error {
	switch name {
	case "endpoint-url":
		g.endpointURL = value
	case "region":
		g.region = value
	case "output":
		switch value {
		case "json", "text", "table":
		default:
			return usagef("argument --output: Invalid choice, valid choices are:\n\njson                                     | text\ntable")
		}
		g.output = value
	case "query":
		g.query = value
	case "profile":
		g.profile = value
	case "data-dir":
		g.dataDir = value
	case "color":
		g.color = value
	case "no-paginate":
		g.noPaginate = true
	case "debug":
		g.debug = true
	case "no-verify-ssl":
		g.noVerifySSL = true
	case "no-sign-request":
		g.noSignRequest = true
	}
	return nil
}

// defaults fills what the command line left out from the environment, as
// the aws CLI does.
func (g *globals) defaults(env func(string) string) {
	if g.endpointURL == "" {
		g.endpointURL = env("SWITCHYARD_ENDPOINT")
	}
	if g.endpointURL == "" {
		g.endpointURL = env("AWS_ENDPOINT_URL_EVENTBRIDGE")
	}
	if g.endpointURL == "" {
		g.endpointURL = env("AWS_ENDPOINT_URL")
	}
	if g.region == "" {
		g.region = env("AWS_REGION")
	}
	if g.region == "" {
		g.region = env("AWS_DEFAULT_REGION")
	}
	if g.output == "" {
		g.output = env("AWS_DEFAULT_OUTPUT")
	}
	if g.output == "" {
		g.output = "json"
	}
	if g.dataDir == "" {
		g.dataDir = env("SWITCHYARD_DATA_DIR")
	}
	if g.dataDir == "" {
		g.dataDir = "switchyard-data"
	}
	if g.profile == "" {
		g.profile = env("AWS_PROFILE")
	}
}

// opArgs is one operation's command line after parsing: the raw words
// given for each model member, keyed by member name, plus the CLI-only
// options.
type opArgs struct {
	values       map[string][]string // member name -> words after --option
	bools        map[string]bool     // boolean members given as --flag/--no-flag
	order        []string            // member names in command-line order
	cliInputJSON string
	skeleton     string // "", "input" or "output"
	startToken   string
	pageSize     string
	maxItems     string
}

// option is how an operation member is spelled and read on the command line.
type option struct {
	member model.Member
	shape  *model.Shape
}

// optionsFor returns the operation's options by CLI name.
func optionsFor(svc *model.Service, op *model.Operation) map[string]option {
	out := map[string]option{}
	if op.Input == "" {
		return out
	}
	for _, m := range svc.Shape(op.Input).Members {
		out[m.CLI] = option{member: m, shape: svc.Shape(m.Shape)}
	}
	return out
}

// expandOption resolves an abbreviated option to the one option it starts
// (--name-pre is --name-prefix), as the aws CLI's argument parser does. An
// exact name, or a name nothing starts with, is returned as is.
func expandOption(name string, svc *model.Service, op *model.Operation, opts map[string]option) (string, error) {
	candidates := []string{"cli-input-json", "generate-cli-skeleton"}
	for g := range globalFlags {
		candidates = append(candidates, g)
	}
	for cli, o := range opts {
		candidates = append(candidates, cli)
		if o.shape.Type == model.Boolean {
			candidates = append(candidates, "no-"+cli)
		}
	}
	if op.Paginator != nil {
		candidates = append(candidates, "starting-token", "page-size", "max-items")
	}
	var matches []string
	for _, c := range candidates {
		if c == name {
			return name, nil
		}
		if strings.HasPrefix(c, name) {
			matches = append(matches, c)
		}
	}
	switch len(matches) {
	case 0:
		return name, nil
	case 1:
		return matches[0], nil
	}
	sort.Strings(matches)
	return "", usagef("ambiguous option: --%s could match --%s", name, strings.Join(matches, ", --"))
}

// isOptionWord reports whether a command-line word starts a new option, as
// argparse decides it: "--x" does, "-5" (a negative number) does not.
func isOptionWord(w string) bool {
	return strings.HasPrefix(w, "--") && len(w) > 2
}

// parseOpArgs reads an operation's options and any global options mixed
// in with them.
func parseOpArgs(svc *model.Service, op *model.Operation, words []string, g *globals) (*opArgs, error) {
	opts := optionsFor(svc, op)
	a := &opArgs{values: map[string][]string{}, bools: map[string]bool{}}
	var unknown []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !isOptionWord(w) {
			unknown = append(unknown, w)
			continue
		}
		name, inline, hasInline := strings.Cut(w[2:], "=")
		full, err := expandOption(name, svc, op, opts)
		if err != nil {
			return nil, err
		}
		name = full
		next := func() (string, error) {
			if hasInline {
				return inline, nil
			}
			if i+1 >= len(words) || isOptionWord(words[i+1]) {
				return "", usagef("argument --%s: expected one argument", name)
			}
			i++
			return words[i], nil
		}
		if takes, ok := globalFlags[name]; ok {
			v := ""
			if takes {
				var err error
				if v, err = next(); err != nil {
					return nil, err
				}
			}
			if err := g.set(name, v); err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "cli-input-json":
			v, err := next()
			if err != nil {
				return nil, err
			}
			a.cliInputJSON = v
			continue
		case "generate-cli-skeleton":
			a.skeleton = "input"
			if hasInline {
				a.skeleton = inline
			} else if i+1 < len(words) && !isOptionWord(words[i+1]) {
				i++
				a.skeleton = words[i]
			}
			if a.skeleton != "input" && a.skeleton != "output" {
				return nil, usagef("argument --generate-cli-skeleton: invalid choice: '%s' (choose from 'input', 'output')", a.skeleton)
			}
			continue
		}
		if op.Paginator != nil {
			target := map[string]*string{"starting-token": &a.startToken, "page-size": &a.pageSize, "max-items": &a.maxItems}[name]
			if target != nil {
				v, err := next()
				if err != nil {
					return nil, err
				}
				*target = v
				continue
			}
		}
		o, ok := opts[name]
		if !ok && strings.HasPrefix(name, "no-") {
			if bo, bok := opts[name[3:]]; bok && bo.shape.Type == model.Boolean {
				a.bools[bo.member.Name] = false
				a.order = append(a.order, bo.member.Name)
				continue
			}
		}
		if !ok {
			unknown = append(unknown, w)
			continue
		}
		if _, dup := a.values[o.member.Name]; dup {
			return nil, usagef("argument --%s: expected one argument (given twice)", name)
		}
		a.order = append(a.order, o.member.Name)
		switch {
		case o.shape.Type == model.Boolean:
			a.bools[o.member.Name] = true
			if hasInline {
				return nil, usagef("argument --%s: ignored explicit argument '%s'", name, inline)
			}
		case o.shape.Type == model.List:
			var vals []string
			if hasInline {
				vals = append(vals, inline)
			}
			for i+1 < len(words) && !isOptionWord(words[i+1]) {
				i++
				vals = append(vals, words[i])
			}
			if len(vals) == 0 {
				return nil, usagef("argument --%s: expected at least one argument", name)
			}
			a.values[o.member.Name] = vals
		default:
			v, err := next()
			if err != nil {
				return nil, err
			}
			a.values[o.member.Name] = []string{v}
		}
	}
	if len(unknown) > 0 {
		return nil, usagef("Unknown options: %s", strings.Join(unknown, ", "))
	}
	if a.skeleton == "input" || a.cliInputJSON != "" {
		return a, nil
	}
	var missing []string
	if op.Input != "" {
		in := svc.Shape(op.Input)
		for _, m := range in.Members {
			if !in.IsRequired(m.Name) {
				continue
			}
			_, v := a.values[m.Name]
			_, b := a.bools[m.Name]
			if !v && !b {
				missing = append(missing, "--"+m.CLI)
			}
		}
	}
	if len(missing) > 0 {
		return nil, usagef("the following arguments are required: %s", strings.Join(missing, ", "))
	}
	return a, nil
}

// buildRequest turns parsed options into the operation's request: the
// --cli-input-json document first, then every option given explicitly
// (which wins over the document, as in the aws CLI), then validation.
func buildRequest(svc *model.Service, op *model.Operation, a *opArgs) (map[string]any, error) {
	req := map[string]any{}
	if a.cliInputJSON != "" {
		text := a.cliInputJSON
		if c, ok, err := readParamFile(text); err != nil {
			return nil, &ParamError{Option: "--cli-input-json", Msg: err.Error(), Err: err}
		} else if ok {
			text = c
		}
		v, err := decodeJSONValue(text)
		if err != nil {
			return nil, &ParamError{Option: "--cli-input-json", Msg: fmt.Sprintf("Invalid JSON received.\nJSON received: %s", text), Err: err}
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, &ParamError{Option: "--cli-input-json", Msg: "Invalid JSON received: not a JSON object."}
		}
		req = obj
	}
	opts := optionsFor(svc, op)
	byName := map[string]option{}
	for _, o := range opts {
		byName[o.member.Name] = o
	}
	for _, name := range a.order {
		o := byName[name]
		if b, ok := a.bools[name]; ok {
			req[name] = b
			continue
		}
		v, err := decodeOption(svc, o, a.values[name])
		if err != nil {
			return nil, err
		}
		req[name] = v
	}
	if op.Input == "" {
		return req, nil
	}
	var problems []string
	validated := validate(svc, svc.Shape(op.Input), req, "", &problems)
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	return validated.(map[string]any), nil
}

// decodeOption reads one option's words as the member's shape asks:
// JSON, shorthand or scalars, with file:// references resolved.
func decodeOption(svc *model.Service, o option, words []string) (any, error) {
	cli := "--" + o.member.CLI
	resolved := make([]string, len(words))
	for i, w := range words {
		c, ok, err := readParamFile(w)
		if err != nil {
			return nil, &ParamError{Option: cli, Msg: err.Error(), Err: err}
		}
		if ok {
			w = c
		}
		resolved[i] = w
	}
	wrap := func(err error) error {
		return &ParamError{Option: cli, Msg: err.Error(), Err: err}
	}
	sh := o.shape
	switch sh.Type {
	case model.Structure, model.Map:
		return decodeComplex(svc, sh, resolved[0], cli)
	case model.List:
		if len(resolved) == 1 && strings.HasPrefix(strings.TrimSpace(resolved[0]), "[") {
			return decodeJSONOption(resolved[0], cli)
		}
		el := svc.Shape(sh.Member)
		out := make([]any, len(resolved))
		for i, w := range resolved {
			if el.IsScalar() {
				v, err := coerceScalar(el, w)
				if err != nil {
					return nil, wrap(err)
				}
				out[i] = v
				continue
			}
			v, err := decodeComplex(svc, el, w, cli)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	v, err := coerceScalar(sh, resolved[0])
	if err != nil {
		return nil, wrap(err)
	}
	return v, nil
}

// decodeComplex reads a structure, map or list value written as JSON (it
// starts with { or [) or in shorthand syntax.
func decodeComplex(svc *model.Service, sh *model.Shape, text, cli string) (any, error) {
	trimmed := strings.TrimSpace(text)
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		return decodeJSONOption(text, cli)
	}
	if sh.Type == model.List {
		return nil, &ParamError{Option: cli, Msg: fmt.Sprintf("Invalid JSON:\n%s", text)}
	}
	parsed, err := parseShorthand(text)
	if err != nil {
		return nil, &ParamError{Option: cli, Msg: err.Error(), Err: err}
	}
	v, err := coerceShorthand(svc, sh, parsed)
	if err != nil {
		return nil, &ParamError{Option: cli, Msg: err.Error(), Err: err}
	}
	return v, nil
}

func decodeJSONOption(text, cli string) (any, error) {
	v, err := decodeJSONValue(text)
	if err != nil {
		return nil, &ParamError{Option: cli, Msg: fmt.Sprintf("Invalid JSON: %v\nJSON received: %s", err, text), Err: err}
	}
	return v, nil
}

// decodeJSONValue decodes one JSON document, keeping numbers' text
// (json.Number) so that validation can tell 5 from 5.0.
func decodeJSONValue(text string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("extra data after the JSON value")
	}
	return v, nil
}

// parseShorthand parses a shorthand value, reading key@=file://... values
// from their files.
func parseShorthand(text string) (map[string]any, error) {
	return shorthand.Parse(text, readParamFile)
}
