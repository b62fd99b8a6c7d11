// Command worker runs the product's Temporal worker. Given a Temporal address it connects to
// that cluster; without one it embeds the development stack (Temporal with a persistent
// SQLite file, the Web UI and PostgreSQL) and runs until interrupted.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // served only with --pprof-port
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/spf13/pflag"

	"wenming/connect"
	"wenming/service"
)

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	var cfg connect.Config
	var opts service.Options
	fs := pflag.NewFlagSet("worker", pflag.ExitOnError)
	cfg.Register(fs)
	fs.IntVar(&opts.TemporalPort, "temporal-port", 7233, "embedded stack: port of the Temporal frontend on 127.0.0.1")
	fs.IntVar(&opts.UIPort, "ui-port", 8233, "embedded stack: port of the Web UI on 127.0.0.1 (-1: no UI)")
	pprofPort := fs.Int("pprof-port", 0, "serve Go profiles (net/http/pprof) on this port of 127.0.0.1 (0: off)")
	fs.BoolVar(&opts.NoWorker, "no-worker", false, "embedded stack only, no worker (workers run elsewhere, e.g. to measure them apart)")
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: worker [flags]\n\nRuns the worker; without --address it embeds the dev stack.\n\nExamples:\n"+
			"  go run ./worker                                   # dev stack in .data/, UI on http://127.0.0.1:8233\n"+
			"  go run ./worker --address temporal.example:7233 --tls-cert c.pem --tls-key k.pem\n\nFlags:\n")
		fs.PrintDefaults()
	}
	_ = fs.Parse(os.Args[1:])

	if *pprofPort > 0 {
		go servePprof(*pprofPort)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, opts); err != nil {
		slog.Error("worker stopped", "error", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg connect.Config, opts service.Options) error {
	svc, err := service.Start(ctx, cfg, opts)
	if err != nil {
		return err
	}
	defer svc.Stop()
	if svc.Stack != nil {
		fmt.Fprintf(os.Stderr, "\nTemporal  %s (namespace %s)\nWeb UI    %s\nData      %s\nReady; stop with Ctrl-C: every workflow continues where it was on the next start.\n\n",
			svc.Config.Address, svc.Config.Namespace, svc.Stack.Temporal.UIAddress, cfg.DataDir)
	} else {
		slog.Info("worker running", "temporal", svc.Config.Address, "namespace", svc.Config.Namespace)
	}
	<-ctx.Done()
	slog.Info("stopping")
	return nil
}

// servePprof serves the process's profiles (the embedded server's too) for operators and the
// benchmarks, on loopback only.
func servePprof(port int) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	slog.Info("serving profiles", "address", "http://"+addr+"/debug/pprof/")
	if err := http.ListenAndServe(addr, nil); err != nil {
		slog.Error("profiles not served", "address", addr, "error", err)
	}
}
