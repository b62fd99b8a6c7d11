package connect

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/devstack/postgres"
	"wenming/testenv/pgtest"
	"wenming/testenv/pki"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func withQuery(t *testing.T, raw string, kv ...string) string {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// DATABASE_URL's sslmode is what the connection does. Against a server with TLS:
// verify-full with the server's CA gets an encrypted session, verify-full trusting another CA
// is refused, disable gets a plain one. Against a server without TLS, require is refused,
// never silently downgraded.
func TestDatabaseURLSSLModeIsHonoured(t *testing.T) {
	ctx := context.Background()
	p, other := pki.New(t), pki.New(t)
	cluster := pgtest.Own(t, pgtest.OwnDir(t), 0, &postgres.TLSFiles{CertFile: p.ServerCert, KeyFile: p.ServerKey})
	require.NoError(t, postgres.EnsureDatabase(ctx, cluster.AdminURL, postgres.ProductDatabase))
	base := cluster.DatabaseURL(postgres.ProductDatabase)

	encrypted := func(raw string) (bool, error) {
		db, err := Open(ctx, raw)
		if err != nil {
			return false, err
		}
		defer db.Close()
		var ssl bool
		err = db.Get(&ssl, `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`)
		return ssl, err
	}
	ssl, err := encrypted(withQuery(t, base, "sslmode", "verify-full", "sslrootcert", p.CAFile))
	require.NoError(t, err, "verify-full with the server's CA")
	assert.True(t, ssl, "verify-full: the session is encrypted")

	_, err = encrypted(withQuery(t, base, "sslmode", "verify-full", "sslrootcert", other.CAFile))
	require.Error(t, err, "verify-full trusting another CA")
	assert.Contains(t, err.Error(), "certificate signed by unknown authority")

	ssl, err = encrypted(withQuery(t, base, "sslmode", "disable"))
	require.NoError(t, err)
	assert.False(t, ssl, "disable: a plain session")

	// The package's cluster has no TLS (DATABASE_URL's server may): require is refused there.
	db, raw := pgtest.Fresh(t)
	var serverTLS string
	require.NoError(t, db.Get(&serverTLS, `SHOW ssl`))
	ssl, err = encrypted(withQuery(t, raw, "sslmode", "require"))
	if serverTLS == "off" {
		require.Error(t, err)
		assert.Contains(t, err.Error(), "SSL is not enabled on the server")
		return
	}
	require.NoError(t, err)
	assert.True(t, ssl)
}
