package connect

import (
	"encoding/base64"
	"strings"
	"testing"

	"wenming/testenv/english"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
)

// Update payloads carry objection contacts, reasons and notes: a Temporal that is not on
// this machine gets them sealed or not at all. Without keys only loopback is reached (the dev
// stack, a test server); with keys any address is.
func TestTheCodecIsRequiredBeyondThisMachine(t *testing.T) {
	t.Setenv(CodecKeysEnv, "")
	keys := "k1:" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))
	for _, tt := range []struct {
		address, keys string
		refused       bool
	}{
		{"", "", false}, // the dev stack
		{"127.0.0.1:7233", "", false},
		{"localhost:7233", "", false},
		{"[::1]:7233", "", false},
		{"temporal.office.example:7233", "", true},
		{"10.0.0.5:7233", "", true},
		{"10.0.0.5:7233", keys, false},
	} {
		t.Run(tt.address+" "+map[bool]string{true: "with keys", false: "without keys"}[tt.keys != ""], func(t *testing.T) {
			t.Setenv(CodecKeysEnv, tt.keys)
			opts, err := (&Config{Insecure: true}).ClientOptions(tt.address) // TLS is another rule's
			if !tt.refused {
				require.NoError(t, err)
				assert.Equal(t, tt.keys != "", opts.DataConverter != nil, "payloads sealed when keys are given")
				return
			}
			require.Error(t, err)
			assert.Contains(t, english.Of(err), "is not on this machine")
			assert.Contains(t, err.Error(), "--codec-keys")
		})
	}
}

// With the keys, a payload that is not sealed is refused by the converters the worker and the
// CLI are given, unless --codec-accept-plain (or WENMING_CODEC_ACCEPT_PLAIN=true) lets the
// payloads of histories written before encryption was on through.
func TestPlainPayloadsAreAcceptedOnlyWhenAsked(t *testing.T) {
	isolate(t)
	t.Setenv(CodecKeysEnv, "k1:"+base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32))))
	t.Setenv(CodecAcceptPlainEnv, "")
	plain, err := converter.GetDefaultDataConverter().ToPayload("written before the keys")
	require.NoError(t, err)
	read := func(args ...string) error {
		c, err := resolved(t, args...)
		require.NoError(t, err)
		opts, err := c.ClientOptions("")
		require.NoError(t, err)
		var s string
		return opts.DataConverter.FromPayload(plain, &s)
	}
	err = read()
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "a payload is not sealed")
	assert.NoError(t, read("--codec-accept-plain"))
	t.Setenv(CodecAcceptPlainEnv, "true")
	assert.NoError(t, read())
}

// A Temporal that is not on loopback is reached over TLS (from the flags or the client
// profile) unless --insecure (TEMPORAL_INSECURE=true) says the network is trusted; the
// refusal comes before any connection is tried and names the settings.
func TestPlainGRPCIsRefusedBeyondLoopback(t *testing.T) {
	isolate(t)
	t.Setenv(CodecKeysEnv, "k1:"+base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32))))
	t.Setenv(InsecureEnv, "")
	for _, tt := range []struct {
		name    string
		args    []string
		env     string
		refused bool
	}{
		{"loopback", []string{"--address", "127.0.0.1:7233"}, "", false},
		{"localhost", []string{"--address", "localhost:7233"}, "", false},
		{"another machine", []string{"--address", "10.0.0.5:7233"}, "", true},
		{"a host name", []string{"--address", "temporal.office.example:7233"}, "", true},
		{"with --tls", []string{"--address", "10.0.0.5:7233", "--tls"}, "", false},
		{"with --insecure", []string{"--address", "10.0.0.5:7233", "--insecure"}, "", false},
		{"with TEMPORAL_INSECURE", []string{"--address", "10.0.0.5:7233"}, "true", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(InsecureEnv, tt.env)
			c, err := resolved(t, tt.args...)
			require.NoError(t, err)
			opts, err := c.ClientOptions("")
			if !tt.refused {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, english.Of(err), "is not on this machine, and without TLS")
			assert.Contains(t, english.Of(err), "--tls-ca")
			assert.Contains(t, english.Of(err), "--insecure (or TEMPORAL_INSECURE=true)")
			assert.Nil(t, opts.ConnectionOptions.TLS)
		})
	}

	// A client profile with TLS (an API key turns it on) is TLS.
	t.Setenv("TEMPORAL_API_KEY", "secret-key")
	c, err := resolved(t, "--address", "10.0.0.5:7233")
	require.NoError(t, err)
	_, err = c.ClientOptions("")
	require.NoError(t, err, "TLS from the profile")

	// Without keys and without TLS, both refusals are given at once.
	isolate(t)
	t.Setenv(CodecKeysEnv, "")
	_, err = (&Config{}).ClientOptions("10.0.0.5:7233")
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "--codec-keys")
	assert.Contains(t, english.Of(err), "--insecure")
}
