package standard

import (
	"cmp"
	"slices"
	"strings"

	"wenming/msg"

	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/rules/points"
)

// LayoutHeader is the header of the plain layout forms are transcribed in.
var LayoutHeader = []string{"section", "item", "text", "points"}

// ImportOptions say what the plain layout does not: the rules around the items.
type ImportOptions struct {
	ID, Name   string
	Source     string // the document the form is transcribed from
	Mode       Mode
	Pass       points.Points
	Step       points.Points
	PerProblem points.Points // deduction mode
	Serious    Range         // deduction mode
	Honors     []Honor       // honor bonus items, rule highest
	BonusCap   points.Points // >0 adds a discretionary bonus item "extra" with this maximum
	NoVeto     bool          // leave out the veto list (ballot forms have none)
	VetoList   string        // the shipped veto list to use; "" is the city civilized-unit plan's
	Judged     []string      // deduction mode: the sections deducted by judgment, not per problem
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
	s := &Standard{ID: o.ID, Name: o.Name, Source: o.Source, Mode: o.Mode, Step: o.Step, Pass: o.Pass}
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
	if err := s.judge(t.Name, o.Judged); err != nil {
		return nil, err
	}
	s.addHonors(o.Honors)
	if o.BonusCap > 0 {
		s.Bonus = append(s.Bonus, BonusGroup{Group: "extra", Rule: Sum, Cap: o.BonusCap,
			Items: []Item{{ID: "extra", Text: "工作成绩突出的酌情加分", Max: o.BonusCap}}})
	}
	if !o.NoVeto {
		// The converted standard names the shipped list; loading it brings the events in.
		s.VetoList = cmp.Or(o.VetoList, CityCivilizedUnit)
		if _, ok := FindVetoList(s.VetoList); !ok {
			return nil, unknownVetoList(t.Name, s.VetoList)
		}
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

// judge marks the named sections judged; a name the form does not have is an error.
func (s *Standard) judge(file string, names []string) error {
	l := problem.In(file)
	for _, name := range names {
		i := slices.IndexFunc(s.Sections, func(sec Section) bool { return sec.Name == name })
		if i < 0 {
			l.Add(0, "judged", "problem.standard.judged_section_unknown", "Section", name)
			continue
		}
		s.Sections[i].Judged = true
	}
	return l.Err()
}
