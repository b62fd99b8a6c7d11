// Package infile reads the files the product is handed (sheets, specs, keys, certificates)
// through one open file, checked before it is read (a plain file, not larger than its kind
// can be) and read no further than that bound: what cannot be a real file of its kind never
// reaches memory, and a pipe or device never blocks the reader.
package infile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"wenming/input/problem"
	"wenming/msg"
)

// Read reads a file of at most max bytes: a folder, a device or a pipe, or a file larger than
// max, is refused before anything is read. what names the kind of file, as a term of the
// message catalogue (term.file.<what>: "campaign_spec" reads 创建方案).
func Read(path, what string, max int64) ([]byte, error) {
	// Non-blocking, so that opening a pipe returns at once (to be refused below) instead of
	// waiting for a writer; a plain file reads as usual.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	return read(f, err, filepath.Base(path), what, max)
}

// ReadIn reads the file name inside root as Read does, looked up through os.Root: a path
// that leads out of root (absolute, through "..", or through a symbolic link to somewhere
// else) is refused, and what is checked is the file that is read, whatever the path names
// by then. Problems name the file as name.
func ReadIn(root *os.Root, name, what string, max int64) ([]byte, error) {
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	return read(f, err, name, what, max)
}

// read checks the file opened (or the error opening it) and reads it, bounded.
func read(f *os.File, err error, name, what string, max int64) ([]byte, error) {
	if err != nil {
		return nil, problem.New(name, 0, "", "problem.infile.cannot_open", "What", what, "Why", Why(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, problem.New(name, 0, "", "problem.infile.cannot_read", "What", what, "Why", Why(err))
	}
	switch {
	case st.IsDir():
		return nil, problem.New(name, 0, "", "problem.infile.directory", "What", what)
	case !st.Mode().IsRegular():
		return nil, problem.New(name, 0, "", "problem.infile.plain_file", "Kind", kind(st.Mode()), "What", what)
	case st.Size() > max:
		return nil, problem.New(name, 0, "", "problem.infile.larger_than_can_right", "What", what, "Size", size(st.Size()), "Max", size(max))
	}
	// The file may grow after the check: read no more than the bound, and say so if it did.
	raw, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, problem.New(name, 0, "", "problem.infile.cannot_read", "What", what, "Why", Why(err))
	}
	if int64(len(raw)) > max {
		return nil, problem.New(name, 0, "", "problem.infile.grew_past_while_was", "What", what, "Max", size(max))
	}
	return raw, nil
}

// kind names what a path that is not a plain file is, as a term (term.filetype.<kind>).
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "pipe"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "other"
}

// Why says why opening or reading a file failed, in the reader's language: a missing file
// and a refused permission by name, anything else in the system's words.
func Why(err error) msg.Text {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return msg.Say("problem.os.not_exist")
	case errors.Is(err, fs.ErrPermission):
		return msg.Say("problem.os.permission")
	case Outside(err):
		return msg.Say("problem.os.outside_folder")
	}
	return msg.Say("problem.detail", "Detail", Reason(err))
}

// Outside reports whether err is os.Root's refusal of a path that leads out of its folder
// (absolute, through "..", or through a symbolic link). The os package does not export the
// error, only its words; TestReadInStaysInItsFolder fails if they change.
func Outside(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && pe.Err != nil && pe.Err.Error() == "path escapes from parent"
}

// Reason is why opening or reading a file failed, without the path (the message names the
// file already).
func Reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}
