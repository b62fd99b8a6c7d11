package connect

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pki is a throwaway CA with a server and a client certificate, as PEM files.
type pki struct {
	dir                                string
	ca                                 *x509.Certificate
	caKey                              *ecdsa.PrivateKey
	caFile, serverCert, serverKey      string
	clientCert, clientKey, strangerPEM string
}

func newPKI(t *testing.T) *pki {
	p := &pki{dir: t.TempDir()}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	p.ca, err = x509.ParseCertificate(der)
	require.NoError(t, err)
	p.caKey = key
	p.caFile = p.write(t, "ca.pem", "CERTIFICATE", der)
	p.serverCert, p.serverKey = p.issue(t, "server", x509.ExtKeyUsageServerAuth)
	p.clientCert, p.clientKey = p.issue(t, "wenming-worker", x509.ExtKeyUsageClientAuth)
	p.strangerPEM = p.write(t, "garbage.pem", "NOT A CERTIFICATE", []byte("x"))
	return p
}

func (p *pki) issue(t *testing.T, cn string, usage x509.ExtKeyUsage) (certFile, keyFile string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{usage}, KeyUsage: x509.KeyUsageDigitalSignature,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	return p.write(t, cn+".pem", "CERTIFICATE", der), p.write(t, cn+"-key.pem", "EC PRIVATE KEY", keyDER)
}

func (p *pki) write(t *testing.T, name, kind string, der []byte) string {
	path := filepath.Join(p.dir, name)
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600))
	return path
}

// mtlsServer accepts one connection that must present a client certificate signed by the CA
// and reports the client's name, or the handshake's error.
func mtlsServer(t *testing.T, p *pki) (addr string, peer <-chan string) {
	cert, err := tls.LoadX509KeyPair(p.serverCert, p.serverKey)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(p.ca)
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
	p := newPKI(t)
	for _, tt := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"with the client certificate", Config{TLSCert: p.clientCert, TLSKey: p.clientKey, TLSCA: p.caFile}, "wenming-worker"},
		{"without it", Config{TLSCA: p.caFile}, "handshake: tls: client didn't provide a certificate"},
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
	p := newPKI(t)
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{TLSCert: p.clientCert}, "give both --tls-cert and --tls-key"},
		{Config{TLSCert: p.clientCert, TLSKey: p.serverKey}, "load client certificate " + p.clientCert},
		{Config{TLSCA: filepath.Join(p.dir, "missing.pem")}, "missing.pem"},
		{Config{TLSCA: p.strangerPEM}, p.strangerPEM + " holds no PEM certificate"},
	} {
		_, err := tt.cfg.ClientOptions("127.0.0.1:1")
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
	}
	opts, err := (&Config{}).ClientOptions("127.0.0.1:1")
	require.NoError(t, err)
	assert.Nil(t, opts.ConnectionOptions.TLS, "no TLS unless asked for")
	opts, err = (&Config{TLS: true, TLSServerName: "temporal.example"}).ClientOptions("127.0.0.1:1")
	require.NoError(t, err)
	assert.Equal(t, "temporal.example", opts.ConnectionOptions.TLS.ServerName)
	assert.Nil(t, opts.ConnectionOptions.TLS.RootCAs, "the system's CAs")
}
