package server

import (
	"context"
	"errors"
	"net/url"

	"github.com/switchyard-go/switchyard/server/internal/awsjson"
)

// operation is one wire operation. The server knows nothing of what it
// does: invoke decodes the request into the Go API's input type, calls the
// API and returns its output for encoding. Every operation is built by
// one of the small generic adapters below, so adding one is one line in a
// table (ops_*.go).
type operation struct {
	// name is the operation's name as AWS spells it ("PutRule").
	name string
	// mutating operations change control-plane state; with a State
	// configured they are journaled before the 200 is sent.
	mutating bool
	// restJSON operations are routed by path and answer application/json.
	restJSON bool
	// invoke decodes body (and, for REST operations, query) and calls the
	// API. The output is encoded with awsjson; nil encodes as {}.
	invoke func(ctx context.Context, body []byte, query url.Values) (any, error)
}

// serializationError wraps a decoding failure as AWS's
// SerializationException, naming the member.
func serializationError(err error) error {
	var de *awsjson.Error
	if errors.As(err, &de) {
		return newAPIError(codeSerialization, de.Error())
	}
	return newAPIError(codeSerialization, err.Error())
}

func decode[I any](body []byte) (I, error) {
	var in I
	if err := awsjson.Decode(body, &in, 0); err != nil {
		return in, serializationError(err)
	}
	return in, nil
}

// call is the adapter for the API's usual shape, Op(ctx, OpInput)
// (OpOutput, error).
func call[I, O any](name string, mutating bool, fn func(context.Context, I) (O, error)) operation {
	return operation{name: name, mutating: mutating, invoke: func(ctx context.Context, body []byte, _ url.Values) (any, error) {
		in, err := decode[I](body)
		if err != nil {
			return nil, err
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		return out, nil
	}}
}

// callNoOutput adapts Op(ctx, OpInput) error: the response is {}.
func callNoOutput[I any](name string, mutating bool, fn func(context.Context, I) error) operation {
	return call(name, mutating, func(ctx context.Context, in I) (struct{}, error) {
		return struct{}{}, fn(ctx, in)
	})
}

// rest is the adapter for a REST-JSON operation whose input takes members
// from the query string as well as the body: bind copies them into the
// decoded input.
func rest[I, O any](name string, mutating bool, bind func(*I, url.Values), fn func(context.Context, I) (O, error)) operation {
	return operation{name: name, mutating: mutating, restJSON: true, invoke: func(ctx context.Context, body []byte, query url.Values) (any, error) {
		in, err := decode[I](body)
		if err != nil {
			return nil, err
		}
		bind(&in, query)
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		return out, nil
	}}
}

// parseQuery parses a raw query string; a malformed one yields what
// could be parsed, and the operation then reports the missing member.
func parseQuery(raw string) url.Values {
	q, _ := url.ParseQuery(raw)
	return q
}
