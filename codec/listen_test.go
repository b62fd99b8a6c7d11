package codec

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pki"
)

// Without TLS the codec server listens only on loopback; with a certificate it speaks https
// anywhere; a half-given certificate is refused.
func TestTheCodecServerNeedsTLSBeyondLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0"} {
		_, _, err := Listen(Listening{Addr: addr})
		assert.ErrorIs(t, err, ErrPlainBeyondLoopback, addr)
	}
	ln, scheme, err := Listen(Listening{Addr: "127.0.0.1:0"})
	require.NoError(t, err)
	ln.Close()
	assert.Equal(t, "http", scheme)

	p := pki.New(t)
	_, _, err = Listen(Listening{Addr: "0.0.0.0:0", CertFile: p.ServerCert})
	assert.EqualError(t, err, "give both --codec-tls-cert and --codec-tls-key, or neither")

	ln, scheme, err = Listen(Listening{Addr: "0.0.0.0:0", CertFile: p.ServerCert, KeyFile: p.ServerKey})
	require.NoError(t, err)
	defer ln.Close()
	assert.Equal(t, "https", scheme)
	srv := NewHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }))
	go srv.Serve(ln)
	defer srv.Close()
	ca, err := os.ReadFile(p.CAFile)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(ca))
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	_, port, err := net.SplitHostPort(ln.Addr().String())
	require.NoError(t, err)
	resp, err := c.Get("https://127.0.0.1:" + port + "/")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "ok", string(body))
}

// A client that sends its request slowly, or never finishes it, is cut off, not served
// forever: its header within 10 s, its whole request within 30 s. The production values are
// checked here; the cut-offs are tried for real, on a server made quicker, by slow clients.
func TestTheCodecServerHasTimeouts(t *testing.T) {
	s := NewHTTPServer(http.NotFoundHandler())
	assert.Equal(t, 10*time.Second, s.ReadHeaderTimeout)
	assert.Equal(t, 30*time.Second, s.ReadTimeout)
	assert.Equal(t, 30*time.Second, s.WriteTimeout)
	assert.Equal(t, 2*time.Minute, s.IdleTimeout)

	// The header's time well inside the request's, so that each cut-off is told apart: without
	// the header's own timeout, the request's would cut a slow header only after 2 s.
	quick := timeouts{header: 200 * time.Millisecond, request: 2 * time.Second, write: 2 * time.Second, idle: time.Minute}
	const token = "0123456789abcdef0123456789abcdef"
	ln, _, err := Listen(Listening{Addr: "127.0.0.1:0"})
	require.NoError(t, err)
	srv := newHTTPServer(Handler(mustCodec(t, key("k1", 1)), ServerOptions{Tokens: []string{token}}), quick)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	header := "POST /decode HTTP/1.1\r\nHost: codec\r\nAuthorization: Bearer " + token + "\r\n" +
		"Content-Type: application/json\r\nContent-Length: 1000\r\n"

	// dial connects as a client, and sends what it is given at once, then slowly (a byte every
	// 50 ms) until the server hangs up or the test ends.
	dial := func(t *testing.T, now, slowly string) net.Conn {
		conn, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		done := make(chan struct{})
		t.Cleanup(func() { close(done); conn.Close() })
		_, err = io.WriteString(conn, now)
		require.NoError(t, err)
		go func() {
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for i := 0; i < len(slowly); i++ {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				if _, err := conn.Write([]byte{slowly[i]}); err != nil {
					return
				}
			}
		}()
		return conn
	}
	// cutOff waits, at most guard, for the server to close the connection, and says how long it
	// took from began and what the server sent before.
	cutOff := func(t *testing.T, conn net.Conn, began time.Time, guard time.Duration) (time.Duration, string) {
		t.Helper()
		require.NoError(t, conn.SetReadDeadline(began.Add(guard)))
		got, err := io.ReadAll(conn) // until the server closes (EOF) or resets the connection
		var nerr net.Error
		if errors.As(err, &nerr) && nerr.Timeout() {
			t.Fatalf("the server still held the connection open after %s", guard)
		}
		took := time.Since(began)
		t.Logf("cut off after %s (%v), the server having sent %q", took.Round(time.Millisecond), err, got)
		return took, string(got)
	}

	t.Run("a header never finished", func(t *testing.T) {
		began := time.Now()
		conn := dial(t, header, "")
		took, got := cutOff(t, conn, began, 1500*time.Millisecond)
		assert.GreaterOrEqual(t, took, quick.header, "cut off by the header's timeout, not at once")
		assert.NotContains(t, got, "200 OK")
	})
	t.Run("a header sent a byte at a time", func(t *testing.T) {
		began := time.Now()
		conn := dial(t, "POST /decode HTTP/1.1\r\n", strings.Repeat("X-Slow: x\r\n", 100))
		took, got := cutOff(t, conn, began, 1500*time.Millisecond)
		assert.GreaterOrEqual(t, took, quick.header, "cut off by the header's timeout, not at once")
		assert.NotContains(t, got, "200 OK")
	})
	t.Run("a body sent a byte at a time", func(t *testing.T) {
		began := time.Now()
		// The header is whole; the body's 1,000 bytes would take 50 s.
		conn := dial(t, header+"\r\n", strings.Repeat(" ", 1000))
		took, got := cutOff(t, conn, began, quick.request+3*time.Second)
		assert.GreaterOrEqual(t, took, quick.request, "cut off by the request's timeout, not at once")
		assert.NotContains(t, got, "200 OK")
	})
}
