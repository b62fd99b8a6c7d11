package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jmoiron/sqlx"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"wenming/connect"
	"wenming/devstack/cluster"
	"wenming/devstack/postgres"
	"wenming/msg"
	"wenming/office"
)

// env is the measured system: PostgreSQL, the Temporal server and the product's worker, each
// in its own process, and this process as the administrators' client.
type env struct {
	stack   string // what the figures are of: embedded, or the cluster mode
	dir     string
	dbURL   string
	address string
	db      *sqlx.DB
	client  client.Client
	pg      *postgres.Cluster
	server  *exec.Cmd
	worker  *exec.Cmd
	sampler *sampler
	noop    worker.Worker
	cluster *cluster.Cluster // the cluster mode, when measured on it
	stopped sync.Once
	pgNote  string
	// pprof ports of the server and worker processes, and where their profiles go
	serverPprof, workerPprof int
	profileDir               string
}

func startEnv(ctx context.Context, log *slog.Logger, profileDir string) (*env, error) {
	dir, err := os.MkdirTemp("", "wenming-bench-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil { // the private cluster runs as the postgres user
		return nil, err
	}
	e := &env{stack: embedded, dir: dir, profileDir: profileDir}
	if e.profileDir == "" {
		e.profileDir = filepath.Join(dir, "profiles")
	}
	if err := os.MkdirAll(e.profileDir, 0o755); err != nil {
		return nil, err
	}
	var pgRole role
	if url := os.Getenv("DATABASE_URL"); url != "" {
		if e.dbURL, err = benchDatabase(ctx, url); err != nil {
			return nil, err
		}
		e.pgNote = "PostgreSQL from DATABASE_URL: its CPU and memory are not measured"
	} else {
		e.pg, err = postgres.Start(ctx, postgres.Options{Dir: filepath.Join(dir, "postgres"), Logger: log})
		if err != nil {
			return nil, err
		}
		if err := postgres.EnsureDatabase(ctx, e.pg.AdminURL, "wenming"); err != nil {
			return nil, err
		}
		e.dbURL = e.pg.DatabaseURL("wenming")
		pgRole = role{name: "PostgreSQL", pid: e.pg.PID(), children: true}
	}
	bin := filepath.Join(dir, "wm-worker")
	log.Info("building the worker")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "./worker").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build the worker: %v\n%s", err, out)
	}
	port, err := postgres.FreePort()
	if err != nil {
		return nil, err
	}
	e.address = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if e.serverPprof, err = postgres.FreePort(); err != nil {
		return nil, err
	}
	if e.workerPprof, err = postgres.FreePort(); err != nil {
		return nil, err
	}
	log.Info("profiles", "server", e.serverPprof, "worker", e.workerPprof)
	e.server, err = spawn(ctx, bin, filepath.Join(dir, "server.log"), "--no-worker", "--data-dir", filepath.Join(dir, "stack"),
		"--temporal-port", strconv.Itoa(port), "--ui-port", "-1", "--database-url", e.dbURL, "--pprof-port", strconv.Itoa(e.serverPprof))
	if err != nil {
		return nil, err
	}
	if e.client, err = dialWhenUp(ctx, e.address); err != nil {
		return nil, err
	}
	if e.db, err = connect.Open(ctx, e.dbURL); err != nil {
		return nil, err
	}
	// A pool of 20 connections, as every figure in BENCHMARKS.md was measured with (the
	// worker's default became 10 so that five workers fit PostgreSQL's default limit).
	e.worker, err = spawn(ctx, bin, filepath.Join(dir, "worker.log"), "--address", e.address, "--database-url", e.dbURL, "--pprof-port", strconv.Itoa(e.workerPprof),
		"--db-max-conns", "20")
	if err != nil {
		return nil, err
	}
	roles := []role{{name: "Temporal server", pid: e.server.Process.Pid}, {name: "worker", pid: e.worker.Process.Pid},
		{name: "CLI (this process)", pid: os.Getpid()}}
	if pgRole.pid != 0 {
		roles = append(roles, pgRole)
	}
	e.sampler = newSampler(roles...)
	if err := e.waitForWorker(ctx); err != nil {
		return nil, err
	}
	return e, e.startNoopWorker()
}

// waitForWorker returns once the worker process polls for both workflow and activity tasks,
// so that no measurement includes its start.
func (e *env) waitForWorker(ctx context.Context) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ready := true
		for _, kind := range []enumspb.TaskQueueType{enumspb.TASK_QUEUE_TYPE_WORKFLOW, enumspb.TASK_QUEUE_TYPE_ACTIVITY} {
			d, err := e.client.DescribeTaskQueue(ctx, connect.DefaultTaskQueue, kind)
			if err != nil {
				return fmt.Errorf("describe task queue %s: %w", connect.DefaultTaskQueue, err)
			}
			ready = ready && len(d.GetPollers()) > 0
		}
		if ready {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the worker did not poll %s within 2 minutes: see %s", connect.DefaultTaskQueue, filepath.Join(e.dir, "worker.log"))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func spawn(ctx context.Context, bin, logFile string, args ...string) (*exec.Cmd, error) {
	f, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	return cmd, nil
}

func dialWhenUp(ctx context.Context, address string) (client.Client, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		c, err := client.DialContext(ctx, client.Options{HostPort: address, Logger: quietLogger()})
		if err == nil {
			return c, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the Temporal server did not come up at %s: %w", address, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// stop stops everything, once.
func (e *env) stop() { e.stopped.Do(e.stopAll) }

func (e *env) stopAll() {
	if e.noop != nil {
		e.noop.Stop()
	}
	if e.sampler != nil {
		e.sampler.close()
	}
	if e.client != nil {
		e.client.Close()
	}
	for _, cmd := range []*exec.Cmd{e.worker, e.server} {
		if cmd != nil && cmd.Process != nil {
			_ = cmd.Process.Signal(syscall.SIGINT)
			_ = cmd.Wait()
		}
	}
	if e.db != nil {
		e.db.Close()
	}
	if e.cluster != nil {
		e.cluster.Stop()
	}
	if e.pg != nil {
		e.pg.Stop()
	}
	_ = os.RemoveAll(e.dir)
}

func suffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// benchDatabase creates a database of its own for a run on the server of DATABASE_URL and
// returns its address (the URL's user, host and parameters, such as sslmode, kept).
func benchDatabase(ctx context.Context, serverURL string) (string, error) {
	name := "wenming_bench_" + suffix()
	if err := postgres.EnsureDatabase(ctx, serverURL, name); err != nil {
		return "", err
	}
	return postgres.WithDatabase(serverURL, name), nil
}

// office is the office actions as the bench's administrator does them, on the measured system.
func (e *env) office() *office.Office {
	o := office.New(office.Opened{Client: e.client, DB: e.db}, "bench")
	o.Note = func(t msg.Text) { slog.Warn(t.String()) }
	return o
}
