// Package model describes the AWS operations the switchyard CLI offers:
// for each operation its aws CLI name, input and output shapes, and for
// each shape its type, members in model order, required members, enums,
// minimums and CLI option names.
//
// The CLI is model driven, as the aws CLI is: a parameter's shape decides
// whether `--limit 5` is a number, whether `--entries A=1 A=2` is a list of
// structures and what order the keys of a printed response come in. The
// descriptions are generated from the AWS service models by ./gen and
// embedded; they carry no documentation text.
package model

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// Shape types, spelled as in the AWS service models.
const (
	Structure = "structure"
	List      = "list"
	Map       = "map"
	String    = "string"
	Integer   = "integer"
	Long      = "long"
	Float     = "float"
	Double    = "double"
	Boolean   = "boolean"
	Timestamp = "timestamp"
	Blob      = "blob"
)

// Member is one member of a structure shape.
type Member struct {
	Name     string `json:"name"`     // AWS spelling: EventBusName, channelArn
	Shape    string `json:"shape"`    // name of the member's shape
	CLI      string `json:"cli"`      // option spelling without dashes: event-bus-name
	Location string `json:"location"` // REST binding (querystring, uri, header) or empty
}

// Shape is a named type of the service model.
type Shape struct {
	Name     string   `json:"-"`
	Type     string   `json:"type"`
	Members  []Member `json:"members"`  // structure members in model order
	Required []string `json:"required"` // required structure members
	Member   string   `json:"member"`   // list element shape
	Key      string   `json:"key"`      // map key shape
	Value    string   `json:"value"`    // map value shape
	Enum     []string `json:"enum"`     // allowed string values, if any
	Min      *float64 `json:"min"`      // minimum length (string, list, map) or value (numbers)
}

// IsScalar reports whether values of the shape are neither lists, maps nor
// structures.
func (s *Shape) IsScalar() bool {
	return s.Type != Structure && s.Type != List && s.Type != Map
}

// IsRequired reports whether the structure shape requires member name.
func (s *Shape) IsRequired(name string) bool {
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

// MemberByName returns the structure member called name, or false.
func (s *Shape) MemberByName(name string) (Member, bool) {
	for _, m := range s.Members {
		if m.Name == name {
			return m, true
		}
	}
	return Member{}, false
}

// Paginator says how an operation pages (the aws CLI's paginators): the
// request token member, the response token member, the page size member and
// the list members that are concatenated across pages.
type Paginator struct {
	InputToken  string `json:"input_token"`
	OutputToken string `json:"output_token"`
	LimitKey    string `json:"limit_key"`
	ResultKey   string `json:"result_key"`
}

// Operation is one API operation.
type Operation struct {
	Name      string     `json:"name"`   // PutEvents
	CLI       string     `json:"cli"`    // put-events
	Input     string     `json:"input"`  // input shape name, or empty
	Output    string     `json:"output"` // output shape name, or empty
	Paginator *Paginator `json:"paginator"`
}

// Service is one AWS service as the CLI sees it.
type Service struct {
	Name         string                `json:"service"` // CLI name: events
	Protocol     string                `json:"protocol"`
	TargetPrefix string                `json:"targetPrefix"`
	Operations   []Operation           `json:"operations"` // sorted by name
	Shapes       map[string]*Shape     `json:"shapes"`
	byCLI        map[string]*Operation // put-events -> operation
}

// Shape returns the shape called name. It panics on a name the model does
// not define: every name comes from the embedded model itself, so a miss
// is a defect of the generated file, caught by the package tests.
func (s *Service) Shape(name string) *Shape {
	sh, ok := s.Shapes[name]
	if !ok {
		panic(fmt.Sprintf("model: %s has no shape %q", s.Name, name))
	}
	return sh
}

// Operation returns the operation the aws CLI calls cli (put-events).
func (s *Service) Operation(cli string) (*Operation, bool) {
	op, ok := s.byCLI[cli]
	return op, ok
}

// OperationNames returns the CLI names of every operation, sorted.
func (s *Service) OperationNames() []string {
	out := make([]string, 0, len(s.Operations))
	for _, op := range s.Operations {
		out = append(out, op.CLI)
	}
	sort.Strings(out)
	return out
}

//go:embed events.json
var eventsJSON []byte

//go:embed cloudtrail-data.json
var cloudtrailDataJSON []byte

var (
	loadOnce sync.Once
	services map[string]*Service
	loadErr  error
)

// Services returns the services the CLI knows, by CLI name (events,
// cloudtrail-data). The descriptions are parsed once and shared; callers
// must not modify them.
func Services() (map[string]*Service, error) {
	loadOnce.Do(func() {
		services = map[string]*Service{}
		for _, raw := range [][]byte{eventsJSON, cloudtrailDataJSON} {
			s, err := parse(raw)
			if err != nil {
				loadErr = err
				return
			}
			services[s.Name] = s
		}
	})
	return services, loadErr
}

// Lookup returns the named service, or false.
func Lookup(name string) (*Service, bool) {
	all, err := Services()
	if err != nil {
		return nil, false
	}
	s, ok := all[name]
	return s, ok
}

func parse(raw []byte) (*Service, error) {
	var s Service
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	s.byCLI = make(map[string]*Operation, len(s.Operations))
	for i := range s.Operations {
		s.byCLI[s.Operations[i].CLI] = &s.Operations[i]
	}
	for name, sh := range s.Shapes {
		sh.Name = name
	}
	return &s, nil
}
