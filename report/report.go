// Package report shapes what offices hand around and post on the wall, from PostgreSQL only:
// campaign rankings, the public-notice and naming lists, task progress (通报), rectification
// notices, monthly briefings (简报), round results and honors. A report is titled tables (and
// for some, the text of a notice and a ranking chart); renderers print it on a terminal or
// write CSV, XLSX or a printable HTML page. No report shows an individual ballot: rounds are
// reported from tallies and results only.
package report

import (
	"fmt"
	"strconv"
	"time"

	"wenming/rules/points"
)

// Report is a document of tables.
type Report struct {
	Name     string   // file-friendly name, e.g. campaign-civilized-units-2027
	Title    string   // e.g. 2027年度市直机关文明单位创建活动 排名
	Subtitle string   // where it comes from, and when
	Lines    []string // paragraphs: the text of a notice
	Tables   []Table
	Chart    *Chart
	Posting  bool // formatted for posting on a notice board (公示, 命名)
}

// Table is one titled table.
type Table struct {
	Sheet   string // XLSX sheet name (short)
	Title   string
	Columns []Column
	Rows    [][]any // string, int, *int, points.Points, *points.Points, time.Time, *time.Time, nil
}

// Column is a column header and how its values read.
type Column struct {
	Title string
	Width float64 // in characters, for XLSX
	Right bool    // numbers: right-aligned
}

// Chart is a bar chart of totals, for the HTML page.
type Chart struct {
	Title string
	Bars  []Bar
}

// Bar is one bar.
type Bar struct {
	Label     string
	Value     float64
	Highlight bool // named, awarded
}

// Add appends a row.
func (t *Table) Add(cells ...any) { t.Rows = append(t.Rows, cells) }

// text renders a cell as text; empty values print as "-".
func text(v any, loc *time.Location) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case *int:
		if x == nil {
			return "-"
		}
		return strconv.Itoa(*x)
	case points.Points:
		return x.String()
	case *points.Points:
		if x == nil {
			return "-"
		}
		return x.String()
	case time.Time:
		return x.In(loc).Format("2006-01-02 15:04")
	case *time.Time:
		if x == nil {
			return "-"
		}
		return x.In(loc).Format("2006-01-02 15:04")
	case bool:
		if x {
			return "是"
		}
		return "否"
	}
	return fmt.Sprint(v)
}

// empty reports whether a cell holds no value (printed "-" on screen, left empty in files).
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case *int:
		return x == nil
	case *points.Points:
		return x == nil
	case *time.Time:
		return x == nil
	}
	return false
}

// number gives a cell's numeric value when it has one, for XLSX.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case *int:
		if x != nil {
			return float64(*x), true
		}
	case points.Points:
		return x.Float(), true
	case *points.Points:
		if x != nil {
			return x.Float(), true
		}
	}
	return 0, false
}
