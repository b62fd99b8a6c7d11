package ops

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check is one thing a ready worker needs; Probe returns why it is not there.
type Check struct {
	Name  string
	Probe func(context.Context) error
}

// probeTimeout bounds each readiness probe: a database that hangs is not ready.
const probeTimeout = 3 * time.Second

// unavailable is all /readyz says of a failing check: its error can name hosts, users,
// databases and identities (a DSN's parts, a worker's host and process), which are logged on
// the server instead, for whoever reads the worker's log.
const unavailable = "unavailable"

// Handler serves /metrics from the gatherer, /healthz (200 while the process serves) and
// /readyz (200 when every check passes, 503 naming each that fails, without its error).
func Handler(g prometheus.Gatherer, checks []Check) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(g, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		failed := map[string]string{}
		for _, c := range checks {
			ctx, cancel := context.WithTimeout(r.Context(), probeTimeout)
			if err := c.Probe(ctx); err != nil {
				failed[c.Name] = unavailable
				slog.Warn("not ready", "check", c.Name, "error", err)
			}
			cancel()
		}
		if len(failed) > 0 {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "failed": failed})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, code int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

// Serve listens on addr and serves h until stop is called; it returns the address bound (for
// ":0").
func Serve(addr string, h http.Handler) (net.Addr, func(), error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("operations listener stopped", "address", addr, "error", err)
		}
	}()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
	return l.Addr(), stop, nil
}
