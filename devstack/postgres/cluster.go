package postgres

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lib/pq"

	"wenming/input/infile"
)

// Options configure a private cluster.
type Options struct {
	// Dir holds the cluster: data/ (PGDATA) and postgres.log, and while it runs url (the
	// product database's address, for a user's psql or DATABASE_URL) and admin-url (the
	// maintenance database's, for this package). When the postgres user cannot reach Dir (root
	// running from a private home directory), data/ and postgres.log live under
	// RelocationRoot instead, and Dir's file location says where.
	Dir string
	// Throwaway trades durability for speed (fsync off); for test clusters only.
	Throwaway bool
	// Port to listen on; 0 picks a free one. A test that stops the cluster and starts it again
	// gives the first port back, so that open pools reconnect to the same address.
	Port int
	// TLS, when set, serves TLS connections with this certificate (ssl=on) besides plain ones,
	// so that tests can see what each sslmode of a DATABASE_URL does.
	TLS    *TLSFiles
	Logger *slog.Logger
}

// TLSFiles are a server certificate and its key, as PEM files.
type TLSFiles struct{ CertFile, KeyFile string }

// Cluster is a running private PostgreSQL cluster.
type Cluster struct {
	// AdminURL reaches the cluster's maintenance database as the superuser.
	AdminURL string
	home     string // Options.Dir: the address files
	dir      string // where data/ and postgres.log are: home, or its relocation
	port     int
	password string // the superuser's, kept in home's file password
	cmd      *exec.Cmd
	exited   chan struct{}
	log      *slog.Logger
}

const readyTimeout = 60 * time.Second

// Start starts the cluster in opts.Dir, creating it on first use. When another process of
// ours already runs a cluster in that directory, Start returns it without owning it.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	own, err := clusterOwner()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("create PostgreSQL directory %s: %w", opts.Dir, err)
	}
	dir, err := own.place(opts.Dir, opts.Logger)
	if err != nil {
		return nil, err
	}
	c := &Cluster{home: opts.Dir, dir: dir, port: opts.Port, log: opts.Logger}
	if u, ok := c.runningElsewhere(); ok {
		opts.Logger.Info("using the PostgreSQL cluster already running", "dir", opts.Dir)
		c.AdminURL = u
		return c, nil
	}
	password, err := c.initOnce(ctx, bin, own, opts.Throwaway)
	if err != nil {
		return nil, err
	}
	c.password = password
	if err := c.launch(ctx, bin, own, opts); err != nil {
		return nil, err
	}
	return c, nil
}

// serveTLS copies the certificate and key where the server's user can read them (PostgreSQL
// refuses a key that others can read) and returns the settings that turn TLS on.
func (c *Cluster) serveTLS(f TLSFiles, own owner) ([]string, error) {
	dir := filepath.Join(c.dir, "tls")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var paths []string
	for _, src := range []string{f.CertFile, f.KeyFile} {
		data, err := infile.Read(src, "tls_file", 1<<20)
		if err != nil {
			return nil, fmt.Errorf("PostgreSQL's TLS files: %w", err)
		}
		dst := filepath.Join(dir, filepath.Base(src))
		if err := os.WriteFile(dst, data, 0o600); err != nil {
			return nil, fmt.Errorf("PostgreSQL's TLS files: %w", err)
		}
		paths = append(paths, dst)
	}
	if err := own.take(dir); err != nil {
		return nil, fmt.Errorf("hand %s to the postgres user: %w", dir, err)
	}
	return []string{"-c", "ssl=on", "-c", "ssl_cert_file=" + paths[0], "-c", "ssl_key_file=" + paths[1]}, nil
}

func (c *Cluster) dataDir() string      { return filepath.Join(c.dir, "data") }
func (c *Cluster) logFile() string      { return filepath.Join(c.dir, "postgres.log") }
func (c *Cluster) urlFile() string      { return filepath.Join(c.home, "url") }
func (c *Cluster) adminURLFile() string { return filepath.Join(c.home, "admin-url") }
func (c *Cluster) passwordFile() string { return filepath.Join(c.home, "password") }

// Dir is where the cluster's data and log are: Options.Dir, or where they were relocated.
func (c *Cluster) Dir() string { return c.dir }

// RecordedURL returns the admin address of the cluster running under dir, for commands that
// use a cluster started by another process (the CLI next to `task dev`).
func RecordedURL(dir string) (string, error) {
	c := &Cluster{home: dir, dir: relocated(dir)}
	if u, ok := c.runningElsewhere(); ok {
		return u, nil
	}
	return "", fmt.Errorf("no PostgreSQL is running under %s: start `go tool task dev` first or set DATABASE_URL", dir)
}

