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
	"wenming/searchattr"
	"wenming/testenv/pgtest"
	"wenming/workflows"
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

// Option changes how the test's worker runs.
type Option func(*worker.Options)

// WithInterceptors adds worker interceptors (fault injection).
func WithInterceptors(is ...interceptor.WorkerInterceptor) Option {
	return func(o *worker.Options) { o.Interceptors = append(o.Interceptors, is...) }
}

// New gives the test a fresh database, a client and a worker with the product's workflows on
// a task queue of its own; all are closed when the test ends.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	db, url := pgtest.Fresh(t)
	c, err := client.Dial(client.Options{HostPort: server.Address, Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	if err := searchattr.Ensure(context.Background(), c, "default"); err != nil {
		t.Fatal(err)
	}
	e := &Env{Client: c, DB: db, DBURL: url, Address: server.Address,
		TaskQueue: strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())}
	e.Worker = e.StartWorker(t, opts...)
	return e
}

// StartWorker starts (another) worker on the test's task queue; it stops when the test ends.
// Tests of crashes stop one worker and start the next.
func (e *Env) StartWorker(t testing.TB, opts ...Option) worker.Worker {
	t.Helper()
	wo := worker.Options{WorkflowPanicPolicy: worker.FailWorkflow}
	for _, o := range opts {
		o(&wo)
	}
	w := worker.New(e.Client, e.TaskQueue, wo)
	workflows.Register(w, &activities.Activities{DB: e.DB, Worker: "test"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	return w
}
