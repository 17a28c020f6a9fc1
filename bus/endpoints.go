package bus

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
)

// Global endpoints
//
// A global endpoint pairs an event bus in the endpoint's home (primary)
// region with the bus of the same name in a secondary region. PutEvents
// through the endpoint (its EndpointId, set on the context with
// WithEndpointID; the server takes it from the request) puts the events on
// the primary region's bus, and, when replication is ENABLED (the
// default), on the secondary region's bus too, as EventBridge replicates
// them ("Making applications Regional-fault tolerant with global endpoints
// and event replication", user guide). A bus has no health check to fail
// here: the Route 53 health check named in RoutingConfig is stored and
// described, and events always take the primary region.

// Endpoint states. An endpoint is ACTIVE once created or updated; the
// other states are EventBridge's asynchronous work, done before the call
// returns here.
const (
	EndpointActive       = "ACTIVE"
	EndpointCreating     = "CREATING"
	EndpointUpdating     = "UPDATING"
	EndpointDeleting     = "DELETING"
	EndpointCreateFailed = "CREATE_FAILED"
	EndpointUpdateFailed = "UPDATE_FAILED"
	EndpointDeleteFailed = "DELETE_FAILED"
)

// RoutingConfig is an endpoint's routing: the health check of the primary
// region and the secondary region.
type RoutingConfig struct {
	FailoverConfig *FailoverConfig `json:"FailoverConfig"`
}

// FailoverConfig says what triggers failover and where events go then.
type FailoverConfig struct {
	Primary   *Primary   `json:"Primary"`
	Secondary *Secondary `json:"Secondary"`
}

// Primary names the Route 53 health check of the primary region.
type Primary struct {
	HealthCheck string `json:"HealthCheck"`
}

// Secondary names the secondary region.
type Secondary struct {
	Route string `json:"Route"`
}

// ReplicationConfig says whether events are replicated to the secondary
// region: ENABLED (the default) or DISABLED.
type ReplicationConfig struct {
	State string `json:"State,omitempty"`
}

// EndpointEventBus is one of an endpoint's two event buses.
type EndpointEventBus struct {
	EventBusARN string `json:"EventBusArn"`
}

// Endpoint describes a global endpoint, as DescribeEndpoint and
// ListEndpoints return it.
type Endpoint struct {
	Name              string             `json:"Name,omitempty"`
	Description       string             `json:"Description,omitempty"`
	ARN               string             `json:"Arn,omitempty"`
	RoutingConfig     *RoutingConfig     `json:"RoutingConfig,omitempty"`
	ReplicationConfig *ReplicationConfig `json:"ReplicationConfig,omitempty"`
	EventBuses        []EndpointEventBus `json:"EventBuses,omitempty"`
	RoleARN           string             `json:"RoleArn,omitempty"`
	EndpointID        string             `json:"EndpointId,omitempty"`
	EndpointURL       string             `json:"EndpointUrl,omitempty"`
	State             string             `json:"State,omitempty"`
	StateReason       string             `json:"StateReason,omitempty"`
	CreationTime      time.Time          `json:"CreationTime,omitzero"`
	LastModifiedTime  time.Time          `json:"LastModifiedTime,omitzero"`
}

// endpoint is a stored endpoint. Guarded by Bus.mu.
type endpoint struct {
	scope
	d Endpoint
}

// CreateEndpointInput is the input of CreateEndpoint.
type CreateEndpointInput struct {
	Name              string             `json:"Name"`
	Description       string             `json:"Description,omitempty"`
	RoutingConfig     *RoutingConfig     `json:"RoutingConfig"`
	ReplicationConfig *ReplicationConfig `json:"ReplicationConfig,omitempty"`
	EventBuses        []EndpointEventBus `json:"EventBuses"` // exactly 2, of the same name
	RoleARN           string             `json:"RoleArn,omitempty"`
}

// CreateEndpointOutput is the result of CreateEndpoint.
type CreateEndpointOutput struct {
	Name              string             `json:"Name,omitempty"`
	ARN               string             `json:"Arn,omitempty"`
	RoutingConfig     *RoutingConfig     `json:"RoutingConfig,omitempty"`
	ReplicationConfig *ReplicationConfig `json:"ReplicationConfig,omitempty"`
	EventBuses        []EndpointEventBus `json:"EventBuses,omitempty"`
	RoleARN           string             `json:"RoleArn,omitempty"`
	State             string             `json:"State,omitempty"`
}

// Patterns of the endpoint members (API reference: CreateEndpoint,
// Primary, Secondary, EndpointEventBus).
var (
	healthCheckRE = regexp.MustCompile(`^arn:aws([a-z]|\-)*:route53:::healthcheck/[\-a-z\d]+$`)
	routeRE       = regexp.MustCompile(`^[\-a-z0-9]+$`)
	endpointBusRE = regexp.MustCompile(`^arn:aws[a-z-]*:events:[a-z]{2}-[a-z-]+-\d+:\d{12}:event-bus/[\w.-]+$`)
)

