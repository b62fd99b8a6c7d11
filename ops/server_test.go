package ops

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

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
	assert.Equal(t, map[string]string{"postgresql": "connection refused"}, r.Failed)
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

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}
