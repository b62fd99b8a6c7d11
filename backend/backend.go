// Package backend starts the product's back end in one call: the embedded dev stack when no
// Temporal address is configured, the Temporal client, PostgreSQL (migrated) and a worker
// polling the product's task queue. The worker binary, the demo and tests share it.
package backend

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"

	"github.com/jmoiron/sqlx"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/worker"

	"wenming/activities"
	"wenming/backend/ops"
	"wenming/connect"
	"wenming/devstack"
	"wenming/workflows"
	"wenming/workflows/searchattr"
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
	// Tuning sizes the worker; the zero value takes DefaultTuning.
	Tuning Tuning
	// Versioning makes the worker a version of a worker deployment; zero: unversioned.
	Versioning Versioning
	// OpsAddress is where /metrics, /healthz and /readyz are served (host:port, ":0" any
	// port); empty: not served.
	OpsAddress string
}

// Service is the running back end.
type Service struct {
	Stack  *devstack.Stack // nil against a real cluster
	Client client.Client
	DB     *sqlx.DB
	Worker worker.Worker
	Config connect.Config // with the embedded stack's addresses filled in
	// Ops is the address /metrics, /healthz and /readyz are served on, when asked for.
	Ops      string
	opts     Options
	identity string // the worker's, as its pollers show it
	metrics  *ops.Metrics
	stopOps  func()
	polling  atomic.Bool
}

// Start brings the back end up; Stop takes it down in reverse order.
func Start(ctx context.Context, cfg connect.Config, o Options) (s *Service, err error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Tuning.unset() {
		o.Tuning = DefaultTuning()
	}
	if err := o.Tuning.Check(); err != nil {
		return nil, err
	}
	if err := o.Versioning.Check(); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	s = &Service{opts: o, identity: fmt.Sprintf("%d@%s@wenming", os.Getpid(), host)}
	defer func() {
		if err != nil {
			s.Stop()
		}
	}()
	if o.OpsAddress != "" {
		if s.metrics, err = ops.NewMetrics(); err != nil {
			return s, fmt.Errorf("metrics: %w", err)
		}
		cfg.Metrics = s.metrics.Handler
	}
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
			o.Logger.Error("could not register the search attributes: workflows that set one stall until an operator adds it (docs/operations.md); /readyz fails until then", "error", err)
		}
	}
	if s.DB, err = openDB(ctx); err != nil {
		return s, err
	}
	s.DB.SetMaxOpenConns(o.Tuning.DBConns)
	s.DB.SetMaxIdleConns(o.Tuning.DBConns)
	if !o.NoWorker {
		if err := s.startWorker(); err != nil {
			return s, err
		}
	}
	return s, s.serveOps()
}

func (s *Service) startWorker() error {
	host, _ := os.Hostname()
	wo := s.opts.Tuning.options()
	wo.Identity = s.identity
	wo.DeploymentOptions = s.opts.Versioning.options()
	wo.Interceptors = append([]interceptor.WorkerInterceptor{workflows.Interceptor()},
		s.opts.Interceptors...)
	s.Worker = worker.New(s.Client, s.Config.TaskQueue, wo)
	workflows.Register(s.Worker, &activities.Activities{DB: s.DB, Worker: fmt.Sprintf("%s/%d", host, os.Getpid())})
	if err := s.Worker.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	s.polling.Store(true)
	return nil
}

// RestartWorker stops the worker and starts a new one, as a crash and a restart of the worker
// process would (the new worker has no cached workflows: it replays their histories).
func (s *Service) RestartWorker() error {
	s.stopWorker()
	return s.startWorker()
}

// stopWorker stops the worker, letting the activities under way finish for up to the
// tuning's stop timeout.
func (s *Service) stopWorker() {
	if s.Worker != nil {
		s.polling.Store(false)
		s.opts.Logger.Info("stopping the worker: the activities under way may finish", "timeout", s.opts.Tuning.StopTimeout)
		s.Worker.Stop()
		s.opts.Logger.Info("worker stopped")
	}
}

// Stop stops the worker, closes the connections and stops the embedded stack.
func (s *Service) Stop() {
	s.stopWorker()
	if s.stopOps != nil {
		s.stopOps()
	}
	if s.metrics != nil {
		_ = s.metrics.Close()
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
