// Package standard is the product's format for scored rubrics (创建标准, 考核表, 测评表) and the
// rules that score a sheet against one: additive or deduction items, bonus groups, the pass
// line on the base score, and the veto list. It does no I/O beyond decoding bytes.
package standard

import (
	"wenming/rules/points"
)

// Mode says how items are scored.
type Mode string

const (
	// Additive items get 0..max each.
	Additive Mode = "additive"
	// Deduction items (扣分制) start at their maximum and lose points per problem found.
	Deduction Mode = "deduction"
)

// BonusRule says how a bonus group adds up.
type BonusRule string

const (
	// Highest counts only the highest item given (national 6, provincial 4, city 2).
	Highest BonusRule = "highest"
	// Sum adds the items given, up to the group's cap.
	Sum BonusRule = "sum"
)

// Standard is a scored rubric.
type Standard struct {
	ID        string         `yaml:"id" json:"id"`
	Name      string         `yaml:"name" json:"name"`
	Source    string         `yaml:"source,omitempty" json:"source,omitempty"` // the document the form is transcribed from; not part of the digest
	Mode      Mode           `yaml:"mode" json:"mode"`
	Step      points.Points  `yaml:"step" json:"step"` // score granularity: 0.5 on unit forms, 1 on ballots
	Pass      points.Points  `yaml:"pass" json:"pass"` // pass line (达标线) on the base, bonus excluded
	Deduction *DeductionRule `yaml:"deduction,omitempty" json:"deduction,omitempty"`
	Sections  []Section      `yaml:"sections" json:"sections"`
	Bonus     []BonusGroup   `yaml:"bonus,omitempty" json:"bonus,omitempty"`
	Veto      []Veto         `yaml:"veto,omitempty" json:"veto,omitempty"` // 一票否决 events
	// VetoList names a shipped list (VetoLists) in place of Veto; Parse copies its events into Veto.
	VetoList string `yaml:"veto_list,omitempty" json:"-"`
}

// Section groups items under a heading.
type Section struct {
	Name  string `yaml:"name" json:"name"`
	Items []Item `yaml:"items" json:"items"`
	// Judged (deduction mode) says the inspectors deduct from the section's items by their
	// judgment, once per item, not per problem found: the courtyard form's note deducts per
	// problem from its second item on, which leaves the first (组织管理) to judgment.
	Judged bool `yaml:"judged,omitempty" json:"judged,omitempty"`
	Line   int  `yaml:"-" json:"-"`
}

// Item is one scored line of the form, with its maximum (分值).
type Item struct {
	ID   string        `yaml:"id" json:"id"`
	Text string        `yaml:"text" json:"text"`
	Max  points.Points `yaml:"max" json:"max"`
	Line int           `yaml:"-" json:"-"`
}

// DeductionRule is how much a problem costs in a deduction standard.
type DeductionRule struct {
	PerProblem points.Points `yaml:"per_problem" json:"per_problem"`
	Serious    Range         `yaml:"serious" json:"serious"`
}

// Range is an inclusive range of points.
type Range struct {
	Min points.Points `yaml:"min" json:"min"`
	Max points.Points `yaml:"max" json:"max"`
}

// Contains reports whether p lies in the range.
func (r Range) Contains(p points.Points) bool { return p >= r.Min && p <= r.Max }

// BonusGroup is a set of bonus (加分) items scored together, apart from the base.
type BonusGroup struct {
	Group string        `yaml:"group" json:"group"`
	Rule  BonusRule     `yaml:"rule" json:"rule"`
	Cap   points.Points `yaml:"cap,omitempty" json:"cap,omitempty"` // Sum groups only; 0 means the sum of the items
	Items []Item        `yaml:"items" json:"items"`
	Line  int           `yaml:"-" json:"-"`
}

// Limit is the most the group can add.
func (g BonusGroup) Limit() points.Points {
	var most points.Points
	for _, it := range g.Items {
		if g.Rule == Highest {
			most = max(most, it.Max)
		} else {
			most += it.Max
		}
	}
	if g.Rule == Sum && g.Cap > 0 {
		most = min(most, g.Cap)
	}
	return most
}

// Veto is an event that disqualifies outright, whatever the score. An open one (其它…的事件与行为)
// covers what the list does not name: a veto under it must say what happened.
type Veto struct {
	ID   string `yaml:"id" json:"id"`
	Text string `yaml:"text" json:"text"`
	Open bool   `yaml:"open,omitempty" json:"open,omitempty"`
	Line int    `yaml:"-" json:"-"`
}

// Max is the highest base score: the sum of the items' maxima, whatever it adds up to.
func (s *Standard) Max() points.Points {
	var m points.Points
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			m += it.Max
		}
	}
	return m
}

// Items lists the base items in form order.
func (s *Standard) Items() []Item {
	var out []Item
	for _, sec := range s.Sections {
		out = append(out, sec.Items...)
	}
	return out
}

// Item finds a base item.
func (s *Standard) Item(id string) (Item, bool) {
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			if it.ID == id {
				return it, true
			}
		}
	}
	return Item{}, false
}

// BonusItem finds a bonus item and the index of its group.
func (s *Standard) BonusItem(id string) (Item, int, bool) {
	for gi, g := range s.Bonus {
		for _, it := range g.Items {
			if it.ID == id {
				return it, gi, true
			}
		}
	}
	return Item{}, -1, false
}

// VetoChoices lists the veto events as "id（text）", for messages that show the list.
func (s *Standard) VetoChoices() []string {
	out := make([]string, len(s.Veto))
	for i, v := range s.Veto {
		out[i] = v.ID + "（" + v.Text + "）"
	}
	return out
}

// FindVeto returns a veto event of the list by id.
func (s *Standard) FindVeto(id string) (Veto, bool) {
	for _, v := range s.Veto {
		if v.ID == id {
			return v, true
		}
	}
	return Veto{}, false
}
