package bus

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/switchyard-go/switchyard"
	"github.com/switchyard-go/switchyard/internal/awsreq"
	"github.com/switchyard-go/switchyard/target"
)

// Connections
//
// A connection holds the credentials an API destination authorizes its
// requests with (API key, Basic, or OAuth client credentials) and the
// parameters it adds to every request. EventBridge keeps the credentials in
// a Secrets Manager secret (SecretArn) and never returns them: Describe
// shows the API key's name, the user name and the OAuth client id, and the
// invocation parameters without the values marked secret.
//
// States: CreateConnection and UpdateConnection authorize at once, so the
// connection is AUTHORIZED when they return (an OAuth token is fetched at
// the first invocation, and a failure to get one fails that delivery).
// DeauthorizeConnection answers DEAUTHORIZING and leaves the connection
// DEAUTHORIZED: its API destinations go INACTIVE and their deliveries fail
// for good, until UpdateConnection authorizes it again. DeleteConnection
// answers DELETING and removes it. CREATING, AUTHORIZING and UPDATING are
// the transient states EventBridge reports while it works asynchronously;
// this bus does that work before returning, so they are never observed.

// ConnectionState is a connection's state.
type ConnectionState string

// Connection states.
const (
	ConnectionCreating      ConnectionState = "CREATING"
	ConnectionUpdating      ConnectionState = "UPDATING"
	ConnectionDeleting      ConnectionState = "DELETING"
	ConnectionAuthorized    ConnectionState = "AUTHORIZED"
	ConnectionDeauthorized  ConnectionState = "DEAUTHORIZED"
	ConnectionAuthorizing   ConnectionState = "AUTHORIZING"
	ConnectionDeauthorizing ConnectionState = "DEAUTHORIZING"
)

// connection is a stored connection. Guarded by Bus.mu; conn is replaced,
// never changed.
type connection struct {
	scope
	name           string
	arn            string
	secretARN      string
	description    string
	authType       target.AuthorizationType
	params         target.AuthParameters // with secrets
	state          ConnectionState
	created        time.Time
	modified       time.Time
	lastAuthorized time.Time
	conn           *target.Connection
}

// resourceKey is the key of a named resource of a scope.
func resourceKey(s scope, name string) string { return s.account + "/" + s.region + "/" + name }

// CreateConnectionInput is the input of CreateConnection.
type CreateConnectionInput struct {
	Name              string                   `json:"Name"` // 1 to 64 characters of [\.\-_A-Za-z0-9]
	Description       string                   `json:"Description,omitempty"`
	AuthorizationType target.AuthorizationType `json:"AuthorizationType"` // API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS
	AuthParameters    target.AuthParameters    `json:"AuthParameters"`
	KmsKeyIdentifier  string                   `json:"KmsKeyIdentifier,omitempty"` // stored and described
}

// ConnectionOutput is what CreateConnection, UpdateConnection,
// DeleteConnection and DeauthorizeConnection return.
type ConnectionOutput struct {
	ConnectionARN      string          `json:"ConnectionArn,omitempty"`
	ConnectionState    ConnectionState `json:"ConnectionState,omitempty"`
	CreationTime       time.Time       `json:"CreationTime,omitzero"`
	LastModifiedTime   time.Time       `json:"LastModifiedTime,omitzero"`
	LastAuthorizedTime time.Time       `json:"LastAuthorizedTime,omitzero"`
}

// CreateConnectionOutput is the result of CreateConnection.
type CreateConnectionOutput = ConnectionOutput

