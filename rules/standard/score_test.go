package standard

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/points"
	"wenming/testenv/english"
)

func TestTheMaximumIsTheSumOfTheItems(t *testing.T) {
	real := realCivilizedUnit(t)
	assert.Equal(t, points.Of(100), real.Max(), "the transcribed civilized-unit form")
	assert.Len(t, real.Items(), 23)
	assert.Equal(t, points.Of(90), real.Pass)

	assert.Equal(t, points.Of(105), civilizedUnit(t).Max(), "the form with a fifth section of 5")
	assert.Equal(t, points.Of(100), hygiene(t).Max(), "the courtyard-hygiene form: 6 sections, 23 sub-items")
	assert.Len(t, hygiene(t).Items(), 23)
}

func TestScoreAdditive(t *testing.T) {
	s := civilizedUnit(t)
	full := fullMarks(s)
	tests := []struct {
		name               string
		sheet              string
		base, bonus, total string
		eligible           bool
	}{
		{"full marks", full, "105", "0", "105", true},
		{"half points count", replace(full, "1,6", "1,5.5"), "104.5", "0", "104.5", true},
		{"national honor adds 6", fullMarks(s, "national,6"), "105", "6", "111", true},
		{"only the highest honor counts", fullMarks(s, "city,2", "national,6", "provincial,4"), "105", "6", "111", true},
		{"an honor below its level's maximum", fullMarks(s, "provincial,3"), "105", "3", "108", true},
		{"zero scores are scores", replace(replace(full, "1,6", "1,0"), "2,5", "2,0"), "94", "0", "94", true},
		{"exactly the pass line", lowered(s, 15), "90", "0", "90", true},
		{"below the pass line", lowered(s, 15.5), "89.5", "0", "89.5", false},
		{"bonus never lifts the base over the line", lowered(s, 15.5, "national,6"), "89.5", "6", "95.5", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh, err := s.ReadSheet(table(t, tt.sheet))
			require.NoError(t, err)
			r, err := s.Score(sh)
			require.NoError(t, err)
			assert.Equal(t, tt.base, r.Base.String(), "base")
			assert.Equal(t, tt.bonus, r.Bonus.String(), "bonus")
			assert.Equal(t, tt.total, r.Total.String(), "total")
			assert.Equal(t, tt.eligible, r.Eligible, "eligible")
			assert.Equal(t, "105", r.Max.String())
			assert.Equal(t, "90", r.Pass.String())
		})
	}
}

// lowered takes `off` points away from the first items of a full-marks sheet.
func lowered(s *Standard, off float64, extra ...string) string {
	var b []string
	left := points.FromFloat(off)
	for _, it := range s.Items() {
		take := min(left, it.Max)
		left -= take
		b = append(b, it.ID+","+(it.Max-take).String())
	}
	b = append(b, extra...)
	text := "item,score\n"
	for _, line := range b {
		text += line + "\n"
	}
	return text
}

