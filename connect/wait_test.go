package connect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/lib/pq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
)

func TestUnreachable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nothing listens", fmt.Errorf("connect to PostgreSQL: %w", refused), true},
		{"Temporal unavailable", fmt.Errorf("failed reaching server: %w", serviceerror.NewUnavailable("connection error")), true},
		{"PostgreSQL starting up", &pq.Error{Code: "57P03", Message: "the database system is starting up"}, true},
		{"a wrong password", &pq.Error{Code: "28P01", Message: "password authentication failed"}, false},
		{"a refused certificate", serviceerror.NewUnavailable("connection error: remote error: tls: certificate required"), false},
		{"an untrusted server", errors.New("x509: certificate signed by unknown authority"), false},
		{"a missing database", &pq.Error{Code: "3D000", Message: "database does not exist"}, false},
	} {
		assert.Equal(t, tc.want, Unreachable(tc.err), tc.name)
	}
}

// WaitFor tries again while the service is unreachable and stops at once on any other error.
func TestWaitFor(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	calls := 0
	got, err := WaitFor(context.Background(), quiet, "PostgreSQL", func(context.Context) (string, error) {
		if calls++; calls == 1 {
			return "", &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return "up", nil
	})
	require.NoError(t, err)
	assert.Equal(t, "up", got)
	assert.Equal(t, 2, calls, "tried again after the refusal")

	calls = 0
	_, err = WaitFor(context.Background(), quiet, "PostgreSQL", func(context.Context) (string, error) {
		calls++
		return "", &pq.Error{Code: "28P01"}
	})
	require.Error(t, err)
	assert.Equal(t, 1, calls, "a wrong password is not waited out")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = WaitFor(ctx, quiet, "Temporal", func(context.Context) (int, error) {
		return 0, serviceerror.NewUnavailable("connection refused")
	})
	assert.ErrorIs(t, err, context.Canceled, "the wait ends with the context")
}