// CreateConnection creates a connection in the caller's account and
// region. Malformed parameters are a ValidationException naming the field;
// a name in use a ResourceAlreadyExistsException.
func (b *Bus) CreateConnection(ctx context.Context, in CreateConnectionInput) (CreateConnectionOutput, error) {
	if b.closed.Load() {
		return CreateConnectionOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	v.Length(in.Description, "description", 0, 512)
	v.Length(in.KmsKeyIdentifier, "kmsKeyIdentifier", 0, 2048)
	checkAuthType(&v, in.AuthorizationType)
	if err := v.Err(); err != nil {
		return CreateConnectionOutput{}, err
	}
	conn, err := b.newTargetConnection(in.Name, in.AuthorizationType, in.AuthParameters)
	if err != nil {
		return CreateConnectionOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	k := resourceKey(s, in.Name)
	if b.conns[k] != nil {
		return CreateConnectionOutput{}, awsErr(switchyard.CodeResourceAlreadyExists, "Connection "+in.Name+" already exists.")
	}
	id := b.cfg.resourceIDs()
	suffix := strings.ReplaceAll(b.cfg.resourceIDs(), "-", "")
	if len(suffix) > 6 {
		suffix = suffix[:6]
	}
	now := b.clock.Now()
	c := &connection{
		scope:          s,
		name:           in.Name,
		arn:            connectionARN(s, in.Name, id),
		secretARN:      secretARN(s, in.Name, id, suffix),
		description:    in.Description,
		authType:       in.AuthorizationType,
		params:         cloneAuth(in.AuthParameters),
		state:          ConnectionAuthorized,
		created:        now,
		modified:       now,
		lastAuthorized: now,
		conn:           conn,
	}
	if b.conns == nil {
		b.conns = map[string]*connection{}
	}
	b.conns[k] = c
	return c.output(c.state), nil
}

func (c *connection) output(state ConnectionState) ConnectionOutput {
	return ConnectionOutput{ConnectionARN: c.arn, ConnectionState: state, CreationTime: c.created,
		LastModifiedTime: c.modified, LastAuthorizedTime: c.lastAuthorized}
}

// newTargetConnection validates a connection's parameters by building the
// target.Connection that serves it.
func (b *Bus) newTargetConnection(name string, typ target.AuthorizationType, p target.AuthParameters) (*target.Connection, error) {
	opts := append([]target.ConnectionOption{target.WithConnectionClock(b.clock.Now), target.WithConnectionLogger(b.log)}, b.cfg.connOpts...)
	conn, err := target.NewConnection(target.ConnectionConfig{Name: name, AuthorizationType: typ, AuthParameters: cloneAuth(p)}, opts...)
	if err != nil {
		return nil, &switchyard.Error{Code: switchyard.CodeValidation, Message: "Parameter AuthParameters is not valid. Reason: " + err.Error(), Err: err}
	}
	return conn, nil
}

// checkAuthType validates a required AuthorizationType.
func checkAuthType(v *awsreq.Violations, t target.AuthorizationType) {
	switch t {
	case target.AuthorizationAPIKey, target.AuthorizationBasic, target.AuthorizationOAuthClientCredentials:
	case "":
		v.Required("authorizationType")
	default:
		v.Add(string(t), "authorizationType", "satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]")
	}
}

// DescribeConnectionInput is the input of DescribeConnection.
type DescribeConnectionInput struct {
	Name string `json:"Name"`
}

// DescribeConnectionOutput describes a connection, without its secrets.
type DescribeConnectionOutput struct {
	ConnectionARN     string                   `json:"ConnectionArn,omitempty"`
	Name              string                   `json:"Name,omitempty"`
	Description       string                   `json:"Description,omitempty"`
	ConnectionState   ConnectionState          `json:"ConnectionState,omitempty"`
	StateReason       string                   `json:"StateReason,omitempty"`
	AuthorizationType target.AuthorizationType `json:"AuthorizationType,omitempty"`
	SecretARN         string                   `json:"SecretArn,omitempty"`
	// AuthParameters are the parameters without secrets: no API key
	// value, password or client secret, and no value of an invocation
	// parameter marked IsValueSecret.
	AuthParameters     *target.AuthParameters `json:"AuthParameters,omitempty"`
	CreationTime       time.Time              `json:"CreationTime,omitzero"`
	LastModifiedTime   time.Time              `json:"LastModifiedTime,omitzero"`
	LastAuthorizedTime time.Time              `json:"LastAuthorizedTime,omitzero"`
}

// DescribeConnection describes a connection of the caller. Secrets are
// never returned.
func (b *Bus) DescribeConnection(ctx context.Context, in DescribeConnectionInput) (DescribeConnectionOutput, error) {
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DescribeConnectionOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	c, err := b.connectionLocked(ctx, in.Name)
	if err != nil {
		return DescribeConnectionOutput{}, err
	}
	p := redactAuth(c.params)
	return DescribeConnectionOutput{
		ConnectionARN: c.arn, Name: c.name, Description: c.description, ConnectionState: c.state,
		AuthorizationType: c.authType, SecretARN: c.secretARN, AuthParameters: &p,
		CreationTime: c.created, LastModifiedTime: c.modified, LastAuthorizedTime: c.lastAuthorized,
	}, nil
}

// UpdateConnectionInput is the input of UpdateConnection. Empty fields
// keep their values; within AuthParameters, a block that is given updates
// the fields it sets, so a secret need not be sent again.
type UpdateConnectionInput struct {
	Name              string                   `json:"Name"`
	Description       string                   `json:"Description,omitempty"`
	AuthorizationType target.AuthorizationType `json:"AuthorizationType,omitempty"`
	AuthParameters    *target.AuthParameters   `json:"AuthParameters,omitempty"`
	KmsKeyIdentifier  string                   `json:"KmsKeyIdentifier,omitempty"`
}

// UpdateConnectionOutput is the result of UpdateConnection.
type UpdateConnectionOutput = ConnectionOutput

// UpdateConnection changes a connection and authorizes it again; its API
// destinations use the new parameters from their next invocation.
func (b *Bus) UpdateConnection(ctx context.Context, in UpdateConnectionInput) (UpdateConnectionOutput, error) {
	if b.closed.Load() {
		return UpdateConnectionOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	v.Length(in.Description, "description", 0, 512)
	if in.AuthorizationType != "" {
		checkAuthType(&v, in.AuthorizationType)
	}
	if err := v.Err(); err != nil {
		return UpdateConnectionOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	c, err := b.connectionLocked(ctx, in.Name)
	if err != nil {
		return UpdateConnectionOutput{}, err
	}
	typ := c.authType
	params := cloneAuth(c.params)
	if in.AuthorizationType != "" && in.AuthorizationType != typ {
		// Another kind of authorization replaces the credentials.
		typ = in.AuthorizationType
		params = target.AuthParameters{InvocationHTTPParameters: params.InvocationHTTPParameters}
	}
	if in.AuthParameters != nil {
		params = mergeAuth(params, *in.AuthParameters)
	}
	conn, err := b.newTargetConnection(c.name, typ, params)
	if err != nil {
		return UpdateConnectionOutput{}, err
	}
	now := b.clock.Now()
	if in.Description != "" {
		c.description = in.Description
	}
	c.authType, c.params, c.conn = typ, params, conn
	c.state, c.modified, c.lastAuthorized = ConnectionAuthorized, now, now
	b.rebuildDestinationsLocked(c)
	return c.output(ConnectionAuthorized), nil
}

// DeleteConnectionInput is the input of DeleteConnection.
type DeleteConnectionInput struct {
	Name string `json:"Name"`
}

// DeleteConnectionOutput is the result of DeleteConnection.
type DeleteConnectionOutput = ConnectionOutput

// DeleteConnection deletes a connection; it answers with state DELETING.
// Its API destinations stay, INACTIVE, and their deliveries fail for good.
func (b *Bus) DeleteConnection(ctx context.Context, in DeleteConnectionInput) (DeleteConnectionOutput, error) {
	if b.closed.Load() {
		return DeleteConnectionOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DeleteConnectionOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	c, err := b.connectionLocked(ctx, in.Name)
	if err != nil {
		return DeleteConnectionOutput{}, err
	}
	delete(b.conns, resourceKey(c.scope, c.name))
	c.state = ConnectionDeleting
	b.rebuildDestinationsLocked(c)
	return c.output(ConnectionDeleting), nil
}

// DeauthorizeConnectionInput is the input of DeauthorizeConnection.
type DeauthorizeConnectionInput struct {
	Name string `json:"Name"`
}

// DeauthorizeConnectionOutput is the result of DeauthorizeConnection.
type DeauthorizeConnectionOutput = ConnectionOutput

// DeauthorizeConnection removes a connection's authorization: it answers
// DEAUTHORIZING and the connection is DEAUTHORIZED until UpdateConnection.
func (b *Bus) DeauthorizeConnection(ctx context.Context, in DeauthorizeConnectionInput) (DeauthorizeConnectionOutput, error) {
	if b.closed.Load() {
		return DeauthorizeConnectionOutput{}, ErrClosed
	}
	var v awsreq.Violations
	v.Name(in.Name, "name", 64)
	if err := v.Err(); err != nil {
		return DeauthorizeConnectionOutput{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	c, err := b.connectionLocked(ctx, in.Name)
	if err != nil {
		return DeauthorizeConnectionOutput{}, err
	}
	c.state = ConnectionDeauthorized
	c.modified = b.clock.Now()
	b.rebuildDestinationsLocked(c)
	return c.output(ConnectionDeauthorizing), nil
}

// Connection is a connection as ListConnections lists it.
type Connection struct {
	ConnectionARN      string                   `json:"ConnectionArn,omitempty"`
	Name               string                   `json:"Name,omitempty"`
	ConnectionState    ConnectionState          `json:"ConnectionState,omitempty"`
	StateReason        string                   `json:"StateReason,omitempty"`
	AuthorizationType  target.AuthorizationType `json:"AuthorizationType,omitempty"`
	CreationTime       time.Time                `json:"CreationTime,omitzero"`
	LastModifiedTime   time.Time                `json:"LastModifiedTime,omitzero"`
	LastAuthorizedTime time.Time                `json:"LastAuthorizedTime,omitzero"`
}

// ListConnectionsInput is the input of ListConnections.
type ListConnectionsInput struct {
	NamePrefix      string          `json:"NamePrefix,omitempty"`
	ConnectionState ConnectionState `json:"ConnectionState,omitempty"` // only connections in this state
	NextToken       string          `json:"NextToken,omitempty"`
	Limit           int             `json:"Limit,omitempty"` // page size, 1 to 100; 0 means 100
}

// ListConnectionsOutput is one page of ListConnections.
type ListConnectionsOutput struct {
	Connections []Connection `json:"Connections"`
	NextToken   string       `json:"NextToken,omitempty"`
}

// ListConnections lists the caller's connections in name order.
func (b *Bus) ListConnections(ctx context.Context, in ListConnectionsInput) (ListConnectionsOutput, error) {
	var v awsreq.Violations
	v.Length(in.NamePrefix, "namePrefix", 0, 64)
	v.Limit(in.Limit)
	switch in.ConnectionState {
	case "", ConnectionCreating, ConnectionUpdating, ConnectionDeleting, ConnectionAuthorized,
		ConnectionDeauthorized, ConnectionAuthorizing, ConnectionDeauthorizing:
	default:
		v.Add(string(in.ConnectionState), "connectionState", "satisfy enum value set: [CREATING, UPDATING, DELETING, AUTHORIZED, DEAUTHORIZED, AUTHORIZING, DEAUTHORIZING]")
	}
	if err := v.Err(); err != nil {
		return ListConnectionsOutput{}, err
	}
	s := b.scopeOf(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	prefix := resourceKey(s, "")
	var names []string
	for k, c := range b.conns {
		if strings.HasPrefix(k, prefix) && (in.ConnectionState == "" || c.state == in.ConnectionState) {
			names = append(names, c.name)
		}
	}
	slices.Sort(names)
	page, next, err := paginate(names, in.NamePrefix, in.NextToken, in.Limit)
	if err != nil {
		return ListConnectionsOutput{}, err
	}
	out := ListConnectionsOutput{NextToken: next, Connections: make([]Connection, 0, len(page))}
	for _, n := range page {
		c := b.conns[prefix+n]
		out.Connections = append(out.Connections, Connection{
			ConnectionARN: c.arn, Name: c.name, ConnectionState: c.state, AuthorizationType: c.authType,
			CreationTime: c.created, LastModifiedTime: c.modified, LastAuthorizedTime: c.lastAuthorized,
		})
	}
	return out, nil
}

// connectionLocked finds a connection of the caller by name.
func (b *Bus) connectionLocked(ctx context.Context, name string) (*connection, error) {
	if c := b.conns[resourceKey(b.scopeOf(ctx), name)]; c != nil {
		return c, nil
	}
	return nil, awsErr(switchyard.CodeResourceNotFound, "Failed to describe the connection(s). Connection '"+name+"' does not exist.")
}

// connectionByARN finds a connection by ARN. Called with Bus.mu held.
func (b *Bus) connectionByARN(arn string) *connection {
	a, ok := parseARN(arn)
	if !ok {
		return nil
	}
	rest, ok := strings.CutPrefix(a.resource, "connection/")
	if !ok {
		return nil
	}
	name, _, _ := strings.Cut(rest, "/")
	c := b.conns[resourceKey(scope{account: a.account, region: a.region}, name)]
	if c == nil || c.arn != arn {
		return nil
	}
	return c
}

// cloneAuth deep-copies auth parameters.
func cloneAuth(p target.AuthParameters) target.AuthParameters {
	out := p
	if p.APIKeyAuthParameters != nil {
		k := *p.APIKeyAuthParameters
		out.APIKeyAuthParameters = &k
	}
	if p.BasicAuthParameters != nil {
		x := *p.BasicAuthParameters
		out.BasicAuthParameters = &x
	}
	if p.OAuthParameters != nil {
		o := *p.OAuthParameters
		o.OAuthHTTPParameters = cloneHTTPParams(o.OAuthHTTPParameters)
		out.OAuthParameters = &o
	}
	out.InvocationHTTPParameters = cloneHTTPParams(p.InvocationHTTPParameters)
	return out
}

func cloneHTTPParams(p *target.ConnectionHTTPParameters) *target.ConnectionHTTPParameters {
	if p == nil {
		return nil
	}
	return &target.ConnectionHTTPParameters{
		HeaderParameters:      slices.Clone(p.HeaderParameters),
		QueryStringParameters: slices.Clone(p.QueryStringParameters),
		BodyParameters:        slices.Clone(p.BodyParameters),
	}
}

// redactAuth returns p without its secrets, as DescribeConnection shows it.
func redactAuth(p target.AuthParameters) target.AuthParameters {
	out := cloneAuth(p)
	if k := out.APIKeyAuthParameters; k != nil {
		k.APIKeyValue = ""
	}
	if x := out.BasicAuthParameters; x != nil {
		x.Password = ""
	}
	if o := out.OAuthParameters; o != nil {
		o.ClientParameters.ClientSecret = ""
		redactParams(o.OAuthHTTPParameters)
	}
	redactParams(out.InvocationHTTPParameters)
	return out
}

func redactParams(p *target.ConnectionHTTPParameters) {
	if p == nil {
		return
	}
	for _, list := range [][]target.ConnectionParameter{p.HeaderParameters, p.QueryStringParameters, p.BodyParameters} {
		for i := range list {
			if list[i].IsValueSecret {
				list[i].Value = ""
			}
		}
	}
}

// mergeAuth applies an UpdateConnection's AuthParameters to the stored
// ones: the fields it sets replace theirs.
func mergeAuth(cur, upd target.AuthParameters) target.AuthParameters {
	out := cloneAuth(cur)
	if u := upd.APIKeyAuthParameters; u != nil {
		k := target.APIKeyAuthParameters{}
		if out.APIKeyAuthParameters != nil {
			k = *out.APIKeyAuthParameters
		}
		k.APIKeyName = orKeep(u.APIKeyName, k.APIKeyName)
		k.APIKeyValue = orKeep(u.APIKeyValue, k.APIKeyValue)
		out.APIKeyAuthParameters = &k
	}
	if u := upd.BasicAuthParameters; u != nil {
		x := target.BasicAuthParameters{}
		if out.BasicAuthParameters != nil {
			x = *out.BasicAuthParameters
		}
		x.Username = orKeep(u.Username, x.Username)
		x.Password = orKeep(u.Password, x.Password)
		out.BasicAuthParameters = &x
	}
	if u := upd.OAuthParameters; u != nil {
		o := target.OAuthParameters{}
		if out.OAuthParameters != nil {
			o = *out.OAuthParameters
		}
		o.AuthorizationEndpoint = orKeep(u.AuthorizationEndpoint, o.AuthorizationEndpoint)
		o.HTTPMethod = orKeep(u.HTTPMethod, o.HTTPMethod)
		o.ClientParameters.ClientID = orKeep(u.ClientParameters.ClientID, o.ClientParameters.ClientID)
		o.ClientParameters.ClientSecret = orKeep(u.ClientParameters.ClientSecret, o.ClientParameters.ClientSecret)
		if u.OAuthHTTPParameters != nil {
			o.OAuthHTTPParameters = cloneHTTPParams(u.OAuthHTTPParameters)
		}
		out.OAuthParameters = &o
	}
	if upd.InvocationHTTPParameters != nil {
		out.InvocationHTTPParameters = cloneHTTPParams(upd.InvocationHTTPParameters)
	}
	return out
}

func orKeep(v, old string) string {
	if v == "" {
		return old
	}
	return v
}
