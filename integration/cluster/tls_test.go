package cluster

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/backend"
	"wenming/cli"
	"wenming/connect"
	"wenming/devstack"
	"wenming/integration/e2e"
	"wenming/testenv/pgtest"
	"wenming/testenv/pki"
)

// Against a real Temporal frontend that requires mutual TLS (the embedded server set up as a
// production cluster is), the worker and the CLI given --tls-cert, --tls-key and --tls-ca run
// a check end to end: CLI -> frontend -> worker -> PostgreSQL. Without the client
// certificate, with one of another CA, trusting another CA or without TLS, the CLI is refused with
// exit status 1 and names the setting to check.
func TestMutualTLSToARealFrontend(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p := pki.New(t)
	srv, err := devstack.StartTemporal(ctx, devstack.TemporalOptions{UIPort: -1,
		TLS: &devstack.FrontendTLS{CertFile: p.ServerCert, KeyFile: p.ServerKey, CAFile: p.CAFile}})
	require.NoError(t, err)
	defer srv.Stop()
	_, dbURL := pgtest.Fresh(t)
	const queue = "TestMutualTLSToARealFrontend"
	cfg := connect.Config{Address: srv.Address, Namespace: "default", DatabaseURL: dbURL, TaskQueue: queue,
		TLSCert: p.ClientCert, TLSKey: p.ClientKey, TLSCA: p.CAFile}
	svc, err := backend.Start(ctx, cfg, backend.Options{})
	require.NoError(t, err, "the worker connects with its client certificate")
	defer svc.Stop()

	check := func(tlsFlags ...string) (int, string) {
		var out bytes.Buffer
		argv := append([]string{"check", "--address", srv.Address, "--database-url", dbURL, "--task-queue", queue}, tlsFlags...)
		return cli.Run(ctx, argv, &out, &out), out.String()
	}
	code, out := check("--tls-cert", p.ClientCert, "--tls-key", p.ClientKey, "--tls-ca", p.CAFile)
	assert.Equal(t, 0, code, out)
	var recorded int
	require.NoError(t, svc.DB.Get(&recorded, `SELECT count(*) FROM worker_checks`))
	assert.Equal(t, 1, recorded, "the check went through the frontend to the worker and PostgreSQL")

	// The client certificate says who acts: its name is recorded, and a --by naming someone
	// else is refused before anything is written.
	t.Setenv("WENMING_USER", "")
	withCert := []string{"--address", srv.Address, "--database-url", dbURL, "--task-queue", queue,
		"--tls-cert", p.ClientCert, "--tls-key", p.ClientKey, "--tls-ca", p.CAFile}
	starter := func(argv ...string) (int, string) {
		var out bytes.Buffer
		return cli.Run(ctx, append(argv, withCert...), &out, &out), out.String()
	}
	for _, roster := range []string{"units", "branches", "members"} {
		code, out := starter("roster", "import", roster, e2e.Example(roster+".csv"))
		require.Equal(t, 0, code, out)
	}
	code, out = starter("violation", "record", "--member", "m0003", "--kind", "criticism", "--date", "2026-05-06", "--note", "被通报批评", "--by", "someone-else")
	assert.Equal(t, 2, code, out)
	assert.Contains(t, out, `--by（或 WENMING_USER）写的是「someone-else」，但客户端证书`)
	code, out = starter("violation", "record", "--member", "m0003", "--kind", "criticism", "--date", "2026-05-06", "--note", "被通报批评")
	require.Equal(t, 0, code, out)
	var actors []string
	require.NoError(t, svc.DB.Select(&actors, `SELECT recorded_by FROM violations`))
	assert.Equal(t, []string{"wenming-worker"}, actors, "the certificate's name, and only the accepted command's row")

	// Each refusal names the setting to check, by its flag.
	other := pki.New(t)
	for name, c := range map[string]struct {
		flags   []string
		setting string
	}{
		"no client certificate":       {[]string{"--tls-ca", p.CAFile}, "--tls-cert"},
		"a certificate of another CA": {[]string{"--tls-cert", other.ClientCert, "--tls-key", other.ClientKey, "--tls-ca", p.CAFile}, "--tls-cert"},
		"trusting another CA":         {[]string{"--tls-cert", p.ClientCert, "--tls-key", p.ClientKey, "--tls-ca", other.CAFile}, "--tls-ca"},
		"no TLS at all":               {nil, "--tls-ca"},
	} {
		code, out := check(c.flags...)
		assert.Equal(t, 1, code, "%s: %s", name, out)
		assert.Contains(t, out, srv.Address, "%s: the message names the frontend", name)
		assert.Contains(t, out, c.setting, "%s: the message names the setting to check", name)
		t.Logf("%s: %s", name, out)
	}
}
