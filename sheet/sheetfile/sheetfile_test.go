package sheetfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

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
