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

	"wenming/codec"
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
	codecAddr := fs.String("codec-server", os.Getenv("WENMING_CODEC_SERVER"),
		"serve the payload codec on this host:port for operators' Web UI and CLI (env WENMING_CODEC_SERVER; needs --codec-keys and tokens)")
	codecTokens := fs.String("codec-tokens", os.Getenv("WENMING_CODEC_TOKENS_FILE"),
		"file of the bearer tokens the codec server accepts, one per line (env WENMING_CODEC_TOKENS_FILE, or comma-separated in WENMING_CODEC_TOKENS)")
	var codecTLS codec.Listening
	fs.StringVar(&codecTLS.CertFile, "codec-tls-cert", os.Getenv("WENMING_CODEC_TLS_CERT"),
		"PEM certificate of the codec server (env WENMING_CODEC_TLS_CERT); without it the codec server listens on loopback only")
	fs.StringVar(&codecTLS.KeyFile, "codec-tls-key", os.Getenv("WENMING_CODEC_TLS_KEY"), "PEM key of the codec server (env WENMING_CODEC_TLS_KEY)")
	codecOrigins := fs.StringSlice("codec-origins", nil,
		"pages (the Web UI's address) allowed to call the codec server from a browser (default: the embedded Web UI's; none against a cluster)")
	fs.BoolVar(&opts.UIWriteActions, "ui-write-actions", false,
		"embedded stack: let the Web UI terminate, cancel, signal, reset and start workflows (off: the dev stack has no accounts, anyone reaching the UI would act as the office)")
	opts.WaitForServices = true // a worker started while Temporal or PostgreSQL restarts waits for them
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
	if *codecAddr != "" {
		origins := *codecOrigins
		if len(origins) == 0 && cfg.Embedded() {
			origins = embeddedUIOrigins(opts.UIPort)
		}
		codecTLS.Addr = *codecAddr
		endpoint, err := serveCodec(cfg, codecTLS, *codecTokens, origins)
		if err != nil {
			slog.Error("codec server not started", "error", err)
			os.Exit(1)
		}
		opts.CodecEndpoint = endpoint // the embedded Web UI decodes with it
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

// serveCodec serves the payload codec so that operators holding a token can read sealed
// payloads in the Web UI (after signing in at its /login page) or the Temporal CLI
// (--codec-endpoint with --codec-auth). It returns the codec server's address.
func serveCodec(cfg connect.Config, at codec.Listening, tokenFile string, origins []string) (string, error) {
	cod, err := cfg.Codec()
	if err != nil {
		return "", err
	}
	if cod == nil {
		return "", fmt.Errorf("--codec-server needs the keys: give --codec-keys or set %s", connect.CodecKeysEnv)
	}
	tokens, err := codec.LoadTokens(tokenFile, "WENMING_CODEC_TOKENS")
	if err != nil {
		return "", err
	}
	if len(tokens) == 0 {
		return "", fmt.Errorf("--codec-server needs at least one token: give --codec-tokens or set WENMING_CODEC_TOKENS")
	}
	l, scheme, err := codec.Listen(at)
	if err != nil {
		return "", err
	}
	endpoint := scheme + "://" + reachable(l.Addr().(*net.TCPAddr))
	slog.Info("serving the payload codec", "address", endpoint, "sign_in", endpoint+"/login", "origins", origins)
	srv := codec.NewHTTPServer(codec.Handler(cod, codec.ServerOptions{Tokens: tokens, Origins: origins}))
	go func() {
		if err := srv.Serve(l); err != nil {
			slog.Error("codec server stopped", "error", err)
		}
	}()
	return endpoint, nil
}

// reachable is host:port of a listener as a browser on this machine reaches it: a listener on
// every address is reached on 127.0.0.1, the address the embedded Web UI is on too (the
// sign-in cookie goes only to the host it was set for).
func reachable(a *net.TCPAddr) string {
	host := a.IP.String()
	if a.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(a.Port))
}

// embeddedUIOrigins are the pages of the embedded Web UI, the codec server's default callers
// (none without a UI: then browsers are refused until --codec-origins names them).
func embeddedUIOrigins(port int) []string {
	if port <= 0 {
		return nil
	}
	p := strconv.Itoa(port)
	return []string{"http://127.0.0.1:" + p, "http://localhost:" + p}
}
