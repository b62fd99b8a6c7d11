package standard

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"wenming/input/sheet"
	"wenming/rules/points"
)

// civilizedUnit is the real civilized-unit form (100 points as transcribed) with one more
// section of 5 points, as other cities' versions of the form have: 105 points in all, so
// that nothing can assume a maximum of 100.
func civilizedUnit(t testing.TB) *Standard {
	t.Helper()
	s := realCivilizedUnit(t)
	s.Sections = append(s.Sections, Section{Name: "平安建设", Items: []Item{
		{ID: "24", Text: "开展平安单位创建，无治安、刑事案件。", Max: points.Of(5)},
	}})
	require.NoError(t, s.Validate("civilized-unit-105"))
	return s
}

// realCivilizedUnit converts the transcription of the real form, as shipped.
func realCivilizedUnit(t testing.TB) *Standard {
	t.Helper()
	return fromSource(t, "civilized-unit.csv", ImportOptions{
		ID: "civilized-unit", Name: "市直机关文明单位创建标准", Mode: Additive,
		Pass: points.Of(90), Step: 50,
		Honors: []Honor{{"national", points.Of(6)}, {"provincial", points.Of(4)}, {"city", points.Of(2)}},
	})
}

// hygiene converts the courtyard-hygiene form (100 points): 0.5 per problem, serious 1-2, bonus
// at most 5; its first section (组织管理, items 1 and 2) deducted by judgment. The form sets no pass line; the tests give it 90 to exercise the line.
func hygiene(t testing.TB) *Standard {
	t.Helper()
	return fromSource(t, "courtyard-hygiene.csv", ImportOptions{
		ID: "hygiene", Name: "庭院环境卫生", Mode: Deduction, Pass: points.Of(90), Step: 50,
		PerProblem: 50, Serious: Range{Min: points.Of(1), Max: points.Of(2)}, BonusCap: points.Of(5), Judged: []string{"组织管理"},
	})
}

func fromSource(t testing.TB, file string, o ImportOptions) *Standard {
	t.Helper()
	f, err := os.Open("../../standards/source/" + file)
	require.NoError(t, err)
	defer f.Close()
	tbl, err := sheet.ReadCSV(file, f)
	require.NoError(t, err)
	s, err := FromLayout(tbl, o)
	require.NoError(t, err)
	return s
}

// table reads CSV text given inline.
func table(t testing.TB, text string) *sheet.Table {
	t.Helper()
	tbl, err := sheet.ReadCSV("sheet.csv", strings.NewReader(text))
	require.NoError(t, err)
	return tbl
}

// fullMarks is an additive sheet giving every item its maximum, then the extra lines.
func fullMarks(s *Standard, extra ...string) string {
	var b strings.Builder
	b.WriteString("item,score\n")
	for _, it := range s.Items() {
		b.WriteString(it.ID + "," + it.Max.String() + "\n")
	}
	for _, e := range extra {
		b.WriteString(e + "\n")
	}
	return b.String()
}

// replace swaps one line of a sheet.
func replace(text, old, new string) string {
	return strings.Replace(text, "\n"+old+"\n", "\n"+new+"\n", 1)
}
