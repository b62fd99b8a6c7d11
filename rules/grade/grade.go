// Package grade holds the grades an inspection campaign gives by score bands (五星 at 95 and
// above, 四星 at 90, ...: the star ratings the plans mention, 五星社区, 星级文明户, 十星), and how a
// grade carries from one inspection round to the next: an inspection gives the grade of the
// band its score falls in, so a grade is lost when a later inspection falls below its band; a
// round without an inspection keeps the grade the unit had.
//
// The Rating workflow (a campaign with subject rating) grades each round by these rules.
package grade

import (
	"strings"

	"gopkg.in/yaml.v3"

	"wenming/input/problem"
	"wenming/rules/points"
)

// Band is a grade and the lowest score that earns it.
type Band struct {
	Name string        `yaml:"name" json:"name"`
	Min  points.Points `yaml:"min" json:"min"`
	Line int           `yaml:"-" json:"-"`
}

// Bands are a plan's grades, the highest first.
type Bands []Band

// Validate checks the bands: at least one, each named once, their lowest scores at or above 0
// and falling strictly from the first to the last.
func (b Bands) Validate(file string) error {
	l := problem.In(file)
	if len(b) == 0 {
		l.Add(0, "grades", "problem.grade.none")
	}
	seen := map[string]int{}
	for i, band := range b {
		name := strings.TrimSpace(band.Name)
		switch {
		case name == "":
			l.Add(band.Line, "grades.name", "problem.grade.no_name")
		case seen[name] > 0:
			l.Add(band.Line, "grades.name", "problem.grade.twice", "Name", name, "Prev", seen[name])
		default:
			seen[name] = max(band.Line, 1)
		}
		if band.Min < 0 {
			l.Add(band.Line, "grades.min", "problem.grade.negative", "Name", name, "Min", band.Min)
		}
		if i > 0 && band.Min >= b[i-1].Min {
			l.Add(band.Line, "grades.min", "problem.grade.not_falling", "Name", name, "Min", band.Min, "Above", b[i-1].Name, "AboveMin", b[i-1].Min)
		}
	}
	return l.Err()
}

// Of is the grade a score earns: the first band whose lowest score it reaches, or "" below
// every band.
func (b Bands) Of(score points.Points) string {
	for _, band := range b {
		if score >= band.Min {
			return band.Name
		}
	}
	return ""
}

// Change is how a round changed a unit's grade.
type Change string

const (
	Kept    Change = "kept"    // the same grade (or still none)
	Gained  Change = "gained"  // a grade where there was none
	Raised  Change = "raised"  // a higher grade
	Lowered Change = "lowered" // a lower grade
	Lost    Change = "lost"    // no grade where there was one
)

// After is a unit's grade after a round, given the grade it had (prev, "" for none): an
// inspection's score gives the grade of its band; a round in which the unit was not inspected
// keeps prev. A grade the bands no longer name (the plan changed) counts as below them all.
func (b Bands) After(prev string, score points.Points, inspected bool) (string, Change) {
	if !inspected {
		return prev, Kept
	}
	now := b.Of(score)
	was, is := b.rank(prev), b.rank(now)
	switch {
	case now == prev:
		return now, Kept
	case now == "":
		return now, Lost
	case was < 0:
		return now, Gained
	case is < was:
		return now, Raised
	default:
		return now, Lowered
	}
}

// rank is a grade's place among the bands, 0 the highest; -1 for none.
func (b Bands) rank(name string) int {
	for i, band := range b {
		if name != "" && band.Name == name {
			return i
		}
	}
	return -1
}

// UnmarshalYAML remembers the band's line, for problems.
func (b *Band) UnmarshalYAML(n *yaml.Node) error {
	type plain Band
	if err := n.Decode((*plain)(b)); err != nil {
		return err
	}
	b.Line = n.Line
	return nil
}
