package standard

import (
	"wenming/input/problem"
	"wenming/rules/points"
)

// Result is a scored sheet.
type Result struct {
	Standard string        `json:"standard"`
	Max      points.Points `json:"max"`   // highest base score
	Base     points.Points `json:"base"`  // base score, bonus excluded
	Bonus    points.Points `json:"bonus"` // bonus after the groups' rules
	Total    points.Points `json:"total"` // base + bonus
	Pass     points.Points `json:"pass"`
	Eligible bool          `json:"eligible"` // base at or above the pass line: may declare (申报)
	Items    []ItemScore   `json:"items,omitempty"`
	Problems int           `json:"problems,omitempty"` // problems found (deduction sheets)
}

// ItemScore is the score of one base item.
type ItemScore struct {
	Item  string        `json:"item"`
	Score points.Points `json:"score"`
}

// Score checks a sheet against the standard and scores it. Every problem of the sheet is
// reported at once, each at its line.
func (s *Standard) Score(sh Sheet) (Result, error) {
	l := problem.In(sh.Name)
	var base map[string]points.Points
	if s.Mode == Deduction {
		base = s.deduct(l, sh)
	} else {
		base = s.add(l, sh)
	}
	bonus := s.bonus(l, sh)
	if err := l.Err(); err != nil {
		return Result{}, err
	}
	r := Result{Standard: s.ID, Max: s.Max(), Pass: s.Pass, Bonus: bonus}
	for _, it := range s.Items() {
		r.Items = append(r.Items, ItemScore{Item: it.ID, Score: base[it.ID]})
		r.Base += base[it.ID]
	}
	for _, e := range sh.Entries {
		if e.Severity == Normal || e.Severity == Serious {
			r.Problems++
		}
	}
	r.Total = r.Base + r.Bonus
	r.Eligible = r.Base >= r.Pass
	return r, nil
}

// add scores an additive sheet: every item exactly once, 0..max on the step grid.
func (s *Standard) add(l *problem.List, sh Sheet) map[string]points.Points {
	scores := map[string]points.Points{}
	lines := map[string]int{}
	for _, e := range sh.Entries {
		if _, _, isBonus := s.BonusItem(e.Item); isBonus {
			continue
		}
		it, ok := s.Item(e.Item)
		if !ok {
			l.Add(e.Line, "item", "problem.standard.item_standard", "Item", e.Item, "ID", s.ID)
			continue
		}
		if prev, dup := lines[e.Item]; dup {
			l.Add(e.Line, "item", "problem.standard.item_appears_twice_first", "Item", e.Item, "Prev", prev)
			continue
		}
		lines[e.Item] = e.Line
		if s.checkScore(l, e, it) {
			scores[e.Item] = e.Points
		}
	}
	var missing []string
	for _, it := range s.Items() {
		if _, ok := lines[it.ID]; !ok {
			missing = append(missing, it.ID)
		}
	}
	if len(missing) > 0 {
		l.Add(0, "item", "problem.standard.missing_item_every_item", "Missing", missing, "ID", s.ID)
	}
	return scores
}

// deduct scores a deduction sheet: each item starts at its maximum and loses the amount of
// every problem found in it, never going below zero.
func (s *Standard) deduct(l *problem.List, sh Sheet) map[string]points.Points {
	scores := map[string]points.Points{}
	for _, it := range s.Items() {
		scores[it.ID] = it.Max
	}
	d := s.Deduction
	judged := map[string]int{} // judged item: the line of its deduction
	for _, e := range sh.Entries {
		if e.Severity == BonusRow {
			continue
		}
		if _, _, isBonus := s.BonusItem(e.Item); isBonus {
			l.Add(e.Line, "severity", "problem.standard.bonus_item_give_severity", "Item", e.Item)
			continue
		}
		it, ok := s.Item(e.Item)
		if !ok {
			l.Add(e.Line, "item", "problem.standard.item_standard", "Item", e.Item, "ID", s.ID)
			continue
		}
		sec := s.sectionOf(e.Item)
		switch {
		case sec.Judged && e.Severity != JudgedRow:
			l.Add(e.Line, "severity", "problem.standard.judged_item_needs_judged", "Item", e.Item, "Section", sec.Name)
		case !sec.Judged && e.Severity == JudgedRow:
			l.Add(e.Line, "severity", "problem.standard.judged_on_problem_item", "Item", e.Item, "Section", sec.Name)
		case sec.Judged:
			if prev, dup := judged[e.Item]; dup {
				l.Add(e.Line, "item", "problem.standard.item_appears_twice_first", "Item", e.Item, "Prev", prev)
				continue
			}
			judged[e.Item] = e.Line
			if s.checkJudged(l, e, it) {
				scores[e.Item] = it.Max - e.Points
			}
		default:
			if amount, ok := s.deduction(l, e, d); ok {
				scores[e.Item] = max(0, scores[e.Item]-amount)
			}
		}
	}
	return scores
}

