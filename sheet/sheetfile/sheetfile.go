// Package sheetfile opens the files administrators hand in, CSV or Excel (.xlsx), as tables.
// Every file is read through one open file, checked before it is read (a plain file, not
// larger than its kind can be) and read no further than that bound: what cannot be a real
// file of its kind never reaches memory.
package sheetfile

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/xuri/excelize/v2"

	"wenming/rules/problem"
	"wenming/sheet"
)

// Bounds of an Excel sheet: no roster, standard or ballot sheet comes near them, and a row
// with a cell far out to the right (column XFD) is refused before it is widened to 16,384 cells.
const (
	MaxColumns = 256
	MaxRows    = 1_000_000
)

// Read opens a .csv file, or the first sheet of an .xlsx workbook, as a table.
func Read(path string) (*sheet.Table, error) {
	raw, err := Load(path, "file", sheet.MaxBytes)
	if err != nil {
		return nil, err
	}
	return Parse(filepath.Base(path), raw)
}

// Parse reads a file's content as a table, by the name's extension.
func Parse(name string, raw []byte) (*sheet.Table, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return readXLSX(name, raw)
	case ".xls":
		return nil, problem.New(name, 0, "", "old Excel .xls files cannot be read; save the sheet as .xlsx or CSV")
	default:
		return sheet.ReadCSV(name, bytes.NewReader(raw))
	}
}

// Load reads a file of at most max bytes: a folder, a device or a pipe, or a file larger than
// max, is refused before anything is read (what is one is named by what: "campaign spec").
func Load(path, what string, max int64) ([]byte, error) {
	name := filepath.Base(path)
	// Non-blocking, so that opening a pipe returns at once (to be refused below) instead of
	// waiting for a writer; a plain file reads as usual.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, problem.New(name, 0, "", "cannot open the %s: %v", what, unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, problem.New(name, 0, "", "cannot read the %s: %v", what, unwrapPath(err))
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
		return nil, problem.New(name, 0, "", "cannot read the %s: %v", what, unwrapPath(err))
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

// readXLSX reads the first sheet row by row, refusing a row that reaches past MaxColumns or a
// sheet longer than MaxRows as soon as it is met.
func readXLSX(name string, raw []byte) (*sheet.Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{UnzipSizeLimit: 4 * sheet.MaxBytes, UnzipXMLSizeLimit: sheet.MaxBytes})
	if err != nil {
		return nil, problem.New(name, 0, "", "not a readable .xlsx workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, problem.New(name, 0, "", "the workbook has no sheets")
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("read sheet %s of %s: %w", sheets[0], name, err)
	}
	defer it.Close()
	var rows [][]string
	for line := 1; it.Next(); line++ {
		if line > MaxRows {
			return nil, problem.New(name, 0, "", "the sheet has more than %d rows; split it", MaxRows)
		}
		cols, err := it.Columns()
		if err != nil {
			return nil, problem.New(name, line, "", "cannot read the row: %v", err)
		}
		if len(cols) > MaxColumns {
			col, _ := excelize.ColumnNumberToName(len(cols))
			return nil, problem.New(name, line, "", "the row reaches column %s; a sheet has at most %d columns (is there a stray cell far to the right?)", col, MaxColumns)
		}
		rows = append(rows, cols)
	}
	if err := it.Error(); err != nil {
		return nil, problem.New(name, 0, "", "cannot read the sheet: %v", err)
	}
	return sheet.FromRows(name+"["+sheets[0]+"]", rows)
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// ReadText reads a text file an administrator hands in (a campaign spec, a schedules file, a
// standard, a declaration report) as UTF-8, refusing it before reading when it is larger than
// max bytes: what cannot be a real file of its kind is never loaded into memory or sent on.
func ReadText(path, what string, max int64) (string, error) {
	raw, err := Load(path, what, max)
	if err != nil {
		return "", err
	}
	return sheet.DecodeText(filepath.Base(path), raw)
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}
