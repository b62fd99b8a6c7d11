// Package termtable prints aligned tables on a terminal. Chinese characters take two columns
// on a terminal, so widths are measured in display cells, not bytes or runes.
package termtable

import (
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"

	"wenming/input/printable"
)

// Table is a header and rows of cells.
type Table struct {
	Header []string
	Rows   [][]string
	// Right aligns the columns with these indexes to the right (numbers).
	Right map[int]bool
	// MaxWidth cuts cells wider than this many display cells (0: no limit).
	MaxWidth int
}

// Add appends a row; values are printed with fmt's %v, without control characters (a name
// from a roster cannot move the cursor or recolour the terminal).
func (t *Table) Add(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = printable.Clean(fmt.Sprint(c))
	}
	t.Rows = append(t.Rows, row)
}

// Write prints the table with a rule under the header.
func (t *Table) Write(w io.Writer) error {
	widths := make([]int, len(t.Header))
	all := append([][]string{t.Header}, t.Rows...)
	for r, row := range all {
		for i := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			all[r][i] = t.cut(row[i])
			widths[i] = max(widths[i], runewidth.StringWidth(all[r][i]))
		}
	}
	var b strings.Builder
	for r, row := range all {
		for i, cell := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-runewidth.StringWidth(cell))
			last := i == len(row)-1
			switch {
			case t.Right[i]:
				b.WriteString(pad + cell)
			case last:
				b.WriteString(cell)
			default:
				b.WriteString(cell + pad)
			}
		}
		b.WriteString("\n")
		if r == 0 {
			for i, w := range widths {
				if i > 0 {
					b.WriteString("  ")
				}
				b.WriteString(strings.Repeat("-", w))
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (t *Table) cut(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if t.MaxWidth <= 0 || runewidth.StringWidth(s) <= t.MaxWidth {
		return s
	}
	return runewidth.Truncate(s, t.MaxWidth, "…")
}