// checkEndpoint validates the members CreateEndpoint and UpdateEndpoint
// share; required says whether RoutingConfig and EventBuses must be given.
func checkEndpoint(v *awsreq.Violations, desc string, rc *RoutingConfig, buses []EndpointEventBus, rep *ReplicationConfig, role string, required bool) {
	v.Length(desc, "description", 0, 512)
	v.Length(role, "roleArn", 0, 256)
	if rc == nil || rc.FailoverConfig == nil || rc.FailoverConfig.Primary == nil || rc.FailoverConfig.Secondary == nil {
		if rc != nil || required {
			v.Required("routingConfig.failoverConfig")
		}
	} else {
		hc, route := rc.FailoverConfig.Primary.HealthCheck, rc.FailoverConfig.Secondary.Route
		v.Length(hc, "routingConfig.failoverConfig.primary.healthCheck", 1, 1600)
		if hc != "" && !healthCheckRE.MatchString(hc) {
			v.Add(hc, "routingConfig.failoverConfig.primary.healthCheck", "satisfy regular expression pattern: "+healthCheckRE.String())
		}
		v.Length(route, "routingConfig.failoverConfig.secondary.route", 9, 20)
		if route != "" && !routeRE.MatchString(route) {
			v.Add(route, "routingConfig.failoverConfig.secondary.route", "satisfy regular expression pattern: "+routeRE.String())
		}
	}
	if buses != nil || required {
		if len(buses) != 2 {
			v.Add("["+strconv.Itoa(len(buses))+" items]", "eventBuses", "have length 2")
		}
		for i, eb := range buses {
			if !endpointBusRE.MatchString(eb.EventBusARN) {
				v.Add(eb.EventBusARN, "eventBuses."+strconv.Itoa(i+1)+".member.eventBusArn", "satisfy regular expression pattern: "+endpointBusRE.String())
			}
		}
	}
	if rep != nil && rep.State != "" && rep.State != "ENABLED" && rep.State != "DISABLED" {
		v.Add(rep.State, "replicationConfig.state", "satisfy enum value set: [ENABLED, DISABLED]")
	}
}

// checkEndpointSemantics applies the rules beyond the model: the two buses
// have the same name, one in the home region and one in the secondary, and
// replication (ENABLED unless DISABLED) needs a role.
func checkEndpointSemantics(home string, d *Endpoint) error {
	var regions, names []string
	for _, eb := range d.EventBuses {
		a, _ := parseARN(eb.EventBusARN)
		regions = append(regions, a.region)
		names = append(names, strings.TrimPrefix(a.resource, "event-bus/"))
	}
	if names[0] != names[1] {
		return awsErr(switchyard.CodeValidation, "The names of the event buses must be identical in each Region.")
	}
	secondary := d.RoutingConfig.FailoverConfig.Secondary.Route
	if !slices.Contains(regions, home) || !slices.Contains(regions, secondary) || home == secondary {
		return awsErr(switchyard.CodeValidation, "The event buses must be in the endpoint's Region ("+home+") and in the secondary Region ("+secondary+").")
	}
	if (d.ReplicationConfig == nil || d.ReplicationConfig.State != "DISABLED") && d.RoleARN == "" {
		return awsErr(switchyard.CodeValidation, "RoleArn is required when event replication is ENABLED.")
	}
	return nil
}

