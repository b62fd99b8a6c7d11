package devstack

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A private file (the server's log, its state) is this account's alone, and the folder it is
// put in stays as it was: the cluster mode's folder also holds the files of a PostgreSQL
// running as its own OS user, who must still pass through it.
func TestAPrivateFileLeavesItsFolderOpen(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o755))
	file := filepath.Join(dir, "temporal-server-internal.log")

	require.NoError(t, createPrivate(file))

	st, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), st.Mode().Perm(), "the folder")
	st, err = os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the file")

	// A folder it has to make is private.
	nested := filepath.Join(dir, "state", "temporal.db")
	require.NoError(t, createPrivate(nested))
	st, err = os.Stat(filepath.Dir(nested))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), st.Mode().Perm(), "a folder made for it")
}
