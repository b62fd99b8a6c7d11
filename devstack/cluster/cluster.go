// Package cluster runs the product as an office deploys it, from the repository alone: a
// PostgreSQL cluster holding the product's database and Temporal's two (persistence and
// visibility, their schemas set up with Temporal's own schema tool from the pinned server
// module), the Temporal server with the Web UI as its own process, and N worker processes of
// the production build (no embedded server). go tool task cluster runs it; the integration
// tests run the demo's campaign and rounds on it.
package cluster

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/client"

	"wenming/connect"
	"wenming/devstack"
	"wenming/devstack/cluster/stores"
	"wenming/devstack/postgres"
	"wenming/workflows/searchattr"
)

// Options configure the cluster.
type Options struct {
	Dir string // its state: PostgreSQL's files, the binaries, the logs
	// DatabaseURL, when set, is a PostgreSQL server to use instead of a private cluster: the
	// product's database; Temporal's (temporal, temporal_visibility) are created beside it.
	DatabaseURL  string
	Workers      int
	TemporalPort int // 0: a free port
	UIPort       int // 0: a free port; -1: no Web UI
	Namespace    string
	TaskQueue    string
	Logger       *slog.Logger
	// Throwaway removes the private PostgreSQL cluster's files when it stops (tests).
	Throwaway bool
}

// Cluster is the running cluster.
type Cluster struct {
	Address     string // Temporal frontend
	UIAddress   string
	DatabaseURL string // the product's database
	Namespace   string
	Workers     []Worker
	o           Options
	pg          *postgres.Cluster
	server      *process
	workerBin   string
}

// Worker is a worker process and where it serves its metrics.
type Worker struct {
	Metrics string
	p       *process
}

// Start brings the cluster up, in order: PostgreSQL, the schemas, the server, the workers.
func Start(ctx context.Context, o Options) (c *Cluster, err error) {
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	if o.TaskQueue == "" {
		o.TaskQueue = connect.DefaultTaskQueue
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := os.MkdirAll(filepath.Join(o.Dir, "bin"), 0o700); err != nil {
		return nil, err
	}
	c = &Cluster{o: o, Namespace: o.Namespace}
	defer func() {
		if err != nil {
			c.Stop()
		}
	}()
	persistence, visibility, err := c.databases(ctx)
	if err != nil {
		return c, err
	}
	if err := c.build(ctx); err != nil {
		return c, err
	}
	if err := c.startServer(ctx, persistence, visibility); err != nil {
		return c, err
	}
	for i := 0; i < o.Workers; i++ {
		if err := c.StartWorker(); err != nil {
			return c, err
		}
	}
	return c, nil
}

// databases starts PostgreSQL (or uses the one given), creates the three databases, migrates
// the product's and sets up Temporal's schemas; it returns the URLs of Temporal's two.
func (c *Cluster) databases(ctx context.Context) (string, string, error) {
	admin := c.o.DatabaseURL
	c.DatabaseURL = c.o.DatabaseURL
	if admin == "" {
		pg, err := postgres.Start(ctx, postgres.Options{Dir: filepath.Join(c.o.Dir, "postgres"), Logger: c.o.Logger, Throwaway: c.o.Throwaway})
		if err != nil {
			return "", "", err
		}
		c.pg, admin = pg, pg.AdminURL
		c.DatabaseURL = pg.DatabaseURL(postgres.ProductDatabase)
	}
	names := map[string]string{"product": dbName(c.DatabaseURL), "persistence": "temporal", "visibility": "temporal_visibility"}
	for _, n := range []string{names["product"], names["persistence"], names["visibility"]} {
		if err := postgres.EnsureDatabase(ctx, admin, n); err != nil {
			return "", "", err
		}
	}
	db, err := connect.Open(ctx, c.DatabaseURL) // migrates
	if err != nil {
		return "", "", err
	}
	db.Close()
	persistence, visibility := postgres.WithDatabase(admin, names["persistence"]), postgres.WithDatabase(admin, names["visibility"])
	pg, err := stores.FromURLs(persistence, visibility, 0)
	if err != nil {
		return "", "", err
	}
	c.o.Logger.Info("setting up Temporal's schemas", "persistence", names["persistence"], "visibility", names["visibility"])
	return persistence, visibility, devstack.SetupPostgres(pg)
}

// dbName is the database a PostgreSQL URL names.
func dbName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.Trim(u.Path, "/")
}

