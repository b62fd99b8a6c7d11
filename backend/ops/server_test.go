package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// /healthz answers while the process serves; /readyz is 503 naming each check that fails and
// 200 once all pass; /metrics serves what the SDK's handler records, timers as histograms.
func TestTheOperationsEndpoints(t *testing.T) {
	m, err := NewMetrics()
	require.NoError(t, err)
	defer m.Close()
	var down error = errors.New("connection refused")
	srv := httptest.NewServer(Handler(m.Registry, []Check{
		{Name: "postgresql", Probe: func(context.Context) error { return down }},
		{Name: "temporal", Probe: func(context.Context) error { return nil }},
	}))
	defer srv.Close()

	code, body := get(t, srv.URL+"/healthz")
	assert.Equal(t, http.StatusOK, code, body)
	code, body = get(t, srv.URL+"/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	var r struct {
		Status string            `json:"status"`
		Failed map[string]string `json:"failed"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &r))
	assert.Equal(t, map[string]string{"postgresql": "unavailable"}, r.Failed)
	down = nil
	code, body = get(t, srv.URL+"/readyz")
	assert.Equal(t, http.StatusOK, code, body)

	m.Handler.WithTags(map[string]string{"kind": "ballots", "outcome": "accepted"}).Counter("wenming_submissions").Inc(2)
	m.Handler.Timer("wenming_write_retry_age").Record(11 * time.Minute)
	require.NoError(t, m.Close(), "flush the reporter")
	_, body = get(t, srv.URL+"/metrics")
	assert.Contains(t, body, `wenming_submissions{kind="ballots",outcome="accepted"} 2`)
	assert.Contains(t, body, `wenming_write_retry_age_bucket{le="600"} 0`)
	assert.Contains(t, body, `wenming_write_retry_age_bucket{le="1800"} 1`)
	assert.Contains(t, body, "go_goroutines")
}

// /readyz says which dependency fails and nothing of its error, which names hosts, users,
// databases, passwords and the worker's identity; the error goes to the server's log.
func TestReadyzKeepsTheErrorsInTheLog(t *testing.T) {
	var log bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	secrets := []string{"db-7.internal", "10.0.3.7", "wenming_admin", "s3cret-Pa55", "payroll_db", "4711@worker-host-3", "temporal.internal"}
	srv := httptest.NewServer(Handler(prometheus.NewRegistry(), []Check{
		{Name: "postgresql", Probe: func(context.Context) error {
			return errors.New(`failed to connect to host=db-7.internal (10.0.3.7) user=wenming_admin database=payroll_db password=s3cret-Pa55: FATAL: password authentication failed for user "wenming_admin"`)
		}},
		{Name: "temporal", Probe: func(context.Context) error {
			return errors.New("dial tcp temporal.internal:7233: connect: connection refused")
		}},
		{Name: "worker", Probe: func(context.Context) error {
			return errors.New("no poller of 4711@worker-host-3 on task queue wenming")
		}},
	}))
	defer srv.Close()

	code, body := get(t, srv.URL+"/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	var r struct {
		Status string            `json:"status"`
		Failed map[string]string `json:"failed"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &r))
	assert.Equal(t, map[string]string{"postgresql": "unavailable", "temporal": "unavailable", "worker": "unavailable"}, r.Failed)
	for _, s := range secrets {
		assert.NotContains(t, body, s)
		assert.Contains(t, log.String(), s, "the detail is in the server's log")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}
