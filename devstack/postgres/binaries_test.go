package postgres

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func notOnPath(string) (string, error) { return "", errors.New("not found") }

func TestNoBinariesSaysWhatToDo(t *testing.T) {
	_, err := findBinDirIn(notOnPath, filepath.Join(t.TempDir(), "*", "bin"))
	require.ErrorIs(t, err, ErrNoBinaries)
	assert.Contains(t, err.Error(), "apt-get install postgresql")
	assert.Contains(t, err.Error(), "DATABASE_URL")
}

func TestNewestInstalledVersionIsChosen(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"9.6", "15", "13"} {
		bin := filepath.Join(root, v, "bin")
		require.NoError(t, os.MkdirAll(bin, 0o755))
		for _, f := range []string{"initdb", "postgres"} {
			require.NoError(t, os.WriteFile(filepath.Join(bin, f), nil, 0o755))
		}
	}
	dir, err := findBinDirIn(notOnPath, filepath.Join(root, "*", "bin"))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "15", "bin"), dir)
}
