package standard

import (
	"strings"

	"wenming/msg"

	"wenming/rules/points"
	"wenming/rules/problem"
	"wenming/sheet"
)

// LayoutHeader is the header of the plain layout forms are transcribed in.
var LayoutHeader = []string{"section", "item", "text", "points"}

// ImportOptions say what the plain layout does not: the rules around the items.
type ImportOptions struct {
	ID, Name   string
	Mode       Mode
	Pass       points.Points
	Step       points.Points
	PerProblem points.Points // deduction mode
	Serious    Range         // deduction mode
	Honors     []Honor       // honor bonus items, rule highest
	BonusCap   points.Points // >0 adds a discretionary bonus item "extra" with this maximum
	NoVeto     bool          // leave out the usual veto list (ballot forms have none)
}

// Honor is a level of comprehensive honor (综合性荣誉) and its bonus.
type Honor struct {
	ID     string
	Points points.Points
}

// HonorTexts names the honor levels a standard can grant a bonus for.
var HonorTexts = map[string]string{
	"national":   "获得全国级综合性荣誉",
	"provincial": "获得省部级综合性荣誉",
	"city":       "获得市直机关级综合性荣誉",
}

// honorOrder keeps honor items in a stable, meaningful order.
var honorOrder = []string{"national", "provincial", "city"}

// DefaultVetoes is the veto list (一票否决) of the city agencies' civilized-unit plan, the five
// cases in which a unit "不能参加文明单位的评选" (三创三树方案 五.5), word for word. A plan with
// another list (a district's 文明机关, say) edits its standard's veto list.
var DefaultVetoes = []Veto{
	{ID: "leadership-disunity", Text: "领导班子不团结，干部职工意见大"},
	{ID: "leader-disciplined", Text: "领导班子成员近两年内受到党政纪处分或法律制裁"},
	{ID: "major-accident", Text: "发生重大责任事故，造成重大经济损失或人员伤亡"},
	{ID: "staff-crime", Text: "干部、职工中因违法行为被追究刑事责任"},
	{ID: "grave-misconduct", Text: "因工作失职、言行失范，造成重大社会影响"},
}

// ParseHonors reads "national=6,provincial=4,city=2".
func ParseHonors(text string) ([]Honor, error) {
	var out []Honor
	seen := map[string]bool{}
	for _, part := range strings.Split(text, ",") {
		id, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, msg.Err("problem.honors.not", "Text", part)
		}
		if _, known := HonorTexts[id]; !known {
			return nil, msg.Err("problem.honors.unknown", "Level", id)
		}
		if seen[id] {
			return nil, msg.Err("problem.honors.twice", "Level", id)
		}
		seen[id] = true
		p, err := points.Parse(val)
		if err != nil {
			return nil, msg.Err("problem.honors.points", "Level", id, "Why", problem.Reason(err))
		}
		out = append(out, Honor{ID: id, Points: p})
	}
	return out, nil
}

// FromLayout converts a form in the plain layout (section,item,text,points) into a standard.
func FromLayout(t *sheet.Table, o ImportOptions) (*Standard, error) {
	if err := t.RequireHeader(LayoutHeader...); err != nil {
		return nil, err
	}
	s := &Standard{ID: o.ID, Name: o.Name, Mode: o.Mode, Step: o.Step, Pass: o.Pass}
	l := problem.In(t.Name)
	index := map[string]int{}
	for _, r := range t.Rows {
		if len(r.Cells) != 4 {
			l.Add(r.Line, "", "problem.standard.has_cells_expected_section", "Cells", len(r.Cells))
			continue
		}
		max, err := points.Parse(r.Cell(3))
		if err != nil {
			l.Add(r.Line, "points", "problem.standard.number", "Text", r.Cell(3))
			continue
		}
		it := Item{ID: r.Cell(1), Text: r.Cell(2), Max: max, Line: r.Line}
		si, ok := index[r.Cell(0)]
		if !ok {
			si = len(s.Sections)
			index[r.Cell(0)] = si
			s.Sections = append(s.Sections, Section{Name: r.Cell(0), Line: r.Line})
		}
		s.Sections[si].Items = append(s.Sections[si].Items, it)
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	if o.Mode == Deduction {
		s.Deduction = &DeductionRule{PerProblem: o.PerProblem, Serious: o.Serious}
	}
	s.addHonors(o.Honors)
	if o.BonusCap > 0 {
		s.Bonus = append(s.Bonus, BonusGroup{Group: "extra", Rule: Sum, Cap: o.BonusCap,
			Items: []Item{{ID: "extra", Text: "工作成绩突出的酌情加分", Max: o.BonusCap}}})
	}
	if !o.NoVeto {
		s.Veto = append([]Veto(nil), DefaultVetoes...)
	}
	// Problems of the converted standard are reported against the source file's lines.
	if err := s.Validate(t.Name); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Standard) addHonors(honors []Honor) {
	if len(honors) == 0 {
		return
	}
	g := BonusGroup{Group: "honor", Rule: Highest}
	for _, id := range honorOrder {
		for _, h := range honors {
			if h.ID == id {
				g.Items = append(g.Items, Item{ID: h.ID, Text: HonorTexts[h.ID], Max: h.Points})
			}
		}
	}
	s.Bonus = append(s.Bonus, g)
}
