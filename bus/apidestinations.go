package bus

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/target"
)

// API destinations
//
// An API destination is an HTTP endpoint, a method and a rate limit,
// authorized by a connection. A rule target names it by ARN, with the
// request's path parameters, headers and query string in the target's
// HttpParameters; the bus invokes it through package target's HTTP
// target, which applies EventBridge's retry and rate rules. An API
// destination is ACTIVE while its connection is AUTHORIZED and INACTIVE
// otherwise; invoking an INACTIVE one fails the delivery for good.

// API destination states.
const (
	APIDestinationActive   = "ACTIVE"
	APIDestinationInactive = "INACTIVE"
)

// apiDestination is a stored API destination. Guarded by Bus.mu; http is
// swapped whole, so deliveries read it without the lock.
type apiDestination struct {
	scope
	name          string
	arn           string
	description   string
	connectionARN string
	endpoint      string
	method        string
	rate          int
	created       time.Time
	modified      time.Time
	http          atomic.Pointer[destState]
}

// destState is what a delivery needs: the HTTP target, or why there is
// none.
type destState struct {
	http *target.HTTPTarget // nil when the destination cannot be invoked
	why  string             // set when http is nil
}

func (d *apiDestination) state() string {
	if st := d.http.Load(); st != nil && st.http != nil {
		return APIDestinationActive
	}
	return APIDestinationInactive
}

// CreateAPIDestinationInput is the input of CreateApiDestination.
type CreateAPIDestinationInput struct {
	Name          string `json:"Name"` // 1 to 64 characters of [\.\-_A-Za-z0-9]
	Description   string `json:"Description,omitempty"`
	ConnectionARN string `json:"ConnectionArn"`
	// InvocationEndpoint is the https URL to invoke, up to 2048
	// characters; each "*" in its path is filled from the target's
	// HttpParameters.PathParameterValues.
	InvocationEndpoint string `json:"InvocationEndpoint"`
	HTTPMethod         string `json:"HttpMethod"` // POST, GET, HEAD, OPTIONS, PUT, PATCH or DELETE
	// InvocationRateLimitPerSecond caps invocations per second; 0 means
	// 300, EventBridge's default.
	InvocationRateLimitPerSecond int `json:"InvocationRateLimitPerSecond,omitempty"`
}

// APIDestinationOutput is what CreateApiDestination and
// UpdateApiDestination return.
type APIDestinationOutput struct {
	APIDestinationARN   string    `json:"ApiDestinationArn,omitempty"`
	APIDestinationState string    `json:"ApiDestinationState,omitempty"`
	CreationTime        time.Time `json:"CreationTime,omitzero"`
	LastModifiedTime    time.Time `json:"LastModifiedTime,omitzero"`
}

// CreateAPIDestinationOutput is the result of CreateApiDestination.
type CreateAPIDestinationOutput = APIDestinationOutput

