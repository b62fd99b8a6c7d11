// Package devstack runs the whole product environment in one process for development, the
// demo and tests: an in-process Temporal server persisting to SQLite, the Temporal Web UI,
// and PostgreSQL (DATABASE_URL, or a private cluster under the data directory), migrated.
package devstack

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"go.temporal.io/sdk/client"

	"wenming/devstack/postgres"
	"wenming/msg"
	"wenming/schema"
	"wenming/workflows/searchattr"

	"github.com/jmoiron/sqlx"
)

// Options configure the stack.
type Options struct {
	// DataDir keeps Temporal's SQLite file and the private PostgreSQL cluster, so that a
	// restart continues every workflow where it was.
	DataDir string
	// DatabaseURL, when set, is used instead of a private cluster.
	DatabaseURL  string
	TemporalPort int // 0: a free port
	UIPort       int // 0: a free port; -1: no UI
	Namespace    string
	// CodecEndpoint lets the Web UI decode encrypted payloads.
	CodecEndpoint string
	// UIWriteActions lets the Web UI act on workflows (see TemporalOptions).
	UIWriteActions bool
	Logger         *slog.Logger
}

// Stack is the running environment.
type Stack struct {
	Temporal    *Temporal
	DatabaseURL string
	postgres    *postgres.Cluster
}

// Start brings up PostgreSQL (migrated), then Temporal and the Web UI.
func Start(ctx context.Context, o Options) (*Stack, error) {
	if !Available {
		return nil, msg.Err("devstack.none")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	s := &Stack{DatabaseURL: o.DatabaseURL}
	if o.DataDir != "" {
		if err := privateDir(o.DataDir); err != nil {
			return nil, err
		}
	}
	if s.DatabaseURL == "" {
		c, err := postgres.Start(ctx, postgres.Options{Dir: postgres.DirIn(o.DataDir), Logger: o.Logger})
		if err != nil {
			return nil, err
		}
		s.postgres = c
		if err := postgres.EnsureDatabase(ctx, c.AdminURL, postgres.ProductDatabase); err != nil {
			s.Stop()
			return nil, err
		}
		s.DatabaseURL = c.DatabaseURL(postgres.ProductDatabase)
	}
	if err := migrate(ctx, s.DatabaseURL); err != nil {
		s.Stop()
		return nil, err
	}
	t, err := StartTemporal(ctx, TemporalOptions{
		DBFile:        filepath.Join(o.DataDir, "temporal.db"),
		LogFile:       filepath.Join(o.DataDir, "temporal.log"),
		Port:          o.TemporalPort,
		UIPort:        o.UIPort,
		Namespace:     o.Namespace,
		CodecEndpoint: o.CodecEndpoint, UIWriteActions: o.UIWriteActions,
	})
	if err != nil {
		s.Stop()
		return nil, err
	}
	s.Temporal = t
	if err := ensureSearchAttributes(ctx, t.Address, o.Namespace); err != nil {
		s.Stop()
		return nil, err
	}
	o.Logger.Info("dev stack up", "temporal", t.Address, "ui", t.UIAddress, "data", o.DataDir)
	return s, nil
}

// PostgresFiles says where the private cluster's files are when they could not stay in the
// data directory (its OS user cannot enter it), or "" when they are there or no private
// cluster runs.
func (s *Stack) PostgresFiles(dataDir string) string {
	if s == nil || s.postgres == nil || s.postgres.Dir() == postgres.DirIn(dataDir) {
		return ""
	}
	return s.postgres.Dir()
}

// Stop stops Temporal, then PostgreSQL.
func (s *Stack) Stop() {
	if s.Temporal != nil {
		s.Temporal.Stop()
	}
	if s.postgres != nil {
		s.postgres.Stop()
	}
}

func migrate(ctx context.Context, url string) error {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return err
	}
	defer db.Close()
	return schema.Migrate(ctx, db.DB)
}

// ensureSearchAttributes registers attributes added since the state file was created.
func ensureSearchAttributes(ctx context.Context, address, namespace string) error {
	c, err := client.DialContext(ctx, client.Options{HostPort: address, Namespace: namespace})
	if err != nil {
		return fmt.Errorf("connect to the embedded Temporal: %w", err)
	}
	defer c.Close()
	return searchattr.Ensure(ctx, c, namespace)
}
