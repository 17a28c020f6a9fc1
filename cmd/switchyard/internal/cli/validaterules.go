package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/switchyard-go/switchyard/pattern"
)

// errRulesInvalid is validate-rules finding at least one bad rule; the
// command exits with 1, the way linters do.
var errRulesInvalid = errors.New("validate-rules: invalid rules found")

// ruleSource is one event pattern found in a file, with where it was
// found: the JSON path inside the file.
type ruleSource struct {
	file    string
	path    string // Resources.OrderRule.Properties.EventPattern
	pattern string // the pattern's JSON text
	skip    string // why it cannot be checked here, if so
}

// validateRules is `switchyard events validate-rules DIR...` (no AWS
// equivalent): every .json file under each directory is read as
//
//   - a CloudFormation template: each AWS::Events::Rule's
//     Properties.EventPattern (an object or a JSON string);
//   - a Terraform JSON file (.tf.json): each aws_cloudwatch_event_rule's
//     event_pattern;
//   - a put-rule input (a top-level EventPattern);
//   - otherwise an event pattern itself. A file that looks like an event
//     (a string "source" at the top) is not a pattern and is passed over.
//
// Every pattern is compiled with the same compiler and size limit as the
// bus. Each problem is printed as FILE: JSON-PATH: message, then a count.
func (r *runner) validateRules(args []string) error {
	var dirs []string
	for _, a := range args {
		if a == "help" || a == "--help" {
			fmt.Fprintln(r.stdout, "switchyard events validate-rules DIR [DIR...]\n\nCompiles every event pattern in the directories: pattern files (*.json),\nCloudFormation templates (AWS::Events::Rule EventPattern) and Terraform JSON\n(aws_cloudwatch_event_rule event_pattern). Prints FILE: PATH: error for each\nbad rule and exits 1 if there is any, 0 otherwise.")
			return nil
		}
		if isOptionWord(a) {
			return usagef("Unknown options: %s", a)
		}
		dirs = append(dirs, a)
	}
	if len(dirs) == 0 {
		return usagef("the following arguments are required: DIR")
	}
	var files []string
	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil {
			return usagef("validate-rules: %v", err)
		}
		if !st.IsDir() {
			files = append(files, d)
			continue
		}
		err = filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() && p != d && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("validate-rules: %w", err)
		}
	}
	sort.Strings(files)
	checked, bad := 0, 0
	for _, f := range files {
		rules, err := rulesInFile(f)
		if err != nil {
			fmt.Fprintf(r.stdout, "%s: %v\n", f, err)
			bad++
			continue
		}
		for _, rs := range rules {
			if rs.skip != "" {
				fmt.Fprintf(r.stdout, "%s: %s: skipped: %s\n", rs.file, rs.path, rs.skip)
				continue
			}
			checked++
			if err := checkPattern(rs.pattern); err != nil {
				bad++
				fmt.Fprintf(r.stdout, "%s: %s: %v\n", rs.file, displayPath(rs.path), err)
			}
		}
	}
	fmt.Fprintf(r.stdout, "%d patterns in %d files checked, %d invalid\n", checked, len(files), bad)
	if bad > 0 {
		return errRulesInvalid
	}
	return nil
}

func displayPath(p string) string {
	if p == "" {
		return "$"
	}
	return p
}

// checkPattern applies the bus's rules: the size limit, then the compiler.
func checkPattern(src string) error {
	if n := len([]rune(src)); n > maxPatternSize {
		return fmt.Errorf("event pattern is too long: %d characters, the limit is %d", n, maxPatternSize)
	}
	_, err := pattern.Compile([]byte(src))
	return err
}

// rulesInFile finds the event patterns a JSON file holds.
func rulesInFile(file string) ([]ruleSource, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not valid JSON: %v", err)
	}
	top, ok := doc.(map[string]any)
	if !ok {
		return []ruleSource{{file: file, pattern: string(data)}}, nil
	}
	if res, ok := top["Resources"].(map[string]any); ok {
		return cfnRules(file, res), nil
	}
	if res, ok := top["resource"]; ok {
		return terraformRules(file, res), nil
	}
	if p, ok := top["EventPattern"]; ok {
		return []ruleSource{patternAt(file, "EventPattern", p)}, nil
	}
	if _, isEvent := top["source"].(string); isEvent {
		return nil, nil
	}
	return []ruleSource{{file: file, pattern: string(data)}}, nil
}

func cfnRules(file string, resources map[string]any) []ruleSource {
	var out []ruleSource
	for _, name := range sortedKeys(resources) {
		res, _ := resources[name].(map[string]any)
		if t, _ := res["Type"].(string); t != "AWS::Events::Rule" {
			continue
		}
		props, _ := res["Properties"].(map[string]any)
		p, ok := props["EventPattern"]
		if !ok {
			continue // a scheduled rule
		}
		out = append(out, patternAt(file, "Resources."+name+".Properties.EventPattern", p))
	}
	return out
}

// terraformRules reads Terraform's JSON syntax, where "resource" is an
// object (or a list of objects) of type -> name -> arguments.
func terraformRules(file string, res any) []ruleSource {
	var blocks []map[string]any
	switch x := res.(type) {
	case map[string]any:
		blocks = append(blocks, x)
	case []any:
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				blocks = append(blocks, m)
			}
		}
	}
	var out []ruleSource
	for _, b := range blocks {
		rules, _ := b["aws_cloudwatch_event_rule"].(map[string]any)
		for _, name := range sortedKeys(rules) {
			var bodies []map[string]any
			switch x := rules[name].(type) {
			case map[string]any:
				bodies = append(bodies, x)
			case []any:
				for _, e := range x {
					if m, ok := e.(map[string]any); ok {
						bodies = append(bodies, m)
					}
				}
			}
			for _, body := range bodies {
				p, ok := body["event_pattern"]
				if !ok {
					continue
				}
				out = append(out, patternAt(file, "resource.aws_cloudwatch_event_rule."+name+".event_pattern", p))
			}
		}
	}
	return out
}

// patternAt turns a rule's pattern value into text: a JSON string is the
// pattern's text, an object is the pattern. Values computed by the
// template language (CloudFormation intrinsics, Terraform ${...}) cannot
// be checked without evaluating the template and are reported as skipped.
func patternAt(file, path string, v any) ruleSource {
	rs := ruleSource{file: file, path: path}
	switch x := v.(type) {
	case string:
		if strings.Contains(x, "${") {
			rs.skip = "the pattern is a Terraform expression"
			return rs
		}
		rs.pattern = x
	case map[string]any:
		for k := range x {
			if strings.HasPrefix(k, "Fn::") || k == "Ref" {
				rs.skip = "the pattern is computed by " + k
				return rs
			}
		}
		b, _ := json.Marshal(x)
		rs.pattern = string(b)
	default:
		b, _ := json.Marshal(x)
		rs.pattern = string(b)
	}
	return rs
}

// sortedKeys returns m's keys in lexical order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
