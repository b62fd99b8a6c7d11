// Command demo runs the product's main job on the embedded stack: it starts Temporal, the
// Web UI, PostgreSQL and a worker in this process, then drives the administrators' CLI verbs
// through a compressed campaign (package scenario), printing each command as an
// administrator would type it, and the results. The Web UI stays up until Ctrl-C; --exit
// finishes instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"wenming/connect"
	"wenming/scenario"
	"wenming/service"
	"wenming/workflows"
)

func main() {
	exit := flag.Bool("exit", false, "finish after the scenario instead of keeping the Web UI up")
	dataDir := flag.String("data-dir", filepath.Join(".data", "demo"), "state of the demo's embedded stack (wiped at start)")
	uiPort := flag.Int("ui-port", 8233, "Web UI port (a free one if taken)")
	temporalPort := flag.Int("temporal-port", 7233, "Temporal frontend port (a free one if taken)")
	flag.Parse()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *dataDir, *temporalPort, *uiPort, *exit); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dataDir string, temporalPort, uiPort int, exit bool) error {
	cfg := connect.Config{Namespace: "default", DataDir: dataDir, DatabaseURL: os.Getenv("DATABASE_URL"), TaskQueue: workflows.TaskQueue}
	if err := os.RemoveAll(dataDir); err != nil {
		return fmt.Errorf("clear %s: %w", dataDir, err)
	}
	sheets := filepath.Join(dataDir, "sheets")
	if err := os.MkdirAll(sheets, 0o755); err != nil {
		return err
	}
	fmt.Println("Starting the embedded stack (Temporal, Web UI, PostgreSQL) and a worker ...")
	svc, err := service.Start(ctx, cfg, service.Options{TemporalPort: freeOr(temporalPort), UIPort: freeOr(uiPort)})
	if err != nil {
		return err
	}
	defer svc.Stop()
	ui := svc.Stack.Temporal.UIAddress
	fmt.Printf("Temporal %s · Web UI %s · PostgreSQL %s\n", svc.Config.Address, ui, connect.Redact(svc.Config.DatabaseURL))

	d := &scenario.Driver{Ctx: ctx, Out: os.Stdout, Client: svc.Client, Root: ".", Dir: sheets,
		Flags: []string{"--address", svc.Config.Address, "--database-url", svc.Config.DatabaseURL, "--task-queue", svc.Config.TaskQueue, "--by", "demo"}}
	if err := d.Setup(); err != nil {
		return err
	}
	if err := d.RunCampaign(); err != nil {
		return err
	}
	if err := d.RunRounds(); err != nil {
		return err
	}
	d.Step("结果 results")
	pioneer, redflag := scenario.RoundIDs(time.Now())
	for _, r := range [][]string{
		{"report", "campaign", scenario.CampaignID},
		{"report", "round", pioneer},
		{"report", "round", redflag},
		{"report", "honors"},
	} {
		if err := d.Run(r...); err != nil {
			return err
		}
	}
	fmt.Printf("\nDone. The workflows are in the Web UI: %s/namespaces/default/workflows\n", ui)
	if exit {
		return nil
	}
	fmt.Println("The Web UI stays up until you press Ctrl-C.")
	<-ctx.Done()
	return nil
}

// freeOr returns port when it is free on 127.0.0.1, else 0 (a free port is chosen).
func freeOr(port int) int {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return 0
	}
	l.Close()
	return port
}
