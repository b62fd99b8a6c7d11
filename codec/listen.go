package codec

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Listening says where the codec server listens and with what certificate.
type Listening struct {
	Addr     string // host:port
	CertFile string // PEM certificate and key: the server speaks TLS (https)
	KeyFile  string
}

// ErrPlainBeyondLoopback refuses a codec server without TLS on an address other machines reach:
// the tokens, the sign-in cookie and every decoded payload would cross the network in clear.
var ErrPlainBeyondLoopback = errors.New("a codec server reachable from other machines needs TLS: give --codec-tls-cert and --codec-tls-key, or listen on 127.0.0.1")

// Listen opens the codec server's listener: TLS when a certificate is given, otherwise only on
// a loopback address. It returns the listener and the scheme browsers use (http or https).
func Listen(l Listening) (net.Listener, string, error) {
	if (l.CertFile == "") != (l.KeyFile == "") {
		return nil, "", errors.New("give both --codec-tls-cert and --codec-tls-key, or neither")
	}
	host, _, err := net.SplitHostPort(l.Addr)
	if err != nil {
		return nil, "", fmt.Errorf("codec server address %q: %w", l.Addr, err)
	}
	if l.CertFile == "" && !loopback(host) {
		return nil, "", ErrPlainBeyondLoopback
	}
	ln, err := net.Listen("tcp", l.Addr)
	if err != nil {
		return nil, "", fmt.Errorf("codec server on %s: %w", l.Addr, err)
	}
	if l.CertFile == "" {
		return ln, "http", nil
	}
	cert, err := tls.LoadX509KeyPair(l.CertFile, l.KeyFile)
	if err != nil {
		ln.Close()
		return nil, "", fmt.Errorf("codec server's certificate: %w", err)
	}
	return tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), "https", nil
}

// loopback is true for a host only this machine reaches (an empty host listens everywhere).
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewHTTPServer serves h with timeouts, so that a client that sends its request slowly (or
// never) cannot hold connections open: a header within 10 s, a request within 30 s.
func NewHTTPServer(h http.Handler) *http.Server { return newHTTPServer(h, serverTimeouts) }

// timeouts are how long the codec server gives a client: for its request's header, for the
// whole request, for the answer, and between requests.
type timeouts struct{ header, request, write, idle time.Duration }

var serverTimeouts = timeouts{header: 10 * time.Second, request: 30 * time.Second, write: 30 * time.Second, idle: 2 * time.Minute}

// newHTTPServer is NewHTTPServer with other timeouts (tests make them short).
func newHTTPServer(h http.Handler, t timeouts) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.header, ReadTimeout: t.request,
		WriteTimeout: t.write, IdleTimeout: t.idle, MaxHeaderBytes: 64 << 10}
}