func TestScoreDeduction(t *testing.T) {
	s := hygiene(t)
	assert.Equal(t, points.Of(100), s.Max())
	head := "item,severity,deduction\n"
	// Items 8 and 9 are worth 5 each, item 1 too; item 3 is worth 4. The line is 90 here. Items 1
	// and 2 (组织管理) are deducted by judgment: the form's note deducts per problem from item 2
	// (of its six numbered items; the note says "第2至7项") on.
	fiveGone := "8,serious,2\n8,serious,2\n8,serious,2\n9,serious,2\n9,serious,2\n9,serious,2\n"
	tests := []struct {
		name               string
		sheet              string
		base, bonus, total string
		eligible           bool
		problems           int
	}{
		{"no problems keeps every maximum", head, "100", "0", "100", true, 0},
		{"an ordinary problem deducts 0.5", head + "3,normal,\n", "99.5", "0", "99.5", true, 1},
		{"the ordinary amount may be written out", head + "3,normal,0.5\n", "99.5", "0", "99.5", true, 1},
		{"a serious problem deducts within its range", head + "4,serious,1.5\n", "98.5", "0", "98.5", true, 1},
		{"problems add up", head + "3,normal,\n3,normal,\n4,serious,2\n", "97", "0", "97", true, 3},
		{"an item never goes below zero", head + "3,serious,2\n3,serious,2\n3,serious,2\n", "96", "0", "96", true, 3},
		{"the first section is deducted by judgment", head + "1,judged,2\n", "98", "0", "98", true, 0},
		{"a judged item may lose all its points", head + "1,judged,5\n2,judged,0.5\n3,normal,\n", "94", "0", "94", true, 1},
		{"a discretionary bonus up to its cap", head + "extra,bonus,5\n", "100", "5", "105", true, 0},
		{"exactly the pass line", head + fiveGone, "90", "0", "90", true, 6},
		{"the floor holds however many problems", head + fiveGone + "8,serious,2\n", "90", "0", "90", true, 7},
		{"one more problem elsewhere falls below", head + fiveGone + "10,normal,\n", "89.5", "0", "89.5", false, 7},
		{"bonus never lifts the base over the line", head + fiveGone + "10,normal,\nextra,bonus,5\n", "89.5", "5", "94.5", false, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh, err := s.ReadSheet(table(t, tt.sheet))
			require.NoError(t, err)
			r, err := s.Score(sh)
			require.NoError(t, err)
			assert.Equal(t, tt.base, r.Base.String(), "base")
			assert.Equal(t, tt.bonus, r.Bonus.String(), "bonus")
			assert.Equal(t, tt.total, r.Total.String(), "total")
			assert.Equal(t, tt.eligible, r.Eligible, "eligible")
			assert.Equal(t, tt.problems, r.Problems, "problems")
		})
	}
}

func TestSumBonusGroupsAddUpToTheirCap(t *testing.T) {
	s := civilizedUnit(t)
	s.Bonus = append(s.Bonus, BonusGroup{Group: "deeds", Rule: Sum, Cap: points.Of(5), Items: []Item{
		{ID: "volunteer", Text: "志愿服务", Max: points.Of(3)},
		{ID: "model", Text: "典型宣传", Max: points.Of(3)},
	}})
	require.NoError(t, s.Validate("s.yaml"))

	sh, err := s.ReadSheet(table(t, fullMarks(s, "volunteer,2", "model,3", "city,2")))
	require.NoError(t, err)
	r, err := s.Score(sh)
	require.NoError(t, err)
	assert.Equal(t, "7", r.Bonus.String(), "5 from the sum group and 2 from the honor")

	sh, err = s.ReadSheet(table(t, fullMarks(s, "volunteer,3", "model,3")))
	require.NoError(t, err)
	_, err = s.Score(sh)
	require.Contains(t, english.Of(err), `bonus group "deeds" adds up to 6, above its cap 5`)
}

