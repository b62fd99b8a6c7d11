package codec

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"os"
	"testing"

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

// A client that never finishes its request headers is cut off, not served forever.
func TestTheCodecServerHasTimeouts(t *testing.T) {
	s := NewHTTPServer(http.NotFoundHandler())
	assert.Positive(t, s.ReadHeaderTimeout)
	assert.Positive(t, s.ReadTimeout)
	assert.Positive(t, s.WriteTimeout)
	assert.Positive(t, s.IdleTimeout)
}
