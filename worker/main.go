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

	"wenming/backend"
	"wenming/codec"
	"wenming/connect"
	"wenming/identity"
	"wenming/msg"
	"wenming/version"
	"wenming/workflows"
)

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	f := newFlags()
	cfg, opts, fs := &f.cfg, &f.opts, f.fs
	lang, err := msg.Detect("")
	if err != nil {
		lang = msg.Chinese
	}
	p := msg.For(lang)
	localize(fs, p)
	fs.Usage = func() { usage(os.Stderr, fs, p) }
	_ = fs.Parse(os.Args[1:])
	if *f.version {
		fmt.Println(version.Version)
		return
	}
	log, err := logger(*f.logFormat)
	if err != nil {
		fmt.Fprintln(os.Stderr, msg.RenderError(p, err))
		os.Exit(2)
	}
	slog.SetDefault(log)
	if err := cfg.Resolve(); err != nil {
		fmt.Fprintln(os.Stderr, msg.RenderError(p, err))
		os.Exit(2)
	}
	for _, check := range []func() error{opts.Tuning.Check, opts.Versioning.Check} {
		if err := check(); err != nil {
			fmt.Fprintln(os.Stderr, msg.RenderError(p, err))
			os.Exit(2)
		}
	}

	if err := guard(opts, *f.identityKeys); err != nil {
		fmt.Fprintln(os.Stderr, msg.RenderError(p, err))
		os.Exit(2)
	}
	if *f.pprofPort > 0 {
		go servePprof(*f.pprofPort)
	}
	if *f.codecAddr != "" {
		origins := *f.codecOrigins
		if len(origins) == 0 && cfg.Embedded() {
			origins = embeddedUIOrigins(opts.UIPort)
		}
		f.codecTLS.Addr = *f.codecAddr
		endpoint, err := serveCodec(*cfg, f.codecTLS, *f.codecTokens, origins)
		if err != nil {
			slog.Error("codec server not started", "error", err)
			os.Exit(1)
		}
		opts.CodecEndpoint = endpoint // the embedded Web UI decodes with it
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *cfg, *opts, p); err != nil {
		slog.Error("worker stopped", "error", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg connect.Config, opts backend.Options, p *msg.Printer) error {
	svc, err := backend.Start(ctx, cfg, opts)
	if err != nil {
		return err
	}
	defer svc.Stop()
	if svc.Stack != nil {
		fmt.Fprintf(os.Stderr, "\n%s\n\n", p.Render(msg.Say("worker.ready", "Address", svc.Config.Address, "Namespace", svc.Config.Namespace,
			"UI", svc.Stack.Temporal.UIAddress, "Data", cfg.DataDir)))
	} else {
		slog.Info("worker running", "temporal", svc.Config.Address, "namespace", svc.Config.Namespace, "version", version.Version)
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

// workerFlags are the worker's command line.
type workerFlags struct {
	fs                     *pflag.FlagSet
	cfg                    connect.Config
	opts                   backend.Options
	pprofPort              *int
	codecAddr, codecTokens *string
	codecTLS               codec.Listening
	codecOrigins           *[]string
	identityKeys           *string
	logFormat              *string
	version                *bool
}

func newFlags() *workerFlags {
	f := &workerFlags{fs: pflag.NewFlagSet("worker", pflag.ExitOnError)}
	f.cfg.Register(f.fs)
	f.fs.IntVar(&f.opts.TemporalPort, "temporal-port", 7233, "embedded stack: port of the Temporal frontend on 127.0.0.1")
	f.fs.IntVar(&f.opts.UIPort, "ui-port", 8233, "embedded stack: port of the Web UI on 127.0.0.1 (-1: no UI)")
	f.pprofPort = f.fs.Int("pprof-port", 0, "serve Go profiles (net/http/pprof) on this port of 127.0.0.1 (0: off)")
	f.codecAddr = f.fs.String("codec-server", os.Getenv("WENMING_CODEC_SERVER"),
		"serve the payload codec on this host:port for operators' Web UI and CLI (env WENMING_CODEC_SERVER; needs --codec-keys and tokens)")
	f.codecTokens = f.fs.String("codec-tokens", os.Getenv("WENMING_CODEC_TOKENS_FILE"),
		"file of the bearer tokens the codec server accepts, one per line (env WENMING_CODEC_TOKENS_FILE, or comma-separated in WENMING_CODEC_TOKENS)")
	f.fs.StringVar(&f.codecTLS.CertFile, "codec-tls-cert", os.Getenv("WENMING_CODEC_TLS_CERT"),
		"PEM certificate of the codec server (env WENMING_CODEC_TLS_CERT); without it the codec server listens on loopback only")
	f.fs.StringVar(&f.codecTLS.KeyFile, "codec-tls-key", os.Getenv("WENMING_CODEC_TLS_KEY"), "PEM key of the codec server (env WENMING_CODEC_TLS_KEY)")
	f.codecOrigins = f.fs.StringSlice("codec-origins", nil,
		"pages (the Web UI's address) allowed to call the codec server from a browser (default: the embedded Web UI's; none against a cluster)")
	f.fs.BoolVar(&f.opts.UIWriteActions, "ui-write-actions", false,
		"embedded stack: let the Web UI terminate, cancel, signal, reset and start workflows (off: the dev stack has no accounts, anyone reaching the UI would act as the office)")
	f.opts.WaitForServices = true // a worker started while Temporal or PostgreSQL restarts waits for them
	f.fs.BoolVar(&f.opts.NoWorker, "no-worker", false, "embedded stack only, no worker (workers run elsewhere, e.g. to measure them apart)")
	f.fs.StringVar(&f.opts.OpsAddress, "metrics-address", os.Getenv("WENMING_METRICS_ADDRESS"),
		"serve /metrics (Prometheus), /healthz and /readyz on this host:port (env WENMING_METRICS_ADDRESS; empty: off)")
	f.identityKeys = f.fs.String("identity-keys", os.Getenv("WENMING_IDENTITY_KEYS"),
		"folder of the product's public identity keys (*.pub): every submission must carry an act token they verify, from an account allowed to send it (env WENMING_IDENTITY_KEYS; empty: nothing checked, for development only)")
	f.logFormat = f.fs.String("log-format", connect.Env("WENMING_LOG_FORMAT", "text"), "log lines as text or json (env WENMING_LOG_FORMAT)")
	f.opts.Tuning.Register(f.fs)
	f.opts.Versioning.Register(f.fs)
	f.version = f.fs.Bool("version", false, "print the version and exit")
	return f
}

// logger writes the worker's log lines to stderr as text or JSON (one object per line, for a
// log collector).
func logger(format string) (*slog.Logger, error) {
	o := &slog.HandlerOptions{Level: slog.LevelInfo}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(os.Stderr, o)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(os.Stderr, o)), nil
	}
	return nil, msg.Err("worker.log_format")
}

// guard has the worker check every submission's sender against the identity keys in dir
// (workflows.Guard); without them it says, once, that it checks nothing.
func guard(opts *backend.Options, dir string) error {
	if dir == "" {
		slog.Warn("no identity keys (--identity-keys): submissions are taken from anyone who reaches Temporal, under any name; for development only")
		return nil
	}
	ring, err := identity.ReadKeyRing(dir)
	if err != nil {
		return msg.Wrap(err, "worker.identity_keys")
	}
	opts.Interceptors = append(opts.Interceptors, workflows.Guard(ring))
	slog.Info("every submission's sender is checked", "identity_keys", dir)
	return nil
}
