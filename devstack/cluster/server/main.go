// Command server is the Temporal server of the cluster mode, in its own process, with its
// state in PostgreSQL: persistence and visibility each in its own database, given by the
// URLs in WENMING_TEMPORAL_PERSISTENCE_URL and WENMING_TEMPORAL_VISIBILITY_URL (the schemas
// set up beforehand; cluster.Start does it). The Web UI runs in the same process.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"wenming/devstack"
	"wenming/devstack/cluster/stores"
)

func main() {
	port := flag.Int("port", 0, "frontend port on 127.0.0.1 (0: a free one)")
	uiPort := flag.Int("ui-port", -1, "Web UI port on 127.0.0.1 (-1: no UI)")
	namespace := flag.String("namespace", "default", "namespace to register")
	logFile := flag.String("log-file", "", "the server's own log (warnings and errors)")
	shards := flag.Int("shards", 4, "history shards (fixed for the life of the databases)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	pg, err := stores.FromEnv(*shards)
	if err != nil {
		slog.Error("Temporal server not started", "error", err)
		os.Exit(2)
	}
	t, err := devstack.StartTemporal(ctx, devstack.TemporalOptions{Port: *port, UIPort: *uiPort, Namespace: *namespace,
		LogFile: *logFile, Postgres: &pg})
	if err != nil {
		slog.Error("Temporal server not started", "error", err)
		os.Exit(1)
	}
	// The line cluster.Start waits for.
	fmt.Printf("temporal server ready address=%s ui=%s\n", t.Address, t.UIAddress)
	<-ctx.Done()
	t.Stop()
}
