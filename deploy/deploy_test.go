package deploy

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"gopkg.in/yaml.v3"

	"wenming/testenv/english"
	"wenming/workflows/searchattr"
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
		"wenming_overdue_waits", // a wait for people past its time
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
	for _, dir := range []string{"../connect", "../backend", "../worker", "../codec"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, "no Go source in %s: where does the worker read its settings now?", dir)
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

// The worker's unit sandboxes it: no capabilities, devices, kernel settings, clock, hostname,
// namespaces, realtime scheduling or personality changes; only Internet and local sockets; the
// system calls of a system service, native only; no writable executable memory; files it
// makes are its own (umask 0077). When systemd-analyze can score a unit file offline, the
// exposure it reports is low.
func TestTheSystemdUnitIsSandboxed(t *testing.T) {
	unit, err := os.ReadFile("systemd/wenming-worker.service")
	require.NoError(t, err)
	service := map[string][]string{}
	section := ""
	for _, line := range strings.Split(string(unit), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			section = line
		}
		if k, v, ok := strings.Cut(line, "="); ok && section == "[Service]" && !strings.HasPrefix(line, "#") {
			service[k] = append(service[k], v)
		}
	}
	for k, want := range map[string]string{
		"CapabilityBoundingSet": "", "NoNewPrivileges": "yes", "PrivateDevices": "yes", "ProtectKernelTunables": "yes",
		"ProtectKernelModules": "yes", "ProtectKernelLogs": "yes", "ProtectControlGroups": "yes", "ProtectClock": "yes",
		"ProtectHostname": "yes", "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "SystemCallArchitectures": "native",
		"UMask": "0077", "LockPersonality": "yes", "RestrictNamespaces": "yes", "RestrictRealtime": "yes",
		"MemoryDenyWriteExecute": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
	} {
		assert.Equal(t, []string{want}, service[k], "%s=%s", k, want)
	}
	require.NotEmpty(t, service["SystemCallFilter"])
	assert.Equal(t, "@system-service", service["SystemCallFilter"][0], "the allow list comes first")

	path := filepath.Join(t.TempDir(), "wenming-worker.service")
	require.NoError(t, os.WriteFile(path, bytes.ReplaceAll(unit, []byte("/usr/local/bin/wenming-worker"), []byte("/bin/true")), 0o644))
	out, err := exec.Command("systemd-analyze", "security", "--offline=true", path).CombinedOutput()
	if err != nil {
		t.Logf("systemd-analyze cannot score a unit file here (systemd before 250?): %v\n%s", err, out)
		return
	}
	m := regexp.MustCompile(`Overall exposure level for \S+: ([0-9.]+)`).FindSubmatch(out)
	require.NotNil(t, m, "systemd-analyze security: %s", out)
	exposure, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)
	assert.LessOrEqual(t, exposure, 2.0, "systemd-analyze security: %s", out)
}

// The compose file passes the compose tool's own check (Debian's docker-compose, installed by
// go tool task test), with placeholder secrets in a copy of its folder: an operator's real
// secrets are never touched.
func TestTheComposeFileIsValid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "deploy", "compose")
	for _, sub := range []string{"secrets", "scripts", "initdb"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o700))
	}
	scripts, err := filepath.Glob("compose/scripts/*.sh")
	require.NoError(t, err)
	for _, f := range append([]string{"compose/compose.yaml", "compose/initdb/10-wenming.sh"}, scripts...) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, strings.TrimPrefix(f, "compose/")), b, 0o600))
	}
	c := readCompose(t)
	for _, s := range c.Secrets {
		require.NoError(t, os.WriteFile(filepath.Join(dir, s.File), nil, 0o600))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "secrets", "worker.env"), nil, 0o600))
	cmd := exec.Command("docker-compose", "-f", filepath.Join(dir, "compose.yaml"), "config")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "docker-compose config: %s", out)
	for _, service := range []string{"postgresql", "temporal-schema", "temporal", "temporal-namespace", "temporal-ui", "worker"} {
		assert.Contains(t, string(out), "\n  "+service+":\n", "the compose file runs %s", service)
	}
	assert.Contains(t, string(out), "temporalio/server:1.32.1", "the server's version is the module's in go.mod")
	for _, s := range scripts {
		assert.Contains(t, string(out), "/scripts/"+filepath.Base(s), "%s is run by a service", s)
	}
}

