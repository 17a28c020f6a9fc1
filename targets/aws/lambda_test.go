package awstarget_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	awstarget "github.com/switchyard-go/switchyard/targets/aws"
)

// Invoking a function on moto needs Docker to run it, which these machines
// do not have, so delivery is checked against an HTTP server that stands in
// for Lambda's Invoke endpoint and checks the request: the function in the
// path, InvocationType Event (EventBridge invokes asynchronously) and the
// payload as the body. A missing function is checked on moto itself.
func TestLambdaInvokeAsync(t *testing.T) {
	ctx := ctxT(t)
	fn := arnOf("lambda", "function:resize")
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, _ := url.PathUnescape(r.URL.EscapedPath())
		if path != "/2015-03-31/functions/"+fn+"/invocations" || r.Method != http.MethodPost {
			w.Header().Set("X-Amzn-Errortype", "ResourceNotFoundException")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"Type":"User","Message":"Function not found: `+path+`"}`)
			return
		}
		if r.Header.Get("X-Amz-Invocation-Type") != "Event" {
			http.Error(w, "want InvocationType Event, got "+r.Header.Get("X-Amz-Invocation-Type"), http.StatusBadRequest)
			return
		}
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted) // Lambda's answer to an Event invocation
	}))
	defer srv.Close()

	res := awstarget.NewResolver(awsConfig(srv.URL))
	tgt, err := res.Resolve(ctx, fn)
	require.NoError(t, err)
	require.IsType(t, &awstarget.Lambda{}, tgt)
	d := delivery(`{"image":"a.png"}`)
	require.NoError(t, tgt.Deliver(ctx, d))
	mu.Lock()
	require.Equal(t, []string{string(d.Payload)}, got)
	mu.Unlock()

	requireMissing(t, res, arnOf("lambda", "function:other"))
}

func TestLambdaMissingFunctionOnMoto(t *testing.T) {
	requireMoto(t)
	requireMissing(t, awstarget.NewResolver(motoConfig()), arnOf("lambda", "function:"+name("gone")))
}
