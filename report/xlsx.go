package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// XLSX writes one sheet per table: Chinese headers in bold, columns at their widths, the
// header row frozen, numbers as numbers. Text is always written as text, never as a formula.
func (r *Report) XLSX(w io.Writer, loc *time.Location) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EFEFEF"}}})
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i, t := range r.Tables {
		name := sheetName(t, used)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeSheet(f, name, t, bold, loc); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	f.SetDocProps(&excelize.DocProperties{Title: r.Title, Subject: r.Subtitle, Creator: "wenming"})
	return f.Write(w)
}

// sheetName is a unique, valid sheet name: at most 31 characters, none of []:*?/\.
func sheetName(t Table, used map[string]bool) string {
	name := t.Sheet
	if name == "" {
		name = t.Title
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 28 {
		name = string(r[:28])
	}
	base := name
	for n := 2; used[name]; n++ {
		name = fmt.Sprintf("%s %d", base, n)
	}
	used[name] = true
	return name
}

func writeSheet(f *excelize.File, sheet string, t Table, headerStyle int, loc *time.Location) error {
	for c, col := range t.Columns {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.SetCellStr(sheet, cell, col.Title); err != nil {
			return err
		}
		colName, _ := excelize.ColumnNumberToName(c + 1)
		width := col.Width
		if width == 0 {
			width = 12
		}
		if err := f.SetColWidth(sheet, colName, colName, width*1.1+1); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(t.Columns), 1)
	if err := f.SetCellStyle(sheet, "A1", last, headerStyle); err != nil {
		return err
	}
	for r, row := range t.Rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			var err error
			if n, ok := number(v); ok {
				err = f.SetCellFloat(sheet, cell, n, -1, 64)
			} else if !empty(v) {
				err = f.SetCellStr(sheet, cell, text(v, loc))
			}
			if err != nil {
				return err
			}
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