// compose is what the tests read of compose/compose.yaml.
type compose struct {
	Services map[string]struct {
		Environment map[string]string `yaml:"environment"`
		Secrets     []string          `yaml:"secrets"`
		Ports       []any             `yaml:"ports"`
		Entrypoint  []string          `yaml:"entrypoint"`
		EnvFile     []string          `yaml:"env_file"`
	} `yaml:"services"`
	Secrets map[string]struct {
		File string `yaml:"file"`
	} `yaml:"secrets"`
}

func readCompose(t *testing.T) compose {
	t.Helper()
	b, err := os.ReadFile("compose/compose.yaml")
	require.NoError(t, err)
	var c compose
	require.NoError(t, yaml.Unmarshal(b, &c), "compose/compose.yaml")
	require.NotEmpty(t, c.Services)
	return c
}

// secretFile is the secret a service reads at path (/run/secrets/NAME), which the service
// must be given and the compose file must define; "" when path is not a secret.
func secretFile(t *testing.T, c compose, service, path string) string {
	t.Helper()
	name, ok := strings.CutPrefix(path, "/run/secrets/")
	if !ok {
		return ""
	}
	assert.Contains(t, c.Services[service].Secrets, name, "%s reads %s but is not given the secret", service, path)
	s, ok := c.Secrets[name]
	assert.True(t, ok, "secret %s is not defined", name)
	return s.File
}

