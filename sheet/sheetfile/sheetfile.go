// Package sheetfile opens the files administrators hand in, CSV or Excel (.xlsx), as tables.
package sheetfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"wenming/rules/problem"
	"wenming/sheet"
)

// Read opens a .csv file, or the first sheet of an .xlsx workbook, as a table.
func Read(path string) (*sheet.Table, error) {
	name := filepath.Base(path)
	st, err := os.Stat(path)
	if err != nil {
		return nil, problem.New(name, 0, "", "cannot open the file: %v", unwrapPath(err))
	}
	if st.IsDir() {
		return nil, problem.New(name, 0, "", "is a directory, not a file")
	}
	if st.Size() > sheet.MaxBytes {
		return nil, problem.New(name, 0, "", "the file is %d MB, larger than the %d MB allowed; split it",
			st.Size()>>20, sheet.MaxBytes>>20)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return readXLSX(name, path)
	case ".xls":
		return nil, problem.New(name, 0, "", "old Excel .xls files cannot be read; save the sheet as .xlsx or CSV")
	default:
		f, err := os.Open(path)
		if err != nil {
			return nil, problem.New(name, 0, "", "cannot open the file: %v", unwrapPath(err))
		}
		defer f.Close()
		return sheet.ReadCSV(name, f)
	}
}

func readXLSX(name, path string) (*sheet.Table, error) {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: 4 * sheet.MaxBytes, UnzipXMLSizeLimit: sheet.MaxBytes})
	if err != nil {
		return nil, problem.New(name, 0, "", "not a readable .xlsx workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, problem.New(name, 0, "", "the workbook has no sheets")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("read sheet %s of %s: %w", sheets[0], name, err)
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
	name := filepath.Base(path)
	st, err := os.Stat(path)
	if err != nil {
		return "", problem.New(name, 0, "", "cannot read the %s: %v", what, unwrapPath(err))
	}
	if st.IsDir() {
		return "", problem.New(name, 0, "", "is a directory, not a %s", what)
	}
	if st.Size() > max {
		return "", problem.New(name, 0, "", "the %s is %s, larger than the %s a %s can be; is it the right file?",
			what, size(st.Size()), size(max), what)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", problem.New(name, 0, "", "cannot read the %s: %v", what, unwrapPath(err))
	}
	return sheet.DecodeText(name, raw)
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}