// CreateEndpoint creates a global endpoint in the caller's account, with
// the caller's region as its home (primary) region.
func (b *Bus) CreateEndpoint(ctx context.Context, in CreateEndpointInput) (CreateEndpointOutput, error) {
	if b.closed.Load() {
		return CreateEndpointOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	checkEndpoint(&v, in.Description, in.RoutingConfig, in.EventBuses, in.ReplicationConfig, in.RoleARN, true)
	if err := v.Err(); err != nil {
		return CreateEndpointOutput{}, err
	}
	s := b.scopeOf(ctx)
	d := Endpoint{
		Name: in.Name, Description: in.Description, RoutingConfig: in.RoutingConfig,
		ReplicationConfig: in.ReplicationConfig, EventBuses: slices.Clone(in.EventBuses), RoleARN: in.RoleARN,
	}
	if d.ReplicationConfig == nil {
		d.ReplicationConfig = &ReplicationConfig{State: "ENABLED"}
	}
	if err := checkEndpointSemantics(s.region, &d); err != nil {
		return CreateEndpointOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	k := resourceKey(s, in.Name)
	if b.endpoints[k] != nil {
		return CreateEndpointOutput{}, awsErr(switchyard.CodeResourceAlreadyExists, "Endpoint "+in.Name+" already exists.")
	}
	id := strings.ToLower(strings.ReplaceAll(b.cfg.resourceIDs(), "-", ""))
	for len(id) < 8 {
		id += "0"
	}
	now := b.clock.Now()
	d.ARN = "arn:aws:events:" + s.region + ":" + s.account + ":endpoint/" + in.Name
	d.EndpointID = id[:5] + "." + id[5:8]
	d.EndpointURL = "https://" + d.EndpointID + ".endpoint.events.amazonaws.com"
	d.State = EndpointActive
	d.CreationTime, d.LastModifiedTime = now, now
	if b.endpoints == nil {
		b.endpoints = map[string]*endpoint{}
	}
	b.endpoints[k] = &endpoint{scope: s, d: d}
	return CreateEndpointOutput{Name: d.Name, ARN: d.ARN, RoutingConfig: d.RoutingConfig, ReplicationConfig: d.ReplicationConfig,
		EventBuses: slices.Clone(d.EventBuses), RoleARN: d.RoleARN, State: d.State}, nil
}

// DescribeEndpointInput is the input of DescribeEndpoint.
type DescribeEndpointInput struct {
	Name       string `json:"Name"`
	HomeRegion string `json:"HomeRegion,omitempty"` // the endpoint's region; empty means the caller's
}

// DescribeEndpointOutput describes a global endpoint.
type DescribeEndpointOutput = Endpoint

// DescribeEndpoint describes a global endpoint of the caller's account.
func (b *Bus) DescribeEndpoint(ctx context.Context, in DescribeEndpointInput) (DescribeEndpointOutput, error) {
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DescribeEndpointOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	e, err := b.endpointLocked(ctx, in.Name, in.HomeRegion)
	if err != nil {
		return DescribeEndpointOutput{}, err
	}
	d := e.d
	d.EventBuses = slices.Clone(d.EventBuses)
	return d, nil
}

// UpdateEndpointInput is the input of UpdateEndpoint. Fields left empty
// keep their values.
type UpdateEndpointInput struct {
	Name              string             `json:"Name"`
	Description       string             `json:"Description,omitempty"`
	RoutingConfig     *RoutingConfig     `json:"RoutingConfig,omitempty"`
	ReplicationConfig *ReplicationConfig `json:"ReplicationConfig,omitempty"`
	EventBuses        []EndpointEventBus `json:"EventBuses,omitempty"`
	RoleARN           string             `json:"RoleArn,omitempty"`
}

// UpdateEndpointOutput is the result of UpdateEndpoint.
type UpdateEndpointOutput struct {
	Name              string             `json:"Name,omitempty"`
	ARN               string             `json:"Arn,omitempty"`
	RoutingConfig     *RoutingConfig     `json:"RoutingConfig,omitempty"`
	ReplicationConfig *ReplicationConfig `json:"ReplicationConfig,omitempty"`
	EventBuses        []EndpointEventBus `json:"EventBuses,omitempty"`
	RoleARN           string             `json:"RoleArn,omitempty"`
	EndpointID        string             `json:"EndpointId,omitempty"`
	EndpointURL       string             `json:"EndpointUrl,omitempty"`
	State             string             `json:"State,omitempty"`
}

// UpdateEndpoint changes a global endpoint of the caller's region.
func (b *Bus) UpdateEndpoint(ctx context.Context, in UpdateEndpointInput) (UpdateEndpointOutput, error) {
	if b.closed.Load() {
		return UpdateEndpointOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	checkEndpoint(&v, in.Description, in.RoutingConfig, in.EventBuses, in.ReplicationConfig, in.RoleARN, false)
	if err := v.Err(); err != nil {
		return UpdateEndpointOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	e, err := b.endpointLocked(ctx, in.Name, "")
	if err != nil {
		return UpdateEndpointOutput{}, err
	}
	d := e.d
	if in.Description != "" {
		d.Description = in.Description
	}
	if in.RoutingConfig != nil {
		d.RoutingConfig = in.RoutingConfig
	}
	if in.ReplicationConfig != nil {
		d.ReplicationConfig = in.ReplicationConfig
	}
	if in.EventBuses != nil {
		d.EventBuses = slices.Clone(in.EventBuses)
	}
	if in.RoleARN != "" {
		d.RoleARN = in.RoleARN
	}
	if err := checkEndpointSemantics(e.region, &d); err != nil {
		return UpdateEndpointOutput{}, err
	}
	d.LastModifiedTime = b.clock.Now()
	e.d = d
	return UpdateEndpointOutput{Name: d.Name, ARN: d.ARN, RoutingConfig: d.RoutingConfig, ReplicationConfig: d.ReplicationConfig,
		EventBuses: slices.Clone(d.EventBuses), RoleARN: d.RoleARN, EndpointID: d.EndpointID, EndpointURL: d.EndpointURL, State: d.State}, nil
}

// DeleteEndpointInput is the input of DeleteEndpoint.
type DeleteEndpointInput struct {
	Name string `json:"Name"`
}

// DeleteEndpointOutput is the (empty) result of DeleteEndpoint.
type DeleteEndpointOutput struct{}

// DeleteEndpoint deletes a global endpoint of the caller's region.
func (b *Bus) DeleteEndpoint(ctx context.Context, in DeleteEndpointInput) (DeleteEndpointOutput, error) {
	if b.closed.Load() {
		return DeleteEndpointOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DeleteEndpointOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	e, err := b.endpointLocked(ctx, in.Name, "")
	if err != nil {
		return DeleteEndpointOutput{}, err
	}
	delete(b.endpoints, resourceKey(e.scope, e.d.Name))
	return DeleteEndpointOutput{}, nil
}

// ListEndpointsInput is the input of ListEndpoints.
type ListEndpointsInput struct {
	NamePrefix string `json:"NamePrefix,omitempty"`
	HomeRegion string `json:"HomeRegion,omitempty"` // empty means the caller's region
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults int    `json:"MaxResults,omitempty"` // page size, 1 to 100; 0 means 100
}

// ListEndpointsOutput is one page of ListEndpoints.
type ListEndpointsOutput struct {
	Endpoints []Endpoint `json:"Endpoints"`
	NextToken string     `json:"NextToken,omitempty"`
}

// ListEndpoints lists the caller's global endpoints of a home region in
// name order.
func (b *Bus) ListEndpoints(ctx context.Context, in ListEndpointsInput) (ListEndpointsOutput, error) {
	var v awsreq.Violations
	v.Length(in.NamePrefix, "namePrefix", 0, 64)
	if in.MaxResults < 0 || in.MaxResults > 100 {
		v.Add(strconv.Itoa(in.MaxResults), "maxResults", "have value between 1 and 100")
	}
	if err := v.Err(); err != nil {
		return ListEndpointsOutput{}, err
	}
	s := b.scopeOf(ctx)
	if in.HomeRegion != "" {
		s.region = in.HomeRegion
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	prefix := resourceKey(s, "")
	var names []string
	for k, e := range b.endpoints {
		if strings.HasPrefix(k, prefix) {
			names = append(names, e.d.Name)
		}
	}
	slices.Sort(names)
	page, next, err := paginate(names, in.NamePrefix, in.NextToken, in.MaxResults)
	if err != nil {
		return ListEndpointsOutput{}, err
	}
	out := ListEndpointsOutput{NextToken: next, Endpoints: make([]Endpoint, 0, len(page))}
	for _, n := range page {
		d := b.endpoints[prefix+n].d
		d.EventBuses = slices.Clone(d.EventBuses)
		out.Endpoints = append(out.Endpoints, d)
	}
	return out, nil
}

// endpointLocked finds an endpoint of the caller's account by name, in
// homeRegion or the caller's region.
func (b *Bus) endpointLocked(ctx context.Context, name, homeRegion string) (*endpoint, error) {
	s := b.scopeOf(ctx)
	if homeRegion != "" {
		s.region = homeRegion
	}
	if e := b.endpoints[resourceKey(s, name)]; e != nil {
		return e, nil
	}
	return nil, awsErr(switchyard.CodeResourceNotFound, "Endpoint "+name+" does not exist.")
}

type endpointKey struct{}

// WithEndpointID returns a context whose PutEvents calls go through the
// global endpoint with that EndpointId, as PutEvents' EndpointId parameter
// does: bus names resolve in the endpoint's home region, and the events
// are replicated to the secondary region's bus when replication is
// ENABLED. An EndpointId the caller's account does not have fails the
// call with ResourceNotFoundException.
func WithEndpointID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, endpointKey{}, id)
}

// endpointRoute resolves the context's EndpointId for a PutEvents call:
// the scope events are put in and the secondary region events are
// replicated to ("" when none). ok is false when the context names none.
func (b *Bus) endpointRoute(ctx context.Context, caller scope) (home scope, secondary string, ok bool, err error) {
	id, _ := ctx.Value(endpointKey{}).(string)
	if id == "" {
		return caller, "", false, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.endpoints {
		if e.account == caller.account && e.d.EndpointID == id {
			if e.d.ReplicationConfig == nil || e.d.ReplicationConfig.State != "DISABLED" {
				secondary = e.d.RoutingConfig.FailoverConfig.Secondary.Route
			}
			return e.scope, secondary, true, nil
		}
	}
	return caller, "", false, awsErr(switchyard.CodeResourceNotFound, "Endpoint "+id+" does not exist.")
}
