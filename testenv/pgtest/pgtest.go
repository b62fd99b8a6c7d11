// Package pgtest gives a test package a real, migrated PostgreSQL database: on DATABASE_URL's
// server when it is set, otherwise on a private throwaway cluster started for the package.
// Databases and the cluster are removed when the package's tests end.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/devstack/postgres"
	"wenming/schema"
)

var env struct {
	adminURL string
	template string // migrated database that new databases are cloned from
	mu       sync.Mutex
	created  []string
	shared   *sqlx.DB
}

// Main runs the package's tests against real PostgreSQL and exits with their status.
func Main(m *testing.M) {
	stop, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		os.Exit(1)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

// Start prepares the server and the migrated template; the returned function drops every
// database made since and stops a private cluster. Main calls it; so do other harnesses.
func Start() (stop func(), err error) {
	ctx := context.Background()
	stopServer, err := start(ctx)
	if err != nil {
		return nil, err
	}
	return func() {
		if env.shared != nil {
			env.shared.Close()
		}
		for i := len(env.created) - 1; i >= 0; i-- {
			if err := dropDatabase(ctx, env.created[i]); err != nil {
				fmt.Fprintln(os.Stderr, "pgtest:", err)
			}
		}
		stopServer()
	}, nil
}

func start(ctx context.Context) (stop func(), err error) {
	stop = func() {}
	env.adminURL = os.Getenv("DATABASE_URL")
	if env.adminURL == "" {
		dir, err := os.MkdirTemp("", "wenming-pgtest-")
		if err != nil {
			return stop, err
		}
		quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		c, err := postgres.Start(ctx, postgres.Options{Dir: dir, Throwaway: true, Logger: quiet})
		if err != nil {
			os.RemoveAll(dir)
			return stop, err
		}
		env.adminURL = c.AdminURL
		stop = func() { c.Stop(); os.RemoveAll(dir) }
	}
	env.template = "wm_tmpl_" + randomSuffix()
	if err := createDatabase(ctx, env.template, ""); err != nil {
		stop()
		return func() {}, err
	}
	if err := migrate(ctx, env.template); err != nil {
		stop()
		return func() {}, err
	}
	return stop, nil
}

// URL returns the admin address of the test server, for tests that create their own databases.
func URL() string { return env.adminURL }

// DB returns the package's shared database, migrated, created on first use.
func DB(t testing.TB) *sqlx.DB {
	t.Helper()
	env.mu.Lock()
	defer env.mu.Unlock()
	if env.shared == nil {
		db, _ := open(t, "wm_pkg_"+randomSuffix())
		env.shared = db
	}
	return env.shared
}

// Fresh returns a new migrated database of the test's own and its URL; it is closed when the
// test ends and dropped with the package.
func Fresh(t testing.TB) (*sqlx.DB, string) {
	t.Helper()
	env.mu.Lock()
	defer env.mu.Unlock()
	db, url := open(t, "wm_t_"+randomSuffix())
	t.Cleanup(func() { db.Close() })
	return db, url
}

func open(t testing.TB, name string) (*sqlx.DB, string) {
	t.Helper()
	if env.adminURL == "" {
		t.Fatal("pgtest: call pgtest.Main from TestMain")
	}
	if err := createDatabase(context.Background(), name, env.template); err != nil {
		t.Fatal(err)
	}
	url := postgres.WithDatabase(env.adminURL, name)
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	return db, url
}

func createDatabase(ctx context.Context, name, template string) error {
	db, err := sql.Open("postgres", env.adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	stmt := "CREATE DATABASE " + pq.QuoteIdentifier(name)
	if template != "" {
		stmt += " TEMPLATE " + pq.QuoteIdentifier(template)
	}
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("create test database %s: %w", name, err)
	}
	env.created = append(env.created, name)
	return nil
}

func dropDatabase(ctx context.Context, name string) error {
	db, err := sql.Open("postgres", env.adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)")
	return err
}

func migrate(ctx context.Context, name string) error {
	db, err := sql.Open("postgres", postgres.WithDatabase(env.adminURL, name))
	if err != nil {
		return err
	}
	defer db.Close()
	return schema.Migrate(ctx, db)
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// OwnDir is a folder for a private cluster of the test's own (one it stops and starts again,
// or serves TLS from), which the cluster's system user can enter; it is removed when the test
// ends.
func OwnDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "wenming-own-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // the cluster may run as another user
		t.Fatal(err)
	}
	return dir
}

// Own starts a throwaway private cluster of the test's own in dir (see OwnDir), quietly, with
// TLS when tls is given; it stops when the test ends.
func Own(t testing.TB, dir string, port int, tls *postgres.TLSFiles) *postgres.Cluster {
	t.Helper()
	c, err := postgres.Start(context.Background(), postgres.Options{Dir: dir, Throwaway: true, Port: port, TLS: tls,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	return c
}
