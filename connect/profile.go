package connect

import (
	"os"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"

	"wenming/msg"
)

// Resolve completes the settings from Temporal's client configuration, as the temporal CLI and
// the SDKs read it: a TOML file (TEMPORAL_CONFIG_FILE, else temporalio/temporal.toml in the
// user's configuration directory), its profile (TEMPORAL_PROFILE, else "default"), and the
// standard variables over it (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
// TEMPORAL_TLS_CLIENT_CERT_PATH, ..._DATA, TEMPORAL_GRPC_META_*, ...). A flag wins over the
// product's variables (TEMPORAL_TLS_CERT and the others, kept as aliases), which win over the
// profile. Call it once the flags are parsed, before Embedded.
func (c *Config) Resolve() error {
	prof, err := envconfig.LoadClientConfigProfile(envconfig.LoadClientConfigProfileOptions{})
	if err != nil {
		return msg.Wrap(err, "connect.profile", "File", profileFile(), "Profile", os.Getenv("TEMPORAL_PROFILE"))
	}
	c.profile = &prof
	if c.Address == "" {
		c.Address = prof.Address
	}
	if prof.Namespace != "" && !c.changed("namespace") {
		c.Namespace = prof.Namespace
	}
	if t := prof.TLS; t != nil && !t.Disabled && !c.usesTLS() {
		c.TLSCert, c.TLSKey, c.TLSCA, c.TLSServerName = t.ClientCertPath, t.ClientKeyPath, t.ServerCACertPath, t.ServerName
		// Certificates given as data stay in the profile's own TLS settings.
		inline := len(t.ClientCertData) > 0 || len(t.ClientKeyData) > 0 || len(t.ServerCACertData) > 0
		c.TLS = !inline
	}
	return nil
}

// profileFile is the client configuration file Resolve reads, for messages.
func profileFile() string {
	if f := os.Getenv("TEMPORAL_CONFIG_FILE"); f != "" {
		return f
	}
	return envconfig.DefaultConfigFilePath()
}

// profileOptions are the client options of the resolved profile (API key, certificates given as
// data, gRPC headers, authority), the base the flags are laid over; none for the embedded stack.
func (c *Config) profileOptions() (client.Options, error) {
	if c.profile == nil || c.Embedded() {
		return client.Options{}, nil
	}
	opts, err := c.profile.ToClientOptions(envconfig.ToClientOptionsRequest{})
	if err != nil {
		return opts, msg.Wrap(err, "connect.profile", "File", profileFile(), "Profile", os.Getenv("TEMPORAL_PROFILE"))
	}
	return opts, nil
}

// changed says whether a flag was given on the command line.
func (c *Config) changed(name string) bool {
	return c.flags != nil && c.flags.Changed(name)
}
