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
