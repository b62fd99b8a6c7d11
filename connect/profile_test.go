package connect

import (
	"crypto/tls"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/english"
	"wenming/testenv/pki"
)

// resolved parses args over the environment the test set, and resolves the client profile.
func resolved(t *testing.T, args ...string) (*Config, error) {
	t.Helper()
	var c Config
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	c.Register(fs)
	require.NoError(t, fs.Parse(args))
	return &c, c.Resolve()
}

// isolate keeps the test from the machine's own client configuration and variables.
func isolate(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, v := range []string{"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_PROFILE", "TEMPORAL_CONFIG_FILE", "TEMPORAL_API_KEY",
		"TEMPORAL_TLS", "TEMPORAL_TLS_CERT", "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_CA"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
}

// handshake dials the mutual-TLS frontend with the options' TLS settings and returns the name
// the frontend saw.
func handshake(t *testing.T, conf *tls.Config, addr string, peer <-chan string) string {
	t.Helper()
	require.NotNil(t, conf)
	conn, err := tls.Dial("tcp", addr, conf)
	if err == nil {
		_, _ = conn.Read(make([]byte, 1))
		conn.Close()
	}
	return <-peer
}

// A profile of Temporal's client configuration file gives the namespace and the certificates
// (by path), the flag gives the address; a mutual-TLS handshake with them succeeds. The
// namespace flag wins over the profile.
func TestAClientProfileConfiguresTheConnection(t *testing.T) {
	isolate(t)
	p := pki.New(t)
	file := filepath.Join(t.TempDir(), "temporal.toml")
	require.NoError(t, os.WriteFile(file, []byte(`[profile.office]
address = "temporal.office.example:7233"
namespace = "wenming"
[profile.office.tls]
client_cert_path = "`+p.ClientCert+`"
client_key_path = "`+p.ClientKey+`"
server_ca_cert_path = "`+p.CAFile+`"
`), 0o600))
	t.Setenv("TEMPORAL_CONFIG_FILE", file)
	t.Setenv("TEMPORAL_PROFILE", "office")

	c, err := resolved(t)
	require.NoError(t, err)
	assert.Equal(t, "temporal.office.example:7233", c.Address)
	assert.Equal(t, "wenming", c.Namespace)
	assert.Equal(t, p.ClientCert, c.TLSCert, "the certificate the CLI proves who it is with")
	assert.False(t, c.Embedded())

	addr, peer := mtlsServer(t, p)
	c, err = resolved(t, "--address", addr, "--namespace", "other")
	require.NoError(t, err)
	opts, err := c.ClientOptions("")
	require.NoError(t, err)
	assert.Equal(t, addr, opts.HostPort)
	assert.Equal(t, "other", opts.Namespace, "the flag wins")
	assert.Equal(t, "wenming-worker", handshake(t, opts.ConnectionOptions.TLS, addr, peer))
}

// The standard variables configure the client without a file: certificates as data, and an
// API key (which turns TLS on).
func TestTheStandardVariablesConfigureTheClient(t *testing.T) {
	isolate(t)
	p := pki.New(t)
	read := func(f string) string {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		return string(b)
	}
	addr, peer := mtlsServer(t, p)
	t.Setenv("TEMPORAL_ADDRESS", addr)
	t.Setenv("TEMPORAL_TLS_CLIENT_CERT_DATA", read(p.ClientCert))
	t.Setenv("TEMPORAL_TLS_CLIENT_KEY_DATA", read(p.ClientKey))
	t.Setenv("TEMPORAL_TLS_SERVER_CA_CERT_DATA", read(p.CAFile))
	c, err := resolved(t)
	require.NoError(t, err)
	opts, err := c.ClientOptions("")
	require.NoError(t, err)
	assert.Equal(t, addr, opts.HostPort)
	assert.Equal(t, "wenming-worker", handshake(t, opts.ConnectionOptions.TLS, addr, peer))

	isolate(t)
	t.Setenv("TEMPORAL_ADDRESS", "127.0.0.1:7233")
	t.Setenv("TEMPORAL_API_KEY", "secret-key")
	c, err = resolved(t)
	require.NoError(t, err)
	opts, err = c.ClientOptions("")
	require.NoError(t, err)
	assert.NotNil(t, opts.Credentials, "the API key is sent")
	assert.NotNil(t, opts.ConnectionOptions.TLS, "over TLS")
}

// A profile that the file does not have is refused, naming it and the file.
func TestAMissingProfileIsNamed(t *testing.T) {
	isolate(t)
	file := filepath.Join(t.TempDir(), "temporal.toml")
	require.NoError(t, os.WriteFile(file, []byte("[profile.default]\naddress = \"127.0.0.1:7233\"\n"), 0o600))
	t.Setenv("TEMPORAL_CONFIG_FILE", file)
	t.Setenv("TEMPORAL_PROFILE", "prod")
	_, err := resolved(t)
	assert.Contains(t, english.Of(err), "could not read the Temporal client configuration "+file+" (profile prod)")
	assert.Contains(t, english.Of(err), "unable to find profile prod")
}

// Without a profile or variables nothing changes: the embedded stack, namespace default.
func TestNoProfileLeavesTheEmbeddedStack(t *testing.T) {
	isolate(t)
	c, err := resolved(t)
	require.NoError(t, err)
	assert.True(t, c.Embedded())
	assert.Equal(t, "default", c.Namespace)
}
