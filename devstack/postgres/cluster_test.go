package postgres

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
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
