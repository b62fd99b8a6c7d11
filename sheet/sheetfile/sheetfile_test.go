package sheetfile

import (
	"os"
	"path/filepath"
	"testing"

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
	assert.ErrorContains(t, err, "fake.xlsx: not a readable .xlsx workbook")

	_, err = Read(dir)
	assert.ErrorContains(t, err, "is a directory")
	_, err = Read(filepath.Join(dir, "missing.csv"))
	assert.ErrorContains(t, err, "missing.csv: cannot open the file: no such file or directory")
}
