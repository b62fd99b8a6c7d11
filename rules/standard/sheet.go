package standard

import (
	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/rules/points"
)

// Severity classifies a row of a deduction sheet.
type Severity string

const (
	// Normal problems deduct the standard's per-problem amount.
	Normal Severity = "normal"
	// Serious problems deduct an amount within the standard's serious range.
	Serious Severity = "serious"
	// BonusRow carries a bonus item's points on a deduction sheet.
	BonusRow Severity = "bonus"
	// JudgedRow carries the deduction the inspectors judge for an item of a judged section.
	JudgedRow Severity = "judged"
)

// Entry is one row of a score sheet: on an additive sheet an item's score, on a deduction
// sheet one problem found (or a bonus).
type Entry struct {
	Line     int           `json:"line,omitempty"`
	Item     string        `json:"item"`
	Severity Severity      `json:"severity,omitempty"` // deduction sheets only
	Points   points.Points `json:"points"`             // score, deduction or bonus points
	Given    bool          `json:"given"`              // false when a deduction cell was left empty
}

// Sheet is a filled-in form: a unit's self score (自评), the inspectors' actual score (实评),
// or the problems they found.
type Sheet struct {
	Name    string  `json:"name"`
	Entries []Entry `json:"entries"`
}

// Header columns of the two sheet layouts.
var (
	AdditiveHeader  = []string{"item", "score"}
	DeductionHeader = []string{"item", "severity", "deduction"}
)

// ReadSheet reads a score sheet in the layout of the standard's mode. It checks the layout
// and the numbers; whether the rows fit the standard is Score's business.
func (s *Standard) ReadSheet(t *sheet.Table) (Sheet, error) {
	if s.Mode == Deduction {
		return readDeductionSheet(t)
	}
	return readAdditiveSheet(t)
}

func readAdditiveSheet(t *sheet.Table) (Sheet, error) {
	if err := t.RequireHeader(AdditiveHeader...); err != nil {
		return Sheet{}, err
	}
	l := problem.In(t.Name)
	sh := Sheet{Name: t.Name}
	for _, r := range t.Rows {
		if len(r.Cells) > 2 {
			l.Add(r.Line, "", "problem.standard.has_cells_expected_item", "Cells", len(r.Cells))
			continue
		}
		p, err := points.Parse(r.Cell(1))
		if err != nil {
			l.Add(r.Line, "score", "problem.standard.number", "Text", r.Cell(1))
			continue
		}
		sh.Entries = append(sh.Entries, Entry{Line: r.Line, Item: r.Cell(0), Points: p, Given: true})
	}
	return sh, l.Err()
}

func readDeductionSheet(t *sheet.Table) (Sheet, error) {
	if err := t.RequireHeader(DeductionHeader...); err != nil {
		return Sheet{}, err
	}
	l := problem.In(t.Name)
	sh := Sheet{Name: t.Name}
	for _, r := range t.Rows {
		if len(r.Cells) > 3 {
			l.Add(r.Line, "", "problem.standard.has_cells_expected_item_2", "Cells", len(r.Cells))
			continue
		}
		e := Entry{Line: r.Line, Item: r.Cell(0), Severity: Severity(r.Cell(1))}
		if text := r.Cell(2); text != "" {
			p, err := points.Parse(text)
			if err != nil {
				l.Add(r.Line, "deduction", "problem.standard.number", "Text", text)
				continue
			}
			e.Points, e.Given = p, true
		}
		sh.Entries = append(sh.Entries, e)
	}
	return sh, l.Err()
}
