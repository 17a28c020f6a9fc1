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

// busRef resolves an EventBusName parameter, a name or an event bus ARN,
// to the bus's ARN and name in the caller's scope s. An empty reference is
// the default bus. ok is false for an ARN that is not an event bus ARN.
func busRef(s scope, ref string) (arn, name string, ok bool) {
	if ref == "" {
		ref = DefaultBusName
	}
	if !strings.HasPrefix(ref, "arn:") {
		return busARN(s.region, s.account, ref), ref, true
	}
	a, ok := parseARN(ref)
	if !ok {
		return ref, ref, false
	}
	name, ok = strings.CutPrefix(a.resource, "event-bus/")
	if !ok || name == "" || a.service != "events" {
		return ref, ref, false
	}
	return busARN(a.region, a.account, name), name, true
}

// busByARN returns the event bus of that ARN from the current snapshot.
func (b *Bus) busByARN(arn string) *eventBus {
	return (*b.buses.Load())[arn]
}

// busFor returns the bus ref names in scope s, creating the scope's
// default bus if ref names it and it does not exist yet. It takes Bus.mu
// only in that case, so the data plane can call it.
func (b *Bus) busFor(s scope, ref string) (*eventBus, string) {
	arn, name, ok := busRef(s, ref)
	if !ok {
		return nil, ref
	}
	if eb := b.busByARN(arn); eb != nil {
		return eb, name
	}
	if name != DefaultBusName {
		return nil, name
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.defaultBusLocked(arn), name
}

// defaultBusLocked returns the default bus of the ARN's scope, creating it.
// Called with Bus.mu held.
func (b *Bus) defaultBusLocked(arn string) *eventBus {
	if eb := b.busByARN(arn); eb != nil {
		return eb
	}
	a, _ := parseARN(arn)
	eb := b.newEventBus(scope{account: a.account, region: a.region}, DefaultBusName, b.started)
	b.storeBusLocked(eb)
	return eb
}

// storeBusLocked adds or replaces eb in the snapshot. Called with Bus.mu
// held.
func (b *Bus) storeBusLocked(eb *eventBus) {
	next := maps.Clone(*b.buses.Load())
	next[eb.arn] = eb
	b.buses.Store(&next)
}

// lookupBusLocked resolves a name or ARN to an existing bus of the
// caller's account and region: the control plane (rules, targets,
// permissions, tags, archives) manages only the caller's own buses, so the
// ARN of another account's or region's bus is not found. Called with
// Bus.mu held.
func (b *Bus) lookupBusLocked(ctx context.Context, ref string) (*eventBus, error) {
	s := b.scopeOf(ctx)
	arn, name, ok := busRef(s, ref)
	if !ok || !strings.HasPrefix(arn, busARN(s.region, s.account, "")) {
		return nil, errBusNotFound(name)
	}
	if eb := b.busByARN(arn); eb != nil {
		return eb, nil
	}
	if name == DefaultBusName {
		return b.defaultBusLocked(arn), nil
	}
	return nil, errBusNotFound(name)
}

// arnParts are the fields of an ARN:
// arn:partition:service:region:account:resource.
type arnParts struct {
	partition, service, region, account, resource string
}

// parseARN splits an ARN; ok is false when s does not have six fields.
func parseARN(s string) (arnParts, bool) {
	p := strings.SplitN(s, ":", 6)
	if len(p) != 6 || p[0] != "arn" || p[1] == "" || p[2] == "" || p[5] == "" {
		return arnParts{}, false
	}
	return arnParts{partition: p[1], service: p[2], region: p[3], account: p[4], resource: p[5]}, true
}
