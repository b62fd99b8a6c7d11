package standard

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/sheet"
	"wenming/rules/points"
	"wenming/testenv/english"
)

func TestMarshalledStandardsParseBackUnchanged(t *testing.T) {
	for _, s := range []*Standard{civilizedUnit(t), hygiene(t)} {
		b, err := s.Marshal()
		require.NoError(t, err)
		back, err := Parse(s.ID+".yaml", b)
		require.NoError(t, err)
		assert.Equal(t, s.Max(), back.Max())
		assert.Equal(t, s.Digest(), back.Digest())
		assert.Equal(t, s.Items()[3].Text, back.Items()[3].Text)
	}
}

// The shipped files under standards/ are exactly what `standard import` makes of the
// transcriptions under standards/source/ (the Taskfile's `standards` task regenerates them).
func TestShippedStandardsLoad(t *testing.T) {
	files, err := filepath.Glob("../../standards/*.yaml")
	require.NoError(t, err)
	require.Len(t, files, 6)
	byID := map[string]*Standard{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		s, err := Parse(filepath.Base(f), b)
		require.NoError(t, err, f)
		byID[s.ID] = s
	}
	assert.Equal(t, "100", byID["civilized-unit"].Max().String())
	assert.Equal(t, "6", byID["civilized-unit"].Bonus[0].Limit().String())
	assert.Equal(t, Deduction, byID["courtyard-hygiene"].Mode)
	assert.Equal(t, "100", byID["courtyard-hygiene"].Max().String(), "seed plan's courtyard form: 100 points")
	assert.Len(t, byID["courtyard-hygiene"].Items(), 23, "23 sub-items in 6 sections")
	assert.Len(t, byID["courtyard-hygiene"].Sections, 6)
	assert.Equal(t, "5", byID["courtyard-hygiene"].Bonus[0].Cap.String(), "a discretionary bonus of at most 5")
	assert.Equal(t, "0", byID["courtyard-hygiene"].Pass.String(), "the form sets no pass line")
	assert.True(t, byID["courtyard-hygiene"].Sections[0].Judged, "组织管理 is deducted by judgment: the note deducts per problem from the second item on")
	for _, sec := range byID["courtyard-hygiene"].Sections[1:] {
		assert.False(t, sec.Judged, sec.Name)
	}
	assert.Len(t, byID["civilized-window"].Items(), 19)
	assert.Equal(t, "100", byID["civilized-window"].Max().String())
	assert.Len(t, byID["civilized-department"].Items(), 21)
	assert.Equal(t, "105", byID["civilized-department"].Max().String(), "21 items of 5 add up to 105")
	assert.Equal(t, "90", byID["civilized-department"].Pass.String())
	for id, s := range byID {
		assert.NotEmpty(t, s.Source, "%s names the document it is transcribed from", id)
	}
	assert.Equal(t, "100", byID["pioneer-post"].Max().String())
	assert.Equal(t, points.One, byID["pioneer-post"].Step, "ballots are in whole points")
	assert.Empty(t, byID["pioneer-post"].Veto)
	assert.Equal(t, "100", byID["red-flag-branch"].Max().String())
	assert.Len(t, byID["red-flag-branch"].Items(), 7)
}

// goodStandard is a small valid standard file, without a veto list.
const goodStandard = `id: s1
name: 测试标准
mode: additive
step: 0.5
pass: 6
sections:
  - name: 甲
    items:
      - {id: "1", text: 一, max: 5}
      - {id: "2", text: 二, max: 5}
`