// CreateAPIDestination creates an API destination in the caller's account
// and region (EventBridge's CreateApiDestination). A connection that does
// not exist is a ResourceNotFoundException; a name in use a
// ResourceAlreadyExistsException.
func (b *Bus) CreateAPIDestination(ctx context.Context, in CreateAPIDestinationInput) (CreateAPIDestinationOutput, error) {
	if b.closed.Load() {
		return CreateAPIDestinationOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	checkDestination(&v, in.Description, in.ConnectionARN, in.InvocationEndpoint, in.HTTPMethod, in.InvocationRateLimitPerSecond, true)
	if err := v.Err(); err != nil {
		return CreateAPIDestinationOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	k := resourceKey(s, in.Name)
	if b.dests[k] != nil {
		return CreateAPIDestinationOutput{}, awsErr(switchyard.CodeResourceAlreadyExists, "An api-destination '"+in.Name+"' already exists.")
	}
	if b.connectionByARN(in.ConnectionARN) == nil {
		return CreateAPIDestinationOutput{}, errConnectionARN(in.ConnectionARN)
	}
	now := b.clock.Now()
	d := &apiDestination{
		scope:         s,
		name:          in.Name,
		arn:           apiDestinationARN(s, in.Name, b.cfg.resourceIDs()),
		description:   in.Description,
		connectionARN: in.ConnectionARN,
		endpoint:      in.InvocationEndpoint,
		method:        in.HTTPMethod,
		rate:          in.InvocationRateLimitPerSecond,
		created:       now,
		modified:      now,
	}
	if err := b.buildDestinationLocked(d); err != nil {
		return CreateAPIDestinationOutput{}, err
	}
	if b.dests == nil {
		b.dests = map[string]*apiDestination{}
	}
	b.dests[k] = d
	return d.output(), nil
}

func (d *apiDestination) output() APIDestinationOutput {
	return APIDestinationOutput{APIDestinationARN: d.arn, APIDestinationState: d.state(), CreationTime: d.created, LastModifiedTime: d.modified}
}

// checkDestination validates the members of CreateApiDestination and
// UpdateApiDestination (required says whether they must be present).
func checkDestination(v *awsreq.Violations, desc, connARN, endpoint, method string, rate int, required bool) {
	v.Length(desc, "description", 0, 512)
	if connARN == "" && required {
		v.Required("connectionArn")
	} else if connARN != "" {
		v.Length(connARN, "connectionArn", 1, 1600)
	}
	if endpoint == "" && required {
		v.Required("invocationEndpoint")
	} else if endpoint != "" {
		v.Length(endpoint, "invocationEndpoint", 1, 2048)
	}
	switch method {
	case "POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE":
	case "":
		if required {
			v.Required("httpMethod")
		}
	default:
		v.Add(method, "httpMethod", "satisfy enum value set: [POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE]")
	}
	if rate < 0 {
		v.Add(strconv.Itoa(rate), "invocationRateLimitPerSecond", "have value greater than or equal to 1")
	}
}

// buildDestinationLocked builds d's HTTP target from its connection. An
// endpoint the target refuses is a ValidationException; a connection that
// is gone or not authorized leaves d INACTIVE.
func (b *Bus) buildDestinationLocked(d *apiDestination) error {
	c := b.connectionByARN(d.connectionARN)
	if c == nil || c.state != ConnectionAuthorized {
		why := "its connection " + d.connectionARN + " does not exist"
		if c != nil {
			why = "its connection " + d.connectionARN + " is " + string(c.state)
		}
		// Check the endpoint anyway, with a connection that cannot be used.
		if _, err := b.newHTTPTarget(d, nil); err != nil {
			return err
		}
		d.http.Store(&destState{why: why})
		return nil
	}
	h, err := b.newHTTPTarget(d, c.conn)
	if err != nil {
		return err
	}
	d.http.Store(&destState{http: h})
	return nil
}

func (b *Bus) newHTTPTarget(d *apiDestination, conn *target.Connection) (*target.HTTPTarget, error) {
	if conn == nil {
		var err error
		conn, err = target.NewConnection(target.ConnectionConfig{Name: "check", AuthorizationType: target.AuthorizationBasic,
			AuthParameters: target.AuthParameters{BasicAuthParameters: &target.BasicAuthParameters{Username: "u", Password: "p"}}})
		if err != nil {
			return nil, err
		}
	}
	opts := append([]target.HTTPOption{target.WithHTTPLogger(b.log)}, b.cfg.httpOpts...)
	h, err := target.HTTP(target.APIDestination{Name: d.name, Connection: conn, InvocationEndpoint: d.endpoint,
		HTTPMethod: d.method, InvocationRateLimitPerSecond: d.rate}, opts...)
	if err != nil {
		return nil, &switchyard.Error{Code: switchyard.CodeValidation, Message: "Parameter InvocationEndpoint is not valid. Reason: " + err.Error(), Err: err}
	}
	return h, nil
}

// rebuildDestinationsLocked rebuilds the destinations of connection c
// after it changed.
func (b *Bus) rebuildDestinationsLocked(c *connection) {
	for _, d := range b.dests {
		if d.connectionARN == c.arn {
			// The endpoint was checked when d was stored; it cannot fail now.
			_ = b.buildDestinationLocked(d)
		}
	}
}

// DescribeAPIDestinationInput is the input of DescribeApiDestination.
type DescribeAPIDestinationInput struct {
	Name string `json:"Name"`
}

// DescribeAPIDestinationOutput describes an API destination; it is also
// how ListApiDestinations lists one.
type DescribeAPIDestinationOutput struct {
	APIDestinationARN            string    `json:"ApiDestinationArn,omitempty"`
	Name                         string    `json:"Name,omitempty"`
	Description                  string    `json:"Description,omitempty"`
	APIDestinationState          string    `json:"ApiDestinationState,omitempty"`
	ConnectionARN                string    `json:"ConnectionArn,omitempty"`
	InvocationEndpoint           string    `json:"InvocationEndpoint,omitempty"`
	HTTPMethod                   string    `json:"HttpMethod,omitempty"`
	InvocationRateLimitPerSecond int       `json:"InvocationRateLimitPerSecond,omitempty"`
	CreationTime                 time.Time `json:"CreationTime,omitzero"`
	LastModifiedTime             time.Time `json:"LastModifiedTime,omitzero"`
}

func (d *apiDestination) describe() DescribeAPIDestinationOutput {
	rate := d.rate
	if rate == 0 {
		rate = 300
	}
	return DescribeAPIDestinationOutput{
		APIDestinationARN: d.arn, Name: d.name, Description: d.description, APIDestinationState: d.state(),
		ConnectionARN: d.connectionARN, InvocationEndpoint: d.endpoint, HTTPMethod: d.method,
		InvocationRateLimitPerSecond: rate, CreationTime: d.created, LastModifiedTime: d.modified,
	}
}

// DescribeAPIDestination describes an API destination of the caller
// (EventBridge's DescribeApiDestination).
func (b *Bus) DescribeAPIDestination(ctx context.Context, in DescribeAPIDestinationInput) (DescribeAPIDestinationOutput, error) {
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DescribeAPIDestinationOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	d, err := b.destinationLocked(ctx, in.Name)
	if err != nil {
		return DescribeAPIDestinationOutput{}, err
	}
	return d.describe(), nil
}

// UpdateAPIDestinationInput is the input of UpdateApiDestination. Empty
// fields keep their values.
type UpdateAPIDestinationInput struct {
	Name                         string `json:"Name"`
	Description                  string `json:"Description,omitempty"`
	ConnectionARN                string `json:"ConnectionArn,omitempty"`
	InvocationEndpoint           string `json:"InvocationEndpoint,omitempty"`
	HTTPMethod                   string `json:"HttpMethod,omitempty"`
	InvocationRateLimitPerSecond int    `json:"InvocationRateLimitPerSecond,omitempty"`
}

// UpdateAPIDestinationOutput is the result of UpdateApiDestination.
type UpdateAPIDestinationOutput = APIDestinationOutput

// UpdateAPIDestination changes an API destination (EventBridge's
// UpdateApiDestination); rule targets use the new settings from their
// next delivery.
func (b *Bus) UpdateAPIDestination(ctx context.Context, in UpdateAPIDestinationInput) (UpdateAPIDestinationOutput, error) {
	if b.closed.Load() {
		return UpdateAPIDestinationOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	checkDestination(&v, in.Description, in.ConnectionARN, in.InvocationEndpoint, in.HTTPMethod, in.InvocationRateLimitPerSecond, false)
	if err := v.Err(); err != nil {
		return UpdateAPIDestinationOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	d, err := b.destinationLocked(ctx, in.Name)
	if err != nil {
		return UpdateAPIDestinationOutput{}, err
	}
	if in.ConnectionARN != "" && b.connectionByARN(in.ConnectionARN) == nil {
		return UpdateAPIDestinationOutput{}, errConnectionARN(in.ConnectionARN)
	}
	next := &apiDestination{
		scope: d.scope, name: d.name, arn: d.arn, created: d.created, modified: b.clock.Now(),
		description:   orKeep(in.Description, d.description),
		connectionARN: orKeep(in.ConnectionARN, d.connectionARN),
		endpoint:      orKeep(in.InvocationEndpoint, d.endpoint),
		method:        orKeep(in.HTTPMethod, d.method),
		rate:          d.rate,
	}
	if in.InvocationRateLimitPerSecond > 0 {
		next.rate = in.InvocationRateLimitPerSecond
	}
	if err := b.buildDestinationLocked(next); err != nil {
		return UpdateAPIDestinationOutput{}, err
	}
	// Keep the same *apiDestination, which rule targets hold on to.
	d.description, d.connectionARN, d.endpoint, d.method, d.rate, d.modified =
		next.description, next.connectionARN, next.endpoint, next.method, next.rate, next.modified
	d.http.Store(next.http.Load())
	return d.output(), nil
}

// DeleteAPIDestinationInput is the input of DeleteApiDestination.
type DeleteAPIDestinationInput struct {
	Name string `json:"Name"`
}

// DeleteAPIDestinationOutput is the (empty) result of DeleteApiDestination.
type DeleteAPIDestinationOutput struct{}

// DeleteAPIDestination deletes an API destination (EventBridge's
// DeleteApiDestination). Rule targets that name it fail their deliveries
// for good from then on.
func (b *Bus) DeleteAPIDestination(ctx context.Context, in DeleteAPIDestinationInput) (DeleteAPIDestinationOutput, error) {
	if b.closed.Load() {
		return DeleteAPIDestinationOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DeleteAPIDestinationOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	d, err := b.destinationLocked(ctx, in.Name)
	if err != nil {
		return DeleteAPIDestinationOutput{}, err
	}
	delete(b.dests, resourceKey(d.scope, d.name))
	d.http.Store(&destState{why: "it was deleted"})
	return DeleteAPIDestinationOutput{}, nil
}

// ListAPIDestinationsInput is the input of ListApiDestinations.
type ListAPIDestinationsInput struct {
	NamePrefix    string `json:"NamePrefix,omitempty"`
	ConnectionARN string `json:"ConnectionArn,omitempty"` // only destinations using this connection
	NextToken     string `json:"NextToken,omitempty"`
	Limit         int    `json:"Limit,omitempty"`
}

// ListAPIDestinationsOutput is one page of ListApiDestinations.
type ListAPIDestinationsOutput struct {
	APIDestinations []DescribeAPIDestinationOutput `json:"ApiDestinations"`
	NextToken       string                         `json:"NextToken,omitempty"`
}

// ListAPIDestinations lists the caller's API destinations in name order
// (EventBridge's ListApiDestinations).
func (b *Bus) ListAPIDestinations(ctx context.Context, in ListAPIDestinationsInput) (ListAPIDestinationsOutput, error) {
	var v awsreq.Violations
	v.Length(in.NamePrefix, "namePrefix", 0, 64)
	v.Length(in.ConnectionARN, "connectionArn", 0, 1600)
	v.Limit(in.Limit)
	if err := v.Err(); err != nil {
		return ListAPIDestinationsOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	prefix := resourceKey(s, "")
	var names []string
	for k, d := range b.dests {
		if strings.HasPrefix(k, prefix) && (in.ConnectionARN == "" || d.connectionARN == in.ConnectionARN) {
			names = append(names, d.name)
		}
	}
	slices.Sort(names)
	page, next, err := paginate(names, in.NamePrefix, in.NextToken, in.Limit)
	if err != nil {
		return ListAPIDestinationsOutput{}, err
	}
	out := ListAPIDestinationsOutput{NextToken: next, APIDestinations: make([]DescribeAPIDestinationOutput, 0, len(page))}
	for _, n := range page {
		out.APIDestinations = append(out.APIDestinations, b.dests[prefix+n].describe())
	}
	return out, nil
}

// destinationLocked finds an API destination of the caller by name.
func (b *Bus) destinationLocked(ctx context.Context, name string) (*apiDestination, error) {
	if d := b.dests[resourceKey(b.scopeOf(ctx), name)]; d != nil {
		return d, nil
	}
	return nil, awsErr(switchyard.CodeResourceNotFound, "Failed to describe the api-destination(s). An api-destination '"+name+"' does not exist.")
}

func errConnectionARN(arn string) error {
	return awsErr(switchyard.CodeResourceNotFound, "Connection '"+arn+"' does not exist.")
}

// apiDestinationTarget resolves a rule target naming an API destination
// by ARN. The destination must exist; its HttpParameters are checked
// against it now and applied at each delivery.
func (b *Bus) apiDestinationTarget(spec Target) (switchyard.Target, error) {
	b.mu.Lock()
	var d *apiDestination
	if a, ok := parseARN(spec.ARN); ok {
		name, _, _ := strings.Cut(strings.TrimPrefix(a.resource, "api-destination/"), "/")
		if x := b.dests[resourceKey(scope{account: a.account, region: a.region}, name)]; x != nil && x.arn == spec.ARN {
			d = x
		}
	}
	b.mu.Unlock()
	if d == nil {
		return nil, invalidTarget(spec.ID, "Arn", "API destination "+spec.ARN+" does not exist")
	}
	t := &destTarget{d: d}
	if spec.HTTPParameters != nil {
		t.params = *spec.HTTPParameters
	}
	if st := d.http.Load(); st != nil && st.http != nil {
		if _, err := st.http.WithParameters(t.params); err != nil {
			return nil, &switchyard.Error{Code: switchyard.CodeValidation,
				Message: "Parameter HttpParameters is not valid for target " + spec.ID + ". Reason: " + err.Error(), Err: err}
		}
	}
	return t, nil
}

// destTarget invokes an API destination with a target's HttpParameters.
type destTarget struct {
	d      *apiDestination
	params target.HTTPParameters
	cache  atomic.Pointer[destCache]
}

// destCache is the HTTP target with parameters for one destState.
type destCache struct {
	base *destState
	http *target.HTTPTarget
	err  error
}

// Deliver invokes the destination as it is now.
func (t *destTarget) Deliver(ctx context.Context, d switchyard.Delivery) error {
	st := t.d.http.Load()
	if st == nil || st.http == nil {
		why := "it is INACTIVE"
		if st != nil {
			why = st.why
		}
		return target.Permanent(fmt.Errorf("bus: API destination %s cannot be invoked: %s", t.d.arn, why))
	}
	c := t.cache.Load()
	if c == nil || c.base != st {
		h, err := st.http.WithParameters(t.params)
		c = &destCache{base: st, http: h, err: err}
		t.cache.Store(c)
	}
	if c.err != nil {
		return target.Permanent(fmt.Errorf("bus: API destination %s: %w", t.d.arn, c.err))
	}
	return c.http.Deliver(ctx, d)
}
