package postgres

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
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

// checkReachable fails early, with a message that says what to change, when the owner could
// not enter a parent of dir: initdb would otherwise fail with an obscure permission error.
func (o owner) checkReachable(dir string) error {
	if !o.switched {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for p := filepath.Dir(abs); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		sys, _ := st.Sys().(*syscall.Stat_t)
		ownedByPostgres := sys != nil && sys.Uid == o.uid
		if !ownedByPostgres && st.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("the private PostgreSQL cluster runs as OS user %s, who cannot enter %s: "+
				"choose a data directory elsewhere (--data-dir) or run chmod o+x %s", o.name, p, p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}