// checkJudged checks a judged deduction: given, above zero, at most the item's points, on the
// grid.
func (s *Standard) checkJudged(l *problem.List, e Entry, it Item) bool {
	switch {
	case !e.Given:
		l.Add(e.Line, "deduction", "problem.standard.judged_needs_deduction", "Item", e.Item, "Max", it.Max)
	case e.Points <= 0 || e.Points > it.Max:
		l.Add(e.Line, "deduction", "problem.standard.judged_outside_item", "Item", e.Item, "Points", e.Points, "Max", it.Max)
	case !e.Points.OnGrid(s.Step):
		l.Add(e.Line, "deduction", "problem.standard.multiple", "Points", e.Points, "Step", s.Step)
	default:
		return true
	}
	return false
}

// sectionOf is the section holding a base item (the item is known to be one).
func (s *Standard) sectionOf(item string) Section {
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			if it.ID == item {
				return sec
			}
		}
	}
	return Section{}
}

func (s *Standard) deduction(l *problem.List, e Entry, d *DeductionRule) (points.Points, bool) {
	switch e.Severity {
	case Normal:
		if e.Given && e.Points != d.PerProblem {
			l.Add(e.Line, "deduction", "problem.standard.ordinary_problem_deducts_leave", "PerProblem", d.PerProblem)
			return 0, false
		}
		return d.PerProblem, true
	case Serious:
		switch {
		case !e.Given:
			l.Add(e.Line, "deduction", "problem.standard.serious_problem_needs_deduction", "Min", d.Serious.Min, "Max", d.Serious.Max)
		case !d.Serious.Contains(e.Points):
			l.Add(e.Line, "deduction", "problem.standard.outside_serious_range", "Points", e.Points, "Min", d.Serious.Min, "Max", d.Serious.Max)
		case !e.Points.OnGrid(s.Step):
			l.Add(e.Line, "deduction", "problem.standard.multiple", "Points", e.Points, "Step", s.Step)
		default:
			return e.Points, true
		}
		return 0, false
	default:
		l.Add(e.Line, "severity", "problem.standard.severity_normal_serious_bonus", "Severity", e.Severity)
		return 0, false
	}
}

// bonus adds the bonus rows group by group: a highest group counts its highest item, a sum
// group adds its items up to its cap.
func (s *Standard) bonus(l *problem.List, sh Sheet) points.Points {
	given := make([]points.Points, len(s.Bonus))
	lines := map[string]int{}
	for _, e := range sh.Entries {
		it, gi, ok := s.BonusItem(e.Item)
		if !ok {
			if s.Mode == Deduction && e.Severity == BonusRow {
				l.Add(e.Line, "item", "problem.standard.bonus_item_standard", "Item", e.Item, "ID", s.ID)
			}
			continue
		}
		if s.Mode == Deduction && e.Severity != BonusRow {
			continue // reported by deduct
		}
		if prev, dup := lines[e.Item]; dup {
			l.Add(e.Line, "item", "problem.standard.bonus_appears_twice_first", "Item", e.Item, "Prev", prev)
			continue
		}
		lines[e.Item] = e.Line
		if s.Mode == Deduction && !e.Given {
			l.Add(e.Line, "deduction", "problem.standard.bonus_needs_points_deduction", "Item", e.Item)
			continue
		}
		if !s.checkScore(l, e, it) {
			continue
		}
		g := s.Bonus[gi]
		if g.Rule == Highest {
			given[gi] = max(given[gi], e.Points)
			continue
		}
		given[gi] += e.Points
		if g.Cap > 0 && given[gi] > g.Cap {
			l.Add(e.Line, "score", "problem.standard.bonus_group_adds_up", "Group", g.Group, "Given", given[gi], "Cap", g.Cap)
		}
	}
	return points.Sum(given...)
}

// checkScore checks a score (or bonus) against its item's maximum and the step grid.
func (s *Standard) checkScore(l *problem.List, e Entry, it Item) bool {
	switch {
	case e.Points < 0:
		l.Add(e.Line, "score", "problem.standard.item_below", "Item", e.Item, "Points", e.Points)
	case e.Points > it.Max:
		id := "problem.standard.item_above"
		if _, _, isBonus := s.BonusItem(e.Item); isBonus {
			id = "problem.standard.bonus_above"
		}
		l.Add(e.Line, "score", id, "Item", e.Item, "Points", e.Points, "Max", it.Max)
	case !e.Points.OnGrid(s.Step):
		l.Add(e.Line, "score", "problem.standard.item_multiple", "Item", e.Item, "Points", e.Points, "Step", s.Step)
	default:
		return true
	}
	return false
}
