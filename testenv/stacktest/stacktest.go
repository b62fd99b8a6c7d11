// Package stacktest runs integration tests against the real parts: an in-process Temporal
// server (in-memory SQLite) and a real PostgreSQL (pgtest), with the product's workflows and
// activities on a worker. Each test gets its own database and task queue.
//
//	func TestMain(m *testing.M) { stacktest.Main(m) }
package stacktest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/worker"

	"wenming/activities"
	"wenming/devstack"
	"wenming/testenv/pgtest"
	"wenming/workflows"
	"wenming/workflows/searchattr"
)

var server *devstack.Temporal

// Main starts PostgreSQL and Temporal for the package, runs its tests, and stops both.
func Main(m *testing.M) {
	stopPG, err := pgtest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "stacktest:", err)
		os.Exit(1)
	}
	server, err = devstack.StartTemporal(context.Background(), devstack.TemporalOptions{UIPort: -1})
	if err != nil {
		stopPG()
		fmt.Fprintln(os.Stderr, "stacktest:", err)
		os.Exit(1)
	}
	code := m.Run()
	server.Stop()
	stopPG()
	os.Exit(code)
}

// Env is one test's environment.
type Env struct {
	Client    client.Client
	DB        *sqlx.DB
	DBURL     string
	TaskQueue string
	Address   string
	Worker    worker.Worker
}

// Option changes where the test's parts are or how its worker runs.
type Option func(*settings)

type settings struct {
	worker      worker.Options
	noWorker    bool   // the test runs its workers itself (as processes)
	address     string // Temporal frontend; empty: the package's server
	databaseURL string // empty: a fresh database on the package's PostgreSQL
}

// WithInterceptors adds worker interceptors (fault injection).
func WithInterceptors(is ...interceptor.WorkerInterceptor) Option {
	return func(s *settings) { s.worker.Interceptors = append(s.worker.Interceptors, is...) }
}

// WithoutWorker starts no worker in the test's process: the test runs the worker binary.
func WithoutWorker() Option { return func(s *settings) { s.noWorker = true } }

// OnServer uses another Temporal server than the package's: one the test stops and starts.
func OnServer(address string) Option { return func(s *settings) { s.address = address } }

// OnDatabase uses a migrated database the test provides: one on a cluster it stops and starts.
func OnDatabase(url string) Option { return func(s *settings) { s.databaseURL = url } }

// New gives the test a fresh database, a client and a worker with the product's workflows on
// a task queue of its own; all are closed when the test ends.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	s := settings{address: server.Address}
	for _, o := range opts {
		o(&s)
	}
	var db *sqlx.DB
	url := s.databaseURL
	if url == "" {
		db, url = pgtest.Fresh(t)
	} else {
		var err error
		if db, err = sqlx.Open("postgres", url); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
	}
	c, err := client.Dial(client.Options{HostPort: s.address, Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	if err := searchattr.Ensure(context.Background(), c, "default"); err != nil {
		t.Fatal(err)
	}
	e := &Env{Client: c, DB: db, DBURL: url, Address: s.address,
		TaskQueue: strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())}
	if !s.noWorker {
		e.Worker = e.StartWorker(t, opts...)
	}
	return e
}

// StartWorker starts (another) worker on the test's task queue; it stops when the test ends.
// Tests of crashes stop one worker and start the next.
func (e *Env) StartWorker(t testing.TB, opts ...Option) worker.Worker {
	t.Helper()
	s := settings{worker: worker.Options{WorkflowPanicPolicy: worker.FailWorkflow}}
	for _, o := range opts {
		o(&s)
	}
	s.worker.Interceptors = append([]interceptor.WorkerInterceptor{workflows.Interceptor()}, s.worker.Interceptors...)
	w := worker.New(e.Client, e.TaskQueue, s.worker)
	workflows.Register(w, &activities.Activities{DB: e.DB, Worker: "test"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	return w
}