// build compiles the server and the production worker into the cluster's bin/.
func (c *Cluster) build(ctx context.Context) error {
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	c.workerBin = filepath.Join(c.o.Dir, "bin", "wenming-worker")
	for _, b := range [][]string{
		{"-o", filepath.Join(c.o.Dir, "bin", "temporal-server"), "./devstack/cluster/server"},
		{"-tags", "nodevstack", "-o", c.workerBin, "./worker"},
	} {
		cmd := exec.CommandContext(ctx, "go", append([]string{"build"}, b...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %w\n%s", b[len(b)-1], err, out)
		}
	}
	return nil
}

func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("find the repository: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// startServer starts the Temporal server process and registers the search attributes.
func (c *Cluster) startServer(ctx context.Context, persistence, visibility string) error {
	p, line, err := startProcess("Temporal server", filepath.Join(c.o.Dir, "temporal-server.log"), "temporal server ready", 3*time.Minute,
		stores.Env(persistence, visibility), filepath.Join(c.o.Dir, "bin", "temporal-server"),
		"--port", strconv.Itoa(c.o.TemporalPort), "--ui-port", strconv.Itoa(c.o.UIPort), "--namespace", c.o.Namespace,
		"--log-file", filepath.Join(c.o.Dir, "temporal-server-internal.log"))
	if err != nil {
		return err
	}
	c.server = p
	for _, f := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(f, "address="); ok {
			c.Address = v
		}
		if v, ok := strings.CutPrefix(f, "ui="); ok {
			c.UIAddress = v
		}
	}
	cl, err := client.DialContext(ctx, client.Options{HostPort: c.Address, Namespace: c.o.Namespace})
	if err != nil {
		return err
	}
	defer cl.Close()
	return searchattr.Ensure(ctx, cl, c.o.Namespace)
}

// StartWorker starts one more worker process, serving its metrics on a port of its own.
func (c *Cluster) StartWorker() error {
	n := len(c.Workers)
	port, err := postgres.FreePort()
	if err != nil {
		return err
	}
	metrics := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	args, env := c.workerCommand(metrics)
	p, _, err := startProcess(fmt.Sprintf("worker %d", n+1), filepath.Join(c.o.Dir, fmt.Sprintf("worker-%d.log", n+1)), "worker running",
		2*time.Minute, env, c.workerBin, args...)
	if err != nil {
		return err
	}
	c.Workers = append(c.Workers, Worker{Metrics: metrics, p: p})
	return nil
}

// workerCommand is a worker process's arguments and the variables added to its environment.
// The database's URL holds its password, so it goes in the environment (DATABASE_URL, which
// only this account can read in /proc/PID/environ), never on the command line, which ps
// shows to every user of the machine.
func (c *Cluster) workerCommand(metrics string) (args, env []string) {
	args = []string{"--address", c.Address, "--namespace", c.o.Namespace, "--task-queue", c.o.TaskQueue, "--metrics-address", metrics}
	return args, []string{"DATABASE_URL=" + c.DatabaseURL}
}

// KillWorker ends worker i (from 0) with SIGKILL.
func (c *Cluster) KillWorker(i int) { c.Workers[i].p.kill() }

// PauseWorker stops worker i (from 0) with SIGSTOP: the tasks the server hands its pollers
// from then on are held, unfinished, until they time out (a test then kills it holding them).
func (c *Cluster) PauseWorker(i int) error { return c.Workers[i].p.pause() }

// Stop stops the workers, the server and PostgreSQL.
func (c *Cluster) Stop() {
	for _, w := range c.Workers {
		select {
		case <-w.p.done:
		default:
			w.p.stop()
		}
	}
	if c.server != nil {
		c.server.stop()
	}
	if c.pg != nil {
		c.pg.Stop()
	}
}

// PIDs are the process ids of the Temporal server, the workers (in order) and PostgreSQL's
// postmaster (0 when the cluster uses a server it was given), for whoever measures them.
func (c *Cluster) PIDs() (server int, workers []int, postgres int) {
	if c.server != nil {
		server = c.server.cmd.Process.Pid
	}
	for _, w := range c.Workers {
		workers = append(workers, w.p.cmd.Process.Pid)
	}
	if c.pg != nil {
		postgres = c.pg.PID()
	}
	return server, workers, postgres
}
