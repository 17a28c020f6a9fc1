package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A client that sends its body too slowly gets AWS's error shape when the
// read timeout passes, and the connection is closed; one that never
// finishes its headers is disconnected. Neither holds the server.
func TestServeSlowClients(t *testing.T) {
	cfg := serveConfig{dataDir: t.TempDir(), timeouts: timeouts{header: 300 * time.Millisecond, read: 500 * time.Millisecond, write: time.Second, idle: time.Second}}
	inst, err := open(context.Background(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = inst.http.Serve(ln) }()
	defer func() {
		_ = inst.http.Close()
		inst.close(context.Background(), slog.New(slog.DiscardHandler))
	}()

	t.Run("slow body", func(t *testing.T) {
		conn, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSEvents.ListRules\r\nContent-Length: 100\r\n\r\n{")
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		require.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
		require.JSONEq(t, `{"__type":"RequestTimeoutException","message":"The request body was not received within the server's read timeout."}`, string(body))
	})
	t.Run("slow headers", func(t *testing.T) {
		conn, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\n")
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
		_, err = io.ReadAll(conn)
		require.NoError(t, err, "the server closes the connection rather than wait")
	})
}