func TestBadStandardFiles(t *testing.T) {
	good := goodStandard
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "s.yaml: the file is empty"},
		{"unknown field", good + "colour: red\n", "field colour not found"},
		{"bad mode", strings.Replace(good, "additive", "multiply", 1), `mode: "multiply" is not a mode`},
		{"pass above the maximum", strings.Replace(good, "pass: 6", "pass: 11", 1), "pass: the pass line 11 is outside 0..10"},
		{"duplicate item", strings.Replace(good, `id: "2"`, `id: "1"`, 1), `s.yaml:10: id: item "1" appears twice (first on line 9)`},
		{"item off the grid", strings.Replace(good, "max: 5}\n      - {id: \"2\"", "max: 5.25}\n      - {id: \"2\"", 1), `s.yaml:9: max: item "1": the maximum 5.25 is not a multiple of the step 0.5`},
		{"no text", strings.Replace(good, "text: 二", "text: ''", 1), `s.yaml:10: text: item "2" needs a text`},
		{"deduction without amounts", strings.Replace(good, "additive", "deduction", 1), "mode deduction needs per_problem and serious amounts"},
		{"cap on highest", good + "bonus:\n  - {group: honor, rule: highest, cap: 3, items: [{id: national, text: 国家级, max: 6}]}\n", `s.yaml:12: cap: bonus group "honor": a cap applies only to rule sum`},
		{"bonus id clashes", good + "bonus:\n  - {group: g, rule: sum, items: [{id: \"1\", text: x, max: 2}]}\n", `item "1" appears twice`},
		{"bad veto", good + "veto:\n  - {id: 'a b', text: x}\n", `veto "a b" is not a valid id`},
		{"bad id", strings.Replace(good, "id: s1", "id: 文明", 1), `id: "文明" is not a valid id`},
		{"judged on an additive form", strings.Replace(good, "  - name: 甲\n", "  - name: 甲\n    judged: true\n", 1), `s.yaml:7: judged: section "甲" is judged, which only a deduction standard (mode: deduction) can be`},
		{"not a number", strings.Replace(good, "pass: 6", "pass: six", 1), `s.yaml: not a valid standard file: line 5: "six" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(tt.text))
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
	_, err := Parse("s.yaml", []byte(good))
	require.NoError(t, err)
}

func TestImportFromLayout(t *testing.T) {
	s := hygiene(t)
	require.NotNil(t, s.Deduction)
	assert.Equal(t, "0.5", s.Deduction.PerProblem.String())
	assert.Equal(t, []string{"组织管理", "公共卫生", "办公室内卫生"}, []string{s.Sections[0].Name, s.Sections[1].Name, s.Sections[2].Name})
	require.Len(t, s.Bonus, 1)
	assert.Equal(t, "extra", s.Bonus[0].Items[0].ID)
	assert.Equal(t, "5", s.Bonus[0].Cap.String())
	assert.Equal(t, CityCivilizedUnit, s.VetoList, "a converted form names the city plan's veto list")

	u := realCivilizedUnit(t)
	require.Len(t, u.Bonus, 1)
	assert.Equal(t, Highest, u.Bonus[0].Rule)
	assert.Equal(t, []string{"national", "provincial", "city"},
		[]string{u.Bonus[0].Items[0].ID, u.Bonus[0].Items[1].ID, u.Bonus[0].Items[2].ID})
	assert.Contains(t, u.Items()[9].Text, `"明礼知耻、崇德向善"`, "bare quotes of the transcription survive")
}

func TestBadLayouts(t *testing.T) {
	opts := ImportOptions{ID: "x", Name: "x", Mode: Additive, Step: 50}
	tests := []struct{ name, text, want string }{
		{"wrong header", "section,item,points\nA,1,5\n", `f.csv:1: the header is "section,item,points"; expected "section,item,text,points"`},
		{"points not a number", "section,item,text,points\nA,1,甲,five\n", `f.csv:2: points: "five" is not a number`},
		{"short row", "section,item,text,points\nA,1,5\n", "f.csv:2: has 3 cells; expected 4"},
		{"duplicate item", "section,item,text,points\nA,1,甲,5\nA,1,乙,5\n", `f.csv:3: id: item "1" appears twice (first on line 2)`},
		{"points off the grid", "section,item,text,points\nA,1,甲,5.2\n", `f.csv:2: max: item "1": the maximum 5.2 is not a multiple of the step 0.5`},
		{"no rows", "section,item,text,points\n", "f.csv: sections: the standard has no items"},
		{"a judged section the form lacks", "section,item,text,points\nA,1,甲,5\n", `f.csv: judged: the form has no section "B" to deduct from by judgment`},
	}
	judged := map[string][]string{"a judged section the form lacks": {"B"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl, err := sheet.ReadCSV("f.csv", strings.NewReader(tt.text))
			require.NoError(t, err)
			o := opts
			o.Judged = judged[tt.name]
			_, err = FromLayout(tbl, o)
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
}

func TestParseHonors(t *testing.T) {
	h, err := ParseHonors("national=6,provincial=4,city=2")
	require.NoError(t, err)
	assert.Equal(t, []Honor{{"national", 600}, {"provincial", 400}, {"city", 200}}, h)
	for _, bad := range []string{"national", "world=9", "city=2,city=3", "city=two"} {
		_, err := ParseHonors(bad)
		assert.Error(t, err, bad)
	}
}

// The plans' veto lists ship complete, word for word, and a standard names one by id.
func TestTheShippedVetoListsAreThePlans(t *testing.T) {
	city, ok := FindVetoList(CityCivilizedUnit)
	require.True(t, ok)
	assert.Len(t, city.Vetoes, 5, "三创三树方案 五.5 lists five cases")
	assert.Equal(t, "因工作失职、言行失范，造成重大社会影响", city.Vetoes[4].Text)
	district, ok := FindVetoList("district-civilized-organ")
	require.True(t, ok)
	require.Len(t, district.Vetoes, 7, "区级文明机关实施意见 四.5 lists six cases and the open clause")
	last := district.Vetoes[6]
	assert.Equal(t, "其它与文明机关称号极不相符的事件与行为", last.Text)
	assert.True(t, last.Open, "the catch-all case is open")
	for _, l := range VetoLists() {
		assert.NotEmpty(t, l.Source, "%s names its source", l.ID)
		for _, v := range l.Vetoes[:len(l.Vetoes)-1] {
			assert.False(t, v.Open, "%s: only a list's last case may be open", l.ID)
		}
	}

	doc := goodStandard + "veto_list: district-civilized-organ\n"
	s, err := Parse("s.yaml", []byte(doc))
	require.NoError(t, err)
	assert.Equal(t, district.Vetoes, s.Veto, "a standard naming the list gets its events")

	_, err = Parse("s.yaml", []byte(strings.Replace(doc, "district-civilized-organ", "county", 1)))
	require.Error(t, err)
	assert.Contains(t, english.Of(err), `"county" is not a shipped veto list; use one of city-civilized-unit, district-civilized-organ`)
	_, err = Parse("s.yaml", []byte(doc+"veto:\n  - {id: x, text: y}\n"))
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "give veto_list or veto, not both")
}

// The shipped civilized-unit standard carries its plan's list.
func TestTheCivilizedUnitStandardCarriesTheCityList(t *testing.T) {
	data, err := os.ReadFile("../../standards/civilized-unit.yaml")
	require.NoError(t, err)
	s, err := Parse("civilized-unit.yaml", data)
	require.NoError(t, err)
	city, _ := FindVetoList(CityCivilizedUnit)
	assert.Equal(t, city.Vetoes, s.Veto)
}
