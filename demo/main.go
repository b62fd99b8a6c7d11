// Command demo runs the product's main job on the embedded stack: it starts Temporal, the
// Web UI, PostgreSQL and a worker in this process, then does the office's acts through a
// compressed campaign and one round of each evaluation (package scenario), printing beside
// each the CLI command that does the same, the results, and the exported reports. The
// Web UI stays up until Ctrl-C; --exit finishes instead.
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

	"wenming/demo/scenario"
	"wenming/msg"
)

func main() {
	exit := flag.Bool("exit", false, "finish after the scenario instead of keeping the Web UI up")
	dataDir := flag.String("data-dir", filepath.Join(".data", "demo"), "state of the demo's embedded stack, its sheets and reports (wiped at start)")
	uiPort := flag.Int("ui-port", 8233, "Web UI port (a free one if taken)")
	temporalPort := flag.Int("temporal-port", 7233, "Temporal frontend port (a free one if taken)")
	flag.Parse()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	d, err := scenario.RunDemo(ctx, scenario.DemoOptions{DataDir: *dataDir, DatabaseURL: os.Getenv("DATABASE_URL"),
		TemporalPort: freeOr(*temporalPort), UIPort: freeOr(*uiPort), Out: os.Stdout, Root: "."})
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
	defer d.Stop()
	p := msg.For(msg.Chinese)
	if lang, err := msg.Detect(""); err == nil {
		p = msg.For(lang)
	}
	fmt.Println("\n" + p.T("demo.reports_written"))
	for _, path := range d.Exports {
		fmt.Println("  " + path)
	}
	fmt.Println("\n" + p.Render(msg.Say("demo.web_ui", "URL", d.UI+"/namespaces/default/workflows")))
	if *exit {
		return
	}
	fmt.Println(p.T("demo.ctrl_c"))
	<-ctx.Done()
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
