package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"wenming/connect"
	"wenming/devstack/cluster"
)

// clusterStack is the cluster mode with n worker processes.
func clusterStack(n int) string {
	if n == 1 {
		return "cluster, 1 worker"
	}
	return fmt.Sprintf("cluster, %d workers", n)
}

// startClusterEnv brings up the cluster mode (`go tool task cluster`): the Temporal server on
// PostgreSQL persistence and visibility, as its own process, and n production worker
// processes (their default settings), all on a private PostgreSQL.
func startClusterEnv(ctx context.Context, log *slog.Logger, workers int) (*env, error) {
	dir, err := os.MkdirTemp("", "wenming-bench-cluster-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil { // the private cluster runs as the postgres user
		return nil, err
	}
	log.Info("starting the cluster mode", "workers", workers)
	c, err := cluster.Start(ctx, cluster.Options{Dir: dir, Workers: workers, UIPort: -1, Logger: log, Throwaway: true})
	if err != nil {
		return nil, fmt.Errorf("start the cluster mode: %w", err)
	}
	e := &env{stack: clusterStack(workers), dir: dir, dbURL: c.DatabaseURL, address: c.Address, cluster: c,
		pgNote: "a private cluster, fsync on; Temporal's persistence and visibility on it too"}
	if e.client, err = dialWhenUp(ctx, e.address); err != nil {
		e.stop()
		return nil, err
	}
	if e.db, err = connect.Open(ctx, e.dbURL); err != nil {
		e.stop()
		return nil, err
	}
	server, pids, pg := c.PIDs()
	roles := []role{{name: "Temporal server", pid: server}, {name: "CLI (this process)", pid: os.Getpid()},
		{name: "PostgreSQL", pid: pg, children: true}}
	for i, pid := range pids {
		name := "worker"
		if len(pids) > 1 {
			name = fmt.Sprintf("worker %d", i+1)
		}
		roles = append(roles, role{name: name, pid: pid})
	}
	e.sampler = newSampler(roles...)
	if err := e.waitForWorker(ctx); err != nil {
		e.stop()
		return nil, err
	}
	return e, os.MkdirAll(filepath.Join(dir, "sheets"), 0o755)
}