// The compose deployment is closed to strangers: every port it publishes listens on the
// host's loopback only; Temporal's frontend requires a client certificate signed by the
// deployment's CA (mutual TLS) and the worker, the admin-tools job and the Web UI each present
// one; the Web UI only reads; and each PostgreSQL role has a password of its own, which only
// the services acting as that role are given.
func TestTheComposeFileIsClosedToStrangers(t *testing.T) {
	c := readCompose(t)

	// Ports: "127.0.0.1:HOST:CONTAINER" or the long syntax with host_ip.
	published := map[string]bool{}
	for name, s := range c.Services {
		for _, p := range s.Ports {
			var hostIP, target string
			switch p := p.(type) {
			case string:
				parts := strings.Split(p, ":")
				if len(parts) == 3 {
					hostIP = parts[0]
				}
				target = parts[len(parts)-1]
			case map[string]any:
				hostIP, _ = p["host_ip"].(string)
				target = fmt.Sprint(p["target"])
			default:
				t.Fatalf("%s publishes %v, neither short nor long syntax", name, p)
			}
			assert.Equal(t, "127.0.0.1", hostIP, "%s publishes %v on every interface of the host", name, p)
			published[name+"/"+target] = true
		}
	}
	assert.Subset(t, keys(published), []string{"temporal/7233", "temporal-ui/8080", "worker/8088", "worker/9464"})

	// The Web UI only reads (the variable of temporalio/ui's config/docker.yaml).
	ui := c.Services["temporal-ui"].Environment
	assert.Equal(t, "true", ui["TEMPORAL_DISABLE_WRITE_ACTIONS"], "the Web UI's write actions are off")
	for _, v := range []string{"TEMPORAL_WORKFLOW_TERMINATE_DISABLED", "TEMPORAL_WORKFLOW_CANCEL_DISABLED"} {
		assert.NotEqual(t, "false", ui[v], "%s turns a write action back on", v)
	}

	// The frontend's mutual TLS (the variables of the server's embedded config template).
	server := c.Services["temporal"].Environment
	assert.Equal(t, "true", server["TEMPORAL_TLS_REQUIRE_CLIENT_AUTH"], "the frontend requires client certificates")
	for _, v := range []string{"TEMPORAL_TLS_FRONTEND_CERT", "TEMPORAL_TLS_FRONTEND_KEY", "TEMPORAL_TLS_CLIENT1_CA_CERT",
		"TEMPORAL_TLS_SERVER_CERT", "TEMPORAL_TLS_SERVER_KEY", "TEMPORAL_TLS_SERVER_CA_CERT"} {
		assert.NotEmpty(t, secretFile(t, c, "temporal", server[v]), "%s is a mounted secret: %q", v, server[v])
	}
	clientCA := secretFile(t, c, "temporal", server["TEMPORAL_TLS_CLIENT1_CA_CERT"])
	certs := map[string]string{}
	for _, client := range []string{"worker", "temporal-namespace", "temporal-ui"} {
		env := c.Services[client].Environment
		assert.Equal(t, "temporal:7233", env["TEMPORAL_ADDRESS"], client)
		cert := secretFile(t, c, client, env["TEMPORAL_TLS_CERT"])
		assert.NotEmpty(t, cert, "%s presents a client certificate", client)
		assert.NotEmpty(t, secretFile(t, c, client, env["TEMPORAL_TLS_KEY"]), "%s has its key", client)
		assert.Equal(t, clientCA, secretFile(t, c, client, env["TEMPORAL_TLS_CA"]), "%s verifies the server with the deployment's CA", client)
		assert.Equal(t, "temporal", env["TEMPORAL_TLS_SERVER_NAME"], client)
		certs[cert] = client
	}
	assert.Len(t, certs, 3, "each client has a certificate of its own")

	// One password per PostgreSQL role. The superuser's comes from POSTGRES_PASSWORD_FILE; the
	// roles' from the secrets the first-start script reads (NAME="$(cat /run/secrets/S)", then
	// CREATE ROLE R ... PASSWORD :'NAME').
	pg := c.Services["postgresql"]
	superuser := pg.Environment["POSTGRES_USER"]
	passwords := map[string]string{superuser: secretFile(t, c, "postgresql", pg.Environment["POSTGRES_PASSWORD_FILE"])}
	initdb, err := os.ReadFile("compose/initdb/10-wenming.sh")
	require.NoError(t, err)
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`(\w+)="\$\(cat (/run/secrets/[\w-]+)\)"`).FindAllStringSubmatch(string(initdb), -1) {
		vars[m[1]] = secretFile(t, c, "postgresql", m[2])
	}
	for _, m := range regexp.MustCompile(`CREATE ROLE (\w+) .*PASSWORD :'(\w+)'`).FindAllStringSubmatch(string(initdb), -1) {
		passwords[m[1]] = vars[m[2]]
	}
	require.Subset(t, keys(passwords), []string{"temporal", "wenming"}, "the first start makes Temporal's role and the product's")
	assert.NotContains(t, []string{"temporal", "wenming"}, superuser, "neither role is the superuser")
	files := map[string]string{}
	for role, file := range passwords {
		require.NotEmpty(t, file, "%s has a password secret", role)
		assert.NotContains(t, files, file, "%s and %s share the password %s", role, files[file], file)
		files[file] = role
	}
	// Who is given which password: Temporal's jobs its role's only; the worker none of them
	// (its DATABASE_URL, in its env file, names the product's role).
	start, err := os.ReadFile("compose/scripts/start-temporal.sh")
	require.NoError(t, err)
	assert.Contains(t, c.Services["temporal"].Entrypoint, "/scripts/start-temporal.sh")
	schema, err := os.ReadFile("compose/scripts/setup-schemas.sh")
	require.NoError(t, err)
	for service, script := range map[string][]byte{"temporal": start, "temporal-schema": schema} {
		assert.Equal(t, "temporal", userOf(c, service), "%s acts as Temporal's role", service)
		m := regexp.MustCompile(`cat (/run/secrets/[\w-]+)`).FindSubmatch(script)
		require.NotNil(t, m, "%s reads a password secret", service)
		assert.Equal(t, passwords["temporal"], secretFile(t, c, service, string(m[1])), "%s logs in with Temporal's password", service)
	}
	for service, s := range c.Services {
		for role, file := range passwords {
			if service == "postgresql" || role == "temporal" && userOf(c, service) == "temporal" {
				continue
			}
			for _, name := range s.Secrets {
				assert.NotEqual(t, file, c.Secrets[name].File, "%s is given the password of %s", service, role)
			}
		}
	}
	assert.Equal(t, []string{"./secrets/worker.env"}, c.Services["worker"].EnvFile)
}