// runningElsewhere reports the recorded address when a live postmaster owns the data dir.
func (c *Cluster) runningElsewhere() (string, bool) {
	pidText, err := os.ReadFile(filepath.Join(c.dataDir(), "postmaster.pid"))
	if err != nil {
		return "", false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(pidText), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return "", false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return "", false
	}
	u, err := os.ReadFile(c.adminURLFile())
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(u)), true
}

// initOnce creates the cluster on first use and returns its superuser's password. Only the
// password opens it (scram-sha-256 on loopback, no Unix socket): another account on the
// machine cannot read ballots or run programs through the server.
func (c *Cluster) initOnce(ctx context.Context, bin string, own owner, throwaway bool) (string, error) {
	password, had, err := c.readOrMakePassword()
	if err != nil {
		return "", err
	}
	if isFile(filepath.Join(c.dataDir(), "PG_VERSION")) {
		if err := own.take(c.dir); err != nil {
			return "", err
		}
		if !had { // made by a build that trusted every local user
			if err := c.setPasswordOffline(ctx, bin, own, password); err != nil {
				return "", err
			}
		}
		return password, c.writeHBA(own)
	}
	if err := os.MkdirAll(c.dataDir(), 0o700); err != nil {
		return "", fmt.Errorf("create %s: %w", c.dataDir(), err)
	}
	// initdb runs as the cluster's owner, who reads the password from a file of its own.
	pwfile := filepath.Join(c.dir, "initdb-password")
	if err := os.WriteFile(pwfile, []byte(password+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write %s: %w", pwfile, err)
	}
	defer os.Remove(pwfile)
	if err := own.take(c.dir); err != nil {
		return "", fmt.Errorf("hand %s to the postgres user: %w", c.dir, err)
	}
	args := []string{"-D", c.dataDir(), "-U", "postgres", "-A", "scram-sha-256", "--pwfile", pwfile, "-E", "UTF8", "--no-locale"}
	if throwaway {
		args = append(args, "--no-sync")
	}
	c.log.Info("creating private PostgreSQL cluster", "dir", c.dataDir())
	if out, err := run(ctx, own, filepath.Join(bin, "initdb"), args, ""); err != nil {
		return "", fmt.Errorf("initdb %s: %w\n%s", c.dataDir(), err, out)
	}
	return password, c.writeHBA(own)
}

// readOrMakePassword returns the superuser's password from home's file password, making and
// keeping a random one (readable by this account only) when there is none yet.
func (c *Cluster) readOrMakePassword() (password string, had bool, err error) {
	b, err := os.ReadFile(c.passwordFile())
	if err == nil && len(strings.TrimSpace(string(b))) > 0 {
		return strings.TrimSpace(string(b)), true, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", false, fmt.Errorf("read PostgreSQL's password: %w", err)
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", false, err
	}
	password = hex.EncodeToString(raw)
	if err := writePrivate(c.passwordFile(), password); err != nil {
		return "", false, fmt.Errorf("keep PostgreSQL's password: %w", err)
	}
	return password, false, nil
}

// setPasswordOffline gives the superuser of a stopped cluster its password, in single-user
// mode (the server is not listening).
func (c *Cluster) setPasswordOffline(ctx context.Context, bin string, own owner, password string) error {
	c.log.Info("giving the private PostgreSQL cluster's superuser a password", "dir", c.dataDir())
	args := []string{"--single", "-D", c.dataDir(), "-c", "unix_socket_directories=", "postgres"}
	stmt := "ALTER ROLE postgres PASSWORD '" + password + "';\n" // hex: nothing to quote
	if out, err := run(ctx, own, filepath.Join(bin, "postgres"), args, stmt); err != nil {
		return fmt.Errorf("set the password of %s: %w\n%s", c.dataDir(), err, out)
	}
	return nil
}

// writeHBA lets clients in only with the password, over TCP on loopback, with or without TLS.
// Written at every start, so that a cluster made by an older build is closed too.
func (c *Cluster) writeHBA(own owner) error {
	hba := filepath.Join(c.dataDir(), "pg_hba.conf")
	rules := "# Written at every start by wenming's dev stack: only the password in " + c.passwordFile() + " opens it.\n" +
		"host all all 127.0.0.1/32 scram-sha-256\n" +
		"host all all ::1/128 scram-sha-256\n"
	if err := os.WriteFile(hba, []byte(rules), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", hba, err)
	}
	return own.take(hba)
}

// run runs a PostgreSQL program as the cluster's owner with a minimal environment (none of
// this process's secrets), feeding it stdin, and returns what it printed.
func run(ctx context.Context, own owner, program string, args []string, stdin string) (string, error) {
	cmd := exec.CommandContext(ctx, program, args...)
	cmd.SysProcAttr = own.credential()
	cmd.Env = serverEnv(program)
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// writePrivate writes one line to a file only this account may read, whatever the mode of
// an earlier file by that name.
func writePrivate(path, line string) error {
	if err := os.WriteFile(path, []byte(line+"\n"), 0o600); err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}

// serverEnv is all the environment PostgreSQL's programs get: where they are, and the C
// locale; not the worker's (codec keys, DATABASE_URL).
func serverEnv(program string) []string {
	return []string{"PATH=" + filepath.Dir(program) + ":/usr/bin:/bin", "LC_ALL=C"}
}

func (c *Cluster) launch(ctx context.Context, bin string, own owner, opts Options) error {
	port := c.port
	if port == 0 {
		var err error
		if port, err = FreePort(); err != nil {
			return err
		}
		c.port = port
	}
	args := []string{"-D", c.dataDir(), "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
		"-c", "max_connections=200"}
	if opts.Throwaway {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	if opts.TLS != nil {
		tlsArgs, err := c.serveTLS(*opts.TLS, own)
		if err != nil {
			return err
		}
		args = append(args, tlsArgs...)
	}
	logf, err := os.OpenFile(c.logFile(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open %s: %w", c.logFile(), err)
	}
	defer logf.Close()
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.SysProcAttr = own.credential()
	cmd.Env = serverEnv(cmd.Path)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	c.cmd, c.exited = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); close(c.exited) }()
	admin := url.URL{Scheme: "postgres", User: url.UserPassword("postgres", c.password),
		Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Path: "/postgres", RawQuery: "sslmode=disable"}
	c.AdminURL = admin.String()
	if err := c.waitReady(ctx); err != nil {
		c.Stop()
		return err
	}
	for file, u := range map[string]string{c.adminURLFile(): c.AdminURL, c.urlFile(): c.DatabaseURL(ProductDatabase)} {
		if err := writePrivate(file, u); err != nil { // they hold the password
			c.Stop()
			return fmt.Errorf("record cluster address: %w", err)
		}
	}
	c.log.Info("PostgreSQL started", "port", port, "dir", c.dir, "url", c.urlFile())
	return nil
}

// waitReady polls until the server accepts connections, it exits, or the deadline passes.
func (c *Cluster) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	for delay := 20 * time.Millisecond; ; delay = min(2*delay, 500*time.Millisecond) {
		if err := ping(ctx, c.AdminURL); err == nil {
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("postgres exited during start-up; see %s:\n%s", c.logFile(), tail(c.logFile(), 20))
		case <-ctx.Done():
			return fmt.Errorf("postgres did not accept connections within %s; see %s", readyTimeout, c.logFile())
		case <-time.After(delay):
		}
	}
}

// Port is the port the cluster listens on; 0 for a cluster another process started.
func (c *Cluster) Port() int { return c.port }

// Stop shuts the cluster down (fast shutdown: open sessions are ended, data is kept). A
// cluster this process did not start is left running.
func (c *Cluster) Stop() {
	if c.cmd == nil {
		return
	}
	_ = os.Remove(c.urlFile())
	_ = os.Remove(c.adminURLFile())
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		c.log.Warn("postgres did not stop in 30s; killing it", "dir", c.dir)
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
	c.cmd = nil
}

// DatabaseURL is the address of a database on the cluster.
func (c *Cluster) DatabaseURL(name string) string {
	return WithDatabase(c.AdminURL, name)
}

// WithDatabase replaces the database name in a PostgreSQL URL.
func WithDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

// EnsureDatabase creates the database when it does not exist yet.
func EnsureDatabase(ctx context.Context, adminURL, name string) error {
	db, err := sql.Open("postgres", adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

func ping(ctx context.Context, dsn string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}

// FreePort is a TCP port on 127.0.0.1 that nothing listens on now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(path string, lines int) string {
	b, _ := os.ReadFile(path)
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// ProductDatabase is the product's database on a private cluster.
const ProductDatabase = "wenming"

// DirIn is where a dev stack keeps its private cluster inside its data directory.
func DirIn(dataDir string) string { return filepath.Join(dataDir, "postgres") }

// PID is the postmaster's process id, or 0 for a cluster another process runs.
func (c *Cluster) PID() int {
	if c.cmd == nil || c.cmd.Process == nil {
		return 0
	}
	return c.cmd.Process.Pid
}
