package sheet

import (
	"fmt"
	"strings"
	"testing"

	"wenming/testenv/english"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestReadCSVKeepsLineNumbers(t *testing.T) {
	text := "# a comment\nItem , Score\n\n1,6\n# another\n 2 , 5.5 \n,,\n"
	tbl, err := ReadCSV("s.csv", strings.NewReader(text))
	require.NoError(t, err)
	assert.Equal(t, []string{"item", "score"}, tbl.Header)
	assert.Equal(t, 2, tbl.HeaderLine)
	require.Len(t, tbl.Rows, 2)
	assert.Equal(t, Row{Line: 4, Cells: []string{"1", "6"}}, tbl.Rows[0])
	assert.Equal(t, Row{Line: 6, Cells: []string{"2", "5.5"}}, tbl.Rows[1])
}

func TestExcelByteOrderMarkIsDropped(t *testing.T) {
	tbl, err := ReadCSV("s.csv", strings.NewReader("\ufeffitem,score\n1,6\n"))
	require.NoError(t, err)
	assert.Equal(t, "item", tbl.Header[0])
}

func TestGBKFromExcelIsDecoded(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("id,name\nfinance,市财政局\n")
	require.NoError(t, err)
	tbl, err := ReadCSV("gbk.csv", strings.NewReader(gbk))
	require.NoError(t, err)
	assert.Equal(t, "市财政局", tbl.Rows[0].Cells[1])
}

func TestUnreadableFilesAreRefusedClearly(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"empty", "", "e.csv: the file is empty"},
		{"comments only", "# nothing\n", "e.csv: the file is empty"},
		{"binary", "PK\x03\x04\x00\x00", "e.csv: this is not a text file"},
		{"not gbk either", "id\n\xff\xfe\xfd\n", "e.csv: the file is neither UTF-8 nor GBK text"},
		{"unclosed quote", "a,b\n\"x,y\n1,2\n", "e.csv:2: a cell runs over several lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV("e.csv", strings.NewReader(tt.text))
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
}

func TestTooLargeIsRefused(t *testing.T) {
	big := strings.NewReader("a\n" + strings.Repeat("x", MaxBytes))
	_, err := ReadCSV("big.csv", big)
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "big.csv: the file is larger than 64 MB")
}

func TestRequireColumns(t *testing.T) {
	tbl, err := ReadCSV("r.csv", strings.NewReader("name,id,extra\nx,1,\n"))
	require.NoError(t, err)
	pos, err := tbl.RequireColumns("id", "name")
	require.NoError(t, err)
	assert.Equal(t, 1, pos["id"])
	_, err = tbl.RequireColumns("id", "branch")
	assert.Contains(t, english.Of(err), "r.csv:1: the header lacks the column(s) branch; it needs id,branch")
}

// A CSV far within the size bound whose lines are 200 empty cells each (commas only: 2 MB
// for two million cells) is refused at the line where its cells pass MaxCells; one line
// fewer is read.
func TestACSVOfTooManyCellsIsRefused(t *testing.T) {
	const cols = 200
	lines := MaxCells / cols
	line := strings.Repeat(",", cols-1) + "\n"
	text := "id" + line + strings.Repeat(line, lines)
	_, err := ReadCSV("wide.csv", strings.NewReader(text))
	assert.Equal(t, fmt.Sprintf("wide.csv:%d: the table passes %d cells at this row; split it into smaller files", lines+1, MaxCells), english.Of(err))

	_, err = ReadCSV("bound.csv", strings.NewReader(text[:len(text)-len(line)]))
	require.NoError(t, err)
}
