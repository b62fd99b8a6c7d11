package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"wenming/input/sheet"
	"wenming/rules/points"
)

func hostile() *Report {
	p := points.Points(9750)
	t := Table{Sheet: "a/b:c*d?[e]\\f this name is far too long for a sheet", Title: "单位", Columns: []Column{
		{Title: "名称"}, {Title: "总分", Right: true}, {Title: "说明"}}}
	t.Add(`=CMD("calc")`, &p, "+1+1")
	t.Add(`<script>alert(1)</script>`, nil, "@SUM(A1)")
	t.Add("-2+3", points.Points(-150), "普通文字")
	return &Report{Name: "x", Title: "测试 <b>报告</b>", Tables: []Table{t, {Sheet: t.Sheet, Title: "二", Columns: t.Columns}},
		Chart: &Chart{Title: "图", Bars: []Bar{{Label: `"><script>x</script>`, Value: 97.5, Highlight: true}, {Label: "乙", Value: 80}}}}
}

func TestCSVDefusesFormulas(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, hostile().CSV(&b, time.UTC))
	out := b.String()
	assert.Contains(t, out, `"'=CMD(""calc"")",97.5,'+1+1`)
	assert.Contains(t, out, `<script>alert(1)</script>,,'@SUM(A1)`)
	assert.Contains(t, out, `'-2+3,-1.5,普通文字`, "a negative number stays a number; text that starts like one is defused")
}

func TestXLSXWritesTextAsTextAndNumbersAsNumbers(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, hostile().XLSX(&b, time.UTC))
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	require.Len(t, sheets, 2)
	assert.Equal(t, "a_b_c_d__e__f this name is f", sheets[0])
	assert.Equal(t, "a_b_c_d__e__f this name is f 2", sheets[1])
	formula, err := f.GetCellFormula(sheets[0], "A2")
	require.NoError(t, err)
	assert.Empty(t, formula, "never a formula")
	v, _ := f.GetCellValue(sheets[0], "A2")
	assert.Equal(t, `=CMD("calc")`, v)
	typ, _ := f.GetCellType(sheets[0], "B2")
	assert.NotEqual(t, excelize.CellTypeSharedString, typ)
	v, _ = f.GetCellValue(sheets[0], "B4")
	assert.Equal(t, "-1.5", v)
	v, _ = f.GetCellValue(sheets[0], "B3")
	assert.Empty(t, v, "no value, no text")
}

func TestHTMLEscapesEverything(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, hostile().HTML(&b, time.UTC, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)))
	out := b.String()
	assert.NotContains(t, out, "<script>")
	assert.Contains(t, out, "&lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, out, "<title>测试 &lt;b&gt;报告&lt;/b&gt;</title>")
	assert.Equal(t, 2, strings.Count(out, `class="bar"`))
	assert.Contains(t, out, `fill="#c62828"`, "the highlighted bar")
}

func TestTextPrintsDashesForNothing(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, hostile().Text(&b, time.UTC))
	assert.Regexp(t, `<script>alert\(1\)</script>\s+-\s+@SUM`, b.String())
}

// A CSV export starts with the UTF-8 byte-order mark, by which Excel on Chinese Windows
// recognises UTF-8 (without it, it reads GBK and garbles the Chinese); the product's own
// reader takes it back.
func TestCSVStartsWithTheByteOrderMark(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, hostile().CSV(&b, time.UTC))
	assert.Equal(t, []byte{0xEF, 0xBB, 0xBF}, b.Bytes()[:3])
	tbl, err := sheet.ReadCSV("export.csv", bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	assert.NotContains(t, tbl.Header[0], "\ufeff")
}
