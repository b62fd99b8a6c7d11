// Package sheetfile opens the files administrators hand in, CSV or Excel (.xlsx), as tables,
// each read through infile (checked before it is read, never past its bound).
package sheetfile

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"wenming/input/infile"
	"wenming/input/problem"
	"wenming/input/sheet"
)

// Bounds of an Excel sheet: no roster, standard or ballot sheet comes near them, and a row
// with a cell far out to the right (column XFD) is refused before it is widened to 16,384 cells.
const (
	MaxColumns = 256
	MaxRows    = 1_000_000
)

// Read opens a .csv file, or the first sheet of an .xlsx workbook, as a table.
func Read(path string) (*sheet.Table, error) {
	raw, err := infile.Read(path, "file", sheet.MaxBytes)
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
		return nil, problem.New(name, 0, "", "problem.sheetfile.old_excel_xls_files")
	default:
		return sheet.ReadCSV(name, bytes.NewReader(raw))
	}
}

// readXLSX reads the first sheet row by row, refusing a row that reaches past MaxColumns, a
// sheet longer than MaxRows, or one with more than sheet.MaxCells cells, as soon as it is
// met.
func readXLSX(name string, raw []byte) (*sheet.Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{UnzipSizeLimit: 4 * sheet.MaxBytes, UnzipXMLSizeLimit: sheet.MaxBytes})
	if err != nil {
		return nil, problem.New(name, 0, "", "problem.sheetfile.readable_xlsx_workbook", "Detail", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, problem.New(name, 0, "", "problem.sheetfile.workbook_has_no_sheets")
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("read sheet %s of %s: %w", sheets[0], name, err)
	}
	defer it.Close()
	var rows [][]string
	cells := 0
	for line := 1; it.Next(); line++ {
		if line > MaxRows {
			return nil, problem.New(name, 0, "", "problem.sheetfile.sheet_has_more_than", "MaxRows", MaxRows)
		}
		cols, err := it.Columns()
		if err != nil {
			return nil, problem.New(name, line, "", "problem.sheetfile.cannot_read_row", "Detail", err)
		}
		if len(cols) > MaxColumns {
			col, _ := excelize.ColumnNumberToName(len(cols))
			return nil, problem.New(name, line, "", "problem.sheetfile.row_reaches_column_sheet", "Col", col, "MaxColumns", MaxColumns)
		}
		// Counted as read (a row holds as many cells as its last one's column): the sheet is
		// refused at the row that passes the bound, before the rest is expanded.
		if cells += len(cols); cells > sheet.MaxCells {
			return nil, problem.New(name, line, "", "problem.sheet.too_many_cells", "MaxCells", sheet.MaxCells)
		}
		rows = append(rows, cols)
	}
	if err := it.Error(); err != nil {
		return nil, problem.New(name, 0, "", "problem.sheetfile.cannot_read_sheet", "Detail", err)
	}
	return sheet.FromRows(name+"["+sheets[0]+"]", rows)
}

// ReadText reads a text file an administrator hands in (a campaign spec, a schedules file, a
// standard, a declaration report) as UTF-8, refusing it before reading when it is larger than
// max bytes: what cannot be a real file of its kind is never loaded into memory or sent on.
func ReadText(path, what string, max int64) (string, error) {
	raw, err := infile.Read(path, what, max)
	if err != nil {
		return "", err
	}
	return sheet.DecodeText(filepath.Base(path), raw)
}
