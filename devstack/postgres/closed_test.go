package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startClosed starts a throwaway cluster in a directory of its own (which the postgres user
// may enter when the tests run as root), on port (0: a free one), without any password of
// this process's environment or a ~/.pgpass to fall back on.
func startClosed(t *testing.T, dir string, port int) *Cluster {
	t.Helper()
	c, err := Start(context.Background(), Options{Dir: dir, Throwaway: true, Port: port,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	t.Cleanup(c.Stop)
	return c
}

func closedDir(t *testing.T) string {
	t.Helper()
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "no-pgpass"))
	t.Setenv("PGPASSWORD", "")
	dir, err := os.MkdirTemp("", "wenming-closed-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755)) // the cluster may run as another user
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// opens reports whether a connection string gets a session.
func opens(t *testing.T, dsn string) error {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	require.NoError(t, err)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

func show(t *testing.T, c *Cluster, setting string) string {
	t.Helper()
	db, err := sql.Open("postgres", c.AdminURL)
	require.NoError(t, err)
	defer db.Close()
	var v string
	require.NoError(t, db.QueryRow("SHOW "+setting).Scan(&v))
	return v
}

// The dev stack's cluster listens on loopback TCP only: the running server's listen_addresses
// are loopback addresses and it has no Unix socket (unix_socket_directories is empty, no
// socket file is in any place PostgreSQL puts one, and a connection through such a place
// fails even with the password); a TCP connection to any other address of this machine is
// refused before PostgreSQL sees it.
func TestTheClusterListensOnLoopbackTCPOnly(t *testing.T) {
	dir := closedDir(t)
	c := startClosed(t, dir, 0)
	admin, err := url.Parse(c.AdminURL)
	require.NoError(t, err)
	password, _ := admin.User.Password()
	port := strconv.Itoa(c.Port())

	listen := show(t, c, "listen_addresses")
	for _, a := range strings.Split(listen, ",") {
		a = strings.TrimSpace(a)
		ip := net.ParseIP(a)
		assert.True(t, a == "localhost" || ip != nil && ip.IsLoopback(), "PostgreSQL listens on %q (listen_addresses = %q)", a, listen)
	}

	assert.Empty(t, show(t, c, "unix_socket_directories"), "no Unix socket")
	for _, place := range []string{"/tmp", "/var/run/postgresql", "/run/postgresql", dir, c.Dir(), c.dataDir()} {
		assert.NoFileExists(t, filepath.Join(place, ".s.PGSQL."+port), "a Unix socket in %s", place)
		err := opens(t, fmt.Sprintf("host=%s port=%s user=postgres password=%s dbname=postgres sslmode=disable", place, port, password))
		assert.Error(t, err, "a connection through a Unix socket in %s", place)
	}

	addrs, err := net.InterfaceAddrs()
	require.NoError(t, err)
	others := 0
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || n.IP.IsLinkLocalMulticast() {
			continue // link-local addresses need a zone, and are not reachable from elsewhere
		}
		others++
		address := net.JoinHostPort(n.IP.String(), port)
		conn, err := net.DialTimeout("tcp", address, 5*time.Second)
		if err == nil {
			conn.Close()
		}
		assert.Error(t, err, "PostgreSQL accepts TCP connections on %s", address)
		u := *admin
		u.Host = address
		assert.Error(t, opens(t, u.String()), "a session through %s, with the password", address)
	}
	if others == 0 {
		t.Logf("this machine has no address besides loopback; listen_addresses (%q) is the proof", listen)
	}
}

// A cluster made by a build that trusted every local user (pg_hba.conf with trust) is closed
// at its next start: pg_hba.conf is written again, with scram-sha-256 on loopback only, and a
// connection without the password is refused, while the password still opens it.
func TestAClusterThatTrustedEveryoneIsClosedOnItsNextStart(t *testing.T) {
	dir := closedDir(t)
	c := startClosed(t, dir, 0)
	port := c.Port()
	c.Stop()

	hba := filepath.Join(c.dataDir(), "pg_hba.conf")
	trust := "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n"
	require.NoError(t, os.WriteFile(hba, []byte(trust), 0o600))

	c = startClosed(t, dir, port)
	written, err := os.ReadFile(hba)
	require.NoError(t, err)
	var rules []string
	for _, line := range strings.Split(string(written), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			rules = append(rules, strings.Join(strings.Fields(line), " "))
		}
	}
	assert.Equal(t, []string{"host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256"}, rules,
		"pg_hba.conf:\n%s", written)

	u, err := url.Parse(c.AdminURL)
	require.NoError(t, err)
	require.NoError(t, opens(t, u.String()), "the password opens it")
	u.User = url.User("postgres")
	err = opens(t, u.String())
	require.Error(t, err, "a connection without the password")
	assert.Contains(t, err.Error(), "password")
}
