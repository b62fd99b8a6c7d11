// Package ops serves what an office's IT staff watch a worker with, on one listener:
// Prometheus metrics (the Temporal SDK's and the product's own) at /metrics, /healthz (the
// process is up) and /readyz (Temporal, PostgreSQL and the worker's pollers answer).
package ops

import (
	"io"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/uber-go/tally/v4"
	tallyprom "github.com/uber-go/tally/v4/prometheus"
	"go.temporal.io/sdk/client"
	sdktally "go.temporal.io/sdk/contrib/tally"
)

// Metrics is a registry that Prometheus scrapes, and the SDK's metrics handler writing into it.
type Metrics struct {
	Registry *prometheus.Registry
	Handler  client.MetricsHandler
	scope    io.Closer
}

// LatencyBuckets are the histogram buckets of every timer, in seconds: fine enough for a
// workflow task's schedule-to-start latency, and with a bucket at ten minutes for a write that
// keeps retrying (the alert's threshold).
var LatencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600, 1800, 3600}

// NewMetrics makes the registry, with the Go runtime's and the process's collectors, and the
// SDK's handler reporting into it (timers as histograms).
func NewMetrics() (*Metrics, error) {
	reg := prometheus.NewRegistry()
	if err := reg.Register(collectors.NewGoCollector()); err != nil {
		return nil, err
	}
	if err := reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
		return nil, err
	}
	reporter := tallyprom.NewReporter(tallyprom.Options{Registerer: reg, Gatherer: reg,
		DefaultTimerType: tallyprom.HistogramTimerType, DefaultHistogramBuckets: LatencyBuckets,
		OnRegisterError: func(err error) { slog.Warn("a metric could not be registered", "error", err) }})
	scope, closer := tally.NewRootScope(tally.ScopeOptions{
		CachedReporter:  reporter,
		Separator:       tallyprom.DefaultSeparator,
		SanitizeOptions: &sdktally.PrometheusSanitizeOptions,
	}, time.Second)
	return &Metrics{Registry: reg, Handler: sdktally.NewMetricsHandler(scope), scope: closer}, nil
}

// Close flushes and stops the SDK's reporting.
func (m *Metrics) Close() error { return m.scope.Close() }
