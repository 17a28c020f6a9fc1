package bus

import (
	"context"
	"maps"
	"strings"

	"github.com/switchyard-go/switchyard"
)

// Accounts and regions
//
// One Bus hosts any number of AWS accounts and regions, as the
// EventBridge service does. Every resource — event buses, rules,
// connections, API destinations, partner event sources — belongs to one
// account and region (its scope), and every operation acts in the scope of
// its caller: the switchyard.Caller in the context (switchyard.WithCaller;
// the server sets it from the request's SigV4 credential), or the Bus's
// own account and region (WithAccount, WithRegion) when the context
// carries none. Names are resolved within the caller's scope; an ARN names
// its scope itself.
//
// Each scope has its own "default" event bus. It exists from the start, as
// on EventBridge: the Bus creates it the first time the scope is used,
// with the Bus's creation time, so it looks the same whenever that
// happens.
//
// Event buses are kept in one copy-on-write map keyed by ARN, so that
// PutEvents, which never takes Bus.mu, finds a bus of any scope with one
// map read.

// scope is an account and a region.
type scope struct {
	account string
	region  string
}

// scopeOf returns the scope the caller in ctx acts in.
func (b *Bus) scopeOf(ctx context.Context) scope {
	if c, ok := switchyard.CallerFrom(ctx); ok {
		s := scope{account: c.Account, region: c.Region}
		if s.account == "" {
			s.account = b.cfg.account
		}
		if s.region == "" {
			s.region = b.cfg.region
		}
		return s
	}
	return scope{account: b.cfg.account, region: b.cfg.region}
}

// busKey identifies an event bus: its account, region and name. The
// snapshot of buses is keyed by it, so that PutEvents finds a bus without
// building its ARN.
type busKey struct{ account, region, name string }

func (k busKey) arn() string { return busARN(k.region, k.account, k.name) }

func (eb *eventBus) key() busKey {
	return busKey{account: eb.account, region: eb.region, name: eb.name}
}

// busRef resolves an EventBusName parameter, a name or an event bus ARN,
// to the key of the bus it names in the caller's scope s. An empty
// reference is the default bus. ok is false for an ARN that is not an
// event bus ARN; the key's name is then the reference as given. It does
// not allocate: PutEvents calls it for every entry.
func busRef(s scope, ref string) (k busKey, ok bool) {
	if ref == "" {
		ref = DefaultBusName
	}
	if !strings.HasPrefix(ref, "arn:") {
		return busKey{account: s.account, region: s.region, name: ref}, true
	}
	a, ok := parseARN(ref)
	if !ok {
		return busKey{name: ref}, false
	}
	name, ok := strings.CutPrefix(a.resource, "event-bus/")
	if !ok || name == "" || a.service != "events" {
		return busKey{name: ref}, false
	}
	return busKey{account: a.account, region: a.region, name: name}, true
}

// busByKey returns the event bus of that key from the current snapshot.
func (b *Bus) busByKey(k busKey) *eventBus {
	return (*b.buses.Load())[k]
}

// busByARN returns the event bus of that ARN from the current snapshot.
func (b *Bus) busByARN(arn string) *eventBus {
	k, ok := busRef(scope{}, arn)
	if !ok || !strings.HasPrefix(arn, "arn:") {
		return nil
	}
	return b.busByKey(k)
}

// busFor returns the bus ref names in scope s, and its name, creating the
// scope's default bus if ref names it and it does not exist yet. It takes
// Bus.mu only in that case, so the data plane can call it.
func (b *Bus) busFor(s scope, ref string) (*eventBus, string) {
	k, ok := busRef(s, ref)
	if !ok {
		return nil, k.name
	}
	if eb := b.busByKey(k); eb != nil {
		return eb, k.name
	}
	if k.name != DefaultBusName {
		return nil, k.name
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.defaultBusLocked(k), k.name
}

// defaultBusLocked returns the default bus of k's scope, creating it.
// Called with Bus.mu held.
func (b *Bus) defaultBusLocked(k busKey) *eventBus {
	k.name = DefaultBusName
	if eb := b.busByKey(k); eb != nil {
		return eb
	}
	eb := b.newEventBus(scope{account: k.account, region: k.region}, DefaultBusName, b.started)
	b.storeBusLocked(eb)
	return eb
}

// storeBusLocked adds or replaces eb in the snapshot. Called with Bus.mu
// held.
func (b *Bus) storeBusLocked(eb *eventBus) {
	next := maps.Clone(*b.buses.Load())
	next[eb.key()] = eb
	b.buses.Store(&next)
}

// lookupBusLocked resolves a name or ARN to an existing bus of the
// caller's account and region: the control plane (rules, targets,
// permissions, tags, archives) manages only the caller's own buses, so the
// ARN of another account's or region's bus is not found. Called with
// Bus.mu held.
func (b *Bus) lookupBusLocked(ctx context.Context, ref string) (*eventBus, error) {
	s := b.scopeOf(ctx)
	k, ok := busRef(s, ref)
	if !ok || k.account != s.account || k.region != s.region {
		return nil, errBusNotFound(k.name)
	}
	if eb := b.busByKey(k); eb != nil {
		return eb, nil
	}
	if k.name == DefaultBusName {
		return b.defaultBusLocked(k), nil
	}
	return nil, errBusNotFound(k.name)
}

// arnParts are the fields of an ARN:
// arn:partition:service:region:account:resource.
type arnParts struct {
	partition, service, region, account, resource string
}

// parseARN splits an ARN without allocating; ok is false when s does not
// have six fields or lacks a partition, a service or a resource.
func parseARN(s string) (arnParts, bool) {
	var a arnParts
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return a, false
	}
	for _, f := range []*string{&a.partition, &a.service, &a.region, &a.account} {
		var found bool
		*f, rest, found = strings.Cut(rest, ":")
		if !found {
			return arnParts{}, false
		}
	}
	a.resource = rest
	if a.partition == "" || a.service == "" || a.resource == "" {
		return arnParts{}, false
	}
	return a, true
}