// userOf is the PostgreSQL role a service logs in as.
func userOf(c compose, service string) string {
	env := c.Services[service].Environment
	return env["POSTGRES_USER"] + env["SQL_USER"]
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The image's build context (the repository, deploy/Dockerfile's COPY . .) leaves out the
// history, the dev stack's state, built binaries and every secret of the compose deployment;
// the secrets folder's README goes in. The patterns are matched as docker does (anchored at the
// context's root, a folder's pattern covering what is under it, the last match deciding).
func TestTheBuildContextLeavesSecretsOut(t *testing.T) {
	b, err := os.ReadFile("../.dockerignore")
	require.NoError(t, err)
	var patterns []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, line)
		}
	}
	assert.Subset(t, patterns, []string{".git", ".data", "bin", "deploy/compose/secrets/*", "!deploy/compose/secrets/README.md"})
	excluded := func(path string) bool {
		out := false
		for _, p := range patterns {
			negated := strings.HasPrefix(p, "!")
			p = strings.TrimPrefix(p, "!")
			for dir := path; dir != "."; dir = filepath.Dir(dir) {
				if ok, _ := filepath.Match(p, dir); ok {
					out = !negated
					break
				}
			}
		}
		return out
	}
	leftOut := []string{".git/config", ".data/postgres/password", ".data/cluster/postgres/data/pg_hba.conf", "bin/wenming-worker",
		"deploy/compose/secrets/worker.env"}
	for _, s := range readCompose(t).Secrets {
		leftOut = append(leftOut, filepath.Join("deploy/compose", s.File))
	}
	for _, path := range leftOut {
		assert.True(t, excluded(path), "%s is in the build context", path)
	}
	for _, path := range []string{"go.mod", "worker/main.go", "deploy/Dockerfile", "deploy/compose/secrets/README.md"} {
		assert.False(t, excluded(path), "%s is left out of the build context", path)
	}
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

// Where the worker cannot register the search attributes itself, an operator does, by the
// compose script or the commands in docs/operations.md: both name every attribute the
// workflows upsert, with its type (one missing stalls a workflow the moment it upserts it).
func TestTheManualRegistrationNamesEverySearchAttribute(t *testing.T) {
	for _, path := range []string{"compose/scripts/create-namespace.sh", "../docs/operations.md"} {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		text := string(b)
		for name, typ := range searchattr.All() {
			kind := map[enumspb.IndexedValueType]string{enumspb.INDEXED_VALUE_TYPE_KEYWORD: "Keyword", enumspb.INDEXED_VALUE_TYPE_DATETIME: "Datetime"}[typ]
			require.NotEmpty(t, kind, "%s: a type the check does not know", name)
			loop := regexp.MustCompile(`for a in ([^;\n]*);[^\n]*\n[^\n]*--name "?\$a"? --type ` + kind + `\b`)
			named := regexp.MustCompile(`--name ` + name + ` --type ` + kind + `\b`).MatchString(text)
			for _, m := range loop.FindAllStringSubmatch(text, -1) {
				named = named || slices.Contains(strings.Fields(m[1]), name)
			}
			assert.True(t, named, "%s does not register %s as %s", path, name, kind)
		}
	}
}
