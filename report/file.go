package report

import (
	"bufio"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"wenming/msg"
)

// reportMode is the mode of a report written to a file: its owner's only. Reports list names,
// scores, outcomes and objections' contacts; a group's read (0640) would open them to every
// account that shares the administrator's group (often all users), so sharing a report is
// the administrator's deliberate step (chmod, or copying it to where it is to go).
const reportMode fs.FileMode = 0o600

// WritePrivate writes a report to path with reportMode, whatever mode a file there had: into
// a new file beside it (created 0600), renamed over path once complete, so that a failed
// write leaves no half-written report and an older report's wider mode does not carry over.
// A path that is not a plain file (a device such as /dev/stdout, a pipe) is written as it is.
func WritePrivate(path string, write func(io.Writer) error) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return msg.Wrap(err, "cli.create_failed", "File", path)
		}
		// What was opened is what is written: a plain file put there meanwhile is replaced
		// as below instead of written into with its own mode.
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			if err := write(f); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return msg.Wrap(err, "cli.write_failed", "File", path)
			}
			return nil
		}
		f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return msg.Wrap(err, "cli.create_failed", "File", path)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := tmp.Chmod(reportMode); err != nil {
		tmp.Close()
		return msg.Wrap(err, "cli.create_failed", "File", path)
	}
	w := bufio.NewWriter(tmp)
	if err := write(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return msg.Wrap(err, "cli.write_failed", "File", path)
	}
	if err := tmp.Close(); err != nil {
		return msg.Wrap(err, "cli.write_failed", "File", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return msg.Wrap(err, "cli.write_failed", "File", path)
	}
	return nil
}
