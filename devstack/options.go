package devstack

import (
	"fmt"
	"os"
	"path/filepath"
)

// TemporalOptions configure the in-process Temporal server.
type TemporalOptions struct {
	// DBFile persists the server's state (SQLite); empty keeps it in memory.
	DBFile string
	// Port of the frontend on 127.0.0.1; 0 picks a free one.
	Port int
	// UIPort serves the Web UI on 127.0.0.1; 0 picks a free one, -1 serves no UI.
	UIPort int
	// Namespace is registered on start (with the product's search attributes).
	Namespace string
	// LogFile receives the server's warnings and errors; empty discards them.
	LogFile string
	// CodecEndpoint is given to the Web UI so it can decode encrypted payloads.
	CodecEndpoint string
	// UIWriteActions lets the Web UI terminate, cancel, signal, reset and start workflows. Off
	// by default: the dev stack has no accounts, so anyone who reaches its UI would act as
	// the office; the product's own verbs (the CLI) record who did what.
	UIWriteActions bool
	// DynamicConfig overrides server settings (tests shorten some intervals).
	DynamicConfig map[string]any
	// TLS, when set, makes the frontend speak TLS only and require client certificates
	// (mutual TLS), as a production cluster is set up.
	TLS *FrontendTLS
	// Postgres, when set, keeps the server's state in PostgreSQL (persistence and visibility,
	// each its own database, their schemas set up by SetupPostgres) instead of SQLite: the
	// cluster mode, as an office deploys Temporal.
	Postgres *PostgresStores
}

// PostgresStores are the PostgreSQL databases of a Temporal server.
type PostgresStores struct {
	Address        string // host:port
	User, Password string
	Persistence    string // database name, e.g. temporal
	Visibility     string // database name, e.g. temporal_visibility
	Shards         int    // history shards; fixed for the life of the databases
	// ConnectAttributes are the TLS settings of the databases' URL (sslmode, sslrootcert,
	// sslcert, sslkey), passed to the server's PostgreSQL driver as they are.
	ConnectAttributes map[string]string
}

// FrontendTLS are the PEM files of a frontend that requires mutual TLS.
type FrontendTLS struct {
	// CertFile and KeyFile are the frontend's certificate for 127.0.0.1. The server's own
	// components (schedules, the system workers) present it as their client certificate, so
	// it must be valid for client authentication too.
	CertFile, KeyFile string
	// CAFile signs the client certificates the frontend accepts, and CertFile.
	CAFile string
}

// createPrivate makes a file that only this account may read, unless it exists: Temporal's
// state and log hold workflow payloads, personal data among them. A missing folder is made
// private too; a folder that exists is left as it is: others may need to pass through it
// (the cluster mode keeps the server's log beside the files of a PostgreSQL that runs as its
// own OS user, and closing the folder under it crashed PostgreSQL at its next checkpoint).
func createPrivate(file string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(file), err)
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", file, err)
	}
	return f.Close()
}

// privateDir makes dir a folder only this account may open (its files are the stack's
// state, ballots and passwords among them).
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("close %s to other users: %w", dir, err)
	}
	return nil
}
