// Package service starts the product's back end in one call: the embedded dev stack when no
// Temporal address is configured, the Temporal client, PostgreSQL (migrated) and a worker
// polling the product's task queue. The worker binary, the demo and tests share it.
package service

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/jmoiron/sqlx"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/worker"

	"wenming/activities"
	"wenming/connect"
	"wenming/devstack"
	"wenming/searchattr"
	"wenming/workflows"
)

// Options are the settings beyond the shared connection config.
type Options struct {
	TemporalPort int // embedded stack only
	UIPort       int // embedded stack only; -1 for no UI
	// CodecEndpoint is the codec server the embedded Web UI decodes payloads with.
	CodecEndpoint string
	// UIWriteActions lets the embedded Web UI act on workflows (terminate, signal, reset ...).
	UIWriteActions bool
	// NoWorker runs the embedded stack without a worker (to measure the server and the worker
	// apart, each in its own process).
	NoWorker bool
	// WaitForServices keeps trying, with backoff, while Temporal or PostgreSQL cannot be
	// reached at start (a worker started during their restart); without it, Start fails.
	WaitForServices bool
	// Interceptors wrap the worker (fault injection in tests).
	Interceptors []interceptor.WorkerInterceptor
	Logger       *slog.Logger
}

// Service is the running back end.
type Service struct {
	Stack  *devstack.Stack // nil against a real cluster
	Client client.Client
	DB     *sqlx.DB
	Worker worker.Worker
	Config connect.Config // with the embedded stack's addresses filled in
	opts   Options
}

// Start brings the back end up; Stop takes it down in reverse order.
func Start(ctx context.Context, cfg connect.Config, o Options) (s *Service, err error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	s = &Service{opts: o}
	defer func() {
		if err != nil {
			s.Stop()
		}
	}()
	if cfg.Embedded() {
		s.Stack, err = devstack.Start(ctx, devstack.Options{
			DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL,
			TemporalPort: o.TemporalPort, UIPort: o.UIPort, Namespace: cfg.Namespace, Logger: o.Logger,
			CodecEndpoint: o.CodecEndpoint, UIWriteActions: o.UIWriteActions,
		})
		if err != nil {
			return s, err
		}
		cfg.Address, cfg.DatabaseURL = s.Stack.Temporal.Address, s.Stack.DatabaseURL
	}
	s.Config = cfg
	dialOnce := func(ctx context.Context) (client.Client, error) { return cfg.Dial(ctx, "") }
	dial, openDB := dialOnce, cfg.OpenDB
	if o.WaitForServices {
		dial = func(ctx context.Context) (client.Client, error) {
			return connect.WaitFor(ctx, o.Logger, "Temporal", dialOnce)
		}
		openDB = func(ctx context.Context) (*sqlx.DB, error) {
			return connect.WaitFor(ctx, o.Logger, "PostgreSQL", cfg.OpenDB)
		}
	}
	if s.Client, err = dial(ctx); err != nil {
		return s, err
	}
	if s.Stack == nil {
		if err := searchattr.Ensure(ctx, s.Client, cfg.Namespace); err != nil {
			o.Logger.Warn("could not register search attributes; an operator must add them", "error", err)
		}
	}
	if s.DB, err = openDB(ctx); err != nil {
		return s, err
	}
	if o.NoWorker {
		return s, nil
	}
	return s, s.startWorker()
}

func (s *Service) startWorker() error {
	host, _ := os.Hostname()
	s.Worker = worker.New(s.Client, s.Config.TaskQueue, worker.Options{Interceptors: append([]interceptor.WorkerInterceptor{workflows.Summaries()}, s.opts.Interceptors...)})
	workflows.Register(s.Worker, &activities.Activities{DB: s.DB, Worker: fmt.Sprintf("%s/%d", host, os.Getpid())})
	if err := s.Worker.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	return nil
}

// RestartWorker stops the worker and starts a new one, as a crash and a restart of the worker
// process would (the new worker has no cached workflows: it replays their histories).
func (s *Service) RestartWorker() error {
	if s.Worker != nil {
		s.Worker.Stop()
	}
	return s.startWorker()
}

// Stop stops the worker, closes the connections and stops the embedded stack.
func (s *Service) Stop() {
	if s.Worker != nil {
		s.Worker.Stop()
	}
	if s.Client != nil {
		s.Client.Close()
	}
	if s.DB != nil {
		s.DB.Close()
	}
	if s.Stack != nil {
		s.Stack.Stop()
	}
}
