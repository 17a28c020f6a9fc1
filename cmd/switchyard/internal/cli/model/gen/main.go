// Command gen writes the compact service descriptions the CLI decodes its
// options with (model/events.json, model/cloudtrail-data.json).
//
// It reads an AWS service model (the JSON the AWS SDKs are generated from,
// gzipped or not) and keeps only what the CLI needs: operations, their
// input and output shapes, member names in model order, types, required
// members, enums, minimums and paginators. Documentation is dropped. The
// CLI option spelling (--event-bus-name) is derived here with the same
// rule the aws CLI uses, so the runtime never guesses.
//
//	go run ./internal/cli/model/gen -service events \
//	    -model .../events/2015-10-07/service-2.json.gz \
//	    -paginators .../events/2015-10-07/paginators-1.json.gz > internal/cli/model/events.json
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

type rawModel struct {
	Metadata struct {
		Protocol     string `json:"protocol"`
		TargetPrefix string `json:"targetPrefix"`
		EndpointPfx  string `json:"endpointPrefix"`
		APIVersion   string `json:"apiVersion"`
	} `json:"metadata"`
	Operations map[string]struct {
		Input  *struct{ Shape string } `json:"input"`
		Output *struct{ Shape string } `json:"output"`
	} `json:"operations"`
	Shapes map[string]json.RawMessage `json:"shapes"`
}

type rawShape struct {
	Type     string          `json:"type"`
	Required []string        `json:"required"`
	Members  json.RawMessage `json:"members"`
	Member   *struct {
		Shape string `json:"shape"`
	} `json:"member"`
	Key *struct {
		Shape string `json:"shape"`
	} `json:"key"`
	Value *struct {
		Shape string `json:"shape"`
	} `json:"value"`
	Enum []string `json:"enum"`
	Min  *float64 `json:"min"`
}

type rawMember struct {
	Shape        string `json:"shape"`
	Location     string `json:"location"`
	LocationName string `json:"locationName"`
}

func main() {
	service := flag.String("service", "", "CLI service name (events, cloudtrail-data)")
	modelPath := flag.String("model", "", "service-2.json[.gz]")
	pagPath := flag.String("paginators", "", "paginators-1.json[.gz] (optional)")
	flag.Parse()
	if err := run(os.Stdout, *service, *modelPath, *pagPath); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func readMaybeGzip(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	}
	return b, nil
}

func run(w io.Writer, service, modelPath, pagPath string) error {
	raw, err := readMaybeGzip(modelPath)
	if err != nil {
		return err
	}
	var m rawModel
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	out := map[string]any{
		"service":      service,
		"protocol":     m.Metadata.Protocol,
		"targetPrefix": m.Metadata.TargetPrefix,
	}
	var pag struct {
		Pagination map[string]map[string]any `json:"pagination"`
	}
	if pagPath != "" {
		pb, err := readMaybeGzip(pagPath)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(pb, &pag); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(m.Operations))
	for n := range m.Operations {
		names = append(names, n)
	}
	sort.Strings(names)
	var ops []map[string]any
	for _, n := range names {
		o := m.Operations[n]
		op := map[string]any{"name": n, "cli": xformName(n)}
		if o.Input != nil {
			op["input"] = o.Input.Shape
		}
		if o.Output != nil {
			op["output"] = o.Output.Shape
		}
		if p, ok := pag.Pagination[n]; ok {
			op["paginator"] = p
		}
		ops = append(ops, op)
	}
	out["operations"] = ops

	shapes := map[string]any{}
	for name, rs := range m.Shapes {
		var s rawShape
		if err := json.Unmarshal(rs, &s); err != nil {
			return fmt.Errorf("shape %s: %w", name, err)
		}
		d := map[string]any{"type": s.Type}
		if len(s.Required) > 0 {
			d["required"] = s.Required
		}
		if len(s.Enum) > 0 {
			d["enum"] = s.Enum
		}
		if s.Min != nil {
			d["min"] = *s.Min
		}
		if s.Member != nil {
			d["member"] = s.Member.Shape
		}
		if s.Key != nil {
			d["key"] = s.Key.Shape
		}
		if s.Value != nil {
			d["value"] = s.Value.Shape
		}
		if s.Type == "structure" {
			members, err := orderedMembers(s.Members)
			if err != nil {
				return fmt.Errorf("shape %s: %w", name, err)
			}
			d["members"] = members
		}
		shapes[name] = d
	}
	out["shapes"] = shapes
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}

// orderedMembers keeps the model's member order, which decides the order
// of keys in skeletons and in printed responses.
func orderedMembers(raw json.RawMessage) ([]map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var out []map[string]string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var rm rawMember
		if err := dec.Decode(&rm); err != nil {
			return nil, err
		}
		name := t.(string)
		m := map[string]string{"name": name, "shape": rm.Shape, "cli": xformName(name)}
		if rm.Location != "" {
			m["location"] = rm.Location
		}
		out = append(out, m)
	}
	return out, nil
}

var (
	firstCap    = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	endCap      = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	specialCase = regexp.MustCompile(`[A-Z]{2,}s$`)
)

// xformName turns a model name into the aws CLI's spelling: PutEvents ->
// put-events, EventBusName -> event-bus-name, ARNs -> arns.
func xformName(name string) string {
	if strings.Contains(name, "-") {
		return name
	}
	if m := specialCase.FindString(name); m != "" {
		name = name[:len(name)-len(m)] + "-" + strings.ToLower(m)
	}
	s := firstCap.ReplaceAllString(name, "${1}-${2}")
	return strings.ToLower(endCap.ReplaceAllString(s, "${1}-${2}"))
}
