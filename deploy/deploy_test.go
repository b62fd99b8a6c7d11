package deploy

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/english"
)

// The alert rules load, each with a query, a severity and a summary and description an office
// reads in Chinese; the dashboard loads, each panel with a query; together they read the
// metrics the issue asks to watch.
func TestTheAlertsAndTheDashboardLoad(t *testing.T) {
	rules, err := Alerts()
	require.NoError(t, err)
	require.NotEmpty(t, rules)
	for _, r := range rules {
		assert.NotEmpty(t, r.Expr, r.Alert)
		assert.Contains(t, []string{"warning", "critical"}, r.Labels["severity"], r.Alert)
		for _, a := range []string{"summary", "description"} {
			assert.NotEmpty(t, r.Annotations[a], "%s has no %s", r.Alert, a)
			assert.Empty(t, english.Runs(r.Annotations[a]), "%s's %s is not Chinese: %s", r.Alert, a, r.Annotations[a])
		}
	}
	title, panels, err := Dashboard()
	require.NoError(t, err)
	assert.Empty(t, english.Runs(title))
	for _, p := range panels {
		assert.NotEmpty(t, p.Targets, p.Title)
		assert.Empty(t, english.Runs(p.Title), p.Title)
	}
	queries, err := Queries()
	require.NoError(t, err)
	assert.Subset(t, Metrics(queries), []string{
		"temporal_workflow_task_schedule_to_start_latency", // task latency
		"temporal_activity_execution_failed",               // activity failures by type
		"wenming_write_retry_age",                          // a write retrying for more than 10 minutes
		"temporal_num_pollers",                             // no poller on the task queue
		"wenming_submissions", "wenming_write_retries", "wenming_campaigns", "wenming_rounds",
	})
}

func TestMetricsAreTheFamiliesAQueryReads(t *testing.T) {
	assert.Equal(t, []string{"temporal_num_pollers", "wenming_write_retry_age"}, Metrics([]string{
		`sum(rate(wenming_write_retry_age_count[5m])) - sum(rate(wenming_write_retry_age_bucket{le="600"}[5m]))`,
		`(sum(temporal_num_pollers{poller_type="workflow_task"}) or vector(0)) == 0`, `up{job="wenming-worker"} == 0`,
	}))
}

// The worker's systemd unit passes systemd's own check (with the binary's path pointed at an
// executable that exists here), and its environment file names only variables the worker reads.
func TestTheSystemdUnitVerifies(t *testing.T) {
	unit, err := os.ReadFile("systemd/wenming-worker.service")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "wenming-worker.service")
	require.NoError(t, os.WriteFile(path, bytes.ReplaceAll(unit, []byte("/usr/local/bin/wenming-worker"), []byte("/bin/true")), 0o644))
	out, err := exec.Command("systemd-analyze", "verify", path).CombinedOutput()
	require.NoError(t, err, "systemd-analyze verify: %s", out)
	assert.Empty(t, strings.TrimSpace(string(out)))
	assert.Contains(t, string(unit), "TimeoutStopSec=60", "systemd waits longer than the worker's stop timeout (40 s)")

	var source []byte
	for _, dir := range []string{"../connect", "../service", "../worker", "../codec"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			source = append(source, b...)
		}
	}
	// Temporal's standard variables, which the SDK's client configuration reads for the worker.
	standard := []string{"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH",
		"TEMPORAL_TLS_SERVER_CA_CERT_PATH"}
	env, err := os.ReadFile("systemd/worker.env.example")
	require.NoError(t, err)
	for _, line := range strings.Split(string(env), "\n") {
		name, _, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		known := slices.Contains(standard, name) || bytes.Contains(source, []byte(`"`+name+`"`))
		assert.True(t, known, "worker.env.example sets %s, which the worker does not read", name)
	}
}

// The compose file passes the compose tool's own check (Debian's docker-compose, installed by
// go tool task test), with placeholder secrets in a copy of its folder: an operator's real
// secrets are never touched.
func TestTheComposeFileIsValid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "deploy", "compose")
	for _, sub := range []string{"secrets", "scripts", "initdb"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o700))
	}
	for _, f := range []string{"compose.yaml", "scripts/setup-schemas.sh", "scripts/create-namespace.sh", "initdb/10-wenming.sh"} {
		b, err := os.ReadFile(filepath.Join("compose", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o600))
	}
	for _, f := range []string{"postgres-password", "postgres.env", "worker.env", "codec-keys", "codec-tokens", "codec-tls.pem", "codec-tls.key"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "secrets", f), nil, 0o600))
	}
	cmd := exec.Command("docker-compose", "-f", filepath.Join(dir, "compose.yaml"), "config")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "docker-compose config: %s", out)
	for _, service := range []string{"postgresql", "temporal-schema", "temporal", "temporal-namespace", "temporal-ui", "worker"} {
		assert.Contains(t, string(out), "\n  "+service+":\n", "the compose file runs %s", service)
	}
	assert.Contains(t, string(out), "temporalio/server:1.32.1", "the server's version is the module's in go.mod")
}

// The Dockerfile builds as go tool task build does, statically (a minimal base has no C
// library); worker.TestTheProductionWorkerLeavesTheDevStackOut builds it that way and finds
// no ELF interpreter.
func TestTheDockerfileBuildsTheProductionWorker(t *testing.T) {
	docker, err := os.ReadFile("Dockerfile")
	require.NoError(t, err)
	assert.Contains(t, string(docker), "ENV CGO_ENABLED=0")
	assert.Contains(t, string(docker), `go build -tags nodevstack -trimpath -ldflags "-X wenming/version.Version=${VERSION}"`)
	assert.Contains(t, string(docker), "FROM gcr.io/distroless/static")
}
