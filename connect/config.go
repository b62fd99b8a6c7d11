// Package connect holds the settings that the worker and the CLI share (where Temporal and
// PostgreSQL are, TLS, the data directory) and opens the connections from them, so that both
// binaries are configured the same way by the same flags and environment variables.
package connect

import (
	"os"

	"github.com/spf13/pflag"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"
)

// Config is where the product's services are.
type Config struct {
	Address       string // Temporal frontend host:port; empty means the embedded dev stack
	Namespace     string
	TLSCert       string // client certificate (mTLS)
	TLSKey        string
	TLSCA         string // CA that signed the server's certificate
	TLSServerName string
	TLS           bool   // use TLS with the system roots when no files are given
	DatabaseURL   string // empty: the private cluster of the dev stack under DataDir
	DataDir       string
	TaskQueue     string // the worker's task queue; one per deployment sharing a namespace
	CodecKeys     string // file of payload encryption keys; empty: $WENMING_CODEC_KEYS, or no encryption
	// CodecAcceptPlain lets unsealed payloads through the codec (histories written before
	// encryption was on); otherwise, with keys, they are refused.
	CodecAcceptPlain bool
	// Insecure allows plain gRPC (no TLS) to a Temporal that is not on loopback.
	Insecure bool
	// Metrics receives the SDK's metrics (the worker's --metrics-address); nil: none.
	Metrics client.MetricsHandler

	flags   *pflag.FlagSet
	profile *envconfig.ClientConfigProfile // Temporal's client configuration, once resolved
}

// DefaultDevAddress is where the embedded dev stack's frontend listens by default.
const DefaultDevAddress = "127.0.0.1:7233"

// DefaultTaskQueue is the task queue the product's workers poll unless told otherwise
// (--task-queue, WENMING_TASK_QUEUE).
const DefaultTaskQueue = "wenming"

// Register adds the flags, each defaulting to its environment variable.
func (c *Config) Register(fs *pflag.FlagSet) {
	c.flags = fs
	fs.StringVar(&c.Address, "address", Env("TEMPORAL_ADDRESS", ""),
		"Temporal frontend host:port (env TEMPORAL_ADDRESS); empty: the embedded dev stack on "+DefaultDevAddress)
	fs.StringVar(&c.Namespace, "namespace", Env("TEMPORAL_NAMESPACE", "default"), "Temporal namespace (env TEMPORAL_NAMESPACE)")
	fs.StringVar(&c.TLSCert, "tls-cert", Env("TEMPORAL_TLS_CERT", ""), "client certificate file for mTLS (env TEMPORAL_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", Env("TEMPORAL_TLS_KEY", ""), "client key file for mTLS (env TEMPORAL_TLS_KEY)")
	fs.StringVar(&c.TLSCA, "tls-ca", Env("TEMPORAL_TLS_CA", ""), "CA certificate file of the server (env TEMPORAL_TLS_CA)")
	fs.StringVar(&c.TLSServerName, "tls-server-name", Env("TEMPORAL_TLS_SERVER_NAME", ""), "server name to verify (env TEMPORAL_TLS_SERVER_NAME)")
	fs.BoolVar(&c.TLS, "tls", Env("TEMPORAL_TLS", "") == "true", "use TLS with the system's CAs (env TEMPORAL_TLS=true)")
	fs.StringVar(&c.DatabaseURL, "database-url", Env("DATABASE_URL", ""),
		"PostgreSQL URL, sslmode honoured (env DATABASE_URL); empty: the dev stack's private cluster")
	fs.StringVar(&c.TaskQueue, "task-queue", Env("WENMING_TASK_QUEUE", DefaultTaskQueue),
		"task queue of the product's worker (env WENMING_TASK_QUEUE)")
	fs.StringVar(&c.CodecKeys, "codec-keys", Env("WENMING_CODEC_KEYS_FILE", ""),
		"file of AES-256 keys (id:base64 per line, the last seals) that encrypt every payload sent to Temporal (env WENMING_CODEC_KEYS_FILE, or the keys themselves in WENMING_CODEC_KEYS); worker and CLI need the same keys")
	fs.BoolVar(&c.CodecAcceptPlain, "codec-accept-plain", Env(CodecAcceptPlainEnv, "") == "true",
		"with the payload keys, still accept unsealed payloads, to read histories written before encryption was on (env "+CodecAcceptPlainEnv+"=true); otherwise they are refused")
	fs.BoolVar(&c.Insecure, "insecure", Env(InsecureEnv, "") == "true",
		"allow plain gRPC (no TLS) to a Temporal that is not on loopback (env "+InsecureEnv+"=true); only on a network you trust")
	fs.StringVar(&c.DataDir, "data-dir", Env("WENMING_DATA_DIR", ".data"),
		"where the embedded dev stack keeps its state (env WENMING_DATA_DIR)")
}

// The environment variables of the switches that lower the defences, set to "true".
const (
	CodecAcceptPlainEnv = "WENMING_CODEC_ACCEPT_PLAIN"
	InsecureEnv         = "TEMPORAL_INSECURE"
)

// Embedded reports whether no Temporal address was given, so the dev stack is meant.
func (c *Config) Embedded() bool { return c.Address == "" }

// Env is the environment variable name, or fallback when it is not set (set but empty counts as set).
func Env(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}
