// Command run is go tool task cluster: the product as an office deploys it (PostgreSQL with
// the product's and Temporal's databases, the Temporal server with the Web UI as its own
// process, N worker processes of the production build), until Ctrl-C.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/pflag"

	"wenming/connect"
	"wenming/devstack/cluster"
	"wenming/msg"
)

func main() {
	fs := pflag.NewFlagSet("cluster", pflag.ExitOnError)
	workers := fs.Int("workers", 2, "worker processes")
	dir := fs.String("data-dir", ".data/cluster", "where the cluster keeps its state, binaries and logs")
	port := fs.Int("temporal-port", 7243, "Temporal frontend on 127.0.0.1")
	uiPort := fs.Int("ui-port", 8243, "Web UI on 127.0.0.1 (-1: none)")
	exit := fs.Bool("exit", false, "stop once everything is up (a check that it comes up)")
	lang, err := msg.Detect("")
	if err != nil {
		lang = msg.Chinese
	}
	p := msg.For(lang)
	msg.LocalizeFlags(fs, p, "flag.cluster")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, p.T("cluster.usage"))
		fmt.Fprint(os.Stderr, fs.FlagUsages())
	}
	_ = fs.Parse(os.Args[1:])
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := cluster.Start(ctx, cluster.Options{Dir: *dir, DatabaseURL: connect.Env("DATABASE_URL", ""), Workers: *workers,
		TemporalPort: *port, UIPort: *uiPort, Logger: logger})
	if err != nil {
		fmt.Fprintln(os.Stderr, msg.RenderError(p, err))
		os.Exit(1)
	}
	defer c.Stop()
	metrics := make([]string, len(c.Workers))
	for i, w := range c.Workers {
		metrics[i] = "http://" + w.Metrics + "/metrics"
	}
	fmt.Println(p.Render(msg.Say("cluster.ready", "Address", c.Address, "UI", c.UIAddress, "Workers", len(c.Workers),
		"Metrics", metrics, "Dir", *dir)))
	if *exit {
		return
	}
	<-ctx.Done()
}
