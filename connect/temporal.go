package connect

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"net"
	"strings"

	"wenming/msg"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"wenming/codec"
	"wenming/input/infile"
)

// ClientOptions builds the Temporal client options for the configured (or given) address.
func (c *Config) ClientOptions(address string) (client.Options, error) {
	if address == "" {
		address = c.Address
	}
	if address == "" {
		address = DefaultDevAddress
	}
	opts, err := c.profileOptions()
	if err != nil {
		return opts, err
	}
	opts.HostPort, opts.Namespace, opts.Logger = address, c.Namespace, sdklog.NewStructuredLogger(slog.Default())
	if c.Metrics != nil {
		opts.MetricsHandler = c.Metrics
	}
	if c.usesTLS() {
		tlsConf, err := c.tlsConfig()
		if err != nil {
			return opts, err
		}
		opts.ConnectionOptions.TLS = tlsConf
	}
	cod, err := c.Codec()
	if err != nil {
		return opts, err
	}
	// Beyond this machine the payloads must be sealed, and the connection encrypted (by the
	// flags or the client profile) unless the operator says the network is trusted.
	var refused []error
	if cod == nil && !onThisMachine(address) {
		refused = append(refused, msg.Err("connect.codec_required", "Address", address, "File", "WENMING_CODEC_KEYS_FILE", "Env", CodecKeysEnv))
	}
	if opts.ConnectionOptions.TLS == nil && !c.Insecure && !onThisMachine(address) {
		refused = append(refused, msg.Err("connect.tls_required", "Address", address))
	}
	switch len(refused) {
	case 0:
	case 1:
		return opts, refused[0]
	default:
		return opts, errors.Join(refused...)
	}
	if cod != nil {
		opts.DataConverter, opts.FailureConverter = codec.Converters(cod)
	}
	return opts, nil
}

// onThisMachine reports whether a host:port is on loopback (the dev stack, a test server).
func onThisMachine(address string) bool {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CodecKeysEnv holds the payload keys themselves when no key file is given.
const CodecKeysEnv = "WENMING_CODEC_KEYS"

// Codec is the payload codec of the configured keys, or nil when encryption is off.
func (c *Config) Codec() (*codec.AESGCM, error) {
	keys, err := codec.LoadKeys(c.CodecKeys, CodecKeysEnv)
	if err != nil || keys == nil {
		return nil, err
	}
	if c.CodecAcceptPlain {
		return codec.New(keys, codec.AcceptPlain())
	}
	return codec.New(keys)
}

// Dial connects to Temporal.
func (c *Config) Dial(ctx context.Context, address string) (client.Client, error) {
	opts, err := c.ClientOptions(address)
	if err != nil {
		return nil, err
	}
	cl, err := client.DialContext(ctx, opts)
	if err != nil {
		return nil, msg.WithHint(msg.Wrap(err, "connect.temporal.unreachable", "Address", opts.HostPort, "Namespace", opts.Namespace), c.dialHint(err))
	}
	return cl, nil
}

// dialHint says what an administrator most likely has to change after a failed dial: a
// server that is not running, or TLS settings that do not match the server's.
func (c *Config) dialHint(err error) msg.Text {
	switch {
	case strings.Contains(err.Error(), "connection refused"):
		return msg.Say("connect.temporal.hint.refused")
	case !c.usesTLS():
		return msg.Say("connect.temporal.hint.tls")
	case c.TLSCert == "":
		return msg.Say("connect.temporal.hint.mtls")
	default:
		return msg.Say("connect.temporal.hint.ca")
	}
}

// usesTLS says whether any TLS setting was given.
func (c *Config) usesTLS() bool {
	return c.TLSCert != "" || c.TLSKey != "" || c.TLSCA != "" || c.TLS
}

func (c *Config) tlsConfig() (*tls.Config, error) {
	if !c.usesTLS() {
		return nil, nil
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: c.TLSServerName}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return nil, msg.Err("connect.tls.pair")
	}
	if c.TLSCert != "" {
		cert, err := LoadKeyPair(c.TLSCert, c.TLSKey)
		if err != nil {
			return nil, msg.Wrap(err, "connect.tls.load_cert", "File", c.TLSCert)
		}
		conf.Certificates = []tls.Certificate{cert}
	}
	if c.TLSCA != "" {
		pem, err := infile.Read(c.TLSCA, "ca_certificate", MaxPEMFile)
		if err != nil {
			return nil, msg.Wrap(err, "connect.tls.read_ca")
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, msg.Err("connect.tls.no_pem", "File", c.TLSCA)
		}
		conf.RootCAs = pool
	}
	return conf, nil
}

// MaxPEMFile bounds a certificate, key or CA bundle file (a system bundle is a few hundred KB).
const MaxPEMFile = 1 << 20

// LoadKeyPair reads a certificate and its key, each through a bounded read.
func LoadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	cert, err := infile.Read(certFile, "certificate", MaxPEMFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	key, err := infile.Read(keyFile, "key", MaxPEMFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(cert, key)
}

// CertificateName is the common name of the client certificate (--tls-cert): with mutual TLS
// it is who acts, proven by the key. "" when no client certificate is configured.
func (c *Config) CertificateName() (string, error) {
	if c.TLSCert == "" {
		return "", nil
	}
	cert, err := LoadKeyPair(c.TLSCert, c.TLSKey)
	if err != nil {
		return "", msg.Wrap(err, "connect.tls.load_cert", "File", c.TLSCert)
	}
	leaf := cert.Leaf
	if leaf == nil {
		if leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return "", msg.Wrap(err, "connect.tls.read_cert", "File", c.TLSCert)
		}
	}
	if leaf.Subject.CommonName == "" {
		return "", msg.Err("connect.tls.no_name", "File", c.TLSCert)
	}
	return leaf.Subject.CommonName, nil
}
