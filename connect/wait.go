package connect

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"syscall"
	"time"

	"github.com/lib/pq"
	"go.temporal.io/api/serviceerror"
)

// Unreachable says whether a connection failed because the other side is down for now (not
// listening, restarting, starting up) rather than because of settings that cannot work (a
// certificate it refuses, a wrong password): only the first is worth waiting out.
func Unreachable(err error) bool {
	msg := err.Error()
	if strings.Contains(msg, "tls:") || strings.Contains(msg, "x509:") {
		return false
	}
	var unavailable *serviceerror.Unavailable
	var pqErr *pq.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.As(err, &unavailable):
		return true
	case errors.As(err, &pqErr):
		return pqErr.Code == "57P03" // cannot_connect_now: starting up or shutting down
	}
	return strings.Contains(msg, "connection refused")
}

// WaitFor calls connect until it succeeds, waiting 1 s doubling to 30 s between tries while
// the service is unreachable, and logging each wait: a worker started while Temporal or
// PostgreSQL restarts comes up when they are back instead of exiting. Any other error, or
// the end of ctx, ends the wait.
func WaitFor[T any](ctx context.Context, log *slog.Logger, what string, connect func(context.Context) (T, error)) (T, error) {
	for delay := time.Second; ; delay = min(2*delay, 30*time.Second) {
		v, err := connect(ctx)
		if err == nil || !Unreachable(err) {
			return v, err
		}
		log.Warn(what+" cannot be reached; trying again", "in", delay, "error", err)
		select {
		case <-ctx.Done():
			return v, fmt.Errorf("%w (gave up waiting: %w)", err, ctx.Err())
		case <-time.After(delay):
		}
	}
}
