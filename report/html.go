package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"time"
)

//go:embed templates/page.html
var pageHTML string

var page = template.Must(template.New("page").Parse(pageHTML))

type htmlCell struct {
	Text   string
	Number bool
}

type htmlTable struct {
	Title   string
	Columns []Column
	Rows    [][]htmlCell
}

// HTML writes a printable page: the notice or naming lists formatted for posting, the other
// reports as plain tables, and a ranking chart as inline SVG.
func (r *Report) HTML(w io.Writer, loc *time.Location, issued time.Time) error {
	data := struct {
		*Report
		Tables   []htmlTable
		ChartSVG template.HTML
		Issued   string
	}{Report: r, Issued: issued.In(loc).Format("2006年1月2日")}
	for _, t := range r.Tables {
		ht := htmlTable{Title: t.Title, Columns: t.Columns}
		for _, row := range t.Rows {
			cells := make([]htmlCell, len(row))
			for i, v := range row {
				_, isNumber := number(v)
				cells[i] = htmlCell{Text: text(v, loc), Number: isNumber}
			}
			ht.Rows = append(ht.Rows, cells)
		}
		data.Tables = append(data.Tables, ht)
	}
	if r.Chart != nil {
		data.ChartSVG = r.Chart.SVG()
	}
	return page.Execute(w, data)
}

// SVG draws the chart as horizontal bars, highlighted bars in red; labels are escaped.
func (c *Chart) SVG() template.HTML {
	const labelW, barW, rowH, valueW = 200.0, 420.0, 22.0, 60.0
	top := 0.0
	for _, b := range c.Bars {
		top = max(top, b.Value)
	}
	if top == 0 {
		top = 1
	}
	var buf bytes.Buffer
	h := rowH*float64(len(c.Bars)) + 8
	fmt.Fprintf(&buf, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="%s" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f">`,
		template.HTMLEscapeString(c.Title), labelW+barW+valueW, h, labelW+barW+valueW, h)
	for i, b := range c.Bars {
		y := float64(i)*rowH + 4
		fill := "#9e9e9e"
		if b.Highlight {
			fill = "#c62828"
		}
		w := barW * b.Value / top
		fmt.Fprintf(&buf, `<text x="%.0f" y="%.1f" text-anchor="end">%s</text>`, labelW-6, y+14, template.HTMLEscapeString(b.Label))
		fmt.Fprintf(&buf, `<rect class="bar" x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s"><title>%s %g</title></rect>`,
			labelW, y+2, w, rowH-6, fill, template.HTMLEscapeString(b.Label), b.Value)
		fmt.Fprintf(&buf, `<text x="%.1f" y="%.1f">%g</text>`, labelW+w+4, y+14, b.Value)
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String()) // built from escaped labels and numbers only
}
