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

	"wenming/rules/problem"
)

// Read reads a file of at most max bytes: a folder, a device or a pipe, or a file larger than
// max, is refused before anything is read (what is one is named by what: "campaign spec").
func Read(path, what string, max int64) ([]byte, error) {
	name := filepath.Base(path)
	// Non-blocking, so that opening a pipe returns at once (to be refused below) instead of
	// waiting for a writer; a plain file reads as usual.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, problem.New(name, 0, "", "cannot open the %s: %v", what, Reason(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, problem.New(name, 0, "", "cannot read the %s: %v", what, Reason(err))
	}
	switch {
	case st.IsDir():
		return nil, problem.New(name, 0, "", "is a directory, not a %s", what)
	case !st.Mode().IsRegular():
		return nil, problem.New(name, 0, "", "is not a plain file (%s), not a %s", kind(st.Mode()), what)
	case st.Size() > max:
		return nil, problem.New(name, 0, "", "the %s is %s, larger than the %s a %s can be; is it the right file?",
			what, size(st.Size()), size(max), what)
	}
	// The file may grow after the check: read no more than the bound, and say so if it did.
	raw, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, problem.New(name, 0, "", "cannot read the %s: %v", what, Reason(err))
	}
	if int64(len(raw)) > max {
		return nil, problem.New(name, 0, "", "the %s grew past %s while it was read", what, size(max))
	}
	return raw, nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a pipe"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
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
