// Package postgres runs a private PostgreSQL cluster under a data directory for development
// and tests. It never touches a system cluster: the cluster lives in its own directory, listens
// only on 127.0.0.1 on a free port, and is stopped with the process that started it.
package postgres

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNoBinaries says that no PostgreSQL server binaries were found; the message tells the user
// what to install or which variable to set instead.
var ErrNoBinaries = errors.New("PostgreSQL server binaries (initdb, postgres) were not found on PATH " +
	"or under /usr/lib/postgresql/*/bin: install them (Debian/Ubuntu: apt-get install postgresql) " +
	"or set DATABASE_URL to an existing database")

// findBinDir returns the directory holding initdb and postgres: PATH first (following
// symlinks, so that /usr/local/bin/initdb leads to the real bin directory), then the newest
// version under /usr/lib/postgresql.
func findBinDir() (string, error) {
	return findBinDirIn(exec.LookPath, "/usr/lib/postgresql/*/bin")
}

func findBinDirIn(lookPath func(string) (string, error), pattern string) (string, error) {
	if p, err := lookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dir := filepath.Dir(real)
			if isFile(filepath.Join(dir, "postgres")) {
				return dir, nil
			}
		}
	}
	dirs, _ := filepath.Glob(pattern)
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, dir := range dirs {
		if isFile(filepath.Join(dir, "initdb")) && isFile(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	return "", ErrNoBinaries
}

// versionOf reads the major version out of /usr/lib/postgresql/<version>/bin.
func versionOf(binDir string) int {
	v, _ := strconv.Atoi(strings.Split(filepath.Base(filepath.Dir(binDir)), ".")[0])
	return v
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
