// Package sheet reads the tables administrators hand in (CSV exported from Excel, or rows
// taken from an .xlsx sheet) into rows that remember their line numbers, so that every
// problem can be reported at the line the administrator sees in the file.
package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"wenming/input/problem"
)

// Row is one data line of a table.
type Row struct {
	Line  int
	Cells []string
}

// Cell returns the i-th cell, or "" when the row is short.
func (r Row) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// Table is a header and its data rows.
type Table struct {
	Name       string // the file name, used in every problem reported
	Header     []string
	HeaderLine int
	Rows       []Row
}

// MaxBytes bounds a table read into memory; rosters and score sheets are far smaller.
const MaxBytes = 64 << 20

// MaxCells bounds the cells of a table, counted row by row as they are read: a file within
// MaxBytes can still hold tens of millions of cells (a CSV of commas, an .xlsx whose rows
// are wide and whose compressed XML expands many times), each a string in memory. The
// largest real tables are far below it: a branch's ballot sheet in a 5,000-branch round is
// 380 ballots x 12 columns (4,560 cells), and the members roster of those 5,000 branches
// (100,000 members) is 400,000 cells at its 4 columns, or 2,000,000 with 20 columns an HR
// export may carry. Beyond it a table is split.
const MaxCells = 2_000_000

// ReadCSV reads a CSV table: the first non-comment line is the header; lines starting with
// '#' are comments; blank lines are skipped; cells are trimmed. Excel's UTF-8 byte-order mark
// is dropped, and a file saved by Excel in GBK/GB18030 is recognised and decoded.
func ReadCSV(name string, r io.Reader) (*Table, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(raw) > MaxBytes {
		return nil, problem.New(name, 0, "", "problem.sheet.file_larger_than_mb", "MaxBytes", MaxBytes>>20)
	}
	text, err := decode(name, raw)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true // real transcriptions carry bare quotes: 建立"明礼知耻、崇德向善"主题活动台账
	t := &Table{Name: name}
	cells := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, problem.New(name, pe.Line, "", "problem.sheet.valid_csv", "Err", pe.Err)
			}
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if cells += len(rec); cells > MaxCells {
			return nil, problem.New(name, line, "", "problem.sheet.too_many_cells", "MaxCells", MaxCells)
		}
		for _, cell := range rec {
			// With lenient quotes an unclosed quote would swallow every following line into
			// one cell; no form has multi-line cells, so refuse rather than lose rows.
			if strings.ContainsAny(cell, "\r\n") {
				return nil, problem.New(name, line, "", "problem.sheet.cell_runs_over_several")
			}
		}
		t.add(line, rec)
	}
	if t.Header == nil {
		return nil, problem.New(name, 0, "", "problem.sheet.file_empty")
	}
	return t, nil
}

// FromRows builds a table from rows read elsewhere (an .xlsx sheet), line numbers 1-based.
func FromRows(name string, rows [][]string) (*Table, error) {
	t := &Table{Name: name}
	for i, rec := range rows {
		if len(rec) > 0 && strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
			continue
		}
		t.add(i+1, rec)
	}
	if t.Header == nil {
		return nil, problem.New(name, 0, "", "problem.sheet.sheet_empty")
	}
	return t, nil
}

func (t *Table) add(line int, rec []string) {
	cells := make([]string, len(rec))
	blank := true
	for i, c := range rec {
		cells[i] = strings.TrimSpace(c)
		if cells[i] != "" {
			blank = false
		}
	}
	if blank {
		return
	}
	if t.Header == nil {
		for i := range cells {
			cells[i] = strings.ToLower(cells[i])
		}
		t.Header, t.HeaderLine = cells, line
		return
	}
	t.Rows = append(t.Rows, Row{Line: line, Cells: cells})
}

// RequireHeader checks that the header is exactly the wanted columns, in order.
func (t *Table) RequireHeader(want ...string) error {
	if strings.Join(t.Header, ",") == strings.Join(want, ",") {
		return nil
	}
	return problem.New(t.Name, t.HeaderLine, "", "problem.sheet.header_expected", "Header", strings.Join(t.Header, ","), "Want", strings.Join(want, ","))
}

// RequireColumns checks that the header has the wanted columns (in any order, others allowed)
// and returns their positions.
func (t *Table) RequireColumns(want ...string) (map[string]int, error) {
	pos := map[string]int{}
	for i, h := range t.Header {
		if _, dup := pos[h]; dup {
			return nil, problem.New(t.Name, t.HeaderLine, h, "problem.sheet.column_appears_twice")
		}
		pos[h] = i
	}
	var missing []string
	for _, w := range want {
		if _, ok := pos[w]; !ok {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		return nil, problem.New(t.Name, t.HeaderLine, "", "problem.sheet.header_lacks_column_needs", "Missing", missing, "Want", strings.Join(want, ","))
	}
	return pos, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// DecodeText returns a text file as UTF-8: UTF-8 (with or without Excel's byte-order mark) as
// is, GBK/GB18030 decoded; a binary or undecodable file is refused naming the file.
func DecodeText(name string, raw []byte) (string, error) { return decode(name, raw) }

// decode returns the file as UTF-8 text: UTF-8 as is, GB18030 (which covers GBK, what Excel
// writes on Chinese Windows) decoded; anything else is refused.
func decode(name string, raw []byte) (string, error) {
	raw = bytes.TrimPrefix(raw, utf8BOM)
	if bytes.IndexByte(raw, 0) >= 0 {
		return "", problem.New(name, 0, "", "problem.sheet.this_text_file_contains")
	}
	if utf8.Valid(raw) {
		return string(raw), nil
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || !utf8.Valid(text) || bytes.ContainsRune(text, utf8.RuneError) {
		return "", problem.New(name, 0, "", "problem.sheet.file_neither_utf_nor")
	}
	return string(text), nil
}
