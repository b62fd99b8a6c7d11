package connect

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// DATABASE_URL's sslmode is what the connection does: sslmode=require gets an encrypted
// session from a server with TLS and a refusal from one without, never a silent plain one.
func TestDatabaseURLSSLModeIsHonoured(t *testing.T) {
	ctx := context.Background()
	db, raw := pgtest.Fresh(t)
	var serverTLS string
	require.NoError(t, db.Get(&serverTLS, `SHOW ssl`))

	u, err := url.Parse(raw)
	require.NoError(t, err)
	q := u.Query()
	q.Set("sslmode", "require")
	u.RawQuery = q.Encode()
	secure, err := Open(ctx, u.String())
	if serverTLS == "off" {
		require.Error(t, err)
		assert.Contains(t, err.Error(), "SSL is not enabled on the server")
		return
	}
	require.NoError(t, err)
	defer secure.Close()
	var encrypted bool
	require.NoError(t, secure.Get(&encrypted, `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`))
	assert.True(t, encrypted)
}
