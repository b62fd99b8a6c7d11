package postgres

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// owner is the OS account the cluster runs as. PostgreSQL refuses to run as root, so a root
// process runs it as the `postgres` user; anyone else runs it as themselves.
type owner struct {
	uid, gid uint32
	name     string
	switched bool // true when the server runs as another user than this process
}

func clusterOwner() (owner, error) {
	if os.Geteuid() != 0 {
		return owner{uid: uint32(os.Geteuid()), gid: uint32(os.Getegid())}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return owner{}, fmt.Errorf("running as root needs an OS user named postgres to run the " +
			"private PostgreSQL cluster (PostgreSQL refuses root): create it (useradd postgres) " +
			"or set DATABASE_URL")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return owner{uid: uint32(uid), gid: uint32(gid), name: "postgres", switched: true}, nil
}

// credential makes a child process run as the owner.
func (o owner) credential() *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGINT}
	if o.switched {
		attr.Credential = &syscall.Credential{Uid: o.uid, Gid: o.gid}
	}
	return attr
}

// take hands a directory tree over to the owner.
func (o owner) take(dir string) error {
	if !o.switched {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(o.uid), int(o.gid))
	})
}

// RelocationRoot is where a cluster's files go when the postgres user cannot reach the
// directory asked for: one directory per asked-for path, so each checkout keeps its own.
var RelocationRoot = "/var/lib/wenming/postgres"

// place says where the cluster's files live: home itself, or, when the owner cannot enter a
// parent of home (root working in /root, a 0700 directory), a directory of its own under
// RelocationRoot, recorded in home's file location so that later runs and the CLI find it.
func (o owner) place(home string, log *slog.Logger) (string, error) {
	if dir := relocated(home); dir != home {
		return dir, nil // placed by an earlier run: the cluster's data is there
	}
	blocked, err := o.unreachable(home)
	if err != nil || blocked == "" {
		return home, err
	}
	dir, err := relocationDir(home)
	if err != nil {
		return "", err
	}
	// The folders above it are for anyone to pass through (MkdirAll would give them the
	// 0700 of the last one); the cluster's own folder is its owner's alone.
	if err := os.MkdirAll(RelocationRoot, 0o755); err == nil {
		err = os.Mkdir(dir, 0o700)
		if errors.Is(err, fs.ErrExist) {
			err = nil
		}
	}
	if err != nil {
		return "", fmt.Errorf("the private PostgreSQL cluster runs as OS user %s, who cannot enter %s, "+
			"and its files cannot be kept in %s either: %w; choose a data directory elsewhere (--data-dir)", o.name, blocked, dir, err)
	}
	if still, err := o.unreachable(dir); err != nil || still != "" {
		return "", fmt.Errorf("the private PostgreSQL cluster runs as OS user %s, who cannot enter %s "+
			"nor %s: choose a data directory elsewhere (--data-dir) or run chmod o+x %s", o.name, blocked, still, blocked)
	}
	if err := moveExisting(home, dir); err != nil {
		return "", err
	}
	if err := writePrivate(filepath.Join(home, "location"), dir); err != nil {
		return "", fmt.Errorf("record where PostgreSQL's files are: %w", err)
	}
	log.Info("PostgreSQL's files are kept where its OS user can reach them", "dir", dir, "user", o.name, "cannot_enter", blocked)
	return dir, nil
}

// moveExisting moves a cluster made in home by an earlier build (before its data directory
// was closed to other users) to dir, where its OS user can reach it.
func moveExisting(home, dir string) error {
	data := filepath.Join(home, "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err != nil {
		return nil
	}
	if err := os.Rename(data, filepath.Join(dir, "data")); err != nil {
		return fmt.Errorf("the PostgreSQL cluster in %s must move to %s, where its OS user can reach it, "+
			"and could not be moved (%w): move it with mv %s %s, or remove it", data, dir, err, data, filepath.Join(dir, "data"))
	}
	_ = os.Rename(filepath.Join(home, "postgres.log"), filepath.Join(dir, "postgres.log"))
	return nil
}

// Remove deletes the cluster asked for at home, with its files wherever they were placed (a
// demo starts from nothing each time). The cluster must not be running.
func Remove(home string) error {
	placed, err := relocationDir(home)
	if err != nil {
		return err
	}
	for _, dir := range []string{relocated(home), placed} {
		if dir == home {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("remove PostgreSQL's files in %s: %w", dir, err)
		}
	}
	return os.RemoveAll(home)
}

// relocationDir is where the files of the cluster asked for at home go when they cannot stay
// there: one folder per asked-for path under RelocationRoot.
func relocationDir(home string) (string, error) {
	abs, err := filepath.Abs(home)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(RelocationRoot, hex.EncodeToString(sum[:8])), nil
}

// relocated returns where the files of the cluster asked for at home are.
func relocated(home string) string {
	if b, err := os.ReadFile(filepath.Join(home, "location")); err == nil {
		if dir := strings.TrimSpace(string(b)); dir != "" {
			return dir
		}
	}
	return home
}

// unreachable names the first parent of dir that the owner cannot enter, or "".
func (o owner) unreachable(dir string) (string, error) {
	if !o.switched {
		return "", nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for p := filepath.Dir(abs); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return "", err
		}
		sys, _ := st.Sys().(*syscall.Stat_t)
		ownedByPostgres := sys != nil && sys.Uid == o.uid
		if !ownedByPostgres && st.Mode().Perm()&0o001 == 0 {
			return p, nil
		}
		if p == filepath.Dir(p) {
			return "", nil
		}
	}
}
