package cli

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

// embeddedEndpoint is the URL requests carry in the embedded mode; they
// never leave the process.
const embeddedEndpoint = "http://switchyard.embedded"

// embeddedCaller runs operations against a server opened in this process:
// the same SDK client and wire format as the remote mode, with an HTTP
// transport that calls the handler directly, so both modes print exactly
// the same thing.
type embeddedCaller struct {
	*remote
	srv    Embedded
	settle bool // events were accepted: wait for their deliveries before closing
}

func newEmbeddedCaller(ctx context.Context, r *runner, srv Embedded) (*embeddedCaller, error) {
	saved := r.g.endpointURL
	r.g.endpointURL = embeddedEndpoint
	rm, err := newRemote(ctx, r, &http.Client{Transport: handlerTransport{srv}})
	r.g.endpointURL = saved
	if err != nil {
		_ = srv.Close(ctx)
		return nil, err
	}
	return &embeddedCaller{remote: rm, srv: srv}, nil
}

// call runs the operation. For the calls that accept events it notes that
// close must wait for their deliveries: the answer (the EventIds) is
// printed first, then the process waits, so a script gets its result and
// its next command sees the events' effects.
func (e *embeddedCaller) call(ctx context.Context, svc *model.Service, op *model.Operation, req map[string]any) ([]byte, error) {
	body, err := e.remote.call(ctx, svc, op, req)
	if err != nil {
		return nil, err
	}
	switch op.Name {
	case "PutEvents", "PutPartnerEvents":
		e.settle = true
	}
	return body, nil
}

// close waits for accepted events to be delivered, dead-lettered or
// parked for a retry (kept in the data directory's delivery log), then
// releases the data directory.
func (e *embeddedCaller) close(ctx context.Context) error {
	var err error
	if e.settle {
		err = e.srv.Settle(ctx)
	}
	return errors.Join(err, e.srv.Close(ctx))
}

// handlerTransport serves HTTP requests with an in-process handler.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