func TestBadSheetsNameLineAndReason(t *testing.T) {
	add := civilizedUnit(t)
	full := fullMarks(add)
	ded := hygiene(t)
	head := "item,severity,deduction\n"
	tests := []struct {
		name  string
		std   *Standard
		sheet string
		want  string
	}{
		{"unknown item", add, fullMarks(add, "99,3"), `sheet.csv:26: item: item "99" is not in standard civilized-unit`},
		{"duplicate item", add, fullMarks(add, "5,3"), `sheet.csv:26: item: item "5" appears twice (first on line 6)`},
		{"missing item", add, replace(full, "7,5", ""), `sheet.csv: item: missing item(s) 7: every item of standard civilized-unit needs a score`},
		{"score above the maximum", add, replace(full, "1,6", "1,7"), `sheet.csv:2: score: item "1": 7 is above the maximum 6`},
		{"negative score", add, replace(full, "1,6", "1,-1"), `sheet.csv:2: score: item "1": -1 is below 0`},
		{"off the grid", add, replace(full, "1,6", "1,5.3"), `sheet.csv:2: score: item "1": 5.3 is not a multiple of 0.5`},
		{"non-numeric text", add, replace(full, "1,6", "1,six"), `sheet.csv:2: score: "six" is not a number`},
		{"empty score cell", add, replace(full, "1,6", "1,"), `sheet.csv:2: score: "" is not a number`},
		{"bonus above its cap", add, fullMarks(add, "national,7"), `sheet.csv:26: score: item "national": 7 is above its cap 6`},
		{"duplicate bonus", add, fullMarks(add, "city,2", "city,2"), `sheet.csv:27: item: bonus "city" appears twice (first on line 26)`},
		{"wrong header", add, "item,points\n1,6\n", `sheet.csv:1: the header is "item,points"; expected "item,score"`},
		{"deduction header on an additive form", add, head, `sheet.csv:1: the header is "item,severity,deduction"; expected "item,score"`},
		{"too many cells", add, replace(full, "1,6", "1,6,extra"), `sheet.csv:2: has 3 cells; expected 2 (item,score)`},
		{"unknown severity", ded, head + "3,minor,\n", `sheet.csv:2: severity: "minor" is not a severity; use normal, serious, bonus or judged`},
		{"serious outside its range", ded, head + "3,serious,3\n", `sheet.csv:2: deduction: 3 is outside the serious range 1-2`},
		{"serious without its deduction", ded, head + "3,serious,\n", `sheet.csv:2: deduction: a serious problem needs its deduction (1-2)`},
		{"ordinary with another amount", ded, head + "3,normal,1\n", `sheet.csv:2: deduction: an ordinary problem deducts 0.5; leave the cell empty or use severity serious`},
		{"deduction off the grid", ded, head + "3,serious,1.25\n", `sheet.csv:2: deduction: 1.25 is not a multiple of 0.5`},
		{"unknown item in a deduction sheet", ded, head + "99,normal,\n", `sheet.csv:2: item: item "99" is not in standard hygiene`},
		{"bonus above its cap in a deduction sheet", ded, head + "extra,bonus,6\n", `sheet.csv:2: score: item "extra": 6 is above its cap 5`},
		{"bonus without points", ded, head + "extra,bonus,\n", `sheet.csv:2: deduction: bonus "extra" needs its points in the deduction column`},
		{"bonus row for a base item", ded, head + "3,bonus,1\n", `sheet.csv:2: item: "3" is not a bonus item of standard hygiene`},
		{"a bonus item as a problem", ded, head + "extra,normal,\n", `sheet.csv:2: severity: "extra" is a bonus item: give it severity bonus`},
		{"non-numeric deduction", ded, head + "3,serious,lots\n", `sheet.csv:2: deduction: "lots" is not a number`},
		{"a problem found on a judged item", ded, head + "1,normal,\n", `sheet.csv:2: severity: item "1" is in "组织管理", which the inspectors deduct from by judgment, not per problem found`},
		{"a judged deduction on an item deducted per problem", ded, head + "3,judged,1\n", `sheet.csv:2: severity: item "3" is in "公共卫生", which is deducted per problem found`},
		{"a judged deduction left empty", ded, head + "1,judged,\n", `sheet.csv:2: deduction: item "1" is deducted by judgment: give the deduction (above 0, at most 5)`},
		{"a judged deduction above the item", ded, head + "1,judged,6\n", `sheet.csv:2: deduction: item "1": a deduction of 6 is outside 0 (exclusive) to the item's 5 points`},
		{"a judged deduction of nothing", ded, head + "1,judged,0\n", `sheet.csv:2: deduction: item "1": a deduction of 0 is outside`},
		{"a judged deduction off the grid", ded, head + "1,judged,1.25\n", `sheet.csv:2: deduction: 1.25 is not a multiple of 0.5`},
		{"a judged item twice", ded, head + "1,judged,1\n1,judged,1\n", `sheet.csv:3: item: item "1" appears twice (first on line 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh, err := tt.std.ReadSheet(table(t, tt.sheet))
			if err == nil {
				_, err = tt.std.Score(sh)
			}
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	s := civilizedUnit(t)
	text := replace(replace(fullMarks(s, "99,1"), "1,6", "1,7"), "2,5", "2,4.2")
	sh, err := s.ReadSheet(table(t, text))
	require.NoError(t, err)
	_, err = s.Score(sh)
	require.Error(t, err)
	for _, want := range []string{"sheet.csv:2:", "sheet.csv:3:", "sheet.csv:26:"} {
		assert.Contains(t, english.Of(err), want)
	}
}
