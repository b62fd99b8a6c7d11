package stores

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/devstack"
	"wenming/devstack/postgres"
	"wenming/testenv/pgtest"
	"wenming/testenv/pki"
)

// The TLS settings of a database URL (sslmode, sslrootcert, sslcert, sslkey) are what the
// Temporal server's SQL configuration is to connect with; settings of the product's own
// connection are not passed on, and a TLS setting the server's driver does not understand is
// refused, naming it, rather than dropped.
func TestTheTLSSettingsOfTheURLAreKept(t *testing.T) {
	u, err := url.Parse("postgres://temporal:pw@db.office.example:5432/temporal?sslmode=verify-full&sslrootcert=/etc/wenming/db-ca.pem" +
		"&sslcert=/etc/wenming/db.pem&sslkey=/etc/wenming/db.key&application_name=wenming")
	require.NoError(t, err)
	attrs, err := ConnectAttributes(u)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"sslmode": "verify-full", "sslrootcert": "/etc/wenming/db-ca.pem",
		"sslcert": "/etc/wenming/db.pem", "sslkey": "/etc/wenming/db.key"}, attrs)

	u, err = url.Parse("postgres://temporal:pw@db.office.example:5432/temporal?sslmode=verify-full&sslcrl=/etc/wenming/db.crl")
	require.NoError(t, err)
	_, err = ConnectAttributes(u)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sslcrl")
}

// The stores built from URLs with sslmode=verify-full carry it, with the CA, to the server's
// configuration, in the cluster (FromURLs) and in the server process (FromEnv).
func TestTheStoresOfAVerifyFullURLVerify(t *testing.T) {
	base := "postgres://temporal:pw@db.office.example:5432/"
	q := "?sslmode=verify-full&sslrootcert=/etc/wenming/db-ca.pem"
	want := map[string]string{"sslmode": "verify-full", "sslrootcert": "/etc/wenming/db-ca.pem"}
	p, err := FromURLs(base+"temporal"+q, base+"temporal_visibility"+q, 4)
	require.NoError(t, err)
	assert.Equal(t, want, p.ConnectAttributes)
	assert.Equal(t, "temporal", p.Persistence)
	assert.Equal(t, "temporal_visibility", p.Visibility)

	t.Setenv(PersistenceEnv, base+"temporal"+q)
	t.Setenv(VisibilityEnv, base+"temporal_visibility"+q)
	p, err = FromEnv(4)
	require.NoError(t, err)
	assert.Equal(t, want, p.ConnectAttributes)
}

// Against a PostgreSQL that serves TLS, the Temporal server's connection (Temporal's schema
// tool, with the configuration the server gets) does what sslmode=verify-full asks: it sets up
// the schemas trusting the server's CA, and is refused trusting another.
func TestTheServersConnectionVerifiesThePostgreSQLServer(t *testing.T) {
	ctx := context.Background()
	p, other := pki.New(t), pki.New(t)
	c := pgtest.Own(t, pgtest.OwnDir(t), 0, &postgres.TLSFiles{CertFile: p.ServerCert, KeyFile: p.ServerKey})
	for _, db := range []string{"temporal", "temporal_visibility"} {
		require.NoError(t, postgres.EnsureDatabase(ctx, c.AdminURL, db))
	}
	with := func(db, ca string) string {
		u, err := url.Parse(c.DatabaseURL(db))
		require.NoError(t, err)
		u.RawQuery = url.Values{"sslmode": {"verify-full"}, "sslrootcert": {ca}}.Encode()
		return u.String()
	}
	s, err := FromURLs(with("temporal", other.CAFile), with("temporal_visibility", other.CAFile), 1)
	require.NoError(t, err)
	err = devstack.SetupPostgres(s)
	require.Error(t, err, "a server whose certificate another CA signed")

	s, err = FromURLs(with("temporal", p.CAFile), with("temporal_visibility", p.CAFile), 1)
	require.NoError(t, err)
	require.NoError(t, devstack.SetupPostgres(s))
}
