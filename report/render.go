package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"wenming/terminal/termtable"
)

// Text prints the report on a terminal.
func (r *Report) Text(w io.Writer, loc *time.Location) error {
	fmt.Fprintf(w, "%s\n", r.Title)
	if r.Subtitle != "" {
		fmt.Fprintf(w, "%s\n", r.Subtitle)
	}
	for _, l := range r.Lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
	for _, t := range r.Tables {
		fmt.Fprintf(w, "\n%s\n", t.Title)
		tt := termtable.Table{Right: map[int]bool{}, MaxWidth: 48}
		for i, c := range t.Columns {
			tt.Header = append(tt.Header, c.Title)
			tt.Right[i] = c.Right
		}
		for _, row := range t.Rows {
			cells := make([]any, len(row))
			for i, v := range row {
				cells[i] = text(v, loc)
			}
			tt.Add(cells...)
		}
		if err := tt.Write(w); err != nil {
			return err
		}
	}
	return nil
}

const utf8BOM = "\ufeff"

// CSV writes every table, each after a "# title" comment line (the product's own readers
// skip such lines). Text that a spreadsheet would run as a formula is quoted with a leading
// apostrophe. The file starts with a UTF-8 byte-order mark: Excel on Chinese Windows reads a
// CSV without one as GBK and garbles every Chinese character.
func (r *Report) CSV(w io.Writer, loc *time.Location) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"# " + r.Title}); err != nil {
		return err
	}
	for _, t := range r.Tables {
		if err := cw.Write([]string{"# " + t.Title}); err != nil {
			return err
		}
		header := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			header[i] = c.Title
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, row := range t.Rows {
			cells := make([]string, len(row))
			for i, v := range row {
				_, isNumber := number(v)
				switch {
				case empty(v):
				case isNumber:
					cells[i] = text(v, loc)
				default:
					cells[i] = Defuse(text(v, loc))
				}
			}
			if err := cw.Write(cells); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Defuse keeps text from being run as a formula when a spreadsheet opens it: text starting
// with = + - @ or a tab or carriage return gets a leading apostrophe.
func Defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
