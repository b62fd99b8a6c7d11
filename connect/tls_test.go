package connect

import (
	"crypto/tls"
	"crypto/x509"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/english"
	"wenming/testenv/pki"
)

// mtlsServer accepts one connection that must present a client certificate signed by the CA
// and reports the client's name, or the handshake's error.
func mtlsServer(t *testing.T, p *pki.PKI) (addr string, peer <-chan string) {
	cert, err := tls.LoadX509KeyPair(p.ServerCert, p.ServerKey)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(p.CA)
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool,
		ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12})
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	ch := make(chan string, 1)
	go func() {
		conn, err := l.Accept()
		if err != nil {
			ch <- "accept: " + err.Error()
			return
		}
		defer conn.Close()
		tc := conn.(*tls.Conn)
		if err := tc.Handshake(); err != nil {
			ch <- "handshake: " + err.Error()
			return
		}
		ch <- tc.ConnectionState().PeerCertificates[0].Subject.CommonName
	}()
	return l.Addr().String(), ch
}

// The TLS settings the worker and the CLI give the Temporal client complete a real mutual-TLS
// handshake with a frontend that requires client certificates; without the client
// certificate the frontend refuses the connection.
func TestMutualTLSHandshake(t *testing.T) {
	p := pki.New(t)
	for _, tt := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"with the client certificate", Config{TLSCert: p.ClientCert, TLSKey: p.ClientKey, TLSCA: p.CAFile}, "wenming-worker"},
		{"without it", Config{TLSCA: p.CAFile}, "handshake: tls: client didn't provide a certificate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			addr, peer := mtlsServer(t, p)
			opts, err := tt.cfg.ClientOptions(addr)
			require.NoError(t, err)
			require.NotNil(t, opts.ConnectionOptions.TLS)
			conn, err := tls.Dial("tcp", addr, opts.ConnectionOptions.TLS)
			if err == nil {
				// TLS 1.3: the server's verdict on the client's certificate arrives with the first read.
				_, _ = conn.Read(make([]byte, 1))
				conn.Close()
			}
			assert.Equal(t, tt.want, <-peer)
		})
	}
}

// Bad TLS settings are refused with what is wrong, before any connection is tried.
func TestTLSSettingsAreChecked(t *testing.T) {
	p := pki.New(t)
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{TLSCert: p.ClientCert}, "give both --tls-cert and --tls-key"},
		{Config{TLSCert: p.ClientCert, TLSKey: p.ServerKey}, "load client certificate " + p.ClientCert},
		{Config{TLSCA: filepath.Join(p.Dir, "missing.pem")}, "missing.pem"},
		{Config{TLSCA: p.StrangerPEM}, p.StrangerPEM + " holds no PEM certificate"},
		// Read through a bounded open: a device or a huge file is refused, never loaded.
		{Config{TLSCA: "/dev/zero"}, "zero: is not a plain file but a device, so not a CA certificate"},
		{Config{TLSCert: "/dev/zero", TLSKey: p.ClientKey}, "zero: is not a plain file but a device, so not a certificate"},
		{Config{TLSCert: p.ClientCert, TLSKey: "/dev/zero"}, "zero: is not a plain file but a device, so not a key"},
	} {
		_, err := tt.cfg.ClientOptions("127.0.0.1:1")
		require.Error(t, err)
		assert.Contains(t, english.Of(err), tt.want)
	}
	opts, err := (&Config{}).ClientOptions("127.0.0.1:1")
	require.NoError(t, err)
	assert.Nil(t, opts.ConnectionOptions.TLS, "no TLS unless asked for")
	opts, err = (&Config{TLS: true, TLSServerName: "temporal.example"}).ClientOptions("127.0.0.1:1")
	require.NoError(t, err)
	assert.Equal(t, "temporal.example", opts.ConnectionOptions.TLS.ServerName)
	assert.Nil(t, opts.ConnectionOptions.TLS.RootCAs, "the system's CAs")
}
