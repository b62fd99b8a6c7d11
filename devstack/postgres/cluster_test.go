package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A checkout inside a directory only its owner may enter (root's home, a 0700 folder) still
// gets its private cluster: run as root, the cluster's files go where the postgres user can
// reach them, the checkout records where, and its url file names the product database.
func TestAClusterForACheckoutInAPrivateDirectory(t *testing.T) {
	private := t.TempDir()
	require.NoError(t, os.Chmod(private, 0o700))
	home := filepath.Join(private, "checkout", ".data", "postgres")
	// Made by Start, as /var/lib/wenming/postgres is on a fresh machine.
	base := filepath.Join(os.TempDir(), "wenming-relocated-"+filepath.Base(private))
	RelocationRoot = filepath.Join(base, "var", "lib", "wenming", "postgres")
	t.Cleanup(func() { os.RemoveAll(base) })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))

	c, err := Start(context.Background(), Options{Dir: home, Throwaway: true, Logger: quiet})
	require.NoError(t, err)
	t.Cleanup(c.Stop)

	if os.Geteuid() == 0 {
		assert.True(t, strings.HasPrefix(c.Dir(), RelocationRoot), "as root the files move out of the private directory: %s", c.Dir())
		where, err := os.ReadFile(filepath.Join(home, "location"))
		require.NoError(t, err)
		assert.Equal(t, c.Dir(), strings.TrimSpace(string(where)))
	} else {
		assert.Equal(t, home, c.Dir(), "the cluster runs as this user, who can reach the directory")
	}
	assert.FileExists(t, filepath.Join(c.Dir(), "data", "PG_VERSION"))

	product, err := os.ReadFile(filepath.Join(home, "url"))
	require.NoError(t, err)
	assert.Contains(t, string(product), "/"+ProductDatabase+"?", "url names the product's database, not the maintenance one")
	require.NoError(t, EnsureDatabase(context.Background(), c.AdminURL, ProductDatabase))
	db, err := sql.Open("postgres", strings.TrimSpace(string(product)))
	require.NoError(t, err)
	defer db.Close()
	var name string
	require.NoError(t, db.QueryRow(`SELECT current_database()`).Scan(&name))
	assert.Equal(t, ProductDatabase, name)

	// Another process (the CLI) finds the running cluster through the checkout.
	admin, err := RecordedURL(home)
	require.NoError(t, err)
	assert.Equal(t, c.AdminURL, admin)

	// A demo starts from nothing: removing the checkout's cluster removes its files wherever
	// they were placed, even once the record of where is gone.
	c.Stop()
	if os.Geteuid() == 0 {
		require.NoError(t, os.Remove(filepath.Join(home, "location")))
	}
	require.NoError(t, Remove(home))
	assert.NoDirExists(t, c.Dir())
	assert.NoDirExists(t, home)
}

// Only the password opens the dev stack's cluster: a local connection without it, or with
// another, is refused; the password and the addresses that carry it are readable by this
// account only; and the server does not inherit this process's environment (codec keys).
// A cluster whose password file is gone (made by a build that trusted every local user) gets
// a new password on its next start.
func TestOnlyThePasswordOpensTheCluster(t *testing.T) {
	t.Setenv("WENMING_CODEC_KEY", "a-secret-the-server-must-not-see")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass"))
	t.Setenv("PGPASSWORD", "")
	dir, err := os.MkdirTemp("", "wenming-auth-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755)) // the cluster may run as another user
	t.Cleanup(func() { os.RemoveAll(dir) })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := func(port int) *Cluster {
		c, err := Start(context.Background(), Options{Dir: dir, Throwaway: true, Port: port, Logger: quiet})
		require.NoError(t, err)
		t.Cleanup(c.Stop)
		return c
	}
	c := start(0)
	opens := func(u string) error {
		db, err := sql.Open("postgres", u)
		require.NoError(t, err)
		defer db.Close()
		return db.Ping()
	}
	withUser := func(user *url.Userinfo) string {
		u, err := url.Parse(c.AdminURL)
		require.NoError(t, err)
		u.User = user
		return u.String()
	}
	require.NoError(t, opens(c.AdminURL))
	err = opens(withUser(url.User("postgres")))
	require.Error(t, err, "no password")
	assert.Contains(t, err.Error(), "password")
	require.Error(t, opens(withUser(url.UserPassword("postgres", "guess"))), "a wrong password")

	for _, name := range []string{"password", "url", "admin-url"} {
		st, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), name)
	}
	environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", c.PID()))
	require.NoError(t, err)
	assert.NotContains(t, string(environ), "a-secret-the-server-must-not-see")
	assert.NotContains(t, string(environ), "PGPASSFILE")

	old, port := c.AdminURL, c.Port()
	c.Stop()
	require.NoError(t, os.Remove(filepath.Join(dir, "password")))
	c = start(port)
	assert.NotEqual(t, old, c.AdminURL, "a new password")
	require.NoError(t, opens(c.AdminURL))
	require.Error(t, opens(old), "the old password no longer opens it")
}
