package sheetfile

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"wenming/input/sheet"
	"wenming/testenv/english"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func TestReadXLSXFirstSheet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "form.xlsx")
	f := excelize.NewFile()
	rows := [][]any{{"section", "item", "text", "points"}, {"领导班子建设", 1, "班子团结", 6}, {}, {"领导班子建设", 2, "坚持学习", 5.5}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &r))
	}
	require.NoError(t, f.SaveAs(path))

	tbl, err := Read(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"section", "item", "text", "points"}, tbl.Header)
	require.Len(t, tbl.Rows, 2)
	assert.Equal(t, 4, tbl.Rows[1].Line, "the blank row 3 keeps row numbers as Excel shows them")
	assert.Equal(t, "5.5", tbl.Rows[1].Cells[3])
	assert.Equal(t, "form.xlsx[Sheet1]", tbl.Name)
}

func TestReadRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "fake.xlsx")
	require.NoError(t, os.WriteFile(fake, []byte("not a zip"), 0o644))
	_, err := Read(fake)
	assert.Contains(t, english.Of(err), "fake.xlsx: not a readable .xlsx workbook")

	_, err = Read(dir)
	assert.Contains(t, english.Of(err), "is a directory")
	_, err = Read(filepath.Join(dir, "missing.csv"))
	assert.Contains(t, english.Of(err), "missing.csv: cannot open the file: no such file")
}

// Devices and pipes are refused before a byte is read: /dev/zero has a size of 0 and never
// ends, so a reader that checked the size and then read the whole file would never return.
func TestOnlyPlainFilesAreRead(t *testing.T) {
	_, err := ReadText("/dev/zero", "campaign_spec", 1<<20)
	assert.Contains(t, english.Of(err), "zero: is not a plain file but a device, so not a campaign spec")
	_, err = Read("/dev/zero")
	assert.Contains(t, english.Of(err), "is not a plain file but a device")
	fifo := filepath.Join(t.TempDir(), "sheet.csv")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	_, err = Read(fifo)
	assert.Contains(t, english.Of(err), "sheet.csv: is not a plain file but a pipe")
	_, err = Read(t.TempDir())
	assert.Contains(t, english.Of(err), "is a directory")
}

// A workbook with a stray cell in the last column (XFD) is refused at that row, without
// widening every row to 16,384 cells.
func TestAWorkbookWithAFarColumnIsRefused(t *testing.T) {
	f := excelize.NewFile()
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"id", "name", "branch"}))
	require.NoError(t, f.SetSheetRow("Sheet1", "A2", &[]any{"m1", "张三", "b1"}))
	require.NoError(t, f.SetCellValue("Sheet1", "XFD3", "x"))
	path := filepath.Join(t.TempDir(), "members.xlsx")
	require.NoError(t, f.SaveAs(path))
	_, err := Read(path)
	assert.Equal(t, "members.xlsx:3: the row reaches column XFD; a sheet has at most 256 columns (is there a stray cell far to the right?)", english.Of(err))
}

// wideWorkbook writes a workbook whose first sheet has rows each reaching column cols: every
// cell written when full, else only the last (Excel pads a row to its last cell, so the row
// holds cols cells once read). Written as the XML itself: a workbook of millions of cells in
// a fraction of a second.
func wideWorkbook(t *testing.T, path string, rows, cols int, full bool) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	z := zip.NewWriter(f)
	add := func(name, text string) {
		w, err := z.Create(name)
		require.NoError(t, err)
		_, err = io.WriteString(w, text)
		require.NoError(t, err)
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := z.Create("xl/worksheets/sheet1.xml")
	require.NoError(t, err)
	b := bufio.NewWriter(w)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	last, err := excelize.ColumnNumberToName(cols)
	require.NoError(t, err)
	for r := 1; r <= rows; r++ {
		fmt.Fprintf(b, `<row r="%d">`, r)
		if full {
			for c := 1; c < cols; c++ {
				b.WriteString(`<c><v>1</v></c>`)
			}
		}
		fmt.Fprintf(b, `<c r="%s%d"><v>1</v></c></row>`, last, r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	require.NoError(t, b.Flush())
	require.NoError(t, z.Close())
	require.NoError(t, f.Close())
}

// A workbook far within the size bound whose rows reach column 200 (each row 200 cells once
// read, as Excel pads a row to its last cell) is refused at the row where its cells pass
// sheet.MaxCells, before the rest is expanded into memory; one row fewer is read. The largest
// real sheet, the members roster of a 5,000-branch round (100,000 rows of 4 cells), is a
// fifth of the bound.
func TestAWorkbookOfTooManyCellsIsRefused(t *testing.T) {
	dir := t.TempDir()
	const cols = 200
	rows := sheet.MaxCells / cols // exactly the bound
	wide := filepath.Join(dir, "wide.xlsx")
	wideWorkbook(t, wide, rows+50, cols, false)
	_, err := Read(wide)
	assert.Equal(t, fmt.Sprintf("wide.xlsx:%d: the table passes %d cells at this row; split it into smaller files", rows+1, sheet.MaxCells), english.Of(err))

	bound := filepath.Join(dir, "bound.xlsx")
	wideWorkbook(t, bound, rows, cols, false)
	tbl, err := Read(bound)
	require.NoError(t, err)
	assert.Len(t, tbl.Rows, rows-1, "every row below the header")

	roster := filepath.Join(dir, "members.xlsx")
	wideWorkbook(t, roster, 2, 4, true)
	tbl, err = Read(roster)
	require.NoError(t, err)
	assert.Equal(t, []string{"1", "1", "1", "1"}, tbl.Rows[0].Cells, "a row written in full reads as written")
	assert.LessOrEqual(t, 5*100_000*4, sheet.MaxCells, "the largest real sheet fits five times over")
}
